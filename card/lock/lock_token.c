/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Lock tokens: parsing and the issuer's ECDSA P-256 signature.  The
 * signed message starts with a fixed ASCII domain so that no signature
 * the issuer key makes for anything else (certificates, CRLs) can pass
 * for a token; the signature must be in low-S form
 * (codec/ecdsa_low_s.h), so that nobody but the issuer can make a second
 * valid token of the same fields.
 */
#include <string.h>

#include <bearssl/bearssl_ec.h>
#include <bearssl/bearssl_hash.h>

#include "codec/ecdsa_low_s.h"
#include "lock_token.h"
#include "codec/tlv.h"
#include "codec/bytes.h"
#include "card/wire.h"

#define TOKEN_FIELDS   4       /* tags 01..04 */
#define SERIAL_LEN     4
#define ACTION_LEN     1
#define COUNTER_LEN    4

/* Length each tag must have; 0 for the signature (a range). */
static const size_t field_len[TOKEN_FIELDS] = {
	SERIAL_LEN, ACTION_LEN, COUNTER_LEN, 0,
};

static int
field_ok(unsigned tag, size_t len)
{
	if (tag == UIMKEY_LOCK_TAG_SIG)
		return len >= UIMKEY_LOCK_SIG_MIN && len <= UIMKEY_LOCK_SIG_MAX;
	return len == field_len[tag - 1];
}

uint16_t
uk_lock_parse_token(const uint8_t *data, size_t len,
    uk_lock_token *tok)
{
	const uint8_t *p = data, *end = data + len;
	const uint8_t *v[TOKEN_FIELDS] = { NULL };
	uk_tlv t;
	size_t i;

	memset(tok, 0, sizeof(*tok));
	if (data == NULL)
		return UIMKEY_SW_WRONG_DATA;
	while (p < end) {
		if (uk_tlv_next(&p, end, &t) != 0 || t.tag < 1 ||
		    t.tag > TOKEN_FIELDS || v[t.tag - 1] != NULL ||
		    !field_ok(t.tag, t.len))
			return UIMKEY_SW_WRONG_DATA;
		v[t.tag - 1] = t.value;
		if (t.tag == UIMKEY_LOCK_TAG_SIG)
			tok->sig_len = t.len;
	}
	for (i = 0; i < TOKEN_FIELDS; i++)
		if (v[i] == NULL)
			return UIMKEY_SW_WRONG_DATA;
	tok->action = v[UIMKEY_LOCK_TAG_ACTION - 1][0];
	if (tok->action != UIMKEY_LOCK_ACTION_LOCK &&
	    tok->action != UIMKEY_LOCK_ACTION_UNLOCK)
		return UIMKEY_SW_WRONG_DATA;
	tok->serial = uk_get_be32(v[UIMKEY_LOCK_TAG_SERIAL - 1]);
	tok->counter = uk_get_be32(v[UIMKEY_LOCK_TAG_COUNTER - 1]);
	tok->sig = v[UIMKEY_LOCK_TAG_SIG - 1];
	return UIMKEY_SW_OK;
}

/* SHA-256 of the signed message. */
static void
token_hash(const uk_lock_token *tok, uint8_t *hash)
{
	static const char domain[] = UIMKEY_LOCK_DOMAIN;
	uint8_t fields[SERIAL_LEN + ACTION_LEN + COUNTER_LEN];
	br_sha256_context h;

	uk_put_be32(fields, tok->serial);
	fields[SERIAL_LEN] = tok->action;
	uk_put_be32(fields + SERIAL_LEN + ACTION_LEN, tok->counter);
	br_sha256_init(&h);
	br_sha256_update(&h, domain, UIMKEY_LOCK_DOMAIN_LEN);
	br_sha256_update(&h, fields, sizeof(fields));
	br_sha256_out(&h, hash);
}

int
uk_lock_verify_token(const uk_lock_token *tok, const uint8_t *issuer)
{
	uint8_t hash[br_sha256_SIZE];
	uint8_t q[UIMKEY_LOCK_POINT_LEN];
	br_ec_public_key pk;

	/* BearSSL takes a non-const point. */
	memcpy(q, issuer, sizeof(q));
	/* Only the low-S twin of a signature is taken: (r, n - s) would
	 * verify as well, and a token has exactly one valid form. */
	if (!uk_ecdsa_p256_low_s(tok->sig, tok->sig_len))
		return 0;
	pk.curve = BR_EC_secp256r1;
	pk.q = q;
	pk.qlen = sizeof(q);
	token_hash(tok, hash);
	return br_ecdsa_i31_vrfy_asn1(br_ec_get_default(), hash, sizeof(hash),
	    &pk, tok->sig, tok->sig_len) == 1;
}

int
uk_lock_point_valid(const uint8_t *point)
{
	static const uint8_t one = 1;
	uint8_t buf[UIMKEY_LOCK_POINT_LEN];

	if (point[0] != 0x04)
		return 0;
	/* Multiplying by one decodes the point and fails off the curve. */
	memcpy(buf, point, sizeof(buf));
	return br_ec_get_default()->mul(buf, sizeof(buf), &one, 1,
	    BR_EC_secp256r1) == 1;
}
