/* SPDX-License-Identifier: BSD-2-Clause */
/* The credentials record: factory values, parsing, checking, writing. */
#include <string.h>

#include "auth_cred.h"
#include "uk/store.h"
#include "codec/bytes.h"
#include "card/wire.h"

#define TDES_KEY_LEN    24

const uint8_t uk_cred_default_pin[UIMKEY_PIN_LEN] = {
	'1', '2', '3', '4', '5', '6', UIMKEY_PIN_PAD, UIMKEY_PIN_PAD,
};

const uint8_t uk_cred_default_puk[UIMKEY_PIN_LEN] = {
	'1', '2', '3', '4', '5', '6', '7', '8',
};

const uint8_t uk_cred_default_mgmt[TDES_KEY_LEN] = UIMKEY_DEFAULT_MGMT_KEY;

void
uk_cred_wipe(uk_cred *cred)
{
	uk_wipe(cred, sizeof(*cred));
}

void
uk_cred_factory(uk_cred *cred)
{
	uk_cred_wipe(cred);
	memcpy(cred->pin.value, uk_cred_default_pin, UIMKEY_PIN_LEN);
	cred->pin.max = cred->pin.left = UK_TRIES_FACTORY;
	memcpy(cred->puk.value, uk_cred_default_puk, UIMKEY_PIN_LEN);
	cred->puk.max = cred->puk.left = UK_TRIES_FACTORY;
	cred->mgmt_alg = UIMKEY_ALG_3DES;
	memcpy(cred->mgmt_key, uk_cred_default_mgmt, TDES_KEY_LEN);
	cred->pin_min = UK_POLICY_FACTORY_MIN;
	cred->policy = UK_POLICY_FACTORY;
	uk_cred_update_defaults(cred);
}

void
uk_cred_update_defaults(uk_cred *cred)
{
	uint8_t f = (uint8_t)(cred->flags & UK_CRED_F_PIN_CHANGE);

	if (uk_ct_equal(cred->pin.value, uk_cred_default_pin,
	    UIMKEY_PIN_LEN))
		f |= UK_CRED_F_PIN_DEFAULT;
	if (uk_ct_equal(cred->puk.value, uk_cred_default_puk,
	    UIMKEY_PIN_LEN))
		f |= UK_CRED_F_PUK_DEFAULT;
	if (cred->mgmt_alg == UIMKEY_ALG_3DES && uk_ct_equal(cred->mgmt_key,
	    uk_cred_default_mgmt, TDES_KEY_LEN))
		f |= UK_CRED_F_MGMT_DEFAULT;
	cred->flags = f;
}

uk_secret *
uk_cred_secret(uk_cred *cred, uint8_t ref)
{
	if (ref == UIMKEY_REF_PIN)
		return &cred->pin;
	if (ref == UIMKEY_REF_PUK)
		return &cred->puk;
	return NULL;
}

static int
counter_ok(const uk_secret *s)
{
	return s->max >= 1 && s->max <= UIMKEY_TRIES_MAX && s->left <= s->max;
}

/* A record the card did not write is refused rather than trusted. */
static int
cred_valid(const uk_cred *cred)
{
	unsigned klen = uimkey_mgmt_key_len(cred->mgmt_alg);

	return counter_ok(&cred->pin) && counter_ok(&cred->puk) && klen != 0 &&
	    (cred->flags & ~UK_CRED_F_ALL) == 0 &&
	    (cred->policy & ~UK_POLICY_ALL) == 0 &&
	    cred->pin_min >= UK_POLICY_MIN_LOW &&
	    cred->pin_min <= UK_POLICY_MIN_HIGH;
}

static void
decode(const uint8_t *r, uk_cred *cred)
{
	memcpy(cred->pin.value, r + UK_CRED_OFF_PIN, UIMKEY_PIN_LEN);
	cred->pin.max = r[UK_CRED_OFF_PIN_MAX];
	cred->pin.left = r[UK_CRED_OFF_PIN_LEFT];
	memcpy(cred->puk.value, r + UK_CRED_OFF_PUK, UIMKEY_PIN_LEN);
	cred->puk.max = r[UK_CRED_OFF_PUK_MAX];
	cred->puk.left = r[UK_CRED_OFF_PUK_LEFT];
	cred->mgmt_alg = r[UK_CRED_OFF_MGMT_ALG];
	memcpy(cred->mgmt_key, r + UK_CRED_OFF_MGMT_KEY, UIMKEY_MGMT_KEY_MAX);
	cred->flags = r[UK_CRED_OFF_FLAGS];
	cred->pin_min = r[UK_CRED_OFF_PIN_MIN];
	cred->policy = r[UK_CRED_OFF_POLICY];
}

static void
encode(const uk_cred *cred, uint8_t *r)
{
	r[UK_CRED_OFF_VERSION] = UK_CRED_VERSION;
	memcpy(r + UK_CRED_OFF_PIN, cred->pin.value, UIMKEY_PIN_LEN);
	r[UK_CRED_OFF_PIN_MAX] = cred->pin.max;
	r[UK_CRED_OFF_PIN_LEFT] = cred->pin.left;
	memcpy(r + UK_CRED_OFF_PUK, cred->puk.value, UIMKEY_PIN_LEN);
	r[UK_CRED_OFF_PUK_MAX] = cred->puk.max;
	r[UK_CRED_OFF_PUK_LEFT] = cred->puk.left;
	r[UK_CRED_OFF_MGMT_ALG] = cred->mgmt_alg;
	memcpy(r + UK_CRED_OFF_MGMT_KEY, cred->mgmt_key, UIMKEY_MGMT_KEY_MAX);
	r[UK_CRED_OFF_FLAGS] = cred->flags;
	r[UK_CRED_OFF_PIN_MIN] = cred->pin_min;
	r[UK_CRED_OFF_POLICY] = cred->policy;
}

uint16_t
uk_cred_load(uimkey_card *card, uk_cred *cred)
{
	uint8_t r[UK_REC_CRED_MAX];
	uint16_t sw = UIMKEY_SW_MEMORY_FAILURE;
	size_t len;

	uk_cred_wipe(cred);
	if (uk_rec_read(card, UK_REC_CRED, r, sizeof(r), &len) !=
	    UK_OK || len != UK_CRED_LEN ||
	    r[UK_CRED_OFF_VERSION] != UK_CRED_VERSION)
		goto fail;
	decode(r, cred);
	if (!cred_valid(cred)) {
		uk_cred_wipe(cred);
		goto fail;
	}
	sw = UIMKEY_SW_OK;
fail:
	uk_wipe(r, sizeof(r));
	return sw;
}

/* The record of *cred to the store by put: uk_txn_put (into the open
 * transaction) or uk_rec_write (in a transaction of its own). */
static uint16_t
store_cred(uimkey_card *card, const uk_cred *cred,
    int (*put)(uimkey_card *, unsigned, const void *, size_t))
{
	uint8_t r[UK_CRED_LEN];
	int rc;

	encode(cred, r);
	rc = put(card, UK_REC_CRED, r, sizeof(r));
	uk_wipe(r, sizeof(r));
	return rc == UK_OK ? UIMKEY_SW_OK : UIMKEY_SW_MEMORY_FAILURE;
}

uint16_t
uk_cred_put(uimkey_card *card, const uk_cred *cred)
{
	return store_cred(card, cred, uk_txn_put);
}

uint16_t
uk_cred_commit(uimkey_card *card, const uk_cred *cred)
{
	return store_cred(card, cred, uk_rec_write);
}
