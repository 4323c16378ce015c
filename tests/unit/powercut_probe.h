/*
 * The probes the power-cut judges (test_powercut*.c) ask the rebooted
 * card with: metadata of the PIN, PUK, management key and key slots; a
 * key proved to work by its signature or raw RSA result, checked with
 * BearSSL against the metadata's public key; an attestation checked
 * against the F9 key; mutual authentication with the management key
 * computed on the host side; data objects.  All through APDUs.
 */
#ifndef UIMKEY_TEST_POWERCUT_PROBE_H
#define UIMKEY_TEST_POWERCUT_PROBE_H

#include <bearssl/bearssl.h>

#include "tests/unit/powercut_cmds.h"

#define PUB_MAX      600

static const uint8_t mgmt_default[24] = {
	1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8,
};

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

/* The metadata's public key is the EC point q (65 bytes). */
static inline int
pub_is_point(const struct keym *k, const uint8_t *q)
{
	return k->pub_len == 67 && k->pub[0] == 0x86 && k->pub[1] == 65 &&
	    memcmp(k->pub + 2, q, 65) == 0;
}

/* GENERATE alg in slot, with policy TLVs (hex, may be ""). */
static inline uint16_t
generate(uint8_t slot, uint8_t alg, const char *policies)
{
	uint8_t d[32];
	size_t n = 5 + hex_parse(policies, d + 5, sizeof(d) - 5);

	d[0] = 0xAC;
	d[1] = (uint8_t)(n - 2);
	d[2] = 0x80;
	d[3] = 0x01;
	d[4] = alg;
	return xsend(UIMKEY_INS_GEN_KEY, 0x00, slot, d, n);
}

/* --- keys at work, checked with BearSSL --- */

static inline int
ga_key(uint8_t alg, uint8_t slot, const uint8_t *in, size_t len,
    const uint8_t **out, size_t *out_len)
{
	static uint8_t d[600];
	size_t n = 0, inner = 2 + 2 + (len >= 0x80 ? 2 : 0) + len;

	d[n++] = 0x7C;
	if (inner >= 0x100) {
		d[n++] = 0x82;
		d[n++] = (uint8_t)(inner >> 8);
	} else if (inner >= 0x80) {
		d[n++] = 0x81;
	}
	d[n++] = (uint8_t)inner;
	d[n++] = 0x82;
	d[n++] = 0x00;
	d[n++] = 0x81;
	if (len >= 0x100) {
		d[n++] = 0x82;
		d[n++] = (uint8_t)(len >> 8);
	} else if (len >= 0x80) {
		d[n++] = 0x81;
	}
	d[n++] = (uint8_t)len;
	memcpy(d + n, in, len);
	n += len;
	if (xsend(UIMKEY_INS_GEN_AUTH, alg, slot, d, n) != UIMKEY_SW_OK ||
	    !tlv_find(ans, ans_len, 0x7C, out, out_len))
		return 0;
	return tlv_find(*out, *out_len, 0x82, out, out_len);
}

/* The key in slot (of metadata k) signs, or undoes its public operation:
 * proved with the public key of its metadata. */
static inline int
key_works(uint8_t slot, const struct keym *k)
{
	static const uint8_t hash[32] = "uimkey power-cut test: the hash";
	uint8_t x[256];
	const uint8_t *out, *n, *e;
	size_t out_len, n_len, e_len;

	if (k->alg == UIMKEY_ALG_ECCP256) {
		br_ec_public_key pk = { BR_EC_secp256r1, x, 65 };

		if (!pub_is_point(k, k->pub + 2) ||
		    !ga_key(k->alg, slot, hash, sizeof(hash), &out, &out_len))
			return 0;
		memcpy(x, k->pub + 2, 65);
		return br_ecdsa_i31_vrfy_asn1(&br_ec_p256_m31, hash,
		    sizeof(hash), &pk, out, out_len) == 1;
	}
	if (k->alg == UIMKEY_ALG_RSA2048) {
		br_rsa_public_key pk;
		uint8_t y[256], nb[256], eb[8];

		if (!tlv_find(k->pub, k->pub_len, 0x81, &n, &n_len) ||
		    !tlv_find(k->pub, k->pub_len, 0x82, &e, &e_len) ||
		    n_len != sizeof(nb) || n[0] < 0x80 || e_len > sizeof(eb))
			return 0;
		memcpy(nb, n, n_len);
		memcpy(eb, e, e_len);
		memset(x, 0x5A, sizeof(x));
		x[0] = 0x01;
		if (!ga_key(k->alg, slot, x, sizeof(x), &out, &out_len) ||
		    out_len != sizeof(y))
			return 0;
		memcpy(y, out, sizeof(y));
		pk.n = nb;
		pk.nlen = n_len;
		pk.e = eb;
		pk.elen = e_len;
		return br_rsa_i31_public(y, sizeof(y), &pk) == 1 &&
		    memcmp(x, y, sizeof(x)) == 0;
	}
	return 0;
}

/* bytes hold needle somewhere. */
static inline int
holds(const uint8_t *hay, size_t n, const uint8_t *needle, size_t k)
{
	size_t i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return 1;
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

/* --- the management key, the host's side --- */

static inline size_t
mgmt_block(uint8_t alg)
{
	return alg == UIMKEY_ALG_3DES ? 8 : 16;
}

/* One block, ECB (CBC with a zero IV over one block). */
static inline void
mgmt_cipher(uint8_t alg, const uint8_t *key, size_t klen, uint8_t *b,
    int enc)
{
	uint8_t iv[16] = { 0 };

	if (alg == UIMKEY_ALG_3DES && enc) {
		br_des_ct_cbcenc_keys c;
		br_des_ct_cbcenc_init(&c, key, klen);
		br_des_ct_cbcenc_run(&c, iv, b, 8);
	} else if (alg == UIMKEY_ALG_3DES) {
		br_des_ct_cbcdec_keys c;
		br_des_ct_cbcdec_init(&c, key, klen);
		br_des_ct_cbcdec_run(&c, iv, b, 8);
	} else if (enc) {
		br_aes_ct_cbcenc_keys c;
		br_aes_ct_cbcenc_init(&c, key, klen);
		br_aes_ct_cbcenc_run(&c, iv, b, 16);
	} else {
		br_aes_ct_cbcdec_keys c;
		br_aes_ct_cbcdec_init(&c, key, klen);
		br_aes_ct_cbcdec_run(&c, iv, b, 16);
	}
}

/* Mutual authentication (as ykpiv): 1 when the card took our answer and
 * its own proof was right. */
static inline int
admin_with(uint8_t alg, const uint8_t *key, size_t klen)
{
	uint8_t d[4 + 2 * 18], w[16], c[16];
	size_t b = mgmt_block(alg), i;

	if (sendx(UIMKEY_INS_GEN_AUTH, alg, 0x9B, "7C 02 80 00") !=
	    UIMKEY_SW_OK || ans_len != 4 + b || ans[2] != 0x80 || ans[3] != b)
		return 0;
	memcpy(w, ans + 4, b);
	mgmt_cipher(alg, key, klen, w, 0);
	for (i = 0; i < b; i++)
		c[i] = (uint8_t)(0xC0 + i);
	d[0] = 0x7C;
	d[1] = (uint8_t)(4 + 2 * b);
	d[2] = 0x80;
	d[3] = (uint8_t)b;
	memcpy(d + 4, w, b);
	d[4 + b] = 0x81;
	d[5 + b] = (uint8_t)b;
	memcpy(d + 6 + b, c, b);
	if (xsend(UIMKEY_INS_GEN_AUTH, alg, 0x9B, d, 6 + 2 * b) !=
	    UIMKEY_SW_OK || ans_len != 4 + b || ans[2] != 0x82)
		return 0;
	mgmt_cipher(alg, key, klen, c, 1);
	return memcmp(ans + 4, c, b) == 0;
}

static inline int
admin(void)
{
	return admin_with(UIMKEY_ALG_3DES, mgmt_default, sizeof(mgmt_default));
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

/* 5C {tag} 53 {val} into out; its length. */
static inline size_t
put_body(uint32_t tag, const uint8_t *val, size_t len, uint8_t *out)
{
	size_t n = 0;

	out[n++] = 0x5C;
	out[n++] = 0x03;
	out[n++] = (uint8_t)(tag >> 16);
	out[n++] = (uint8_t)(tag >> 8);
	out[n++] = (uint8_t)tag;
	out[n++] = 0x53;
	if (len >= 0x100) {
		out[n++] = 0x82;
		out[n++] = (uint8_t)(len >> 8);
	} else if (len >= 0x80) {
		out[n++] = 0x81;
	}
	out[n++] = (uint8_t)len;
	if (len > 0)
		memcpy(out + n, val, len);
	return n + len;
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
	uint32_t x = seed * 2654435761u + 12345u;
	size_t i;

	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (uint8_t)x;
	}
}

#endif
