/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card's key-establishment key and its certificate.  The key is
 * derived from the device key (its root is made beside the store's key
 * at start), so it needs no record and a copy of the store does not
 * hold it.  Its CVC is signed by the attestation key (F9): the key the
 * factory makes and personalization certifies, whose certificate the
 * card shows as the Secure Messaging Certificate Signer (5FC122).  The
 * signature is RFC 6979's, so the CVC is the same at every start.
 */
#include <string.h>

#include <bearssl/bearssl_ec.h>
#include <bearssl/bearssl_hash.h>

#include "sm_int.h"
#include "uk/data.h"
#include "uk/keys.h"
#include "codec/bytes.h"
#include "card/piv_rules.h"
#include "card/wire.h"

#define SM_KEY_LABEL  "uimkey secure messaging scalar"

int
uk_sm_scalar(const uimkey_card *card, uint8_t *d)
{
	return uk_p256_derive(card->sm.root, UK_SM_ROOT_LEN, SM_KEY_LABEL,
	    d) == 0 ? UK_OK : UK_ERR_CRYPTO;
}

/* The CVC body of the card's key, with the signer f9. */
static size_t
cvc_body(const uimkey_card *card, const uk_key *f9, uint8_t *body)
{
	uint8_t d[UK_P256_SCALAR_LEN], q[UK_CVC_POINT_LEN];
	uint8_t iin[UK_CVC_IIN_LEN], guid[UK_OBJ_GUID_LEN];
	size_t n = 0;

	if (uk_sm_scalar(card, d) == UK_OK &&
	    br_ec_p256_m31.mulgen(q, d, sizeof(d), BR_EC_secp256r1) ==
	    sizeof(q)) {
		uk_cvc_iin(f9->u.ec.q, iin);
		uk_obj_guid(card, guid);
		n = uk_cvc_body(iin, guid, q, body, UK_CVC_BODY_MAX);
	}
	uk_wipe(d, sizeof(d));
	return n;
}

static uint16_t
cvc_build(uimkey_card *card)
{
	uint8_t body[UK_CVC_BODY_MAX], h[br_sha256_SIZE], sig[UK_CVC_SIG_MAX];
	br_sha256_context c;
	uk_key f9;
	size_t n, m = 0;
	int r;

	r = uk_key_load(card, uimkey_slot_index(UIMKEY_SLOT_ATTEST), &f9);
	if (r == UK_ERR_EMPTY)
		return UIMKEY_SW_REF_NOT_FOUND;
	if (r != UK_OK)
		return UIMKEY_SW_MEMORY_FAILURE;
	if (f9.alg == UIMKEY_ALG_ECCP256 &&
	    (n = cvc_body(card, &f9, body)) != 0) {
		br_sha256_init(&c);
		br_sha256_update(&c, body, n);
		br_sha256_out(&c, h);
		m = uk_key_ecdsa(card, &f9, h, sizeof(h), sig, sizeof(sig));
		if (m != 0)
			card->sm.cvc_len = (uint16_t)uk_cvc_wrap(body, n, sig, m,
			    card->sm.cvc, sizeof(card->sm.cvc));
	}
	uk_key_wipe(&f9);
	return card->sm.cvc_len != 0 ? UIMKEY_SW_OK : UIMKEY_SW_REF_NOT_FOUND;
}

uint16_t
uk_sm_cvc(uimkey_card *card, const uint8_t **cvc, size_t *len)
{
	uint16_t sw = UIMKEY_SW_OK;

	if (card->sm.cvc_len == 0)
		sw = cvc_build(card);
	*cvc = card->sm.cvc;
	*len = card->sm.cvc_len;
	return sw;
}
