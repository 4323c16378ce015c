/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * IMPORT KEY: known EC (RFC 6979) and RSA keys go in, their public keys
 * come out in GET METADATA, and their signatures equal the known ones
 * byte for byte (ECDSA here is deterministic, RFC 6979).  Every way a
 * key can be wrong is refused with 6A80 and leaves the store as it was.
 * No answer ever holds a byte window of the imported private keys.
 */
#include "tests/unit/key_helpers.h"
#include "tests/unit/key_vectors.h"

#define RSA_BYTES 256
#define HALF      128

static uint8_t d256[32], d384[48], q256[65], q384[97];
static uint8_t rp[HALF], rq[HALF], rdp[HALF], rdq[HALF], riq[HALF];
static uint8_t rn[RSA_BYTES];
static uint8_t k4p[256], k4q[256], k4dp[256], k4dq[256], k4iq[256];
static uint8_t k4n[512];
static uint8_t body[2048];

static void
load_vectors(void)
{
	hex_parse(VEC_P256_D, d256, sizeof(d256));
	hex_parse(VEC_P384_D, d384, sizeof(d384));
	hex_parse(VEC_P256_Q, q256, sizeof(q256));
	hex_parse(VEC_P384_Q, q384, sizeof(q384));
	hex_parse(VEC_RSA_P, rp, HALF);
	hex_parse(VEC_RSA_Q, rq, HALF);
	hex_parse(VEC_RSA_DP, rdp, HALF);
	hex_parse(VEC_RSA_DQ, rdq, HALF);
	hex_parse(VEC_RSA_IQ, riq, HALF);
	hex_parse(VEC_RSA_N, rn, RSA_BYTES);
	add_secret(d256, sizeof(d256));
	add_secret(d384, sizeof(d384));
	add_secret(rp, HALF);
	add_secret(rq, HALF);
	add_secret(rdp, HALF);
	add_secret(rdq, HALF);
	add_secret(riq, HALF);
	hex_parse(VEC_RSA4K_P, k4p, sizeof(k4p));
	hex_parse(VEC_RSA4K_Q, k4q, sizeof(k4q));
	hex_parse(VEC_RSA4K_DP, k4dp, sizeof(k4dp));
	hex_parse(VEC_RSA4K_DQ, k4dq, sizeof(k4dq));
	hex_parse(VEC_RSA4K_IQ, k4iq, sizeof(k4iq));
	hex_parse(VEC_RSA4K_N, k4n, sizeof(k4n));
	add_secret(k4p, sizeof(k4p));
	add_secret(k4q, sizeof(k4q));
	add_secret(k4dp, sizeof(k4dp));
	add_secret(k4dq, sizeof(k4dq));
	add_secret(k4iq, sizeof(k4iq));
}

/* 01 p 02 q 03 dp 04 dq 05 iq and the extra TLVs in hex. */
static size_t
rsa_body(const uint8_t *p, const uint8_t *q, const uint8_t *iq,
    const char *extra)
{
	size_t n = 0;

	n += put_tlv(body + n, 0x01, p, HALF);
	n += put_tlv(body + n, 0x02, q, HALF);
	n += put_tlv(body + n, 0x03, rdp, HALF);
	n += put_tlv(body + n, 0x04, rdq, HALF);
	n += put_tlv(body + n, 0x05, iq, HALF);
	return n + hex_parse(extra, body + n, sizeof(body) - n);
}

static void
test_import_ec(void)
{
	uint8_t h[48], sig[128], want[128];
	size_t n, wn;

	n = put_tlv(body, 0x06, d256, sizeof(d256));
	snapshot();
	check(refused(xsend(UIMKEY_INS_IMPORT_KEY, 0x11, 0x9A, body, n),
	    UIMKEY_SW_SECURITY), "IMPORT without the management key: 6982");
	check(admin_auth(), "management key authenticated");
	check(xsend(UIMKEY_INS_IMPORT_KEY, 0x11, 0x9A, body, n) ==
	    UIMKEY_SW_OK && ans_len == 0, "IMPORT P-256 into 9A, no answer");
	check(meta(0x9A) == UIMKEY_SW_OK && ans_len == 79 &&
	    memcmp(ans, "\x01\x01\x11\x02\x02\x02\x01\x03\x01\x02\x04\x43\x86"
	    "\x41", 14) == 0 && memcmp(ans + 14, q256, 65) == 0,
	    "metadata: P-256, ONCE, imported, the RFC 6979 public key");
	sha(&br_sha256_vtable, "sample", h);
	wn = hex_parse(VEC_P256_SIG, want, sizeof(want));
	check(verify_pin() && key_op(0x11, 0x9A, 0x81, h, 32, sig, &n) ==
	    UIMKEY_SW_OK && n == wn && memcmp(sig, want, n) == 0,
	    "P-256 signature of SHA-256(\"sample\") is RFC 6979's");
	n = put_tlv(body, 0x06, d384, sizeof(d384));
	n += hex_parse("AA 01 01 AB 01 01", body + n, 8);
	check(xsend(UIMKEY_INS_IMPORT_KEY, 0x14, 0x9C, body, n) ==
	    UIMKEY_SW_OK && meta(0x9C) == UIMKEY_SW_OK &&
	    memcmp(ans, "\x01\x01\x14\x02\x02\x01\x01\x03\x01\x02\x04\x63\x86"
	    "\x61", 14) == 0 && memcmp(ans + 14, q384, 97) == 0,
	    "IMPORT P-384 into 9C with PIN policy NEVER");
	sha(&br_sha384_vtable, "sample", h);
	wn = hex_parse(VEC_P384_SIG, want, sizeof(want));
	check(key_op(0x14, 0x9C, 0x81, h, 48, sig, &n) == UIMKEY_SW_OK &&
	    n == wn && memcmp(sig, want, n) == 0,
	    "P-384 signature of SHA-384(\"sample\") is RFC 6979's");
}

/* The PKCS#1 v1.5 block of SHA-256(msg) for a key of k bytes. */
static void
pkcs1_block(const char *msg, uint8_t *em, size_t k)
{
	static const uint8_t info[] = { 0x30, 0x31, 0x30, 0x0D, 0x06, 0x09,
	    0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
	    0x04, 0x20 };
	size_t t = sizeof(info) + 32;

	memset(em, 0xFF, k);
	em[0] = 0x00;
	em[1] = 0x01;
	em[k - t - 1] = 0x00;
	memcpy(em + k - t, info, sizeof(info));
	sha(&br_sha256_vtable, msg, em + k - 32);
}

static void
test_import_rsa(void)
{
	uint8_t em[RSA_BYTES], sig[RSA_BYTES], want[RSA_BYTES];
	size_t n = rsa_body(rp, rq, riq, "AA 01 02 AB 01 01");

	check(xsend(UIMKEY_INS_IMPORT_KEY, 0x07, 0x9D, body, n) == UIMKEY_SW_OK,
	    "IMPORT RSA-2048 (q = 1 mod 4) into 9D");
	check(meta(0x9D) == UIMKEY_SW_OK && ans_len == 10 + 4 + 265 &&
	    memcmp(ans, "\x01\x01\x07\x02\x02\x02\x01\x03\x01\x02\x04\x82\x01"
	    "\x09\x81\x82\x01\x00", 18) == 0 &&
	    memcmp(ans + 18, rn, RSA_BYTES) == 0 &&
	    memcmp(ans + 18 + RSA_BYTES, "\x82\x03\x01\x00\x01", 5) == 0,
	    "metadata: RSA-2048, imported, n = p*q and e = 65537");
	pkcs1_block("sample", em, RSA_BYTES);
	hex_parse(VEC_RSA_SIG, want, sizeof(want));
	check(key_op(0x07, 0x9D, 0x81, em, RSA_BYTES, sig, &n) == UIMKEY_SW_OK &&
	    n == RSA_BYTES && memcmp(sig, want, RSA_BYTES) == 0,
	    "raw RSA on the PKCS#1 block gives the known signature");
}

static void
test_import_rsa4096(void)
{
	static uint8_t em[512], sig[512], want[512];
	size_t n = 0;

	n += put_tlv(body + n, 0x01, k4p, 256);
	n += put_tlv(body + n, 0x02, k4q, 256);
	n += put_tlv(body + n, 0x03, k4dp, 256);
	n += put_tlv(body + n, 0x04, k4dq, 256);
	n += put_tlv(body + n, 0x05, k4iq, 256);
	check(xsend(UIMKEY_INS_IMPORT_KEY, 0x16, 0x95, body, n) == UIMKEY_SW_OK,
	    "IMPORT RSA-4096 into 95 (lengths 82 01 00)");
	check(meta(0x95) == UIMKEY_SW_OK && ans_len == 10 + 4 + 521 &&
	    memcmp(ans + 18, k4n, 512) == 0,
	    "metadata: the RSA-4096 modulus");
	pkcs1_block("sample", em, 512);
	hex_parse(VEC_RSA4K_SIG, want, sizeof(want));
	check(verify_pin() && key_op(0x16, 0x95, 0x81, em, 512, sig, &n) ==
	    UIMKEY_SW_OK && n == 512 && memcmp(sig, want, 512) == 0,
	    "and its known signature");
}

static void
imp_refused(uint8_t alg, uint8_t slot, const uint8_t *d, size_t len,
    uint16_t want, const char *name)
{
	snapshot();
	check(refused(xsend(UIMKEY_INS_IMPORT_KEY, alg, slot, d, len), want),
	    name);
}

static void
test_refusals_ec(void)
{
	static const char order256[] = "FFFFFFFF00000000FFFFFFFFFFFFFFFF"
	    "BCE6FAADA7179E84F3B9CAC2FC632551";
	uint8_t v[64];
	size_t n;

	n = put_tlv(body, 0x06, d256, sizeof(d256));
	imp_refused(0x06, 0x9E, body, n, UIMKEY_SW_WRONG_DATA,
	    "IMPORT as RSA 1024: 6A80");
	imp_refused(0x03, 0x9E, body, n, UIMKEY_SW_WRONG_DATA,
	    "IMPORT as 3DES: 6A80");
	imp_refused(0x11, 0xF9, body, n, UIMKEY_SW_WRONG_P1P2,
	    "IMPORT into F9: 6A86");
	imp_refused(0x11, 0x9B, body, n, UIMKEY_SW_WRONG_P1P2,
	    "IMPORT into 9B: 6A86");
	memset(v, 0, sizeof(v));
	n = put_tlv(body, 0x06, v, 32);
	imp_refused(0x11, 0x9E, body, n, UIMKEY_SW_WRONG_DATA, "d = 0: 6A80");
	n = put_tlv(body, 0x06, v, hex_parse(order256, v, sizeof(v)));
	imp_refused(0x11, 0x9E, body, n, UIMKEY_SW_WRONG_DATA,
	    "d = the order: 6A80");
	memset(v, 0xFF, sizeof(v));
	n = put_tlv(body, 0x06, v, 32);
	imp_refused(0x11, 0x9E, body, n, UIMKEY_SW_WRONG_DATA,
	    "d above the order: 6A80");
	n = put_tlv(body, 0x06, v, 33);
	imp_refused(0x11, 0x9E, body, n, UIMKEY_SW_WRONG_DATA,
	    "d of 33 bytes for P-256: 6A80");
	n = put_tlv(body, 0x06, d384, 48);
	imp_refused(0x11, 0x9E, body, n, UIMKEY_SW_WRONG_DATA,
	    "a P-384 scalar as P-256: 6A80");
	n = hex_parse("AA 01 01", body, sizeof(body));
	imp_refused(0x11, 0x9E, body, n, UIMKEY_SW_WRONG_DATA, "no d: 6A80");
	n = put_tlv(body, 0x06, d256, 32);
	n += put_tlv(body + n, 0x06, d256, 32);
	imp_refused(0x11, 0x9E, body, n, UIMKEY_SW_WRONG_DATA,
	    "d twice: 6A80");
	n = put_tlv(body, 0x06, d256, 32);
	n += put_tlv(body + n, 0x01, rp, HALF);
	imp_refused(0x11, 0x9E, body, n, UIMKEY_SW_WRONG_DATA,
	    "an RSA element with an EC key: 6A80");
	n = put_tlv(body, 0x06, d256, 32);
	n += hex_parse("07 01 00", body + n, 8);
	imp_refused(0x11, 0x9E, body, n, UIMKEY_SW_WRONG_DATA,
	    "an unknown tag: 6A80");
	n = put_tlv(body, 0x06, d256, 32) - 1;
	imp_refused(0x11, 0x9E, body, n, UIMKEY_SW_WRONG_DATA,
	    "a truncated TLV: 6A80");
	n = put_tlv(body, 0x06, d256, 32);
	n += hex_parse("AB 01 02", body + n, 8);
	imp_refused(0x11, 0x9E, body, n, UIMKEY_SW_WRONG_DATA,
	    "touch ALWAYS: 6A80");
	imp_refused(0x11, 0x9E, NULL, 0, UIMKEY_SW_WRONG_DATA, "no data: 6A80");
}

static void
test_refusals_rsa(void)
{
	uint8_t bad[HALF];
	size_t n;

	n = rsa_body(rp, rq, riq, "");
	imp_refused(0x05, 0x9E, body, n, UIMKEY_SW_WRONG_DATA,
	    "an RSA-2048 key as RSA-3072: 6A80");
	imp_refused(0x16, 0x9E, body, n, UIMKEY_SW_WRONG_DATA,
	    "an RSA-2048 key as RSA-4096: 6A80");
	imp_refused(0x11, 0x9E, body, n, UIMKEY_SW_WRONG_DATA,
	    "an RSA key as P-256: 6A80");
	n = rsa_body(rq, rp, riq, "");
	imp_refused(0x07, 0x9E, body, n, UIMKEY_SW_WRONG_DATA,
	    "p and q swapped (iq and dp no longer fit): 6A80");
	memcpy(bad, riq, HALF);
	bad[HALF - 1] ^= 0x01;
	n = rsa_body(rp, rq, bad, "");
	imp_refused(0x07, 0x9E, body, n, UIMKEY_SW_WRONG_DATA,
	    "a wrong iq: 6A80");
	memcpy(bad, rq, HALF);
	bad[HALF - 1] ^= 0x02;
	n = rsa_body(rp, bad, riq, "");
	imp_refused(0x07, 0x9E, body, n, UIMKEY_SW_WRONG_DATA,
	    "a wrong q: 6A80");
	n = rsa_body(rp, rq, riq, "") - (HALF + 3);
	imp_refused(0x07, 0x9E, body, n, UIMKEY_SW_WRONG_DATA,
	    "no iq: 6A80");
	n = rsa_body(rp, rq, riq, "06 01 01");
	imp_refused(0x07, 0x9E, body, n, UIMKEY_SW_WRONG_DATA,
	    "an EC scalar with an RSA key: 6A80");
	n = rsa_body(rp, rq, riq, "AA 01 05");
	imp_refused(0x07, 0x9E, body, n, UIMKEY_SW_WRONG_DATA,
	    "PIN policy 05: 6A80");
}

static void
test_replace(void)
{
	size_t n = put_tlv(body, 0x06, d256, sizeof(d256));

	check(xsend(UIMKEY_INS_IMPORT_KEY, 0x11, 0x9D, body, n) ==
	    UIMKEY_SW_OK && meta(0x9D) == UIMKEY_SW_OK && ans[2] == 0x11 &&
	    memcmp(ans + 14, q256, 65) == 0,
	    "IMPORT over the RSA key in 9D replaces it");
	check(xsend(UIMKEY_INS_ATTEST, 0x9D, 0x00, NULL, 0) ==
	    UIMKEY_SW_WRONG_DATA, "an imported key is not attested: 6A80");
}

int
main(void)
{
	load_vectors();
	fresh_card();
	test_import_ec();
	test_import_rsa();
	test_import_rsa4096();
	test_refusals_ec();
	test_refusals_rsa();
	test_replace();
	check(secrets.scanned > 40 && secrets.leaks == 0,
	    "no answer held a window of an imported private key");
	return check_done();
}
