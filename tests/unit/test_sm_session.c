/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Protected commands on a secure-messaging session (card/sm/, the
 * engine): a login made inside a session serves only commands carried
 * in it, never a command sent in the clear on the same channel nor one
 * on another channel; a replayed, changed or cut command ends the
 * session; answers longer than Ne come by GET RESPONSE, commands longer
 * than one APDU by chaining; PIN policy "always" opens one protected
 * command; SELECT forgets the session's login and power-off the session.
 */
#include "tests/unit/admin_fixture.h"
#include "tests/unit/sm_host.h"

static const uint8_t pin[8] = { '1', '2', '3', '4', '5', '6', 0xFF, 0xFF };
static uint8_t out[ANS_MAX];
static size_t out_len;

/* 7C { 82 00, 81 hash }, a P-256 signature request. */
static size_t
sign_request(uint8_t *d, const uint8_t *hash)
{
	uint8_t in[4 + 32];

	in[0] = 0x82;
	in[1] = 0x00;
	put_tlv(in + 2, 0x81, hash, 32);
	return put_tlv(d, 0x7C, in, sizeof(in));
}

/* A protected signature with slot's key: the inner status word. */
static uint16_t
sm_sign(struct sm_host *h, uint8_t slot)
{
	uint8_t d[64], hash[32];

	memset(hash, 0x42, sizeof(hash));
	return sm_host_cmd(h, UIMKEY_INS_GEN_AUTH, UIMKEY_ALG_ECCP256, slot,
	    d, sign_request(d, hash), out, &out_len);
}

/* The same in the clear on the current channel. */
static uint16_t
plain_sign(uint8_t slot)
{
	uint8_t d[64], hash[32];

	memset(hash, 0x42, sizeof(hash));
	return xsend(UIMKEY_INS_GEN_AUTH, UIMKEY_ALG_ECCP256, slot, d,
	    sign_request(d, hash));
}

static uint16_t
sm_verify(struct sm_host *h)
{
	return sm_host_cmd(h, UIMKEY_INS_VERIFY, 0x00, UIMKEY_REF_PIN, pin,
	    sizeof(pin), out, &out_len);
}

static uint16_t
sm_version(struct sm_host *h)
{
	return sm_host_cmd(h, UIMKEY_INS_GET_VERSION, 0, 0, NULL, 0, out,
	    &out_len);
}

/* Slot 9A (PIN once) and 9C (PIN always) get P-256 keys. */
static void
setup(uint8_t seed)
{
	card_fresh(seed);
	add_secret(pin, 6);
	check(admin_auth() && generate(0x9A, UIMKEY_ALG_ECCP256, "") ==
	    UIMKEY_SW_OK && generate(0x9C, UIMKEY_ALG_ECCP256, "") ==
	    UIMKEY_SW_OK, "keys in 9A and 9C");
	sw_of("00 A4 04 00 05 A0 00 00 03 08");
}

static void
login_is_the_sessions(void)
{
	struct sm_host h;

	setup(20);
	check(sm_host_open(&h, "host") == 0 && h.cryptogram_ok,
	    "a session on channel 0");
	check(sm_verify(&h) == UIMKEY_SW_OK, "VERIFY, protected: 9000");
	check(sm_sign(&h, 0x9A) == UIMKEY_SW_OK && out_len > 8 &&
	    out[0] == 0x7C, "a protected signature with 9A: 9000");
	check(plain_sign(0x9A) == UIMKEY_SW_SECURITY,
	    "the same request in the clear on the channel: 6982");
	check(sw_of("00 CB 3F FF 05 5C 03 5F C1 02 00") == UIMKEY_SW_OK &&
	    sm_sign(&h, 0x9A) == UIMKEY_SW_OK,
	    "a plain GET DATA in between: the session and its login go on");
	check(verify_pin() && sm_host_open(&h, "host 2") == 0 &&
	    sm_sign(&h, 0x9A) == UIMKEY_SW_SECURITY,
	    "a PIN verified in the clear does not serve a new session");
	check(plain_sign(0x9A) == UIMKEY_SW_OK,
	    "...but still serves plain commands");
	check(sm_verify(&h) == UIMKEY_SW_OK &&
	    sw_of("00 A4 04 00 05 A0 00 00 03 08") == UIMKEY_SW_OK &&
	    sm_sign(&h, 0x9A) == UIMKEY_SW_SECURITY &&
	    sm_version(&h) == UIMKEY_SW_OK,
	    "SELECT forgets the session's login, not the session");
	uimkey_card_power_off(&card);
	uimkey_card_power_on(&card);
	check(sm_version(&h) == 0 && last_sw() == UIMKEY_SW_SM_WRONG,
	    "power-off ends the session: 6988");
}

static void
always(void)
{
	struct sm_host h;

	setup(21);
	sm_host_open(&h, "host");
	check(sm_verify(&h) == UIMKEY_SW_OK &&
	    sw_of("00 CB 3F FF 05 5C 03 5F C1 02 00") == UIMKEY_SW_OK &&
	    sm_sign(&h, 0x9C) == UIMKEY_SW_OK,
	    "PIN always: a plain command between VERIFY and the signature "
	    "does not spend the session's opening");
	check(sm_sign(&h, 0x9C) == UIMKEY_SW_SECURITY,
	    "a second protected signature needs another VERIFY");
}

static void
other_channels(void)
{
	struct sm_host h, copy;

	setup(22);
	check(sw_of("00 70 00 00 01") == UIMKEY_SW_OK && rsp[0] == 1,
	    "channel 1 opens");
	chan = 1;
	check(sm_host_open(&h, "host") == 0 && h.cryptogram_ok &&
	    sm_verify(&h) == UIMKEY_SW_OK && sm_sign(&h, 0x9A) ==
	    UIMKEY_SW_OK, "a session and its login on channel 1");
	chan = 0;
	check(plain_sign(0x9A) == UIMKEY_SW_SECURITY,
	    "channel 0 in the clear: 6982");
	/* Another program with the session's keys, as it were. */
	copy = h;
	check(sm_sign(&copy, 0x9A) == 0 && last_sw() == UIMKEY_SW_SM_WRONG,
	    "the session's keys on channel 0, which has none: 6988");
	chan = 1;
	check(sm_sign(&h, 0x9A) == UIMKEY_SW_OK,
	    "channel 1's session is untouched by them");
	chan = 0;
}

/* Replay, a changed byte, a cut MAC: each refused and the session
 * ended. */
static void
tampered(void)
{
	static uint8_t cmd[SM_HOST_CMD_MAX], old[SM_HOST_CMD_MAX];
	struct sm_host h;
	size_t n, m;
	uint16_t sw;

	setup(23);
	sm_host_open(&h, "host");
	sm_host_send(&h, UIMKEY_INS_VERIFY, 0x00, UIMKEY_REF_PIN, pin,
	    sizeof(pin), old, &m, out, &out_len, &sw);
	check(sw == UIMKEY_SW_OK, "VERIFY, protected");
	check(send_raw(old, m) == UIMKEY_SW_SM_WRONG,
	    "the same command replayed: 6988");
	check(sm_version(&h) == 0 && last_sw() == UIMKEY_SW_SM_WRONG,
	    "...and the session is over");

	sm_host_open(&h, "host 2");
	uk_sm_cmd_wrap(&h.s, &(uk_sm_cmd){ UIMKEY_CLA_SM_FIRST,
	    UIMKEY_INS_VERIFY, 0x00, UIMKEY_REF_PIN, pin, sizeof(pin), 0, 0 },
	    cmd, sizeof(cmd), &n);
	cmd[8] ^= 0x01;                 /* in the encrypted PIN */
	check(send_raw(cmd, n) == UIMKEY_SW_SM_WRONG,
	    "a changed byte: 6988");
	check(sm_version(&h) == 0 && last_sw() == UIMKEY_SW_SM_WRONG,
	    "...and the session is over");

	sm_host_open(&h, "host 3");
	uk_sm_cmd_wrap(&h.s, &(uk_sm_cmd){ UIMKEY_CLA_SM_FIRST,
	    UIMKEY_INS_GET_VERSION, 0, 0, NULL, 0, 256, 0 }, cmd, sizeof(cmd),
	    &n);
	cmd[4] = (uint8_t)(cmd[4] - 1);  /* Lc one less: 8E's last byte cut */
	check(send_raw(cmd, n - 2) == UIMKEY_SW_SM_MISSING,
	    "a cut MAC: 6987");
	check(sm_version(&h) == 0 && last_sw() == UIMKEY_SW_SM_WRONG,
	    "...and the session is over");
	check(plain_sign(0x9A) == UIMKEY_SW_SECURITY,
	    "none of it logged anyone in");
}

/* The protected signature request of a 300-byte "hash" (the card cuts
 * it to the curve's size), wrapped into cmd: its body's offset and
 * length there. */
static void
long_request(struct sm_host *h, uint8_t *cmd, size_t *at, size_t *len)
{
	static uint8_t d[320], in[310];
	size_t n = 4, k;

	in[0] = 0x82;
	in[1] = 0x00;
	in[2] = 0x81;
	in[3] = 0x82;
	in[4] = 0x01;
	in[5] = 0x2C;
	memset(in + 6, 0x42, 300);
	n = put_tlv(d, 0x7C, in, 306);
	uk_sm_cmd_wrap(&h->s, &(uk_sm_cmd){ UIMKEY_CLA_SM_FIRST,
	    UIMKEY_INS_GEN_AUTH, UIMKEY_ALG_ECCP256, 0x9A, d, n, 256, 0 }, cmd,
	    SM_HOST_CMD_MAX, &k);
	/* Extended: header, 00 Lc Lc, body, Le Le. */
	*at = 7;
	*len = k - 7 - 2;
}

/* A long answer by GET RESPONSE, a long command by chaining. */
static void
long_ones(void)
{
	static uint8_t cmd[SM_HOST_CMD_MAX], part[300];
	struct sm_host h;
	size_t at, len, first = 200;
	uint16_t sw;

	setup(24);
	sm_host_open(&h, "host");
	check(sm_host_cmd(&h, UIMKEY_INS_GET_DATA, 0x3F, 0xFF,
	    (const uint8_t *)"\x5C\x03\x5F\xFF\x01", 5, out, &out_len) ==
	    UIMKEY_SW_OK && out_len > 256 && out[0] == 0x53,
	    "a protected answer over 256 bytes, by GET RESPONSE");
	check(sm_verify(&h) == UIMKEY_SW_OK, "VERIFY, protected");
	long_request(&h, cmd, &at, &len);
	memcpy(part, "\x1C\x87\x11\x9A", 4);
	part[4] = (uint8_t)first;
	memcpy(part + 5, cmd + at, first);
	check(send_raw(part, 5 + first) == UIMKEY_SW_OK,
	    "the first part of a protected command, chained (CLA 1C): 9000");
	part[0] = UIMKEY_CLA_SM_FIRST;
	part[4] = (uint8_t)(len - first);
	memcpy(part + 5, cmd + at + first, len - first);
	part[5 + len - first] = 0x00;
	ans_len = 0;
	check(tc_process_all(&card, part, 6 + len - first, rsp, &rsp_len, ans,
	    sizeof(ans), &ans_len) == UIMKEY_SW_OK &&
	    uk_sm_rsp_unwrap(&h.s, ans, ans_len, out, sizeof(out), &out_len,
	    &sw) == 0 && sw == UIMKEY_SW_OK && out[0] == 0x7C,
	    "its last part (CLA 0C): the whole command opens and signs");
	check(sm_version(&h) == UIMKEY_SW_OK, "the session goes on");
}

int
main(void)
{
	login_is_the_sessions();
	always();
	other_channels();
	tampered();
	long_ones();
	return check_done();
}
