/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card management key (9B): GENERAL AUTHENTICATE mutual and
 * one-sided with 3DES and AES-128/192/256, each answer checked with the
 * host's own BearSSL computation; one nonce per authentication (replays
 * fail); SET MANAGEMENT KEY and its refusals; 9B metadata.
 */
#include "tests/unit/test_auth.h"

/* Known answers, so the host side of these tests is right by itself:
 * SP 800-67 (3DES) and FIPS-197 appendix C (AES). */
static void
test_host_cipher(void)
{
	static const uint8_t k3[24] = {
		0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
		0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0x01,
		0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0x01, 0x23,
	};
	static const uint8_t c3[8] = {
		0xA8, 0x26, 0xFD, 0x8C, 0xE5, 0x3B, 0x85, 0x5F,
	};
	static const uint8_t c128[16] = {
		0x69, 0xC4, 0xE0, 0xD8, 0x6A, 0x7B, 0x04, 0x30,
		0xD8, 0xCD, 0xB7, 0x80, 0x70, 0xB4, 0xC5, 0x5A,
	};
	static const uint8_t c192[16] = {
		0xDD, 0xA9, 0x7C, 0xA4, 0x86, 0x4C, 0xDF, 0xE0,
		0x6E, 0xAF, 0x70, 0xA0, 0xEC, 0x0D, 0x71, 0x91,
	};
	static const uint8_t c256[16] = {
		0x8E, 0xA2, 0xB7, 0xCA, 0x51, 0x67, 0x45, 0xBF,
		0xEA, 0xFC, 0x49, 0x90, 0x4B, 0x49, 0x60, 0x89,
	};
	uint8_t key[32], b[16];
	unsigned i;

	memcpy(b, "The qufc", 8);
	host_cipher(UIMKEY_ALG_3DES, k3, b, 1);
	check(memcmp(b, c3, 8) == 0, "host 3DES known answer");
	for (i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	for (i = 0; i < 16; i++)
		b[i] = (uint8_t)(i * 0x11);
	host_cipher(UIMKEY_ALG_AES128, key, b, 1);
	check(memcmp(b, c128, 16) == 0, "host AES-128 known answer");
	for (i = 0; i < 16; i++)
		b[i] = (uint8_t)(i * 0x11);
	host_cipher(UIMKEY_ALG_AES192, key, b, 1);
	check(memcmp(b, c192, 16) == 0, "host AES-192 known answer");
	for (i = 0; i < 16; i++)
		b[i] = (uint8_t)(i * 0x11);
	host_cipher(UIMKEY_ALG_AES256, key, b, 1);
	check(memcmp(b, c256, 16) == 0, "host AES-256 known answer");
	host_cipher(UIMKEY_ALG_AES256, key, b, 0);
	check(b[1] == 0x11 && b[15] == 0xFF, "host AES-256 decrypts back");
}

static void
test_default_3des(void)
{
	uint8_t w[8], c[8];
	int ok;

	fresh_card();
	check(mutual_auth(UIMKEY_ALG_3DES, default_mgmt, &ok) == 0x9000 && ok,
	    "3DES mutual: witness accepted, card's answer right");
	check(uk_auth_admin(&card) == 0x9000, "admin authenticated");
	uimkey_card_reset(&card);
	check(uk_auth_admin(&card) == 0x6982, "reset forgets the admin");
	check(single_auth(UIMKEY_ALG_3DES, default_mgmt) == 0x9000 &&
	    uk_auth_admin(&card) == 0x9000, "3DES one-sided challenge");
	check(sw_of("00 A4 04 00 05 A0 00 00 03 08") == 0x9000 &&
	    uk_auth_admin(&card) == 0x6982, "SELECT forgets the admin");
	check(mutual_auth(0x00, default_mgmt, &ok) == 0x9000 && ok,
	    "P1 00 (older name of 3DES) works with a 3DES key");
	check(mutual_auth(UIMKEY_ALG_3DES, default_mgmt, &ok) == 0x9000,
	    "authenticating again while authenticated");

	/* Witness wrong. */
	check(ga_send(0x03, 0x80, NULL, 0, 0, NULL, 0) == 0x9000 &&
	    dyn_item(0x80, 8, w), "witness request: 7C 0A 80 08 ...");
	memset(c, 0, 8);
	check(ga_send(0x03, 0x80, c, 8, 0, NULL, 0) == 0x6982,
	    "wrong witness: 6982");
	check(uk_auth_admin(&card) == 0x6982, "a failed try drops the admin");

	/* Replay: the same right answer twice. */
	check(ga_send(0x03, 0x80, NULL, 0, 0, NULL, 0) == 0x9000 &&
	    dyn_item(0x80, 8, w), "witness request");
	host_cipher(UIMKEY_ALG_3DES, default_mgmt, w, 0);
	check(ga_send(0x03, 0x80, w, 8, 0, NULL, 0) == 0x9000 && rsp_len == 2,
	    "witness alone (no 81): 9000 without data");
	check(ga_send(0x03, 0x80, w, 8, 0, NULL, 0) == 0x6982,
	    "replayed witness: 6982");
	check(uk_auth_admin(&card) == 0x6982, "and the admin is dropped");
	check(ga_send(0x03, 0x81, NULL, 0, 0, NULL, 0) == 0x9000 &&
	    dyn_item(0x81, 8, c), "challenge request: 7C 0A 81 08 ...");
	host_cipher(UIMKEY_ALG_3DES, default_mgmt, c, 1);
	check(ga_send(0x03, 0x82, c, 8, 0, NULL, 0) == 0x9000,
	    "encrypted challenge accepted");
	check(ga_send(0x03, 0x82, c, 8, 0, NULL, 0) == 0x6982,
	    "replayed challenge answer: 6982");

	/* A wrong answer also spends the nonce. */
	check(ga_send(0x03, 0x81, NULL, 0, 0, NULL, 0) == 0x9000 &&
	    dyn_item(0x81, 8, c), "challenge request");
	host_cipher(UIMKEY_ALG_3DES, default_mgmt, c, 1);
	c[0] ^= 1;
	check(ga_send(0x03, 0x82, c, 8, 0, NULL, 0) == 0x6982, "wrong answer");
	c[0] ^= 1;
	check(ga_send(0x03, 0x82, c, 8, 0, NULL, 0) == 0x6982,
	    "the right answer after a wrong one: 6982");
}

static void
test_nonce_life(void)
{
	uint8_t w[8], c[8];

	fresh_card();
	check(ga_send(0x03, 0x80, NULL, 0, 0, NULL, 0) == 0x9000 &&
	    dyn_item(0x80, 8, w), "witness request");
	check(ga_send(0x03, 0x81, NULL, 0, 0, NULL, 0) == 0x9000 &&
	    dyn_item(0x81, 8, c), "then a challenge request");
	host_cipher(UIMKEY_ALG_3DES, default_mgmt, w, 0);
	check(ga_send(0x03, 0x80, w, 8, 0, NULL, 0) == 0x6982,
	    "the witness is forgotten by the next request");
	host_cipher(UIMKEY_ALG_3DES, default_mgmt, c, 1);
	check(ga_send(0x03, 0x82, c, 8, 0, NULL, 0) == 0x6982,
	    "and the challenge by that failed answer");

	check(ga_send(0x03, 0x81, NULL, 0, 0, NULL, 0) == 0x9000 &&
	    dyn_item(0x81, 8, c), "challenge request");
	host_cipher(UIMKEY_ALG_3DES, default_mgmt, c, 1);
	check(ga_send(0x03, 0x80, c, 8, 0, NULL, 0) == 0x6982,
	    "answering a challenge as if it were a witness: 6982");

	check(ga_send(0x03, 0x81, NULL, 0, 0, NULL, 0) == 0x9000 &&
	    dyn_item(0x81, 8, c), "challenge request");
	check(xchg("00 20 00 80", "63 C3"), "VERIFY in between");
	host_cipher(UIMKEY_ALG_3DES, default_mgmt, c, 1);
	check(ga_send(0x03, 0x82, c, 8, 0, NULL, 0) == 0x6982,
	    "an auth-area command in between forgets the challenge");

	check(ga_send(0x03, 0x81, NULL, 0, 0, NULL, 0) == 0x9000 &&
	    dyn_item(0x81, 8, c), "challenge request");
	uimkey_card_reset(&card);
	host_cipher(UIMKEY_ALG_3DES, default_mgmt, c, 1);
	check(ga_send(0x03, 0x82, c, 8, 0, NULL, 0) == 0x6982,
	    "a reset forgets the challenge");
	check(ga_send(0x03, 0x82, c, 8, 0, NULL, 0) == 0x6982,
	    "an answer with nothing asked: 6982");
}

static void
test_ga_refusals(void)
{
	fresh_card();
	check(xchg("00 87 08 9B 04 7C 02 80 00", "6A 80"),
	    "AES-128 P1 with a 3DES key: 6A80");
	check(xchg("00 87 03 9B", "6A 80"), "no data: 6A80");
	check(xchg("00 87 03 9B 04 7D 02 80 00", "6A 80"), "not 7C: 6A80");
	check(xchg("00 87 03 9B 05 7C 02 80 00 00", "6A 80"),
	    "bytes after 7C: 6A80");
	check(xchg("00 87 03 9B 04 7C 03 80 00", "6A 80"),
	    "7C longer than the data: 6A80");
	check(xchg("00 87 03 9B 04 7C 02 83 00", "6A 80"), "tag 83: 6A80");
	check(xchg("00 87 03 9B 06 7C 04 80 00 80 00", "6A 80"),
	    "80 twice: 6A80");
	check(xchg("00 87 03 9B 06 7C 04 80 00 81 00", "6A 80"),
	    "80 and 81 both empty: 6A80");
	check(xchg("00 87 03 9B 09 7C 07 80 05 01 02 03 04 05", "6A 80"),
	    "witness of 5 bytes: 6A80");
	check(xchg("00 87 03 9B 0C 7C 0A 82 08 01 02 03 04 05 06 07 08",
	    "69 82"), "well-formed answer with nothing asked: 6982");
	check(uk_auth_admin(&card) == 0x6982, "nothing granted");
}

/* SET MANAGEMENT KEY: 00 FF FF FF, alg 9B len key. */
static uint16_t
set_key(uint8_t alg, const uint8_t *key, size_t len)
{
	uint8_t cmd[5 + 3 + 32] = { 0x00, 0xFF, 0xFF, 0xFF };

	cmd[4] = (uint8_t)(3 + len);
	cmd[5] = alg;
	cmd[6] = 0x9B;
	cmd[7] = (uint8_t)len;
	memcpy(cmd + 8, key, len);
	return send_raw(cmd, 8 + len);
}

static void
test_new_key(uint8_t alg, const char *name)
{
	uint8_t key[32], w[16];
	size_t n = host_key_len(alg), b = host_block(alg), i;
	char label[128];
	int ok;

	for (i = 0; i < n; i++)
		key[i] = (uint8_t)(0x40 + 7 * i + alg);
	admin_default();
	snprintf(label, sizeof(label), "SET MANAGEMENT KEY %s", name);
	check(set_key(alg, key, n) == 0x9000, label);
	check(uk_auth_admin(&card) == 0x9000, "still authenticated after");
	snprintf(label, sizeof(label), "%s mutual authentication", name);
	check(mutual_auth(alg, key, &ok) == 0x9000 && ok, label);
	snprintf(label, sizeof(label), "%s one-sided authentication", name);
	check(single_auth(alg, key) == 0x9000 &&
	    uk_auth_admin(&card) == 0x9000, label);
	snprintf(label, sizeof(label), "%s: witness is one block (%u)", name,
	    (unsigned)b);
	check(ga_send(alg, 0x80, NULL, 0, 0, NULL, 0) == 0x9000 &&
	    dyn_item(0x80, b, w), label);
	check(mutual_auth(UIMKEY_ALG_3DES, default_mgmt, &ok) ==
	    (alg == UIMKEY_ALG_3DES ? 0x6982 : 0x6A80) && !ok,
	    "the default key no longer works");
	check(uk_auth_admin(&card) == (alg == UIMKEY_ALG_3DES ? 0x6982 :
	    0x9000), "an alg mismatch (6A80) leaves the admin, a failure drops it");
	key[0] ^= 0x10;
	check(mutual_auth(alg, key, &ok) == 0x6982 &&
	    uk_auth_admin(&card) == 0x6982, "a wrong key of that alg: 6982");
	key[0] ^= 0x10;
	check(mutual_auth(alg, key, &ok) == 0x9000 && ok, "right key again");
	/* Back to a 3DES key the default would not be refused as weak. */
	fresh_card();
}

static void
test_set_key(void)
{
	static const uint8_t weak12[24] = {
		1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8,
		9, 9, 9, 9, 9, 9, 9, 9,
	};
	static const uint8_t weak23[24] = {
		9, 9, 9, 9, 9, 9, 9, 9, 1, 2, 3, 4, 5, 6, 7, 8,
		0, 3, 2, 5, 4, 7, 6, 9,     /* K3 = K2 but for parity bits */
	};
	static const uint8_t two_key[24] = {
		1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 9, 9, 9, 9, 9,
		1, 2, 3, 4, 5, 6, 7, 8,
	};
	uint8_t *photo;

	fresh_card();
	photo = store_photo();
	check(set_key(UIMKEY_ALG_AES128, two_key, 16) == 0x6982,
	    "SET MANAGEMENT KEY without the admin: 6982");
	admin_default();
	check(xchg("00 FF FF FE 13 08 9B 10 00 01 02 03 04 05 06 07 08 09 "
	    "0A 0B 0C 0D 0E 0F", "6A 86"), "P2 FE (touch) is 6A86");
	check(xchg("00 FF 00 FF 13 08 9B 10 00 01 02 03 04 05 06 07 08 09 "
	    "0A 0B 0C 0D 0E 0F", "6A 86"), "P1 00 is 6A86");
	check(xchg("00 FF FF FF 13 04 9B 10 00 01 02 03 04 05 06 07 08 09 "
	    "0A 0B 0C 0D 0E 0F", "6A 80"), "alg 04 is 6A80");
	check(xchg("00 FF FF FF 13 08 9A 10 00 01 02 03 04 05 06 07 08 09 "
	    "0A 0B 0C 0D 0E 0F", "6A 80"), "tag 9A instead of 9B is 6A80");
	check(xchg("00 FF FF FF 13 0A 9B 10 00 01 02 03 04 05 06 07 08 09 "
	    "0A 0B 0C 0D 0E 0F", "6A 80"), "AES-192 with 16 bytes is 6A80");
	check(xchg("00 FF FF FF 12 08 9B 10 00 01 02 03 04 05 06 07 08 09 "
	    "0A 0B 0C 0D 0E", "6A 80"), "length byte says more than sent: 6A80");
	check(xchg("00 FF FF FF 14 08 9B 10 00 01 02 03 04 05 06 07 08 09 "
	    "0A 0B 0C 0D 0E 0F 10", "6A 80"), "a byte too many: 6A80");
	check(xchg("00 FF FF FF 02 08 9B", "6A 80"), "no key: 6A80");
	check(set_key(UIMKEY_ALG_3DES, weak12, 24) == 0x6A80,
	    "3DES with K1 = K2 (single DES) is 6A80");
	check(set_key(UIMKEY_ALG_3DES, weak23, 24) == 0x6A80,
	    "3DES with K2 = K3 up to parity is 6A80");
	check(set_key(UIMKEY_ALG_3DES, default_mgmt, 24) == 0x6A80,
	    "the default key (K1 = K2 = K3) is 6A80 too");
	check(store_same(photo), "refusals wrote nothing");
	check(xchg("00 F7 00 9B", "01 01 03 02 02 01 01 05 01 01 90 00"),
	    "metadata still the default key");

	check(set_key(UIMKEY_ALG_3DES, two_key, 24) == 0x9000,
	    "two-key 3DES (K1 = K3) is accepted");
	check(xchg("00 F7 00 9B", "01 01 03 02 02 01 01 05 01 00 90 00"),
	    "metadata: 3DES, not default");
	fresh_card();
	test_new_key(UIMKEY_ALG_3DES, "3DES");
	test_new_key(UIMKEY_ALG_AES128, "AES-128");
	test_new_key(UIMKEY_ALG_AES192, "AES-192");
	test_new_key(UIMKEY_ALG_AES256, "AES-256");

	admin_default();
	check(set_key(UIMKEY_ALG_AES256, two_key, 24) == 0x6A80,
	    "AES-256 with 24 bytes is 6A80");
	check(set_key(UIMKEY_ALG_AES192, two_key, 24) == 0x9000 &&
	    xchg("00 F7 00 9B", "01 01 0A 02 02 01 01 05 01 00 90 00"),
	    "metadata: AES-192, not default");
	check(xchg("00 87 03 9B 04 7C 02 80 00", "6A 80") &&
	    xchg("00 87 00 9B 04 7C 02 81 00", "6A 80"),
	    "3DES P1 (03 or 00) with an AES key: 6A80");
	spy_arm(1, 0);
	check(set_key(UIMKEY_ALG_AES128, two_key, 16) == 0x6581,
	    "failing store: 6581");
	check(xchg("00 F7 00 9B", "01 01 0A 02 02 01 01 05 01 00 90 00"),
	    "and the key did not change");
}

int
main(void)
{
	test_host_cipher();
	test_default_3des();
	test_nonce_life();
	test_ga_refusals();
	test_set_key();
	free(spy);
	return check_done();
}
