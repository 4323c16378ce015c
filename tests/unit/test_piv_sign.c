/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The PIV client's private key operations and attestation against the
 * card core in process, every result checked with BearSSL computing on
 * its own: ECDSA signatures (P-256, P-384) verified, RFC 6979 and
 * PKCS#1 v1.5 known answers from imported keys, RSA's raw operation
 * undone with the public key (RSA 4096 input and answer in one extended
 * APDU each on a channel; on channel 0 in chained parts, the answer
 * through GET RESPONSE), ECDH agreeing with
 * BearSSL on the other side, PIN policies ONCE / ALWAYS / NEVER, the
 * attestation certificate verified with the F9 key, refusals of the
 * card and arguments refused before any APDU.
 */
#include <bearssl/bearssl.h>

#include "codec/x509.h"
#include "tests/unit/piv_fake.h"
#include "tests/unit/hex.h"
#include "tests/unit/key_vectors.h"

static uimkey_ctx_t *ctx;
static uimkey_dev_t *dev;

static uint8_t spki_9a[UIMKEY_PIV_SPKI_MAX], spki_9c[UIMKEY_PIV_SPKI_MAX];
static uint8_t spki_9d[UIMKEY_PIV_SPKI_MAX], spki_9e[UIMKEY_PIV_SPKI_MAX];
static size_t len_9a, len_9c, len_9d, len_9e;
static uint8_t p256_d[32], rsa_n[256], rsa4_n[512];
static uint8_t r2[5][128], r4[5][256];

/* An ECDSA signature (DER) of hash by the key of spki. */
static int
ecdsa_ok(const uint8_t *spki, size_t spki_len, const uint8_t *hash,
    size_t hlen, const uint8_t *sig, size_t slen)
{
	uimkey_piv_pubkey_t k;
	br_ec_public_key pk;

	if (uimkey_piv_spki_parse(spki, spki_len, &k) != UIMKEY_OK ||
	    k.point == NULL)
		return 0;
	pk.curve = k.alg == UIMKEY_ALG_ECCP256 ? BR_EC_secp256r1 :
	    BR_EC_secp384r1;
	pk.q = (unsigned char *)(uintptr_t)k.point;
	pk.qlen = k.point_len;
	return br_ecdsa_i31_vrfy_asn1(&br_ec_all_m31, hash, hlen, &pk, sig,
	    slen) == 1;
}

static void
setup(void)
{
	static const char *const r2hex[5] = { VEC_RSA_P, VEC_RSA_Q,
	    VEC_RSA_DP, VEC_RSA_DQ, VEC_RSA_IQ };
	static const char *const r4hex[5] = { VEC_RSA4K_P, VEC_RSA4K_Q,
	    VEC_RSA4K_DP, VEC_RSA4K_DQ, VEC_RSA4K_IQ };
	uimkey_piv_rsa_key_t k2, k4;
	int i, ok;

	hex_parse(VEC_P256_D, p256_d, sizeof(p256_d));
	hex_parse(VEC_RSA_N, rsa_n, sizeof(rsa_n));
	hex_parse(VEC_RSA4K_N, rsa4_n, sizeof(rsa4_n));
	for (i = 0; i < 5; i++) {
		hex_parse(r2hex[i], r2[i], sizeof(r2[i]));
		hex_parse(r4hex[i], r4[i], sizeof(r4[i]));
		pf_secret(r2[i], sizeof(r2[i]));
		pf_secret(r4[i], sizeof(r4[i]));
	}
	pf_secret(p256_d, sizeof(p256_d));
	k2 = (uimkey_piv_rsa_key_t){ r2[0], r2[1], r2[2], r2[3], r2[4],
	    128, 128, 128, 128, 128 };
	k4 = (uimkey_piv_rsa_key_t){ r4[0], r4[1], r4[2], r4[3], r4[4],
	    256, 256, 256, 256, 256 };
	ok = uimkey_piv_auth_mgmt(dev, 0, pf_default_mgmt, 24) == UIMKEY_OK &&
	    uimkey_piv_generate(dev, 0x9A, UIMKEY_ALG_ECCP256, 0, 0, spki_9a,
	    sizeof(spki_9a), &len_9a) == UIMKEY_OK &&
	    uimkey_piv_generate(dev, 0x9C, UIMKEY_ALG_ECCP384, 0, 0, spki_9c,
	    sizeof(spki_9c), &len_9c) == UIMKEY_OK &&
	    uimkey_piv_generate(dev, 0x9D, UIMKEY_ALG_ECCP256, 0, 0, spki_9d,
	    sizeof(spki_9d), &len_9d) == UIMKEY_OK &&
	    uimkey_piv_generate(dev, 0x9E, UIMKEY_ALG_ECCP384, 0, 0, spki_9e,
	    sizeof(spki_9e), &len_9e) == UIMKEY_OK &&
	    uimkey_piv_import_rsa(dev, 0x82, UIMKEY_ALG_RSA2048, &k2, 0, 0) ==
	    UIMKEY_OK &&
	    uimkey_piv_import_rsa(dev, 0x83, UIMKEY_ALG_RSA4096, &k4,
	    UIMKEY_PIN_POLICY_NEVER, 0) == UIMKEY_OK &&
	    uimkey_piv_import_ec(dev, 0x84, UIMKEY_ALG_ECCP256, p256_d, 32,
	    UIMKEY_PIN_POLICY_NEVER, 0) == UIMKEY_OK;
	check(ok, "keys: 9A P-256, 9C P-384, 9D P-256, 9E P-384 generated; "
	    "82 RSA-2048, 83 RSA-4096, 84 P-256 imported");
	/* Another program resets the card: nothing proven holds. */
	pf_card_reset();
}

static void
test_ecdsa(void)
{
	uint8_t h[64], sig[UIMKEY_PIV_SIG_MAX];
	size_t n, i;
	unsigned apdus, begins;

	for (i = 0; i < sizeof(h); i++)
		h[i] = (uint8_t)(0x5A ^ i);
	check(uimkey_piv_sign(dev, 0x9A, UIMKEY_ALG_ECCP256, h, 32, sig,
	    sizeof(sig), &n) == UIMKEY_ERR_SW_SECURITY && n == 0,
	    "9A (ONCE) before VERIFY: SW_SECURITY");
	check(uimkey_piv_verify_pin(dev, "123456", NULL) == UIMKEY_OK,
	    "PIN verified");
	begins = pf->fc.io.begins;
	check(uimkey_piv_sign(dev, 0x9A, UIMKEY_ALG_ECCP256, h, 32, sig,
	    sizeof(sig), &n) == UIMKEY_OK && ecdsa_ok(spki_9a, len_9a, h, 32,
	    sig, n), "P-256 signature of a hash verifies with BearSSL");
	checkf(pf->fc.io.begins - begins == (pf_ext(dev) ? 0u : 1u),
	    "the signature took %u PC/SC transactions (none on a channel of "
	    "its own, one on channel 0)", pf->fc.io.begins - begins);
	apdus = pf->fc.io.wire.apdus;
	begins = pf->fc.io.begins;
	check(uimkey_piv_sign(dev, 0x9A, 0, h, 32, sig, 72, &n) == UIMKEY_OK &&
	    ecdsa_ok(spki_9a, len_9a, h, 32, sig, n) && pf->fc.io.wire.apdus - apdus == 2,
	    "alg 0: read from metadata, then signed (2 APDUs)");
	check(pf->fc.io.begins - begins == 1,
	    "...in one PC/SC transaction");
	check(uimkey_piv_sign(dev, 0x9A, UIMKEY_ALG_ECCP256, h, 20, sig,
	    sizeof(sig), &n) == UIMKEY_OK && ecdsa_ok(spki_9a, len_9a, h, 20,
	    sig, n), "a 20-byte hash (SHA-1) is signed as it is");

	check(uimkey_piv_sign(dev, 0x9C, UIMKEY_ALG_ECCP384, h, 48, sig,
	    sizeof(sig), &n) == UIMKEY_ERR_SW_SECURITY,
	    "9C (ALWAYS) after VERIFY and 9A signatures: SW_SECURITY (the "
	    "VERIFY opened only the command after it)");
	check(uimkey_piv_verify_pin(dev, "123456", NULL) == UIMKEY_OK &&
	    uimkey_piv_sign(dev, 0x9C, UIMKEY_ALG_ECCP384, h, 48, sig,
	    sizeof(sig), &n) == UIMKEY_OK && ecdsa_ok(spki_9c, len_9c, h, 48,
	    sig, n), "9C (ALWAYS) right after VERIFY: P-384 verifies");
	check(uimkey_piv_sign(dev, 0x9C, UIMKEY_ALG_ECCP384, h, 48, sig,
	    sizeof(sig), &n) == UIMKEY_ERR_SW_SECURITY,
	    "9C again without a new VERIFY: SW_SECURITY");
	check(uimkey_piv_verify_pin(dev, "123456", NULL) == UIMKEY_OK &&
	    uimkey_piv_sign(dev, 0x9C, UIMKEY_ALG_ECCP256, h, 32, sig,
	    sizeof(sig), &n) == UIMKEY_ERR_SW_DATA,
	    "the wrong alg for the slot's key: SW_DATA");
	check(uimkey_piv_sign(dev, 0x9C, UIMKEY_ALG_ECCP384, h, 48, sig,
	    sizeof(sig), &n) == UIMKEY_ERR_SW_SECURITY,
	    "...which was the command the VERIFY opened: SW_SECURITY");
	check(uimkey_piv_verify_pin(dev, "123456", NULL) == UIMKEY_OK &&
	    uimkey_piv_sign(dev, 0x9C, 0, h, 64, sig, sizeof(sig), &n) ==
	    UIMKEY_ERR_SW_SECURITY, "alg 0 reads GET METADATA first, which "
	    "uses the VERIFY up: SW_SECURITY");
	check(uimkey_piv_verify_pin(dev, "123456", NULL) == UIMKEY_OK &&
	    uimkey_piv_sign(dev, 0x9C, UIMKEY_ALG_ECCP384, h, 64, sig,
	    sizeof(sig), &n) == UIMKEY_OK && ecdsa_ok(spki_9c, len_9c, h, 48,
	    sig, n), "with the algorithm given: signed; a 64-byte hash is cut "
	    "to 48");
}

static void
test_known_answers(void)
{
	uint8_t h[48], want[512], sig[UIMKEY_PIV_SIG_MAX], em[512];
	static const uint8_t sha256_info[] = { 0x30, 0x31, 0x30, 0x0D, 0x06,
	    0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
	    0x00, 0x04, 0x20 };
	size_t n, w, chained, apdus;

	sha(&br_sha256_vtable, "sample", h);
	w = hex_parse(VEC_P256_SIG, want, sizeof(want));
	check(uimkey_piv_sign(dev, 0x84, 0, h, 32, sig, sizeof(sig), &n) ==
	    UIMKEY_OK && n == w && memcmp(sig, want, w) == 0,
	    "imported RFC 6979 P-256 key: the deterministic signature of "
	    "\"sample\"");

	/* PKCS#1 v1.5 padding done here, the raw operation on the card. */
	memset(em, 0xFF, sizeof(em));
	em[0] = 0x00;
	em[1] = 0x01;
	em[256 - 32 - sizeof(sha256_info) - 1] = 0x00;
	memcpy(em + 256 - 32 - sizeof(sha256_info), sha256_info,
	    sizeof(sha256_info));
	memcpy(em + 256 - 32, h, 32);
	w = hex_parse(VEC_RSA_SIG, want, sizeof(want));
	check(uimkey_piv_verify_pin(dev, "123456", NULL) == UIMKEY_OK &&
	    uimkey_piv_sign(dev, 0x82, UIMKEY_ALG_RSA2048, em, 256, sig,
	    sizeof(sig), &n) == UIMKEY_OK && n == 256 && w == 256 &&
	    memcmp(sig, want, 256) == 0,
	    "imported RSA-2048: PKCS#1 v1.5 signature of \"sample\" as known");

	memset(em, 0xFF, sizeof(em));
	em[0] = 0x00;
	em[1] = 0x01;
	em[512 - 32 - sizeof(sha256_info) - 1] = 0x00;
	memcpy(em + 512 - 32 - sizeof(sha256_info), sha256_info,
	    sizeof(sha256_info));
	memcpy(em + 512 - 32, h, 32);
	w = hex_parse(VEC_RSA4K_SIG, want, sizeof(want));
	chained = pf->fc.io.wire.chained;
	apdus = pf->fc.io.wire.apdus;
	check(uimkey_piv_sign(dev, 0x83, UIMKEY_ALG_RSA4096, em, 512, sig,
	    sizeof(sig), &n) == UIMKEY_OK && n == 512 && w == 512 &&
	    memcmp(sig, want, 512) == 0,
	    "imported RSA-4096 (NEVER): the known signature, 512 bytes");
	if (pf_ext(dev))
		check(pf->fc.io.wire.chained == chained &&
		    pf->fc.io.wire.apdus - apdus == 1,
		    "the 522-byte GENERAL AUTHENTICATE and its answer in one "
		    "extended APDU each");
	else
		check(pf->fc.io.wire.chained - chained == 2 &&
		    pf->fc.io.wire.apdus - apdus > 3,
		    "the 522-byte GENERAL AUTHENTICATE went in chained parts, "
		    "the answer through GET RESPONSE");
}

static void
test_rsa_raw(void)
{
	uint8_t x[256], y[256];
	br_rsa_public_key pk = { rsa_n, sizeof(rsa_n),
	    (unsigned char *)(uintptr_t)"\x01\x00\x01", 3 };
	size_t n, i;

	for (i = 0; i < sizeof(x); i++)
		x[i] = (uint8_t)(i * 7 + 3);
	x[0] = 0x00;            /* below n */
	check(uimkey_piv_verify_pin(dev, "123456", NULL) == UIMKEY_OK &&
	    uimkey_piv_sign(dev, 0x82, 0, x, 256, y, sizeof(y), &n) ==
	    UIMKEY_OK && n == 256 && br_rsa_i31_public(y, n, &pk) == 1 &&
	    memcmp(x, y, 256) == 0,
	    "RSA raw operation: the public operation gives the input back");
	memset(x, 0xFF, sizeof(x));
	check(uimkey_piv_sign(dev, 0x82, UIMKEY_ALG_RSA2048, x, 256, y,
	    sizeof(y), &n) == UIMKEY_ERR_SW_DATA,
	    "an input not below n: SW_DATA");
	check(uimkey_piv_sign(dev, 0x82, 0, x, 255, y, sizeof(y), &n) ==
	    UIMKEY_ERR_ARG,
	    "alg 0 and an input that is not one modulus long: ARG once the "
	    "alg is known");
}

/* A P-256 or P-384 key of BearSSL's own; its public point in q. */
static size_t
host_key(int curve, uint8_t *d, uint8_t *q)
{
	br_hmac_drbg_context drbg;
	br_ec_private_key sk;
	br_ec_public_key pk;
	uint8_t qbuf[BR_EC_KBUF_PUB_MAX_SIZE];
	size_t qlen;

	br_hmac_drbg_init(&drbg, &br_sha256_vtable, "uimkey ecdh", 11);
	br_ec_keygen(&drbg.vtable, &br_ec_all_m31, &sk, d, curve);
	qlen = br_ec_compute_pub(&br_ec_all_m31, &pk, qbuf, &sk);
	memcpy(q, qbuf, qlen);
	return qlen;
}

static void
test_ecdh(void)
{
	uint8_t d[48], q[97], shared[97], secret[64];
	uimkey_piv_pubkey_t card;
	size_t qlen, n;

	qlen = host_key(BR_EC_secp256r1, d, q);
	check(uimkey_piv_spki_parse(spki_9d, len_9d, &card) == UIMKEY_OK,
	    "9D's public point");
	memcpy(shared, card.point, 65);
	check(br_ec_all_m31.mul(shared, 65, d, 32, BR_EC_secp256r1) == 1 &&
	    uimkey_piv_ecdh(dev, 0x9D, UIMKEY_ALG_ECCP256, q, qlen, secret,
	    sizeof(secret), &n) == UIMKEY_OK && n == 32 &&
	    memcmp(secret, shared + 1, 32) == 0,
	    "ECDH P-256: the card's secret is BearSSL's from the other side");
	qlen = host_key(BR_EC_secp384r1, d, q);
	check(uimkey_piv_spki_parse(spki_9e, len_9e, &card) == UIMKEY_OK,
	    "9E's public point");
	memcpy(shared, card.point, 97);
	check(br_ec_all_m31.mul(shared, 97, d, 48, BR_EC_secp384r1) == 1 &&
	    uimkey_piv_ecdh(dev, 0x9E, 0, q, qlen, secret, 48, &n) ==
	    UIMKEY_OK && n == 48 && memcmp(secret, shared + 1, 48) == 0,
	    "ECDH P-384 (9E, NEVER; alg from metadata) agrees too");
	q[40] ^= 0x01;
	check(uimkey_piv_ecdh(dev, 0x9E, UIMKEY_ALG_ECCP384, q, qlen, secret,
	    sizeof(secret), &n) == UIMKEY_ERR_SW_DATA && n == 0,
	    "a point off the curve: SW_DATA");
	check(uimkey_piv_ecdh(dev, 0x82, 0, q, 65, secret, sizeof(secret),
	    &n) == UIMKEY_ERR_ARG, "ECDH with an RSA slot (alg 0): ARG");
	check(uimkey_piv_ecdh(dev, 0x95, 0, q, 65, secret, sizeof(secret),
	    &n) == UIMKEY_ERR_SW_NO_REF, "ECDH with an empty slot: SW_NO_REF");
	check(uimkey_piv_sign(dev, 0x95, UIMKEY_ALG_ECCP256, q, 32, shared,
	    sizeof(shared), &n) == UIMKEY_ERR_SW_NO_REF,
	    "signing with an empty slot: SW_NO_REF");
}

static void
test_attest(void)
{
	uint8_t cert[4096], root[4096], h[32];
	uk_x509_parts parts, rparts;
	size_t n = 0, rn = 0;
	br_sha256_context c;

	check(uimkey_piv_attest(dev, 0x9A, cert, sizeof(cert), &n) ==
	    UIMKEY_OK && uk_x509_cert_parts(cert, n, &parts) == 0 &&
	    parts.spki.len == len_9a &&
	    memcmp(parts.spki.der, spki_9a, len_9a) == 0,
	    "attest 9A: a certificate of 9A's public key");
	check(uimkey_piv_read_cert(dev, UIMKEY_SLOT_ATTEST, root,
	    sizeof(root), &rn) == UIMKEY_OK &&
	    uk_x509_cert_parts(root, rn, &rparts) == 0 &&
	    parts.issuer.len == rparts.subject.len &&
	    memcmp(parts.issuer.der, rparts.subject.der, parts.issuer.len) ==
	    0, "its issuer is the subject of the F9 certificate");
	br_sha256_init(&c);
	br_sha256_update(&c, parts.tbs.der, parts.tbs.len);
	br_sha256_out(&c, h);
	check(ecdsa_ok(rparts.spki.der, rparts.spki.len, h, 32, parts.sig.der,
	    parts.sig.len), "the attestation verifies with the F9 key");
	check(uimkey_piv_attest(dev, 0x9C, cert, 100, &n) ==
	    UIMKEY_ERR_RSP_TOO_LONG && n == 0,
	    "a certificate buffer too small: RSP_TOO_LONG");
	check(uimkey_piv_attest(dev, 0x82, cert, sizeof(cert), &n) ==
	    UIMKEY_ERR_SW_DATA, "attest an imported key: SW_DATA");
	check(uimkey_piv_attest(dev, 0x95, cert, sizeof(cert), &n) ==
	    UIMKEY_ERR_SW_NO_REF, "attest an empty slot: SW_NO_REF");
}

static void
test_args(void)
{
	uint8_t in[600] = { 0x04 }, out[600];
	size_t n;
	unsigned apdus = pf->fc.io.wire.apdus;

	check(uimkey_piv_sign(dev, 0x9B, UIMKEY_ALG_ECCP256, in, 32, out,
	    sizeof(out), &n) == UIMKEY_ERR_ARG && uimkey_piv_sign(dev, 0xF9,
	    UIMKEY_ALG_ECCP256, in, 32, out, sizeof(out), &n) ==
	    UIMKEY_ERR_ARG, "sign with 9B or F9: ARG");
	check(uimkey_piv_sign(dev, 0x9A, UIMKEY_ALG_ECCP256, in, 0, out,
	    sizeof(out), &n) == UIMKEY_ERR_ARG && uimkey_piv_sign(dev, 0x9A,
	    UIMKEY_ALG_ECCP256, in, 65, out, sizeof(out), &n) ==
	    UIMKEY_ERR_ARG && uimkey_piv_sign(dev, 0x9A, UIMKEY_ALG_ECCP256,
	    NULL, 32, out, sizeof(out), &n) == UIMKEY_ERR_ARG,
	    "ECDSA of an empty, 65-byte or NULL hash: ARG");
	check(uimkey_piv_sign(dev, 0x9A, UIMKEY_ALG_ECCP256, in, 32, out, 71,
	    &n) == UIMKEY_ERR_ARG && uimkey_piv_sign(dev, 0x82,
	    UIMKEY_ALG_RSA2048, in, 256, out, 255, &n) == UIMKEY_ERR_ARG,
	    "no room for the largest signature: ARG");
	check(uimkey_piv_sign(dev, 0x82, UIMKEY_ALG_RSA2048, in, 255, out,
	    sizeof(out), &n) == UIMKEY_ERR_ARG && uimkey_piv_sign(dev, 0x82,
	    UIMKEY_ALG_RSA3072, in, 256, out, sizeof(out), &n) ==
	    UIMKEY_ERR_ARG && uimkey_piv_sign(dev, 0x82, 0, in, 600, out,
	    sizeof(out), &n) == UIMKEY_ERR_ARG,
	    "RSA input not one modulus long: ARG");
	check(uimkey_piv_sign(dev, 0x82, UIMKEY_ALG_3DES, in, 8, out,
	    sizeof(out), &n) == UIMKEY_ERR_ARG, "sign with 3DES: ARG");
	check(uimkey_piv_ecdh(dev, 0x9D, UIMKEY_ALG_ECCP256, in, 64, out,
	    sizeof(out), &n) == UIMKEY_ERR_ARG && uimkey_piv_ecdh(dev, 0x9D,
	    UIMKEY_ALG_ECCP256, in, 97, out, sizeof(out), &n) ==
	    UIMKEY_ERR_ARG && uimkey_piv_ecdh(dev, 0x9D, UIMKEY_ALG_RSA2048,
	    in, 65, out, sizeof(out), &n) == UIMKEY_ERR_ARG &&
	    uimkey_piv_ecdh(dev, 0x9D, UIMKEY_ALG_ECCP256, in, 65, out, 31,
	    &n) == UIMKEY_ERR_ARG,
	    "ECDH: a point of the wrong length, an RSA alg, no room: ARG");
	in[0] = 0x02;
	check(uimkey_piv_ecdh(dev, 0x9D, UIMKEY_ALG_ECCP256, in, 65, out,
	    sizeof(out), &n) == UIMKEY_ERR_ARG,
	    "ECDH with a point that is not uncompressed: ARG");
	check(uimkey_piv_attest(dev, 0x9B, out, sizeof(out), &n) ==
	    UIMKEY_ERR_ARG && uimkey_piv_attest(dev, 0xF9, out, sizeof(out),
	    &n) == UIMKEY_ERR_ARG && uimkey_piv_attest(dev, 0x9A, NULL, 0, &n) ==
	    UIMKEY_ERR_ARG, "attest 9B, F9, or into NULL: ARG");
	check(pf->fc.io.wire.apdus == apdus, "no APDU was sent for any refused argument");
}

int
main(void)
{
	static const pf_part parts[] = { setup, test_ecdsa, test_known_answers,
	    test_rsa_raw, test_ecdh, test_attest, test_args };

	(void)hex_format;
	return PF_RUN(&ctx, &dev, parts);
}
