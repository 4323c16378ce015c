/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The private part of a key under the PIN: ChaCha20-Poly1305 with a
 * random nonce, keyed by HMAC(KP, id) (form KP) or, while KP is not in
 * RAM, by ECDH with the card's sealing key (form SEALED: the ephemeral
 * point goes first).  The associated data is everything the record
 * holds before the private part (algorithm, policies, origin, form, id,
 * public key): none of it can be changed, nor the private part moved
 * under another key's header, without the tag failing.
 */
#include <string.h>

#include <bearssl/bearssl_block.h>

#include "key_record.h"
#include "uk/auth.h"
#include "codec/bytes.h"

#define NONCE_LEN  12
#define TAG_LEN    16

_Static_assert(UK_KEY_ID_LEN == UK_AUTH_KEY_ID_LEN,
    "a key's id is what the auth area derives its key from");

size_t
uk_key_form_head(uint8_t form)
{
	if (form == UK_KEY_FORM_KP)
		return NONCE_LEN;
	if (form == UK_KEY_FORM_SEALED)
		return UK_AUTH_POINT_LEN + NONCE_LEN;
	return 0;
}

size_t
uk_key_form_tail(uint8_t form)
{
	return form == UK_KEY_FORM_CLEAR ? 0 : TAG_LEN;
}

/*
 * k: the AEAD key of form (not clear), and *nonce_at where the nonce
 * stands in head.  A sealed form's ephemeral point starts head: made
 * into seal_point when sealing, read from open_point when opening
 * (seal_point NULL).
 */
static int
form_key(uimkey_card *card, uint8_t form, const uint8_t *id,
    uint8_t *seal_point, const uint8_t *open_point, uint8_t *k,
    size_t *nonce_at)
{
	*nonce_at = 0;
	if (form == UK_KEY_FORM_KP)
		return uk_auth_kp_key(card, id, k);
	*nonce_at = UK_AUTH_POINT_LEN;
	if (seal_point != NULL)
		return uk_auth_seal_key(card, seal_point, k);
	return uk_auth_unseal_key(card, open_point, k);
}

int
uk_key_protect(uimkey_card *card, uint8_t form, const uint8_t *id,
    const uint8_t *aad, size_t aad_len, uint8_t *head, uint8_t *data,
    size_t len, uint8_t *tail)
{
	uint8_t k[UK_AUTH_KEY_LEN];
	size_t at;
	int r;

	if (form == UK_KEY_FORM_CLEAR)
		return UK_OK;
	if ((r = form_key(card, form, id, head, NULL, k, &at)) == UK_OK) {
		br_hmac_drbg_generate(&card->drbg, head + at, NONCE_LEN);
		br_poly1305_ctmul_run(k, head + at, data, len, aad, aad_len,
		    tail, br_chacha20_ct_run, 1);
	}
	uk_wipe(k, sizeof(k));
	return r;
}

int
uk_key_unprotect(uimkey_card *card, uint8_t form, const uint8_t *id,
    const uint8_t *aad, size_t aad_len, const uint8_t *head, uint8_t *data,
    size_t len, const uint8_t *tail)
{
	uint8_t k[UK_AUTH_KEY_LEN], tag[TAG_LEN];
	size_t at;
	int r;

	if (form == UK_KEY_FORM_CLEAR)
		return UK_OK;
	if ((r = form_key(card, form, id, NULL, head, k, &at)) == UK_OK) {
		br_poly1305_ctmul_run(k, head + at, data, len, aad, aad_len,
		    tag, br_chacha20_ct_run, 0);
		if (!uk_ct_equal(tag, tail, TAG_LEN)) {
			uk_wipe(data, len);
			r = UK_ERR_CORRUPT;
		}
	}
	uk_wipe(k, sizeof(k));
	uk_wipe(tag, sizeof(tag));
	return r;
}
