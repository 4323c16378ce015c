/* SPDX-License-Identifier: BSD-2-Clause */
/* The credentials record: factory values, parsing, checking, writing. */
#include <string.h>

#include "auth_cred.h"
#include "auth_kp.h"
#include "uk/store.h"
#include "codec/bytes.h"
#include "card/wire.h"

#define TDES_KEY_LEN    24

_Static_assert(UK_CRED_LEN <= UK_REC_CRED_MAX,
    "the credentials record fits its capacity");

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

uint32_t
uk_cred_device_iterations(const uimkey_card *card)
{
	uint32_t n = 0;

	if (card->device != NULL && (*card->device)->kdf_iterations != NULL)
		n = (*card->device)->kdf_iterations(card->device);
	if (n == 0)
		n = UIMKEY_KDF_ITERATIONS_DEFAULT;
	return n > UK_KDF_ITERATIONS_MAX ? UK_KDF_ITERATIONS_MAX : n;
}

uint16_t
uk_cred_factory(uimkey_card *card, uk_cred *cred)
{
	uint8_t kp[UK_KP_LEN];
	uint16_t sw = UIMKEY_SW_OK;

	uk_cred_wipe(cred);
	br_hmac_drbg_generate(&card->drbg, kp, sizeof(kp));
	if (uk_seal_public(kp, cred->seal_pub) != UK_OK) {
		uk_cred_wipe(cred);
		sw = UIMKEY_SW_MEMORY_FAILURE;
		goto done;
	}
	cred->next_iterations = uk_cred_device_iterations(card);
	cred->pin.max = cred->pin.left = UK_TRIES_FACTORY;
	cred->puk.max = cred->puk.left = UK_TRIES_FACTORY;
	uk_wrap_set(card, cred, UIMKEY_REF_PIN, uk_cred_default_pin, kp);
	uk_wrap_set(card, cred, UIMKEY_REF_PUK, uk_cred_default_puk, kp);
	cred->mgmt_alg = UIMKEY_ALG_3DES;
	memcpy(cred->mgmt_key, uk_cred_default_mgmt, TDES_KEY_LEN);
	cred->pin_min = UK_POLICY_FACTORY_MIN;
	cred->policy = UK_POLICY_FACTORY;
	uk_cred_update_mgmt_default(cred);
done:
	uk_wipe(kp, sizeof(kp));
	return sw;
}

void
uk_cred_update_mgmt_default(uk_cred *cred)
{
	cred->flags &= (uint8_t)~UK_CRED_F_MGMT_DEFAULT;
	if (cred->mgmt_alg == UIMKEY_ALG_3DES && uk_ct_equal(cred->mgmt_key,
	    uk_cred_default_mgmt, TDES_KEY_LEN))
		cred->flags |= UK_CRED_F_MGMT_DEFAULT;
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
secret_ok(const uk_secret *s)
{
	return s->max >= 1 && s->max <= UIMKEY_TRIES_MAX &&
	    s->left <= s->max && s->iterations >= UIMKEY_KDF_ITERATIONS_MIN &&
	    s->iterations <= UK_KDF_ITERATIONS_MAX;
}

/* A record the card did not write is refused rather than trusted. */
static int
cred_valid(const uk_cred *cred)
{
	unsigned klen = uimkey_mgmt_key_len(cred->mgmt_alg);

	return secret_ok(&cred->pin) && secret_ok(&cred->puk) && klen != 0 &&
	    cred->seal_pub[0] == UK_SEAL_POINT_UNCOMPRESSED &&
	    (cred->flags & ~UK_CRED_F_ALL) == 0 &&
	    (cred->policy & ~UK_POLICY_ALL) == 0 &&
	    cred->pin_min >= UK_POLICY_MIN_LOW &&
	    cred->pin_min <= UK_POLICY_MIN_HIGH &&
	    cred->next_iterations >= UIMKEY_KDF_ITERATIONS_MIN &&
	    cred->next_iterations <= UK_KDF_ITERATIONS_MAX;
}

static void
decode_secret(const uint8_t *w, uk_secret *s)
{
	s->max = w[UK_WRAP_OFF_MAX];
	s->left = w[UK_WRAP_OFF_LEFT];
	memcpy(s->salt, w + UK_WRAP_OFF_SALT, UK_WRAP_SALT_LEN);
	s->iterations = uk_get_be32(w + UK_WRAP_OFF_ITER);
	memcpy(s->nonce, w + UK_WRAP_OFF_NONCE, UK_WRAP_NONCE_LEN);
	memcpy(s->kp, w + UK_WRAP_OFF_KP, UK_KP_LEN);
	memcpy(s->tag, w + UK_WRAP_OFF_TAG, UK_WRAP_TAG_LEN);
}

static void
encode_secret(const uk_secret *s, uint8_t *w)
{
	w[UK_WRAP_OFF_MAX] = s->max;
	w[UK_WRAP_OFF_LEFT] = s->left;
	memcpy(w + UK_WRAP_OFF_SALT, s->salt, UK_WRAP_SALT_LEN);
	uk_put_be32(w + UK_WRAP_OFF_ITER, s->iterations);
	memcpy(w + UK_WRAP_OFF_NONCE, s->nonce, UK_WRAP_NONCE_LEN);
	memcpy(w + UK_WRAP_OFF_KP, s->kp, UK_KP_LEN);
	memcpy(w + UK_WRAP_OFF_TAG, s->tag, UK_WRAP_TAG_LEN);
}

static void
decode(const uint8_t *r, uk_cred *cred)
{
	decode_secret(r + UK_CRED_OFF_PIN, &cred->pin);
	decode_secret(r + UK_CRED_OFF_PUK, &cred->puk);
	memcpy(cred->seal_pub, r + UK_CRED_OFF_SEAL, UK_SEAL_POINT_LEN);
	cred->mgmt_alg = r[UK_CRED_OFF_MGMT_ALG];
	memcpy(cred->mgmt_key, r + UK_CRED_OFF_MGMT_KEY, UIMKEY_MGMT_KEY_MAX);
	cred->flags = r[UK_CRED_OFF_FLAGS];
	cred->pin_min = r[UK_CRED_OFF_PIN_MIN];
	cred->policy = r[UK_CRED_OFF_POLICY];
	cred->next_iterations = uk_get_be32(r + UK_CRED_OFF_NEXT_ITER);
}

static void
encode(const uk_cred *cred, uint8_t *r)
{
	r[UK_CRED_OFF_VERSION] = UK_CRED_VERSION;
	encode_secret(&cred->pin, r + UK_CRED_OFF_PIN);
	encode_secret(&cred->puk, r + UK_CRED_OFF_PUK);
	memcpy(r + UK_CRED_OFF_SEAL, cred->seal_pub, UK_SEAL_POINT_LEN);
	r[UK_CRED_OFF_MGMT_ALG] = cred->mgmt_alg;
	memcpy(r + UK_CRED_OFF_MGMT_KEY, cred->mgmt_key, UIMKEY_MGMT_KEY_MAX);
	r[UK_CRED_OFF_FLAGS] = cred->flags;
	r[UK_CRED_OFF_PIN_MIN] = cred->pin_min;
	r[UK_CRED_OFF_POLICY] = cred->policy;
	uk_put_be32(r + UK_CRED_OFF_NEXT_ITER, cred->next_iterations);
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
