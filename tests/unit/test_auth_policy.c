/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The PIN policy: SET PIN POLICY (uimkey INS 55) and its refusals,
 * minimum length, digits only, trivial values, and the change-before-
 * first-use flow through VERIFY, CHANGE REFERENCE DATA, RESET RETRY
 * COUNTER, SET PIN RETRIES and GET METADATA.
 */
#include "tests/unit/test_auth.h"

#define META_PIN(max, left, must) \
	"01 01 FF 05 01 01 06 02 " max " " left " 10 01 " must " 90 00"

/* SET PIN POLICY's refusals of a malformed command, to the admin. */
static const struct xchg_case set_policy_refusals[] = {
	{ "P1 01 is 6A86",
	    "00 55 01 00 03 01 01 08", "6A 86" },
	{ "P2 01 is 6A86",
	    "00 55 00 01 03 01 01 08", "6A 86" },
	{ "no data is 6A80",
	    "00 55 00 00", "6A 80" },
	{ "minimum 5 is 6A80",
	    "00 55 00 00 03 01 01 05", "6A 80" },
	{ "minimum 9 is 6A80",
	    "00 55 00 00 03 01 01 09", "6A 80" },
	{ "rule bit 3 is 6A80",
	    "00 55 00 00 03 02 01 08", "6A 80" },
	{ "two-byte minimum is 6A80",
	    "00 55 00 00 04 01 02 00 08", "6A 80" },
	{ "minimum twice is 6A80",
	    "00 55 00 00 06 01 01 08 01 01 07", "6A 80" },
	{ "tag 03 is 6A80",
	    "00 55 00 00 03 03 01 00", "6A 80" },
	{ "truncated TLV is 6A80",
	    "00 55 00 00 03 01 02 08", "6A 80" },
};

static void
test_set_policy(void)
{
	uint8_t *photo;

	fresh_card();
	photo = store_photo();
	check(xchg("00 55 00 00 03 01 01 08", "69 82"),
	    "SET PIN POLICY without the admin: 6982");
	admin_default();
	CHECK_XCHGS(set_policy_refusals);
	check(store_same(photo), "refusals wrote nothing");

	check(xchg("00 55 00 00 03 01 01 08", "90 00"), "minimum 8");
	check(change_ref(UIMKEY_REF_PIN, "123456", "5820391") == 0x6A80,
	    "7-digit PIN refused under minimum 8");
	check(change_ref(UIMKEY_REF_PIN, "123456", "58203917") == 0x9000,
	    "8-digit PIN accepted");
	check(xchg("00 55 00 00 03 01 01 06", "90 00"), "minimum back to 6");

	check(xchg("00 55 00 00 03 02 01 03", "90 00"),
	    "digits only + no trivial");
	check(change_ref(UIMKEY_REF_PIN, "58203917", "a1b2c3") == 0x6A80,
	    "letters refused when digits only");
	check(change_ref(UIMKEY_REF_PIN, "58203917", "58 039") == 0x6A80,
	    "a space is not a digit");
	check(change_ref(UIMKEY_REF_PIN, "58203917", "111111") == 0x6A80,
	    "111111 refused");
	check(xchg("00 55 00 00 03 02 01 02", "90 00"), "letters allowed again");
	check(change_ref(UIMKEY_REF_PIN, "58203917", "a1b2c3") == 0x9000,
	    "a1b2c3 accepted without digits only");
	check(change_ref(UIMKEY_REF_PIN, "a1b2c3", "abcdef") == 0x6A80,
	    "ascending letters refused as trivial");
	check(change_ref(UIMKEY_REF_PIN, "a1b2c3", "98765432") == 0x6A80,
	    "descending 98765432 refused");
	check(xchg("00 55 00 00 03 02 01 00", "90 00"), "no rules at all");
	check(change_ref(UIMKEY_REF_PIN, "a1b2c3", "111111") == 0x9000,
	    "111111 accepted when trivial values are allowed");
	check(change_ref(UIMKEY_REF_PIN, "111111", "123456") == 0x9000 &&
	    xchg("00 F7 00 80", "01 01 FF 05 01 01 06 02 03 03 10 01 00 90 00"),
	    "back to 123456: metadata says default again");
	check(change_ref(UIMKEY_REF_PIN, "123456", "12345") == 0x6A80,
	    "even without rules, 5 is too short");
}

static void
test_change_first(void)
{
	uint8_t *photo;

	fresh_card();
	admin_default();
	verify("123456");
	check(xchg("00 55 00 00 06 01 01 06 02 01 06", "90 00"),
	    "change-before-first-use on");
	check(uk_auth_pin(&card) == 0x6982,
	    "marking the PIN forgets its verification");
	check(xchg("00 F7 00 80", META_PIN("03", "03", "01")),
	    "metadata tag 10 says must change");
	check(verify("123456") == 0x6985, "right PIN to be changed: 6985");
	check(uk_auth_pin(&card) == 0x6982 &&
	    uk_auth_key_use(&card, UIMKEY_PIN_POLICY_ONCE) == 0x6982 &&
	    uk_auth_key_use(&card, UIMKEY_PIN_POLICY_ALWAYS) == 0x6982,
	    "and grants nothing");
	check(xchg("00 F7 00 80", META_PIN("03", "03", "01")),
	    "the try was given back");
	check(xchg("00 20 00 80", "63 C3"), "status query: not verified");
	check(verify("000000") == 0x63C2, "a wrong PIN still costs a try");
	photo = store_photo();
	check(change_ref(UIMKEY_REF_PIN, "123456", "123456") == 0x6A80,
	    "changing to the same PIN is 6A80");
	check(store_same(photo), "without a try");
	check(change_ref(UIMKEY_REF_PIN, "123456", "582039") == 0x9000,
	    "CHANGE REFERENCE clears it");
	check(xchg("00 F7 00 80",
	    "01 01 FF 05 01 00 06 02 03 03 10 01 00 90 00"),
	    "metadata: changed, not default");
	check(verify("582039") == 0x9000 &&
	    uk_auth_key_use(&card, UIMKEY_PIN_POLICY_ONCE) == 0x9000,
	    "the new PIN opens keys");

	check(xchg("00 FA 03 03", "90 00"), "SET PIN RETRIES under the rule");
	check(xchg("00 F7 00 80", META_PIN("03", "03", "01")),
	    "the default PIN it sets must be changed");
	check(verify("123456") == 0x6985, "so it opens nothing");
	check(change_ref(UIMKEY_REF_PIN, "123456", "582039") == 0x9000,
	    "changed again");

	while (verify("000001") != 0x6983)
		;
	check(reset_retry("12345678", "739164") == 0x9000,
	    "RESET RETRY under the rule");
	check(xchg("00 F7 00 80", "01 01 FF 05 01 00 06 02 03 03 10 01 01 90 00"),
	    "the PIN set with the PUK must be changed");
	check(verify("739164") == 0x6985, "and opens nothing yet");

	check(xchg("00 55 00 00 03 02 01 02", "90 00"), "rule off");
	check(xchg("00 F7 00 80", "01 01 FF 05 01 00 06 02 03 03 10 01 00 90 00"),
	    "turning the rule off clears the mark");
	check(verify("739164") == 0x9000, "the PIN now opens keys");
	check(xchg("00 55 00 00 03 01 01 07", "90 00") &&
	    xchg("00 F7 00 80", "01 01 FF 05 01 00 06 02 03 03 10 01 00 90 00") &&
	    uk_auth_pin(&card) == 0x9000,
	    "setting only the minimum leaves the mark and the PIN alone");
}

int
main(void)
{
	test_set_policy();
	test_change_first();
	free(spy);
	return check_done();
}
