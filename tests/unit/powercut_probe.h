/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The probes the power-cut judges (test_powercut*.c) ask the rebooted
 * card with: metadata of the PIN, PUK, management key and key slots; a
 * key proved to work by its signature or raw RSA result, checked with
 * BearSSL against the metadata's public key; an attestation checked
 * against the F9 key; data objects.  All through APDUs (the management
 * key, GENERATE and GENERAL AUTHENTICATE: admin_fixture.h).
 */
#ifndef UIMKEY_TEST_POWERCUT_PROBE_H
#define UIMKEY_TEST_POWERCUT_PROBE_H

#include <bearssl/bearssl.h>

#include "tests/unit/powercut_cmds.h"
#include "tests/support/xorshift.h"

#define PUB_MAX      600

/* --- metadata --- */

struct pinm {
	int def, max, left, must;
};

/* GET METADATA of the PIN or the PUK; must is -1 for the PUK. */
static inline uint16_t
pin_meta(uint8_t ref, struct pinm *m)
{
	const uint8_t *v;
	size_t n;
	uint16_t sw = xsend(UIMKEY_INS_GET_METADATA, 0x00, ref, NULL, 0);

	memset(m, 0xFF, sizeof(*m));
	if (sw != UIMKEY_SW_OK)
		return sw;
	if (!tlv_find(ans, ans_len, 0x05, &v, &n) || n != 1)
		return 0;
	m->def = v[0];
	if (!tlv_find(ans, ans_len, 0x06, &v, &n) || n != 2)
		return 0;
	m->max = v[0];
	m->left = v[1];
	if (tlv_find(ans, ans_len, 0x10, &v, &n) && n == 1)
		m->must = v[0];
	return sw;
}

struct keym {
	int alg, pin, touch, origin;
	uint8_t pub[PUB_MAX];           /* tag 04: 86 point, or 81 n 82 e */
	size_t pub_len;
};

/* GET METADATA of a key slot (or 9B: only alg and the default flag). */
static inline uint16_t
key_meta(uint8_t slot, struct keym *k)
{
	const uint8_t *v;
	size_t n;
	uint16_t sw = xsend(UIMKEY_INS_GET_METADATA, 0x00, slot, NULL, 0);

	memset(k, 0, sizeof(*k));
	k->alg = k->pin = k->touch = k->origin = -1;
	if (sw != UIMKEY_SW_OK)
		return sw;
	if (tlv_find(ans, ans_len, 0x01, &v, &n) && n == 1)
		k->alg = v[0];
	if (tlv_find(ans, ans_len, 0x02, &v, &n) && n == 2) {
		k->pin = v[0];
		k->touch = v[1];
	}
	if (tlv_find(ans, ans_len, 0x03, &v, &n) && n == 1)
		k->origin = v[0];
	if (slot == 0x9B && tlv_find(ans, ans_len, 0x05, &v, &n) && n == 1)
		k->origin = v[0];       /* 9B: the default flag */
	if (tlv_find(ans, ans_len, 0x04, &v, &n) && n <= PUB_MAX) {
		memcpy(k->pub, v, n);
		k->pub_len = n;
	}
	return sw;
}

/* A PUK probe that changes nothing: the PUK to itself. */
static inline uint16_t
puk_probe(const char *puk)
{
	return change_ref(UIMKEY_REF_PUK, puk, puk);
}

/* The metadata's public key is the EC point q (65 bytes). */
static inline int
pub_is_point(const struct keym *k, const uint8_t *q)
{
	return k->pub_len == 67 && k->pub[0] == 0x86 && k->pub[1] == 65 &&
	    memcmp(k->pub + 2, q, 65) == 0;
}

/* --- keys at work, checked with BearSSL --- */

/* The key in slot (of metadata k) signs, or undoes its public operation:
 * proved with the public key of its metadata. */
static inline int
key_works(uint8_t slot, const struct keym *k)
{
	static const uint8_t hash[32] = "uimkey power-cut test: the hash";
	uint8_t x[256], y[512];
	const uint8_t *n, *e;
	size_t y_len, n_len, e_len;

	if (k->alg == UIMKEY_ALG_ECCP256) {
		br_ec_public_key pk = { BR_EC_secp256r1, x, 65 };

		if (!pub_is_point(k, k->pub + 2) || key_op(k->alg, slot, 0x81,
		    hash, sizeof(hash), y, &y_len) != UIMKEY_SW_OK)
			return 0;
		memcpy(x, k->pub + 2, 65);
		return br_ecdsa_i31_vrfy_asn1(&br_ec_p256_m31, hash,
		    sizeof(hash), &pk, y, y_len) == 1;
	}
	if (k->alg == UIMKEY_ALG_RSA2048) {
		br_rsa_public_key pk;
		uint8_t nb[256], eb[8];

		if (!tlv_find(k->pub, k->pub_len, 0x81, &n, &n_len) ||
		    !tlv_find(k->pub, k->pub_len, 0x82, &e, &e_len) ||
		    n_len != sizeof(nb) || n[0] < 0x80 || e_len > sizeof(eb))
			return 0;
		memcpy(nb, n, n_len);
		memcpy(eb, e, e_len);
		memset(x, 0x5A, sizeof(x));
		x[0] = 0x01;
		if (key_op(k->alg, slot, 0x81, x, sizeof(x), y, &y_len) !=
		    UIMKEY_SW_OK || y_len != sizeof(x))
			return 0;
		pk.n = nb;
		pk.nlen = n_len;
		pk.e = eb;
		pk.elen = e_len;
		return br_rsa_i31_public(y, y_len, &pk) == 1 &&
		    memcmp(x, y, sizeof(x)) == 0;
	}
	return 0;
}

/* ATTEST of slot answers a certificate whose signature the F9 key (the
 * point f9q) made. */
static inline int
attest_ok(uint8_t slot, const uint8_t *f9q)
{
	br_ec_public_key pk = { BR_EC_secp256r1, NULL, 65 };
	br_sha256_context h;
	const uint8_t *cert, *p, *end, *tbs, *v;
	uint8_t hash[32], q[65];
	size_t n, tbs_len;
	uint32_t tag;

	if (xsend(UIMKEY_INS_ATTEST, slot, 0x00, NULL, 0) != UIMKEY_SW_OK ||
	    !tlv_find(ans, ans_len, 0x30, &cert, &n))
		return 0;
	p = tbs = cert;
	end = cert + n;
	if (!tlv_next(&p, end, &tag, &v, &n) || tag != 0x30)
		return 0;
	tbs_len = (size_t)(p - tbs);
	if (!tlv_next(&p, end, &tag, &v, &n) || tag != 0x30 ||
	    !tlv_next(&p, end, &tag, &v, &n) || tag != 0x03 || n < 2 ||
	    v[0] != 0)
		return 0;
	br_sha256_init(&h);
	br_sha256_update(&h, tbs, tbs_len);
	br_sha256_out(&h, hash);
	memcpy(q, f9q, sizeof(q));
	pk.q = q;
	return br_ecdsa_i31_vrfy_asn1(&br_ec_p256_m31, hash, sizeof(hash), &pk,
	    v + 1, n - 1) == 1;
}

/* --- data objects --- */

/* GET DATA of a 3-byte tag; *v, *n: the value inside 53. */
static inline uint16_t
get_obj(uint32_t tag, const uint8_t **v, size_t *n)
{
	uint8_t d[5] = { 0x5C, 0x03, (uint8_t)(tag >> 16), (uint8_t)(tag >> 8),
	    (uint8_t)tag };
	uint16_t sw = xsend(UIMKEY_INS_GET_DATA, 0x3F, 0xFF, d, sizeof(d));

	*v = NULL;
	*n = 0;
	if (sw == UIMKEY_SW_OK && !tlv_find(ans, ans_len, 0x53, v, n))
		return 0;
	return sw;
}

static inline uint16_t
put_obj(uint32_t tag, const uint8_t *val, size_t len)
{
	static uint8_t body[UIMKEY_CARD_CMD_DATA_MAX];

	return xsend(UIMKEY_INS_PUT_DATA, 0x3F, 0xFF, body,
	    put_body(tag, val, len, body));
}

/* Content that tells objects and generations apart. */
static inline void
pattern(uint8_t *p, size_t len, unsigned seed)
{
	xorshift_fill(p, len, seed * 2654435761u + 12345u);
}

#endif
