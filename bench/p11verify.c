/* SPDX-License-Identifier: BSD-2-Clause */
/* Signature inputs and BearSSL checks for p11bench (see p11verify.h). */
#include <string.h>

#include <bearssl.h>

#include "bench/p11verify.h"

#define PSS_SALT_LEN  32        /* CKM_RSA_PKCS_PSS with SHA-256, salt 32 */

/* DigestInfo prefix of SHA-256 (RFC 8017, 9.2 note 1). */
static const uint8_t di_sha256[19] = { 0x30, 0x31, 0x30, 0x0d, 0x06, 0x09,
    0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04,
    0x20 };

static const char *const names[ALG_COUNT] = { "p256", "p384", "rsa-pkcs",
    "rsa-pss" };

int
bench_alg_parse(const char *name)
{
	int i;

	for (i = 0; i < ALG_COUNT; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

const char *
bench_alg_name(int alg)
{
	return alg >= 0 && alg < ALG_COUNT ? names[alg] : "?";
}

int
bench_alg_is_ec(int alg)
{
	return alg == ALG_P256 || alg == ALG_P384;
}

size_t
bench_hash_len(int alg)
{
	return alg == ALG_P384 ? 48 : 32;
}

size_t
bench_input(int alg, uint64_t i, uint8_t *hash, uint8_t *in)
{
	br_sha384_context c384;
	br_sha256_context c256;
	uint8_t msg[8];
	int k;

	for (k = 0; k < 8; k++)
		msg[k] = (uint8_t)(i >> (8 * k));
	if (alg == ALG_P384) {
		br_sha384_init(&c384);
		br_sha384_update(&c384, msg, sizeof(msg));
		br_sha384_out(&c384, hash);
	} else {
		br_sha256_init(&c256);
		br_sha256_update(&c256, msg, sizeof(msg));
		br_sha256_out(&c256, hash);
	}
	if (alg == ALG_RSA_PKCS) {
		memcpy(in, di_sha256, sizeof(di_sha256));
		memcpy(in + sizeof(di_sha256), hash, 32);
		return sizeof(di_sha256) + 32;
	}
	memcpy(in, hash, bench_hash_len(alg));
	return bench_hash_len(alg);
}

int
bench_pub_ec(bench_pub *pk, int alg, const uint8_t *v, size_t len)
{
	size_t want = alg == ALG_P384 ? 97 : 65;

	memset(pk, 0, sizeof(*pk));
	/* DER OCTET STRING (PKCS#11 2.40), or the bare point. */
	if (len == want + 2 && v[0] == 0x04 && v[1] == want) {
		v += 2;
		len -= 2;
	}
	if (len != want || v[0] != 0x04)
		return -1;
	pk->ec = 1;
	memcpy(pk->q, v, len);
	pk->qlen = len;
	return 0;
}

int
bench_pub_rsa(bench_pub *pk, const uint8_t *n, size_t nlen, const uint8_t *e,
    size_t elen)
{
	memset(pk, 0, sizeof(*pk));
	while (nlen > 0 && *n == 0) {
		n++;
		nlen--;
	}
	while (elen > 0 && *e == 0) {
		e++;
		elen--;
	}
	if (nlen == 0 || nlen > sizeof(pk->n) || elen == 0 ||
	    elen > sizeof(pk->e))
		return -1;
	memcpy(pk->n, n, nlen);
	memcpy(pk->e, e, elen);
	pk->nlen = nlen;
	pk->elen = elen;
	return 0;
}

/* MGF1 with SHA-256 (RFC 8017 B.2.1), XORed into out. */
static void
mgf1_xor(uint8_t *out, size_t len, const uint8_t *seed, size_t seed_len)
{
	br_sha256_context c;
	uint8_t h[32], ctr[4];
	uint32_t i;
	size_t k, off;

	for (i = 0, off = 0; off < len; i++) {
		ctr[0] = (uint8_t)(i >> 24);
		ctr[1] = (uint8_t)(i >> 16);
		ctr[2] = (uint8_t)(i >> 8);
		ctr[3] = (uint8_t)i;
		br_sha256_init(&c);
		br_sha256_update(&c, seed, seed_len);
		br_sha256_update(&c, ctr, sizeof(ctr));
		br_sha256_out(&c, h);
		for (k = 0; k < sizeof(h) && off < len; k++, off++)
			out[off] ^= h[k];
	}
}

/* EMSA-PSS-VERIFY (RFC 8017 9.1.2), SHA-256, MGF1-SHA-256, salt 32,
 * for a modulus of a whole number of bytes (emLen = k, one top bit 0). */
static int
pss_check(uint8_t *em, size_t len, const uint8_t *mhash)
{
	static const uint8_t zeros[8];
	br_sha256_context c;
	size_t hl = 32, dbl, i, ps;
	uint8_t h2[32];

	if (len < hl + PSS_SALT_LEN + 2 || em[len - 1] != 0xBC ||
	    (em[0] & 0x80) != 0)
		return 0;
	dbl = len - hl - 1;
	mgf1_xor(em, dbl, em + dbl, hl);
	em[0] &= 0x7F;
	ps = dbl - PSS_SALT_LEN - 1;
	for (i = 0; i < ps; i++)
		if (em[i] != 0)
			return 0;
	if (em[ps] != 0x01)
		return 0;
	br_sha256_init(&c);
	br_sha256_update(&c, zeros, sizeof(zeros));
	br_sha256_update(&c, mhash, hl);
	br_sha256_update(&c, em + ps + 1, PSS_SALT_LEN);
	br_sha256_out(&c, h2);
	return memcmp(h2, em + dbl, hl) == 0;
}

int
bench_verify(const bench_pub *pk, int alg, const uint8_t *hash,
    const uint8_t *sig, size_t siglen)
{
	uint8_t q[sizeof(pk->q)], n[sizeof(pk->n)], e[sizeof(pk->e)];
	uint8_t x[BENCH_SIG_MAX], out[32];
	br_ec_public_key ek;
	br_rsa_public_key rk;

	if (bench_alg_is_ec(alg)) {
		if (!pk->ec)
			return 0;
		memcpy(q, pk->q, pk->qlen);
		ek.curve = alg == ALG_P384 ? BR_EC_secp384r1 : BR_EC_secp256r1;
		ek.q = q;
		ek.qlen = pk->qlen;
		return br_ecdsa_i31_vrfy_raw(&br_ec_all_m31, hash,
		    bench_hash_len(alg), &ek, sig, siglen) == 1;
	}
	if (pk->ec || siglen != pk->nlen || siglen > sizeof(x))
		return 0;
	memcpy(n, pk->n, pk->nlen);
	memcpy(e, pk->e, pk->elen);
	rk.n = n;
	rk.nlen = pk->nlen;
	rk.e = e;
	rk.elen = pk->elen;
	if (alg == ALG_RSA_PKCS)
		return br_rsa_i31_pkcs1_vrfy(sig, siglen, BR_HASH_OID_SHA256,
		    sizeof(out), &rk, out) == 1 && memcmp(out, hash, 32) == 0;
	memcpy(x, sig, siglen);
	return br_rsa_i31_public(x, siglen, &rk) == 1 &&
	    pss_check(x, siglen, hash);
}
