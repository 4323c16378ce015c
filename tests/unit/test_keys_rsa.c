/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * RSA keys: GENERATE 2048, 3072 and 4096 (once: it is slow) and the
 * 7F49 { 81 n, 82 e } answer, the raw private operation checked with
 * BearSSL's public operation and PKCS#1 verification (signing) and by
 * deciphering what BearSSL enciphered, answers longer than a short
 * APDU through 61xx, and the refusals of data that is not one modulus
 * long or not below it.
 */
#include "tests/unit/key_helpers.h"

#define MAX_BYTES 512

typedef struct {
	uint8_t n[MAX_BYTES];
	size_t len;
	uint8_t e[3];
} rsa_pub;

static rsa_pub pub2048, pub3072, pub4096;

static br_rsa_public_key
pk_of(rsa_pub *k)
{
	br_rsa_public_key pk = { k->n, k->len, k->e, sizeof(k->e) };

	return pk;
}

/* GENERATE and take n and e from 7F49 { 81 82 LL n, 82 03 e }. */
static int
gen_rsa(uint8_t slot, uint8_t alg, size_t bytes, rsa_pub *k)
{
	double t0 = now_ms();
	size_t inner = 4 + bytes + 5;
	int ok = generate(slot, alg, "") == UIMKEY_SW_OK &&
	    ans_len == 5 + inner && ans[0] == 0x7F && ans[1] == 0x49 &&
	    ans[2] == 0x82 && (size_t)(ans[3] << 8 | ans[4]) == inner &&
	    ans[5] == 0x81 && ans[6] == 0x82 &&
	    (size_t)(ans[7] << 8 | ans[8]) == bytes && (ans[9] & 0x80) &&
	    memcmp(ans + 9 + bytes, "\x82\x03\x01\x00\x01", 5) == 0;

	printf("# keygen RSA-%zu: %.0f ms\n", bytes * 8, now_ms() - t0);
	memcpy(k->n, ans + 9, bytes);
	k->len = bytes;
	memcpy(k->e, "\x01\x00\x01", 3);
	return ok;
}

static void
test_generate(void)
{
	check(admin_auth(), "management key authenticated");
	check(gen_rsa(0x9D, UIMKEY_ALG_RSA2048, 256, &pub2048),
	    "GENERATE RSA-2048: 7F49 { 81 n (2048 bits), 82 01 00 01 }");
	check(gen_rsa(0x9A, UIMKEY_ALG_RSA3072, 384, &pub3072),
	    "GENERATE RSA-3072: 7F49 { 81 n (3072 bits), 82 01 00 01 }");
	check(gen_rsa(0x82, UIMKEY_ALG_RSA4096, 512, &pub4096),
	    "GENERATE RSA-4096: 7F49 { 81 n (4096 bits), 82 01 00 01 }");
	check(xsend(UIMKEY_INS_GET_METADATA, 0, 0x82, NULL, 0) ==
	    UIMKEY_SW_OK && ans_len == 10 + 4 + 4 + 512 + 5 &&
	    memcmp(ans, "\x01\x01\x16\x02\x02\x02\x01\x03\x01\x01\x04\x82\x02"
	    "\x09\x81\x82\x02\x00", 18) == 0 &&
	    memcmp(ans + 18, pub4096.n, 512) == 0,
	    "metadata of the RSA-4096 key in 82");
}

/* Sign the PKCS#1 v1.5 block of a SHA-256 hash; BearSSL verifies. */
static int
sign_verifies(uint8_t alg, uint8_t slot, rsa_pub *k)
{
	static const uint8_t info[] = { 0x30, 0x31, 0x30, 0x0D, 0x06, 0x09,
	    0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
	    0x04, 0x20 };
	uint8_t em[MAX_BYTES], sig[MAX_BYTES], hash[32], got[32];
	size_t t = sizeof(info) + 32, n;
	br_rsa_public_key pk = pk_of(k);

	memset(hash, 0x3C, sizeof(hash));
	memset(em, 0xFF, k->len);
	em[0] = 0;
	em[1] = 1;
	em[k->len - t - 1] = 0;
	memcpy(em + k->len - t, info, sizeof(info));
	memcpy(em + k->len - 32, hash, 32);
	if (key_op(alg, slot, 0x81, em, k->len, sig, &n) != UIMKEY_SW_OK ||
	    n != k->len)
		return 0;
	return br_rsa_i31_pkcs1_vrfy(sig, n, BR_HASH_OID_SHA256, 32, &pk,
	    got) == 1 && memcmp(got, hash, 32) == 0;
}

/* BearSSL enciphers a PKCS#1 v1.5 type 2 block; the card gives it
 * back. */
static int
decipher_ok(uint8_t alg, uint8_t slot, rsa_pub *k)
{
	uint8_t m[MAX_BYTES], c[MAX_BYTES], out[MAX_BYTES];
	br_rsa_public_key pk = pk_of(k);
	size_t i, n;

	m[0] = 0;
	m[1] = 2;
	for (i = 2; i < k->len; i++)
		m[i] = (uint8_t)(i * 7 + 1) | 1;
	m[k->len - 33] = 0;
	memcpy(c, m, k->len);
	if (br_rsa_i31_public(c, k->len, &pk) != 1)
		return 0;
	return key_op(alg, slot, 0x81, c, k->len, out, &n) == UIMKEY_SW_OK &&
	    n == k->len && memcmp(out, m, n) == 0;
}

static void
test_use(void)
{
	check(verify_pin(), "VERIFY PIN");
	check(sign_verifies(0x07, 0x9D, &pub2048),
	    "RSA-2048 raw operation makes a PKCS#1 signature BearSSL accepts");
	check(decipher_ok(0x07, 0x9D, &pub2048),
	    "RSA-2048 deciphers what BearSSL enciphered");
	check(sign_verifies(0x05, 0x9A, &pub3072) &&
	    decipher_ok(0x05, 0x9A, &pub3072), "RSA-3072 signs and deciphers");
	check(sign_verifies(0x16, 0x82, &pub4096) &&
	    decipher_ok(0x16, 0x82, &pub4096), "RSA-4096 signs and deciphers");
}

/* The RSA-2048 metadata with a short Le: 256 bytes, 61 xx, the rest. */
static void
test_short_le(void)
{
	static const uint8_t cmd[] = { 0x00, 0xF7, 0x00, 0x9D, 0x00 };
	static const uint8_t gr[] = { 0x00, 0xC0, 0x00, 0x00, 0x00 };
	uint16_t sw;

	ans_len = 0;
	sw = raw(cmd, sizeof(cmd));
	check(sw == 0x6117 && ans_len == 256, "metadata 9D: 256 bytes, 61 17");
	sw = raw(gr, sizeof(gr));
	check(sw == UIMKEY_SW_OK && ans_len == 279 &&
	    memcmp(ans + 18, pub2048.n, 256) == 0,
	    "GET RESPONSE gives the last 23 bytes");
}

static void
test_refusals(void)
{
	uint8_t d[MAX_BYTES + 1], out[MAX_BYTES];
	size_t n;

	check(verify_pin(), "VERIFY PIN");
	memset(d, 0x01, sizeof(d));
	snapshot();
	check(key_op(0x07, 0x9D, 0x81, d, 255, out, &n) ==
	    UIMKEY_SW_WRONG_DATA && unchanged(), "255 bytes to RSA-2048: 6A80");
	check(key_op(0x07, 0x9D, 0x81, d, 257, out, &n) ==
	    UIMKEY_SW_WRONG_DATA, "257 bytes to RSA-2048: 6A80");
	check(key_op(0x07, 0x9D, 0x81, pub2048.n, 256, out, &n) ==
	    UIMKEY_SW_WRONG_DATA, "the modulus itself: 6A80");
	memset(d, 0xFF, sizeof(d));
	check(key_op(0x07, 0x9D, 0x81, d, 256, out, &n) ==
	    UIMKEY_SW_WRONG_DATA, "FF..FF (above n): 6A80");
	check(key_op(0x07, 0x9D, 0x85, d, 65, out, &n) == UIMKEY_SW_WRONG_DATA,
	    "ECDH (85) with an RSA key: 6A80");
	check(key_op(0x05, 0x9D, 0x81, d, 256, out, &n) == UIMKEY_SW_WRONG_DATA,
	    "algorithm 05 for the RSA-2048 key: 6A80");
	check(unchanged() && sign_verifies(0x07, 0x9D, &pub2048),
	    "and the key still works");
}

int
main(void)
{
	fresh_card();
	test_generate();
	test_use();
	test_short_le();
	test_refusals();
	check(secrets.leaks == 0 && secrets.scanned > 10, "answers scanned");
	return check_done();
}
