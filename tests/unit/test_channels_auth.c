/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Each logical channel's own security state (docs/apdu.md, "Logical
 * channels"): a PIN verified, the management key authenticated, a
 * management-key nonce waiting and PIN policy always's opening hold on
 * their channel only; SELECT and logout end them there only; a wrong
 * PIN elsewhere leaves them.  What ends them on every channel:
 * uimkey_card_clear_security, RESET, and the commands that replace the
 * PIN (RESET RETRY COUNTER, SET PIN RETRIES).
 */
#include "tests/unit/key_helpers.h"

#define HASH_LEN 32
#define NEW_PIN  "314159"

static uint8_t q9c[65];

/* expr with the APDUs on channel ch; its value. */
#define ON(ch, expr) (chan = (ch), on_result = (expr), chan = 0, on_result)
static int on_result;

static int
pin_is(unsigned ch, uint16_t want)
{
	return ON(ch, sw_of("00 20 00 80")) == want;
}

static int
pin_on(unsigned ch)
{
	return ON(ch, verify_pin());
}

static int
alive_version(unsigned ch)
{
	return ON(ch, sw_of("00 FD 00 00")) == UIMKEY_SW_OK;
}

/* PUT DATA, which needs the management key: its status word. */
static uint16_t
put_on(unsigned ch)
{
	return (uint16_t)ON(ch, sw_of("00 DB 3F FF 09 5C 03 5F C1 0D 53 02 "
	    "AA BB"));
}

/* 9A (P-256, PIN policy once) signs: the status word. */
static uint16_t
sign_9a(unsigned ch)
{
	return (uint16_t)ON(ch, sendx(UIMKEY_INS_GEN_AUTH, 0x11, 0x9A,
	    "7C 24 82 00 81 20 5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A"
	    "5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A"));
}

/* 9C (P-256, PIN policy always) signs, checked against its public key:
 * the status word (0 for a wrong signature). */
static uint16_t
sign_9c(unsigned ch)
{
	uint8_t cmd[5 + 4 + 2 + HASH_LEN + 1] = { 0x00, 0x87, 0x11, 0x9C,
	    4 + 2 + HASH_LEN, 0x7C, 2 + 2 + HASH_LEN, 0x82, 0x00, 0x81,
	    HASH_LEN };
	br_ec_public_key pk = { BR_EC_secp256r1, q9c, sizeof(q9c) };
	uint16_t sw;

	memset(cmd + 11, 0xA5, HASH_LEN);
	sw = (uint16_t)ON(ch, send_raw(cmd, sizeof(cmd)));
	if (sw != UIMKEY_SW_OK)
		return sw;
	if (rsp_len < 6 || rsp[0] != 0x7C || rsp[2] != 0x82 ||
	    br_ecdsa_i31_vrfy_asn1(br_ec_get_default(), cmd + 11, HASH_LEN,
	    &pk, rsp + 4, rsp[3]) != 1)
		return 0;
	return sw;
}

static void
setup(void)
{
	fresh_card();
	check(admin_auth(), "management key on channel 0");
	check(generate(0x9C, 0x11, "") == UIMKEY_SW_OK && ans_len == 5 + 65,
	    "P-256 in 9C (PIN policy always)");
	memcpy(q9c, ans + 5, 65);
	check(generate(0x9A, 0x11, "") == UIMKEY_SW_OK,
	    "P-256 in 9A (PIN policy once)");
	/* Channel 0 proves nothing from here on. */
	check(sw_of("00 A4 04 00 05 A0 00 00 03 08") == UIMKEY_SW_OK &&
	    sw_of("00 70 00 00 01") == UIMKEY_SW_OK && rsp[0] == 1 &&
	    sw_of("00 70 00 00 01") == UIMKEY_SW_OK && rsp[0] == 2,
	    "channels 1 and 2 open");
}

static void
test_pin(void)
{
	check(pin_on(1) && pin_is(1, 0x9000) && pin_is(2, 0x63C3) &&
	    pin_is(0, 0x63C3), "the PIN verified on 1: not on 2 nor on 0");
	check(sign_9a(2) == UIMKEY_SW_SECURITY &&
	    sign_9a(0) == UIMKEY_SW_SECURITY && sign_9a(1) == UIMKEY_SW_OK,
	    "a key of policy once signs on 1 only");
	check(pin_on(2) && ON(2, sw_of("00 A4 04 00 05 A0 00 00 03 08")) ==
	    UIMKEY_SW_OK && pin_is(2, 0x63C3) && pin_is(1, 0x9000),
	    "SELECT on 2 ends 2's verification, not 1's");
	check(pin_on(2) && ON(1, sw_of("00 20 FF 80")) == UIMKEY_SW_OK &&
	    pin_is(1, 0x63C3) && pin_is(2, 0x9000),
	    "logout on 1 ends 1's verification only");
	check(pin_on(1) && ON(2, verify("999999")) == 0x63C2 &&
	    pin_is(2, 0x63C2) && pin_is(1, 0x9000) && pin_on(2),
	    "a wrong PIN on 2 leaves 1 verified");
}

static void
test_mgmt(void)
{
	check(ON(1, admin_auth()) && put_on(1) == UIMKEY_SW_OK,
	    "the management key on 1: PUT DATA on 1");
	check(put_on(2) == UIMKEY_SW_SECURITY &&
	    put_on(0) == UIMKEY_SW_SECURITY, "not on 2 nor on 0");
	check(ON(2, sw_of("00 A4 04 00 05 A0 00 00 03 08")) == UIMKEY_SW_OK &&
	    put_on(1) == UIMKEY_SW_OK, "SELECT on 2 leaves 1's");
}

/* A management-key witness asked on 1, another on 2, then 1's answered:
 * each channel's nonce is its own. */
static void
test_nonce(void)
{
	uint8_t w1[8], w2[8], chal[8], want[8], got[8];
	int ok;

	check(ON(1, sw_of("00 A4 04 00 05 A0 00 00 03 08")) == UIMKEY_SW_OK &&
	    put_on(1) == UIMKEY_SW_SECURITY, "SELECT on 1: no management key");
	check(ON(1, ga_send(UIMKEY_ALG_3DES, 0x80, NULL, 0, 0, NULL, 0)) ==
	    UIMKEY_SW_OK && dyn_item(0x80, 8, w1), "a witness on 1");
	check(ON(2, ga_send(UIMKEY_ALG_3DES, 0x80, NULL, 0, 0, NULL, 0)) ==
	    UIMKEY_SW_OK && dyn_item(0x80, 8, w2), "a witness on 2");
	host_cipher(UIMKEY_ALG_3DES, default_mgmt, w1, 0);
	memset(chal, 0x5C, sizeof(chal));
	memcpy(want, chal, sizeof(want));
	host_cipher(UIMKEY_ALG_3DES, default_mgmt, want, 1);
	ok = ON(1, ga_send(UIMKEY_ALG_3DES, 0x80, w1, 8, 0x81, chal, 8)) ==
	    UIMKEY_SW_OK && dyn_item(0x82, 8, got) &&
	    memcmp(got, want, 8) == 0;
	check(ok && put_on(1) == UIMKEY_SW_OK,
	    "1's witness answered after 2 asked for one: authenticated");
}

static void
test_always(void)
{
	check(pin_on(1) && alive_version(2) && sign_9c(1) == UIMKEY_SW_OK,
	    "VERIFY on 1, a command on 2, 9C on 1 signs");
	check(pin_on(1) && sign_9c(2) == UIMKEY_SW_SECURITY &&
	    sign_9c(1) == UIMKEY_SW_OK,
	    "VERIFY on 1 opens nothing on 2, and 2's refusal leaves it");
	check(pin_on(1) && alive_version(1) &&
	    sign_9c(1) == UIMKEY_SW_SECURITY,
	    "a command on 1 between its VERIFY and 9C ends the opening");
	check(pin_on(1) && pin_on(2) && sign_9c(2) == UIMKEY_SW_OK &&
	    sign_9c(1) == UIMKEY_SW_OK, "each channel its own opening");
	check(pin_on(1) && ON(2, sw_of("10 A4 04 00 03 A0 00 00")) ==
	    UIMKEY_SW_OK && ON(2, sw_of("00 C0 00 00 00")) ==
	    UIMKEY_SW_CONDITIONS && sign_9c(1) == UIMKEY_SW_OK,
	    "a chain part and a refused GET RESPONSE on 2 leave 1's");
}

static void
test_wipe_all(void)
{
	check(pin_on(1) && pin_on(2) && ON(2, admin_auth()),
	    "PIN on 1 and 2, management key on 2");
	uimkey_card_clear_security(&card);
	check(pin_is(1, 0x63C3) && pin_is(2, 0x63C3) &&
	    put_on(2) == UIMKEY_SW_SECURITY,
	    "uimkey_card_clear_security: every channel's gone");
	check(pin_on(1) && pin_on(2) &&
	    reset_retry("12345678", NEW_PIN) == UIMKEY_SW_OK &&
	    pin_is(1, 0x63C3) && pin_is(2, 0x63C3),
	    "RESET RETRY COUNTER on 0: no channel keeps the old PIN");
	check(ON(1, verify(NEW_PIN)) == UIMKEY_SW_OK && admin_auth() &&
	    verify(NEW_PIN) == UIMKEY_SW_OK &&
	    sw_of("00 FA 03 03") == UIMKEY_SW_OK && pin_is(1, 0x63C3) &&
	    pin_on(1), "SET PIN RETRIES on 0: nor does 1 (the PIN is the "
	    "factory one again)");
}

/* RESET needs the PIN and the PUK blocked: last, it wipes the keys. */
static void
test_reset(void)
{
	int i, ok = 1;

	check(ON(1, admin_auth()) && put_on(1) == UIMKEY_SW_OK,
	    "the management key on 1");
	for (i = 0; i < 3; i++) {
		ok &= verify("999999") != UIMKEY_SW_OK;
		ok &= change_ref(UIMKEY_REF_PUK, "99999999", "87654321") !=
		    UIMKEY_SW_OK;
	}
	check(ok && put_on(1) == UIMKEY_SW_OK,
	    "PIN and PUK blocked on 0; 1 still authenticated");
	check(sw_of("00 FB 00 00") == UIMKEY_SW_OK &&
	    put_on(1) == UIMKEY_SW_SECURITY, "RESET on 0 ends 1's too");
}

int
main(void)
{
	setup();
	test_pin();
	test_mgmt();
	test_nonce();
	test_always();
	test_wipe_all();
	test_reset();
	return check_done();
}
