/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PIN policy "always": a VERIFY opens the next command and only that one.
 * A key of that policy signs when its GENERAL AUTHENTICATE comes right
 * after the VERIFY; anything in between ends the opening: GET DATA,
 * SELECT (also of another AID), GET VERSION, a VERIFY status query, a
 * command the card refuses (unknown INS, malformed APDU, GET RESPONSE
 * with nothing pending), a chain started and abandoned, a refused GENERAL
 * AUTHENTICATE.  The operation's own chained parts and the GET RESPONSE
 * of its answer belong to it (RSA-2048 in short APDUs).  Keys of policy
 * "once" are not affected.  Every APDU here is a short one, sent as a
 * client would.
 */
#include "tests/unit/key_helpers.h"

#define HASH_LEN   32
#define RSA_BYTES  256

static uint8_t q9c[65], n82[RSA_BYTES];

/* VERIFY with the factory PIN: 1 when it worked. */
static int
v(void)
{
	return verify("123456") == UIMKEY_SW_OK;
}

/* 9C (P-256, always) signs a fixed hash: the status word; a 9000 is
 * checked against 9C's public key. */
static uint16_t
sign_9c(void)
{
	uint8_t cmd[5 + 4 + 2 + HASH_LEN + 1] = { 0x00, 0x87, 0x11, 0x9C,
	    4 + 2 + HASH_LEN, 0x7C, 2 + 2 + HASH_LEN, 0x82, 0x00, 0x81,
	    HASH_LEN };
	br_ec_public_key pk = { BR_EC_secp256r1, q9c, sizeof(q9c) };
	uint16_t sw;

	memset(cmd + 11, 0xA5, HASH_LEN);
	sw = send_raw(cmd, sizeof(cmd));
	if (sw != UIMKEY_SW_OK)
		return sw;
	if (rsp_len < 6 || rsp[0] != 0x7C || rsp[2] != 0x82 ||
	    br_ecdsa_i31_vrfy_asn1(br_ec_get_default(), cmd + 11, HASH_LEN, &pk,
	    rsp + 4, rsp[3]) != 1)
		return 0;
	return sw;
}

/* The same with 9A (P-256, once). */
static uint16_t
sign_9a(void)
{
	return sendx(UIMKEY_INS_GEN_AUTH, 0x11, 0x9A,
	    "7C 24 82 00 81 20 5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A"
	    "5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A");
}

/* VERIFY, then the APDU in hex, then 9C: its status word. */
static uint16_t
between(const char *hex)
{
	uint8_t a[300];
	size_t n = hex_parse(hex, a, sizeof(a));

	if (!v())
		return 0;
	raw(a, n);
	return sign_9c();
}

/*
 * The raw RSA operation of slot 82 (RSA-2048, always) on m, in short
 * APDUs as a client without extended length sends it: the 266 bytes of
 * data in a CLA 10 part of 255 and a last part, then GET RESPONSE for
 * the 8 bytes that follow the first 256 of the 264-byte answer.  Between
 * the parts, the APDU mid (hex, or NULL) is sent.  Returns the last
 * status word; 9000 only when m^d^e = m (BearSSL's public operation).
 */
static uint16_t
rsa_82(const uint8_t m[RSA_BYTES], const char *mid)
{
	uint8_t d[10 + RSA_BYTES], a[5 + 255 + 1], out[300], x[RSA_BYTES];
	static const uint8_t e[3] = { 0x01, 0x00, 0x01 };
	br_rsa_public_key pk = { n82, RSA_BYTES, (unsigned char *)(uintptr_t)e,
	    sizeof(e) };
	size_t n = 0, rest;
	uint16_t sw;

	memcpy(d, "\x7C\x82\x01\x06\x82\x00\x81\x82\x01\x00", 10);
	memcpy(d + 10, m, RSA_BYTES);
	memcpy(a, "\x10\x87\x07\x82\xFF", 5);
	memcpy(a + 5, d, 255);
	if ((sw = raw(a, 5 + 255)) != UIMKEY_SW_OK)
		return sw;
	if (mid != NULL) {
		uint8_t b[64];
		raw(b, hex_parse(mid, b, sizeof(b)));
	}
	rest = sizeof(d) - 255;
	memcpy(a, "\x00\x87\x07\x82", 4);
	a[4] = (uint8_t)rest;
	memcpy(a + 5, d + 255, rest);
	a[5 + rest] = 0x00;
	sw = raw(a, 5 + rest + 1);
	if (sw != 0x6108 || rsp_len != 258)
		return sw;
	memcpy(out, rsp, 256);
	n = 256;
	if ((sw = raw((const uint8_t *)"\x00\xC0\x00\x00\x08", 5)) !=
	    UIMKEY_SW_OK || rsp_len != 10)
		return sw == UIMKEY_SW_OK ? 0 : sw;
	memcpy(out + n, rsp, 8);
	/* 7C 82 01 04 82 82 01 00 result */
	if (memcmp(out, "\x7C\x82\x01\x04\x82\x82\x01\x00", 8) != 0)
		return 0;
	memcpy(x, out + 8, RSA_BYTES);
	if (!br_rsa_i31_public(x, RSA_BYTES, &pk) ||
	    memcmp(x, m, RSA_BYTES) != 0)
		return 0;
	return UIMKEY_SW_OK;
}

static void
setup(void)
{
	fresh_card();
	check(admin_auth(), "management key");
	check(generate(0x9C, 0x11, "") == UIMKEY_SW_OK && ans_len == 5 + 65,
	    "P-256 in 9C (default PIN policy always)");
	memcpy(q9c, ans + 5, 65);
	check(generate(0x82, 0x07, "AA 01 03") == UIMKEY_SW_OK &&
	    ans_len > 9 + RSA_BYTES, "RSA-2048 in 82, PIN policy always");
	memcpy(n82, ans + 9, RSA_BYTES);
	check(generate(0x9A, 0x11, "") == UIMKEY_SW_OK,
	    "P-256 in 9A (policy once)");
}

static void
test_next_command(void)
{
	check(sign_9c() == UIMKEY_SW_SECURITY, "9C without VERIFY: 6982");
	check(v() && sign_9c() == UIMKEY_SW_OK,
	    "VERIFY, then 9C at once: signed");
	check(sign_9c() == UIMKEY_SW_SECURITY,
	    "9C again without a new VERIFY: 6982");
	check(v() && v() && sign_9c() == UIMKEY_SW_OK,
	    "VERIFY twice, then 9C: the last VERIFY opens it");
	check(v() && sign_9a() == UIMKEY_SW_OK && sign_9c() ==
	    UIMKEY_SW_SECURITY, "VERIFY, a 9A signature, then 9C: 6982");
	check(between("00 CB 3F FF 03 5C 01 7E 00") == UIMKEY_SW_SECURITY,
	    "VERIFY, GET DATA (Discovery), then 9C: 6982");
	check(between("00 FD 00 00") == UIMKEY_SW_SECURITY,
	    "VERIFY, GET VERSION, then 9C: 6982");
	check(between("00 20 00 80") == UIMKEY_SW_SECURITY,
	    "VERIFY, a VERIFY status query (no data, 9000), then 9C: 6982");
	check(between("00 A4 04 00 05 A0 00 00 03 09") == UIMKEY_SW_SECURITY &&
	    sign_9a() == UIMKEY_SW_OK, "VERIFY, SELECT of another AID (6A82, "
	    "nothing else changes: 9A still signs), then 9C: 6982");
	check(between("00 A4 04 00 05 A0 00 00 03 08") == UIMKEY_SW_SECURITY,
	    "VERIFY, SELECT PIV, then 9C: 6982");
	check(between("00 10 00 00") == UIMKEY_SW_SECURITY,
	    "VERIFY, an unknown INS (6D00), then 9C: 6982");
	check(between("00 87 11") == UIMKEY_SW_SECURITY,
	    "VERIFY, a malformed APDU (6700), then 9C: 6982");
	check(between("00 C0 00 00 00") == UIMKEY_SW_SECURITY,
	    "VERIFY, GET RESPONSE with nothing pending (6985), then 9C: 6982");
	check(between("10 DB 3F FF 03 5C 03 5F") == UIMKEY_SW_SECURITY,
	    "VERIFY, a chain part of PUT DATA, then 9C (the chain abandoned): "
	    "6982");
	check(between("00 87 11 9C 06 7C 04 82 00 85 00") == UIMKEY_SW_SECURITY,
	    "VERIFY, a refused GENERAL AUTHENTICATE of 9C (6A80), then 9C: "
	    "6982");
	check(v() && sign_9a() == UIMKEY_SW_OK && sign_9a() == UIMKEY_SW_OK,
	    "policy once: 9A signs any number of times after one VERIFY");
}

static void
test_chained_operation(void)
{
	uint8_t m[RSA_BYTES];

	memset(m, 0x3C, sizeof(m));
	m[0] = 0x00;
	check(rsa_82(m, NULL) == UIMKEY_SW_SECURITY,
	    "RSA 82 (always) without VERIFY: 6982");
	check(v() && rsa_82(m, NULL) == UIMKEY_SW_OK,
	    "VERIFY, then RSA 82 in two chained parts and GET RESPONSE of its "
	    "answer: done, and right (checked with the public key)");
	check(rsa_82(m, NULL) == UIMKEY_SW_SECURITY,
	    "RSA 82 again without a new VERIFY: 6982");
	check(v() && rsa_82(m, "00 C0 00 00 00") == UIMKEY_SW_SECURITY,
	    "VERIFY, the first part, a GET RESPONSE in between (6985), the "
	    "last part: 6982");
	check(v() && rsa_82(m, "00 CB 3F FF 03 5C 01 7E 00") ==
	    UIMKEY_SW_WRONG_DATA, "VERIFY, the first part, GET DATA in "
	    "between (the chain abandoned), the last part alone: 6A80");
	check(rsa_82(m, NULL) == UIMKEY_SW_SECURITY,
	    "...and the VERIFY is spent: 6982");
	check(v() && rsa_82(m, NULL) == UIMKEY_SW_OK,
	    "VERIFY, the chained operation undisturbed: done");
}

int
main(void)
{
	setup();
	test_next_command();
	test_chained_operation();
	return check_done();
}
