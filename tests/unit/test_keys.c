/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The keys area with EC keys: GENERATE, GENERAL AUTHENTICATE (ECDSA and
 * ECDH, checked with BearSSL computing independently), PIN policies,
 * GET METADATA, and every refusal with its exact status word and an
 * unchanged store.  RSA: test_keys_rsa.c; IMPORT: test_keys_import.c;
 * MOVE/DELETE: test_keys_move.c.
 */
#include "tests/unit/key_helpers.h"
#include "tests/support/test_device.h"

static uint8_t q256[65], q384[97];

static int
ecdsa_ok(const uint8_t *q, size_t qlen, const uint8_t *hash, size_t hlen,
    const uint8_t *sig, size_t slen)
{
	br_ec_public_key pk;

	pk.curve = qlen == 65 ? BR_EC_secp256r1 : BR_EC_secp384r1;
	pk.q = (unsigned char *)(uintptr_t)q;
	pk.qlen = qlen;
	return br_ecdsa_i31_vrfy_asn1(&br_ec_all_m31, hash, hlen, &pk, sig,
	    slen) == 1;
}

static void
test_generate_needs_admin(void)
{
	snapshot();
	check(refused(generate(0x9A, UIMKEY_ALG_ECCP256, ""),
	    UIMKEY_SW_SECURITY), "GENERATE without the management key: 6982");
	check(admin_auth(), "management key authenticated");
}

static void
test_generate_ec(void)
{
	double t0 = now_ms();

	check(generate(0x9A, UIMKEY_ALG_ECCP256, "") == UIMKEY_SW_OK &&
	    ans_len == 70 && memcmp(ans, "\x7F\x49\x43\x86\x41\x04", 6) == 0,
	    "GENERATE P-256 in 9A answers 7F49 { 86 04 X Y }");
	printf("# keygen P-256: %.1f ms\n", now_ms() - t0);
	memcpy(q256, ans + 5, sizeof(q256));
	check(meta(0x9A) == UIMKEY_SW_OK && ans_len == 14 + 65 &&
	    memcmp(ans, "\x01\x01\x11\x02\x02\x02\x01\x03\x01\x01\x04\x43\x86"
	    "\x41", 14) == 0 && memcmp(ans + 14, q256, 65) == 0,
	    "metadata 9A: P-256, ONCE/NEVER, generated, the same point");
	t0 = now_ms();
	check(generate(0x9C, UIMKEY_ALG_ECCP384, "") == UIMKEY_SW_OK &&
	    ans_len == 102 && memcmp(ans, "\x7F\x49\x63\x86\x61\x04", 6) == 0,
	    "GENERATE P-384 in 9C answers 7F49 { 86 04 X Y }");
	printf("# keygen P-384: %.1f ms\n", now_ms() - t0);
	memcpy(q384, ans + 5, sizeof(q384));
	check(meta(0x9C) == UIMKEY_SW_OK &&
	    memcmp(ans, "\x01\x01\x14\x02\x02\x03\x01\x03\x01\x01\x04\x63", 12)
	    == 0 && memcmp(ans + 14, q384, 97) == 0,
	    "metadata 9C: P-384, default PIN policy ALWAYS");
}

static void
test_sign_p256(void)
{
	uint8_t h[64], sig[128];
	size_t n, i;

	for (i = 0; i < sizeof(h); i++)
		h[i] = (uint8_t)(0xA0 + i);
	uimkey_card_reset(&card);
	check(key_op(0x11, 0x9A, 0x81, h, 32, sig, &n) == UIMKEY_SW_SECURITY &&
	    ans_len == 0, "ONCE: signing before VERIFY is 6982");
	check(verify_pin(), "VERIFY PIN");
	check(key_op(0x11, 0x9A, 0x81, h, 32, sig, &n) == UIMKEY_SW_OK &&
	    sig[0] == 0x30 && ecdsa_ok(q256, 65, h, 32, sig, n),
	    "P-256 signature (DER) verifies with BearSSL");
	check(key_op(0x11, 0x9A, 0x81, h, 64, sig, &n) == UIMKEY_SW_OK &&
	    ecdsa_ok(q256, 65, h, 32, sig, n),
	    "a 64-byte hash is cut to its leftmost 32 bytes");
	check(key_op(0x11, 0x9A, 0x81, h, 20, sig, &n) == UIMKEY_SW_OK &&
	    ecdsa_ok(q256, 65, h, 20, sig, n),
	    "a 20-byte hash is signed as the number it is");
	check(key_op(0x11, 0x9A, 0x81, h, 32, sig, &n) == UIMKEY_SW_OK,
	    "ONCE: the key stays usable after one VERIFY");
}

static void
test_sign_p384_always(void)
{
	uint8_t h[48], sig[128];
	size_t n;

	memset(h, 0x5C, sizeof(h));
	uimkey_card_reset(&card);
	check(key_op(0x14, 0x9C, 0x81, h, 48, sig, &n) == UIMKEY_SW_SECURITY,
	    "ALWAYS: signing before VERIFY is 6982");
	check(verify_pin(), "VERIFY PIN");
	check(key_op(0x14, 0x9C, 0x81, h, 48, sig, &n) == UIMKEY_SW_OK &&
	    ecdsa_ok(q384, 97, h, 48, sig, n),
	    "P-384 signature verifies with BearSSL");
	check(key_op(0x14, 0x9C, 0x81, h, 48, sig, &n) == UIMKEY_SW_SECURITY,
	    "ALWAYS: the second use needs a new VERIFY");
	check(verify_pin() && key_op(0x14, 0x9C, 0x81, h, 48, sig, &n) ==
	    UIMKEY_SW_OK, "ALWAYS: VERIFY again, and it signs again");
}

/* A peer key made by BearSSL with its own DRBG. */
static size_t
peer_key(int curve, uint8_t *d, uint8_t *q)
{
	br_hmac_drbg_context drbg;
	br_ec_private_key sk;
	size_t n;

	br_hmac_drbg_init(&drbg, &br_sha256_vtable, "peer", 4);
	n = br_ec_keygen(&drbg.vtable, &br_ec_all_m31, &sk, d, curve);
	return br_ec_compute_pub(&br_ec_all_m31, NULL, q, &sk) + 0 * n;
}

static void
test_ecdh(void)
{
	uint8_t d[72], q[145], mine[97], out[128];
	size_t ql, n;

	ql = peer_key(BR_EC_secp256r1, d, q);
	memcpy(mine, q256, 65);
	br_ec_all_m31.mul(mine, 65, d, 32, BR_EC_secp256r1);
	check(key_op(0x11, 0x9A, 0x85, q, ql, out, &n) == UIMKEY_SW_OK &&
	    n == 32 && memcmp(out, mine + 1, 32) == 0,
	    "ECDH P-256: the card's X equals BearSSL's from the other side");
	ql = peer_key(BR_EC_secp384r1, d, q);
	memcpy(mine, q384, 97);
	br_ec_all_m31.mul(mine, 97, d, 48, BR_EC_secp384r1);
	check(verify_pin() && key_op(0x14, 0x9C, 0x85, q, ql, out, &n) ==
	    UIMKEY_SW_OK && n == 48 && memcmp(out, mine + 1, 48) == 0,
	    "ECDH P-384 agrees with BearSSL");
	check(verify_pin(), "VERIFY PIN");
	q[96] ^= 1;
	check(key_op(0x14, 0x9C, 0x85, q, ql, out, &n) == UIMKEY_SW_WRONG_DATA,
	    "ECDH with a point off the curve: 6A80");
	q[96] ^= 1;
	check(key_op(0x14, 0x9C, 0x85, q, ql, out, &n) == UIMKEY_SW_SECURITY,
	    "the refused request was the command the VERIFY opened: the "
	    "next one is 6982 (policy always)");
	q[0] = 0x02;
	check(key_op(0x14, 0x9C, 0x85, q, 49, out, &n) == UIMKEY_SW_WRONG_DATA,
	    "ECDH with a compressed point: 6A80");
	q[0] = 0x04;
	check(verify_pin() && key_op(0x14, 0x9C, 0x85, q, ql, out, &n) ==
	    UIMKEY_SW_OK, "VERIFY again, then the right request: 9000");
	check(key_op(0x11, 0x9A, 0x85, q, ql, out, &n) == UIMKEY_SW_WRONG_DATA,
	    "a P-384 point to a P-256 key: 6A80");
}

/* A command's data, refused with 6A80, and the check's name. */
struct bad_data {
	const char *name, *data;
};

#define COUNT(cases) (sizeof(cases) / sizeof((cases)[0]))

/* From a snapshot each: INS P1 P2 with each case's data is 6A80. */
static void
check_bad_data(uint8_t ins, uint8_t p1, uint8_t p2, const struct bad_data *c,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		check_refused(ins, p1, p2, c[i].data, UIMKEY_SW_WRONG_DATA,
		    c[i].name);
}

static void
ga_refused(const char *data, uint8_t alg, uint8_t slot, uint16_t want,
    const char *name)
{
	check_refused(UIMKEY_INS_GEN_AUTH, alg, slot, data, want, name);
}

#define H32 "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF"

/* GENERAL AUTHENTICATE data that is no signing request (P-256, 9A). */
static const struct bad_data bad_ga_data[] = {
	{ "no 82 (response asked for): 6A80", "7C 22 81 20" H32 },
	{ "82 that is not empty: 6A80", "7C 25 82 01 00 81 20" H32 },
	{ "bytes after the 7C template: 6A80", "7C 24 82 00 81 20" H32 "00" },
	{ "no 7C template: 6A80", "7D 24 82 00 81 20" H32 },
	{ "empty 81: 6A80", "7C 04 82 00 81 00" },
	{ "both 81 and 85: 6A80", "7C 28 82 00 81 20" H32 "85 02 04 00" },
	{ "a witness (80) for a private key: 6A80",
	    "7C 26 82 00 80 00 81 20" H32 },
	{ "no data: 6A80", "" },
};

static void
test_use_refusals(void)
{
	check(verify_pin(), "VERIFY PIN");
	ga_refused("7C 24 82 00 81 20" H32, 0x14, 0x9A, UIMKEY_SW_WRONG_DATA,
	    "algorithm P1 other than the slot's: 6A80");
	ga_refused("7C 24 82 00 81 20" H32, 0x11, 0x95, UIMKEY_SW_REF_NOT_FOUND,
	    "empty slot: 6A88");
	ga_refused("7C 24 82 00 81 20" H32, 0x11, 0xF9, UIMKEY_SW_WRONG_P1P2,
	    "the attestation key F9 is not for GENERAL AUTHENTICATE: 6A86");
	ga_refused("7C 24 82 00 81 20" H32, 0x11, 0x01, UIMKEY_SW_WRONG_P1P2,
	    "no such key reference: 6A86");
	check_bad_data(UIMKEY_INS_GEN_AUTH, 0x11, 0x9A, bad_ga_data,
	    COUNT(bad_ga_data));
}

static void
gen_refused(uint8_t p1, uint8_t slot, const char *data, uint16_t want,
    const char *name)
{
	check_refused(UIMKEY_INS_GEN_KEY, p1, slot, data, want, name);
}

/* GENERATE templates refused in 9A. */
static const struct bad_data bad_gen_data[] = {
	{ "RSA 1024 is refused: 6A80", "AC 03 80 01 06" },
	{ "3DES is no key pair: 6A80", "AC 03 80 01 03" },
	{ "unknown algorithm: 6A80", "AC 03 80 01 15" },
	{ "no data: 6A80", "" },
	{ "no algorithm: 6A80", "AC 00" },
	{ "algorithm of 2 bytes: 6A80", "AC 04 80 02 11 11" },
	{ "bytes after the template: 6A80", "AC 03 80 01 11 00" },
	{ "another template tag: 6A80", "AD 03 80 01 11" },
	{ "PIN policy 04 (match once: no biometrics): 6A80",
	    "AC 06 80 01 11 AA 01 04" },
	{ "PIN policy of 2 bytes: 6A80", "AC 07 80 01 11 AA 02 01 01" },
	{ "touch ALWAYS (no touch sensor): 6A80", "AC 06 80 01 11 AB 01 02" },
	{ "touch CACHED: 6A80", "AC 06 80 01 11 AB 01 03" },
};

static void
test_generate_refusals(void)
{
	check(admin_auth(), "management key authenticated");
	gen_refused(0, 0xF9, "AC 03 80 01 11", UIMKEY_SW_WRONG_P1P2,
	    "GENERATE in F9: 6A86");
	gen_refused(0, 0x9B, "AC 03 80 01 11", UIMKEY_SW_WRONG_P1P2,
	    "GENERATE in 9B: 6A86");
	gen_refused(0, 0x01, "AC 03 80 01 11", UIMKEY_SW_WRONG_P1P2,
	    "GENERATE in no slot: 6A86");
	gen_refused(1, 0x9A, "AC 03 80 01 11", UIMKEY_SW_WRONG_P1P2,
	    "GENERATE with P1 01: 6A86");
	check_bad_data(UIMKEY_INS_GEN_KEY, 0, 0x9A, bad_gen_data,
	    COUNT(bad_gen_data));
	check(meta(0x9A) == UIMKEY_SW_OK && memcmp(ans + 14, q256, 65) == 0,
	    "after the refusals 9A holds its key");
}

static void
test_policies(void)
{
	uint8_t h[32], sig[128];
	size_t n;

	memset(h, 1, sizeof(h));
	check(admin_auth() && generate(0x82, 0x11, "AA 01 01 AB 01 01") ==
	    UIMKEY_SW_OK && meta(0x82) == UIMKEY_SW_OK &&
	    memcmp(ans + 3, "\x02\x02\x01\x01\x03\x01\x01", 7) == 0,
	    "PIN policy NEVER and touch NEVER asked for are stored");
	check(generate(0x9E, 0x11, "AA 01 00 AB 01 00") == UIMKEY_SW_OK &&
	    meta(0x9E) == UIMKEY_SW_OK &&
	    memcmp(ans + 3, "\x02\x02\x01\x01", 4) == 0,
	    "9E defaults to PIN policy NEVER");
	check(generate(0x9D, 0x11, "AA 01 03") == UIMKEY_SW_OK &&
	    meta(0x9D) == UIMKEY_SW_OK &&
	    memcmp(ans + 3, "\x02\x02\x03\x01", 4) == 0,
	    "PIN policy ALWAYS asked for in 9D");
	uimkey_card_reset(&card);
	check(key_op(0x11, 0x82, 0x81, h, 32, sig, &n) == UIMKEY_SW_OK &&
	    key_op(0x11, 0x9E, 0x81, h, 32, sig, &n) == UIMKEY_SW_OK,
	    "NEVER: the keys sign without any VERIFY");
	check(key_op(0x11, 0x9D, 0x81, h, 32, sig, &n) == UIMKEY_SW_SECURITY,
	    "while ALWAYS in 9D needs one");
}

static void
test_metadata(void)
{
	snapshot();
	check(refused(xsend(UIMKEY_INS_GET_METADATA, 1, 0x9A, NULL, 0),
	    UIMKEY_SW_WRONG_P1P2), "metadata with P1 01: 6A86");
	check(refused(meta(0x01), UIMKEY_SW_WRONG_P1P2),
	    "metadata of no key reference: 6A86");
	check(refused(meta(0x95), UIMKEY_SW_REF_NOT_FOUND),
	    "metadata of an empty slot: 6A88");
	check(refused(sendx(UIMKEY_INS_GET_METADATA, 0, 0x9A, "00"),
	    UIMKEY_SW_WRONG_LENGTH), "metadata with data: 6700");
	check(meta(0xF9) == UIMKEY_SW_OK && ans_len == 79 &&
	    memcmp(ans, "\x01\x01\x11\x02\x02\x01\x01\x03\x01\x01\x04\x43", 12)
	    == 0, "metadata F9: the factory's P-256 key, NEVER, generated");
}

static void
test_store_failures(void)
{
	check(admin_auth(), "management key authenticated");
	store.fail_sync = 1;
	check(generate(0x9A, UIMKEY_ALG_ECCP256, "") ==
	    UIMKEY_SW_MEMORY_FAILURE && ans_len == 0,
	    "a commit that fails answers 6581 and no key");
	store.fail_sync = 0;
	check(meta(0x9A) == UIMKEY_SW_OK && memcmp(ans + 14, q256, 65) == 0,
	    "and the slot keeps its old key");
	check(uimkey_card_init(&card, &store.vtable, &rng.vtable,
	    test_device_default()) ==
	    UIMKEY_CARD_OK, "the store opens again");
	uimkey_card_power_on(&card);
	check(meta(0x9A) == UIMKEY_SW_OK && memcmp(ans + 14, q256, 65) == 0 &&
	    meta(0x9C) == UIMKEY_SW_OK && memcmp(ans + 14, q384, 97) == 0,
	    "keys survive a restart");
}

static void
test_replace(void)
{
	check(admin_auth() && generate(0x9A, 0x14, "") == UIMKEY_SW_OK &&
	    meta(0x9A) == UIMKEY_SW_OK && ans[2] == 0x14,
	    "GENERATE over a key replaces it (here by a P-384 key)");
}

int
main(void)
{
	fresh_card();
	test_generate_needs_admin();
	test_generate_ec();
	test_sign_p256();
	test_sign_p384_always();
	test_ecdh();
	test_use_refusals();
	test_generate_refusals();
	test_policies();
	test_metadata();
	test_store_failures();
	test_replace();
	check(secrets.leaks == 0, "no answer held registered private key bytes");
	return check_done();
}
