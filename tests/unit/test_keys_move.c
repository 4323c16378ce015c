/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * MOVE KEY and DELETE KEY (00 F6 to from): a moved key keeps its
 * algorithm, policies, origin and public key and still signs; the source
 * is empty after; the destination must be empty; F9 neither moves nor is
 * deleted; every refusal leaves the store as it was.
 */
#include "tests/unit/key_helpers.h"
#include "tests/support/test_device.h"

static uint8_t meta9a[128], q[65];
static size_t meta9a_len;

static uint16_t
move(uint8_t to, uint8_t from)
{
	return xsend(UIMKEY_INS_MOVE_KEY, to, from, NULL, 0);
}

static void
mv_refused(uint8_t to, uint8_t from, uint16_t want, const char *name)
{
	snapshot();
	check(refused(move(to, from), want), name);
}

static void
test_move(void)
{
	uint8_t h[32], sig[80];
	br_ec_public_key pk = { BR_EC_secp256r1, q, sizeof(q) };
	size_t n;

	check(admin_auth() && generate(0x9A, 0x11, "") == UIMKEY_SW_OK,
	    "a P-256 key in 9A");
	memcpy(q, ans + 5, sizeof(q));
	check(meta(0x9A) == UIMKEY_SW_OK, "its metadata");
	memcpy(meta9a, ans, ans_len);
	meta9a_len = ans_len;
	uimkey_card_reset(&card);
	mv_refused(0x85, 0x9A, UIMKEY_SW_SECURITY,
	    "MOVE without the management key: 6982");
	check(admin_auth() && move(0x85, 0x9A) == UIMKEY_SW_OK && ans_len == 0,
	    "MOVE 9A to 85");
	check(meta(0x85) == UIMKEY_SW_OK && ans_len == meta9a_len &&
	    memcmp(ans, meta9a, ans_len) == 0,
	    "85 has the same metadata 9A had (policies, origin, key)");
	check(meta(0x9A) == UIMKEY_SW_REF_NOT_FOUND, "9A is empty: 6A88");
	memset(h, 0x42, sizeof(h));
	check(verify_pin() && key_op(0x11, 0x85, 0x81, h, 32, sig, &n) ==
	    UIMKEY_SW_OK && br_ecdsa_i31_vrfy_asn1(&br_ec_all_m31, h, 32, &pk,
	    sig, n) == 1, "the moved key signs in 85");
}

static void
test_refusals(void)
{
	check(generate(0x86, 0x14, "") == UIMKEY_SW_OK, "a P-384 key in 86");
	mv_refused(0x86, 0x85, UIMKEY_SW_CONDITIONS,
	    "MOVE onto a slot that holds a key: 6985");
	mv_refused(0x87, 0x9A, UIMKEY_SW_REF_NOT_FOUND,
	    "MOVE from an empty slot: 6A88");
	mv_refused(0x85, 0x85, UIMKEY_SW_WRONG_P1P2, "MOVE onto itself: 6A86");
	mv_refused(0x88, 0xF9, UIMKEY_SW_WRONG_P1P2, "MOVE F9 away: 6A86");
	mv_refused(0xF9, 0x85, UIMKEY_SW_WRONG_P1P2, "MOVE into F9: 6A86");
	mv_refused(0x9B, 0x85, UIMKEY_SW_WRONG_P1P2, "MOVE into 9B: 6A86");
	mv_refused(0x88, 0x01, UIMKEY_SW_WRONG_P1P2,
	    "MOVE from no key reference: 6A86");
	mv_refused(0xFF, 0xF9, UIMKEY_SW_WRONG_P1P2, "DELETE F9: 6A86");
	mv_refused(0xFF, 0x9A, UIMKEY_SW_REF_NOT_FOUND,
	    "DELETE an empty slot: 6A88");
	snapshot();
	check(refused(sendx(UIMKEY_INS_MOVE_KEY, 0xFF, 0x86, "00"),
	    UIMKEY_SW_WRONG_LENGTH), "DELETE with data: 6700");
	store.fail_sync = 1;
	check(move(0x87, 0x85) == UIMKEY_SW_MEMORY_FAILURE,
	    "a MOVE whose commit fails: 6581");
	store.fail_sync = 0;
	check(meta(0x85) == UIMKEY_SW_OK && memcmp(ans, meta9a, ans_len) == 0 &&
	    meta(0x87) == UIMKEY_SW_REF_NOT_FOUND,
	    "and the key is still in 85 only");
}

static void
test_delete(void)
{
	uint8_t h[48], out[128];
	size_t n;

	memset(h, 1, sizeof(h));
	check(move(0xFF, 0x86) == UIMKEY_SW_OK && ans_len == 0,
	    "DELETE the key in 86");
	check(meta(0x86) == UIMKEY_SW_REF_NOT_FOUND &&
	    key_op(0x14, 0x86, 0x81, h, 48, out, &n) == UIMKEY_SW_REF_NOT_FOUND,
	    "86 is empty: metadata and GENERAL AUTHENTICATE say 6A88");
	check(meta(0xF9) == UIMKEY_SW_OK && meta(0x85) == UIMKEY_SW_OK,
	    "F9 and 85 are untouched");
	check(uimkey_card_init(&card, &store.vtable, &rng.vtable,
	    test_device_default()) ==
	    UIMKEY_CARD_OK, "the store opens again");
	uimkey_card_power_on(&card);
	check(meta(0x85) == UIMKEY_SW_OK && meta(0x86) ==
	    UIMKEY_SW_REF_NOT_FOUND && meta(0x9A) == UIMKEY_SW_REF_NOT_FOUND,
	    "the move and the delete survive a restart");
}

int
main(void)
{
	fresh_card();
	test_move();
	test_refusals();
	test_delete();
	return check_done();
}
