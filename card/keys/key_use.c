/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GENERAL AUTHENTICATE with a slot's private key (00 87 alg slot):
 *   7C { 82 00, 81 data }  sign a hash (EC) or the raw private RSA
 *                          operation (signing and deciphering alike:
 *                          the host pads and unpads)
 *   7C { 82 00, 85 point } ECDH: the shared X coordinate
 * answered 7C { 82 result }.  The management key (9B) has its own entry
 * in the auth area, searched first.
 *
 * The public side is loaded and the request judged before the PIN
 * policy is asked; only then is the private part opened (with KP, which
 * the VERIFY that satisfied the policy left in RAM).  A key sealed
 * while KP was unknown is stored under KP once it has answered, in a
 * transaction of its own: a power cut leaves either form, both usable.
 */
#include <string.h>

#include "uk/auth.h"
#include "key_alg.h"
#include "key_cmd.h"
#include "uk/keys.h"
#include "uk/rsp.h"
#include "card/piv_rules.h"
#include "codec/tlv.h"
#include "codec/bytes.h"
#include "card/wire.h"

#define GA_TAG_TEMPLATE   0x7C
#define GA_TAG_CHALLENGE  0x81
#define GA_TAG_RESPONSE   0x82
#define GA_TAG_EXP        0x85

/* Longest ECDSA signature in DER (P-384, BearSSL's bound). */
#define ECDSA_SIG_MAX     104

typedef struct {
	unsigned tag;                /* GA_TAG_CHALLENGE or GA_TAG_EXP */
	const uint8_t *data;
	size_t len;
} ga_request;

size_t
uk_key_ecdsa(uimkey_card *card, const uk_key *key,
    const uint8_t *hash, size_t hash_len, uint8_t *sig, size_t cap)
{
	uint8_t h[UK_EC_MAX_BYTES], s[ECDSA_SIG_MAX];
	size_t l = uimkey_alg_ec_bytes(key->alg), n = 0;

	(void)card;   /* RFC 6979 nonces: the signature needs no randomness */
	if (l == 0 || hash_len == 0)
		return 0;
	/* ECDSA uses the leftmost bits of the hash, as many as the order
	 * has; a shorter hash is the same number with leading zeros. */
	memset(h, 0, sizeof(h));
	if (hash_len >= l)
		memcpy(h, hash, l);
	else
		memcpy(h + l - hash_len, hash, hash_len);
	n = br_ecdsa_i31_sign_asn1(uk_ec_impl(), uk_alg_ec_hash(key->alg),
	    h, &key->u.ec.sk, s);
	if (n > cap)
		n = 0;
	if (n > 0)
		memcpy(sig, s, n);
	uk_wipe(s, sizeof(s));
	return n;
}

static size_t
len_of_len(size_t len)
{
	return len < 0x80 ? 1 : len <= 0xFF ? 2 : 3;
}

uint16_t
uk_key_answer_dyn(uimkey_card *card, const uint8_t *res, size_t len)
{
	size_t inner = 1 + len_of_len(len) + len;

	if (uk_rsp_put_tl(&card->rsp, GA_TAG_TEMPLATE, inner) != UK_OK ||
	    uk_rsp_put_tl(&card->rsp, GA_TAG_RESPONSE, len) != UK_OK ||
	    uk_rsp_put(&card->rsp, res, len) != UK_OK)
		return UIMKEY_SW_NO_SPACE;
	return UIMKEY_SW_OK;
}

/* 7C { 82 (empty), then 81 or 85 }, and nothing else. */
static uint16_t
parse_request(const uk_apdu *apdu, ga_request *req)
{
	const uint8_t *p = apdu->data, *end = apdu->data + apdu->lc;
	uk_tlv t7c, t;
	int asked = 0;

	req->tag = 0;
	req->data = NULL;
	req->len = 0;
	if (apdu->lc == 0 || uk_tlv_next(&p, end, &t7c) != 0 ||
	    t7c.tag != GA_TAG_TEMPLATE || p != end)
		return UIMKEY_SW_WRONG_DATA;
	p = t7c.value;
	end = t7c.value + t7c.len;
	while (p < end) {
		if (uk_tlv_next(&p, end, &t) != 0)
			return UIMKEY_SW_WRONG_DATA;
		if (t.tag == GA_TAG_RESPONSE && t.len == 0 && !asked) {
			asked = 1;
		} else if ((t.tag == GA_TAG_CHALLENGE || t.tag == GA_TAG_EXP) &&
		    req->data == NULL && t.len > 0) {
			req->tag = t.tag;
			req->data = t.value;
			req->len = t.len;
		} else {
			return UIMKEY_SW_WRONG_DATA;
		}
	}
	return asked && req->data != NULL ? UIMKEY_SW_OK : UIMKEY_SW_WRONG_DATA;
}

/* A public check that the peer's point is on the curve (multiplying it
 * by one fails otherwise), so that a bad point is refused before the
 * PIN policy is consumed. */
static int
point_valid(const uk_key *key, const uint8_t *pt, size_t len)
{
	uint8_t buf[1 + 2 * UK_EC_MAX_BYTES];
	static const uint8_t one = 1;

	if (len != key->u.ec.q_len || pt[0] != 0x04)
		return 0;
	memcpy(buf, pt, len);
	return uk_ec_impl()->mul(buf, len, &one, 1,
	    key->u.ec.sk.curve) == 1;
}

/* Everything about the data that can be checked without the private
 * key. */
static uint16_t
check_request(const uk_key *key, const ga_request *req)
{
	if (uimkey_alg_is_ec(key->alg)) {
		if (req->tag == GA_TAG_EXP &&
		    !point_valid(key, req->data, req->len))
			return UIMKEY_SW_WRONG_DATA;
		return UIMKEY_SW_OK;
	}
	/* RSA: exactly the modulus' length and below it (same-length
	 * big-endian strings compare as numbers). */
	if (req->tag != GA_TAG_CHALLENGE || req->len != key->u.rsa.pk.nlen ||
	    memcmp(req->data, key->u.rsa.n, req->len) >= 0)
		return UIMKEY_SW_WRONG_DATA;
	return UIMKEY_SW_OK;
}

static size_t
run_ecdh(const uk_key *key, const ga_request *req, uint8_t *out)
{
	uint8_t pt[1 + 2 * UK_EC_MAX_BYTES];
	size_t l = uimkey_alg_ec_bytes(key->alg), n = 0;

	memcpy(pt, req->data, req->len);
	if (uk_ec_impl()->mul(pt, req->len, key->u.ec.d, key->u.ec.sk.xlen,
	    key->u.ec.sk.curve) == 1) {
		memcpy(out, pt + 1, l);
		n = l;
	}
	uk_wipe(pt, sizeof(pt));
	return n;
}

static size_t
run(uimkey_card *card, const uk_key *key, const ga_request *req,
    uint8_t *out, size_t cap)
{
	if (uimkey_alg_is_rsa(key->alg)) {
		memcpy(out, req->data, req->len);
		return uk_rsa_private()(out, &key->u.rsa.sk) == 1 ?
		    req->len : 0;
	}
	if (req->tag == GA_TAG_EXP)
		return run_ecdh(key, req, out);
	return uk_key_ecdsa(card, key, req->data, req->len, out, cap);
}

/* The private part, after the PIN policy let the command through. */
static uint16_t
open_private(uimkey_card *card, int i, uk_key *key)
{
	int r;

	if (key->form != UK_KEY_FORM_CLEAR && !uk_auth_kp_known(card))
		return UIMKEY_SW_SECURITY;
	if ((r = uk_key_load(card, i, key)) == UK_OK)
		return UIMKEY_SW_OK;
	return r == UK_ERR_ARG ? UIMKEY_SW_SECURITY : UIMKEY_SW_MEMORY_FAILURE;
}

uint16_t
uk_key_cmd_use(uimkey_card *card, const uk_apdu *apdu)
{
	uint8_t out[UK_RSA_MAX_BYTES];
	uk_key key;
	ga_request req;
	size_t n = 0;
	uint16_t sw;
	int i = uimkey_slot_index(apdu->p2), r;

	memset(&key, 0, sizeof(key));
	memset(&req, 0, sizeof(req));
	/* The attestation key signs attestations only. */
	if (i < 0 || apdu->p2 == UIMKEY_SLOT_ATTEST) {
		sw = UIMKEY_SW_WRONG_P1P2;
		goto fail;
	}
	if ((sw = parse_request(apdu, &req)) != UIMKEY_SW_OK)
		goto fail;
	if ((r = uk_key_load_public(card, i, &key)) != UK_OK) {
		sw = r == UK_ERR_EMPTY ? UIMKEY_SW_REF_NOT_FOUND :
		    UIMKEY_SW_MEMORY_FAILURE;
		goto fail;
	}
	sw = UIMKEY_SW_WRONG_DATA;
	if (key.alg != apdu->p1 ||
	    (sw = check_request(&key, &req)) != UIMKEY_SW_OK)
		goto fail;
	if ((sw = uk_auth_key_use(card, key.pin_policy)) != UIMKEY_SW_OK ||
	    (sw = open_private(card, i, &key)) != UIMKEY_SW_OK)
		goto fail;
	if ((n = run(card, &key, &req, out, sizeof(out))) == 0) {
		sw = UIMKEY_SW_WRONG_DATA;
		goto fail;
	}
	sw = uk_key_answer_dyn(card, out, n);
	/* Its answer stands whatever the store does: a failed move keeps
	 * the sealed record, to be moved at the next use. */
	if (sw == UIMKEY_SW_OK && key.form == UK_KEY_FORM_SEALED)
		(void)uk_key_commit(card, i, &key);
fail:
	uk_wipe(out, sizeof(out));
	uk_key_wipe(&key);
	return sw;
}
