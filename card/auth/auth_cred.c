/* SPDX-License-Identifier: BSD-2-Clause */
/* The credentials record: factory values, parsing, checking, writing. */
#include <string.h>

#include "auth_cred.h"
#include "uk/store.h"
#include "codec/bytes.h"
#include "card/wire.h"

#define TDES_KEY_LEN    24
#define TDES_BLOCK_LEN  8
#define AES_BLOCK_LEN   16

const uint8_t uimkey_cred_default_pin[UIMKEY_PIN_LEN] = {
	'1', '2', '3', '4', '5', '6', UIMKEY_PIN_PAD, UIMKEY_PIN_PAD,
};

const uint8_t uimkey_cred_default_puk[UIMKEY_PIN_LEN] = {
	'1', '2', '3', '4', '5', '6', '7', '8',
};

const uint8_t uimkey_cred_default_mgmt[TDES_KEY_LEN] = {
	1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8,
};

unsigned
uimkey_mgmt_key_len(uint8_t alg)
{
	switch (alg) {
	case UIMKEY_ALG_3DES:
		return TDES_KEY_LEN;
	case UIMKEY_ALG_AES128:
		return 16;
	case UIMKEY_ALG_AES192:
		return 24;
	case UIMKEY_ALG_AES256:
		return 32;
	default:
		return 0;
	}
}

unsigned
uimkey_mgmt_block_len(uint8_t alg)
{
	if (alg == UIMKEY_ALG_3DES)
		return TDES_BLOCK_LEN;
	return uimkey_mgmt_key_len(alg) != 0 ? AES_BLOCK_LEN : 0;
}

void
uimkey_cred_wipe(uimkey_cred *cred)
{
	uimkey_wipe(cred, sizeof(*cred));
}

void
uimkey_cred_factory(uimkey_cred *cred)
{
	uimkey_cred_wipe(cred);
	memcpy(cred->pin.value, uimkey_cred_default_pin, UIMKEY_PIN_LEN);
	cred->pin.max = cred->pin.left = UIMKEY_TRIES_FACTORY;
	memcpy(cred->puk.value, uimkey_cred_default_puk, UIMKEY_PIN_LEN);
	cred->puk.max = cred->puk.left = UIMKEY_TRIES_FACTORY;
	cred->mgmt_alg = UIMKEY_ALG_3DES;
	memcpy(cred->mgmt_key, uimkey_cred_default_mgmt, TDES_KEY_LEN);
	cred->pin_min = UIMKEY_POLICY_FACTORY_MIN;
	cred->policy = UIMKEY_POLICY_FACTORY;
	uimkey_cred_update_defaults(cred);
}

void
uimkey_cred_update_defaults(uimkey_cred *cred)
{
	uint8_t f = (uint8_t)(cred->flags & UIMKEY_CRED_F_PIN_CHANGE);

	if (uimkey_ct_equal(cred->pin.value, uimkey_cred_default_pin,
	    UIMKEY_PIN_LEN))
		f |= UIMKEY_CRED_F_PIN_DEFAULT;
	if (uimkey_ct_equal(cred->puk.value, uimkey_cred_default_puk,
	    UIMKEY_PIN_LEN))
		f |= UIMKEY_CRED_F_PUK_DEFAULT;
	if (cred->mgmt_alg == UIMKEY_ALG_3DES && uimkey_ct_equal(cred->mgmt_key,
	    uimkey_cred_default_mgmt, TDES_KEY_LEN))
		f |= UIMKEY_CRED_F_MGMT_DEFAULT;
	cred->flags = f;
}

uimkey_secret *
uimkey_cred_secret(uimkey_cred *cred, uint8_t ref)
{
	if (ref == UIMKEY_REF_PIN)
		return &cred->pin;
	if (ref == UIMKEY_REF_PUK)
		return &cred->puk;
	return NULL;
}

static int
counter_ok(const uimkey_secret *s)
{
	return s->max >= 1 && s->max <= UIMKEY_TRIES_MAX && s->left <= s->max;
}

/* A record the card did not write is refused rather than trusted. */
static int
cred_valid(const uimkey_cred *cred)
{
	unsigned klen = uimkey_mgmt_key_len(cred->mgmt_alg);

	return counter_ok(&cred->pin) && counter_ok(&cred->puk) && klen != 0 &&
	    (cred->flags & ~UIMKEY_CRED_F_ALL) == 0 &&
	    (cred->policy & ~UIMKEY_POLICY_ALL) == 0 &&
	    cred->pin_min >= UIMKEY_POLICY_MIN_LOW &&
	    cred->pin_min <= UIMKEY_POLICY_MIN_HIGH;
}

static void
decode(const uint8_t *r, uimkey_cred *cred)
{
	memcpy(cred->pin.value, r + UIMKEY_CRED_OFF_PIN, UIMKEY_PIN_LEN);
	cred->pin.max = r[UIMKEY_CRED_OFF_PIN_MAX];
	cred->pin.left = r[UIMKEY_CRED_OFF_PIN_LEFT];
	memcpy(cred->puk.value, r + UIMKEY_CRED_OFF_PUK, UIMKEY_PIN_LEN);
	cred->puk.max = r[UIMKEY_CRED_OFF_PUK_MAX];
	cred->puk.left = r[UIMKEY_CRED_OFF_PUK_LEFT];
	cred->mgmt_alg = r[UIMKEY_CRED_OFF_MGMT_ALG];
	memcpy(cred->mgmt_key, r + UIMKEY_CRED_OFF_MGMT_KEY, UIMKEY_MGMT_KEY_MAX);
	cred->flags = r[UIMKEY_CRED_OFF_FLAGS];
	cred->pin_min = r[UIMKEY_CRED_OFF_PIN_MIN];
	cred->policy = r[UIMKEY_CRED_OFF_POLICY];
}

static void
encode(const uimkey_cred *cred, uint8_t *r)
{
	r[UIMKEY_CRED_OFF_VERSION] = UIMKEY_CRED_VERSION;
	memcpy(r + UIMKEY_CRED_OFF_PIN, cred->pin.value, UIMKEY_PIN_LEN);
	r[UIMKEY_CRED_OFF_PIN_MAX] = cred->pin.max;
	r[UIMKEY_CRED_OFF_PIN_LEFT] = cred->pin.left;
	memcpy(r + UIMKEY_CRED_OFF_PUK, cred->puk.value, UIMKEY_PIN_LEN);
	r[UIMKEY_CRED_OFF_PUK_MAX] = cred->puk.max;
	r[UIMKEY_CRED_OFF_PUK_LEFT] = cred->puk.left;
	r[UIMKEY_CRED_OFF_MGMT_ALG] = cred->mgmt_alg;
	memcpy(r + UIMKEY_CRED_OFF_MGMT_KEY, cred->mgmt_key, UIMKEY_MGMT_KEY_MAX);
	r[UIMKEY_CRED_OFF_FLAGS] = cred->flags;
	r[UIMKEY_CRED_OFF_PIN_MIN] = cred->pin_min;
	r[UIMKEY_CRED_OFF_POLICY] = cred->policy;
}

uint16_t
uimkey_cred_load(uimkey_card *card, uimkey_cred *cred)
{
	uint8_t r[UIMKEY_REC_CRED_MAX];
	uint16_t sw = UIMKEY_SW_MEMORY_FAILURE;
	size_t len;

	uimkey_cred_wipe(cred);
	if (uimkey_rec_read(card, UIMKEY_REC_CRED, r, sizeof(r), &len) !=
	    UIMKEY_REC_OK || len != UIMKEY_CRED_LEN ||
	    r[UIMKEY_CRED_OFF_VERSION] != UIMKEY_CRED_VERSION)
		goto fail;
	decode(r, cred);
	if (!cred_valid(cred)) {
		uimkey_cred_wipe(cred);
		goto fail;
	}
	sw = UIMKEY_SW_OK;
fail:
	uimkey_wipe(r, sizeof(r));
	return sw;
}

uint16_t
uimkey_cred_put(uimkey_card *card, const uimkey_cred *cred)
{
	uint8_t r[UIMKEY_CRED_LEN];
	int rc;

	encode(cred, r);
	rc = uimkey_txn_put(card, UIMKEY_REC_CRED, r, sizeof(r));
	uimkey_wipe(r, sizeof(r));
	return rc == UIMKEY_REC_OK ? UIMKEY_SW_OK : UIMKEY_SW_MEMORY_FAILURE;
}

uint16_t
uimkey_cred_commit(uimkey_card *card, const uimkey_cred *cred)
{
	uint16_t sw;

	uimkey_txn_begin(card);
	if ((sw = uimkey_cred_put(card, cred)) != UIMKEY_SW_OK) {
		uimkey_txn_abort(card);
		return sw;
	}
	if (uimkey_txn_commit(card) != UIMKEY_REC_OK)
		return UIMKEY_SW_MEMORY_FAILURE;
	return UIMKEY_SW_OK;
}
