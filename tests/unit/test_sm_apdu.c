/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Secure messaging's protected APDUs (codec/sm_apdu.c), host and card
 * side.  Known answers: the session keys of NIST SD 33 card 3 (see
 * test_sm_kdf.c) with, for the pairing-code VERIFY, the MAC chain values
 * that card produced, and a GET DATA exchange it took part in, command
 * and answer byte for byte; one more exchange computed apart with
 * python3-cryptography (AES-ECB, AES-CBC and CMAC of OpenSSL).  Then
 * round trips of every length from 0 to 300 bytes both ways (short and
 * extended APDUs), answers wrapped in place, and every tampering the
 * card and the host must refuse without moving their MAC chains.
 */
#include <stdio.h>
#include <string.h>

#include "codec/sm_apdu.h"
#include "tests/support/check.h"
#include "tests/unit/hex.h"

#define BUF_MAX    1024
#define ROUND_MAX  300

static const char sk_enc[] = "A3C833BA17EDC6CE9D6B298BCA3BDA04";
static const char sk_mac[] = "086B12633DA5C48CF04231DBB3861557";
static const char sk_rmac[] = "C5948946B6B9B357FB1D359A9CD18AD3";

/* VERIFY of the pairing code (key 98), counter 1: the card's own MAC
 * chain values after it are AC2C... and 7279... */
static const char pair_cmd[] = "0C2000981D87110113A7EB466B2D9208E3E2EF9BAC"
    "62830F8E08AC2CEAEEDB8D47F300";
static const char pair_cmcv[] = "AC2CEAEEDB8D47F39458B5F19E56722D";
static const char pair_rsp[] = "990290008E08727904A5B7799915";
static const char pair_rmcv[] = "727904A5B7799915847C4C9B04F2D90B";
/* Then GET DATA 5FC102 expecting up to 256 bytes, answered with the 40
 * bytes 30 31 .. 57 and 9000. */
static const char get_cmd[] = "0CCB3FFF2087110141EA98D085EC78421B5F2DB44F"
    "BB896F9701008E084079B5D0C633757D00";
static const char get_rsp[] = "873101FED75C72E572BD0DC53062B8D85AE2717349"
    "EF0473616C794DA578BCF1C4499BCC82DFAFDC8C1AD008413FDD07A6DCAA990290008E"
    "0824832F8ECF7BE227";
static const char get_rmcv[] = "24832F8ECF7BE2276E6DB6C034F02A82";

/* Later in the same session, counter 8: GET DATA of the key history
 * object, the command the host sent and the answer card 3 gave, with
 * the chains as they stood before. */
static const char kh_cmcv[] = "85E8441A13C21D9091653A28A6652465";
static const char kh_rmcv[] = "27629416EEDD61C4F7446F0FB760F4A5";
static const char kh_cmd[] = "0CCB3FFF2087110144AE5E44BFFA2CEA0E14E86DCB"
    "C6EFA89701008E08B14DE111C96D650A00";
static const char kh_rsp[] = "871101650FF92DD977B0D26F19A595CC41A3FF9902"
    "90008E084058F36FCC44CF45";
static const char kh_plain[] = "5308C10104C20100FE00";

static uk_sm_keys keys;

static void
both_start(uk_sm_session *host, uk_sm_session *card)
{
	uk_sm_start(host, &keys);
	uk_sm_start(card, &keys);
}

/* The card's side of a short APDU: header, then the body of Lc bytes. */
static int
card_unwrap(uk_sm_session *card, const uint8_t *a, size_t alen,
    uint8_t *data, size_t *dlen, size_t *le)
{
	size_t off = 5, lc = a[4];

	if (lc == 0) {
		lc = (size_t)a[5] << 8 | a[6];
		off = 7;
	}
	if (off + lc > alen)
		return UK_SM_E_OBJECTS;
	return uk_sm_cmd_unwrap(card, a[0], a[1], a[2], a[3], a + off, lc,
	    data, BUF_MAX, dlen, le);
}

static void
known_answers(void)
{
	static const uint8_t code[] = "00000003";
	uint8_t out[BUF_MAX], data[BUF_MAX], sel[5] = { 0x5C, 0x03, 0x5F,
	    0xC1, 0x02 }, ans[40];
	uk_sm_session host, card;
	uk_sm_cmd c = { 0x0C, 0x20, 0x00, 0x98, code, 8, 0, 0 };
	size_t n, dlen, le, i;
	uint16_t sw;

	both_start(&host, &card);
	check(uk_sm_cmd_wrap(&host, &c, out, sizeof(out), &n) == UK_SM_OK &&
	    hex_same(out, n, pair_cmd) && hex_same(host.c_mcv, 16, pair_cmcv),
	    "host: VERIFY of the pairing code wrapped as card 3 MACs it");
	check(card_unwrap(&card, out, n, data, &dlen, &le) == UK_SM_OK &&
	    dlen == 8 && memcmp(data, code, 8) == 0 && le == 0 &&
	    memcmp(card.c_mcv, host.c_mcv, 16) == 0,
	    "card: opened to the clear code, no answer data expected");
	check(uk_sm_rsp_wrap(&card, NULL, 0, 0x9000, out, sizeof(out), &n) ==
	    UK_SM_OK && hex_same(out, n, pair_rsp) &&
	    hex_same(card.r_mcv, 16, pair_rmcv),
	    "card: its 9000 wrapped as card 3 wrapped it (99, 8E)");
	check(uk_sm_rsp_unwrap(&host, out, n, data, sizeof(data), &dlen,
	    &sw) == UK_SM_OK && dlen == 0 && sw == 0x9000,
	    "host: the answer checked, status 9000");

	c.ins = 0xCB;
	c.p1 = 0x3F;
	c.p2 = 0xFF;
	c.data = sel;
	c.len = sizeof(sel);
	c.le = 256;
	check(uk_sm_cmd_wrap(&host, &c, out, sizeof(out), &n) == UK_SM_OK &&
	    hex_same(out, n, get_cmd),
	    "host: GET DATA with 97 01 00, counter 2, chained on the first");
	check(card_unwrap(&card, out, n, data, &dlen, &le) == UK_SM_OK &&
	    dlen == sizeof(sel) && memcmp(data, sel, dlen) == 0 && le == 256,
	    "card: opened, 256 bytes expected");
	for (i = 0; i < sizeof(ans); i++)
		ans[i] = (uint8_t)(0x30 + i);
	check(uk_sm_rsp_wrap(&card, ans, sizeof(ans), 0x9000, out,
	    sizeof(out), &n) == UK_SM_OK && hex_same(out, n, get_rsp) &&
	    hex_same(card.r_mcv, 16, get_rmcv),
	    "card: 40 bytes of answer encrypted in 87 (answer IV), 99, 8E");
	check(uk_sm_rsp_unwrap(&host, out, n, data, sizeof(data), &dlen,
	    &sw) == UK_SM_OK && dlen == sizeof(ans) &&
	    memcmp(data, ans, dlen) == 0 && sw == 0x9000,
	    "host: the 40 bytes back in the clear");
}

/* The card's side and the host's side of an exchange card 3 took part
 * in, byte for byte. */
static void
recorded_exchange(void)
{
	static const uint8_t kh_sel[5] = { 0x5C, 0x03, 0x5F, 0xC1, 0x0C };
	uint8_t out[BUF_MAX], data[BUF_MAX], plain[16];
	size_t plen = hex_parse(kh_plain, plain, sizeof(plain)), n, dlen, le;
	uk_sm_session host, card;
	uk_sm_cmd c = { 0x0C, 0xCB, 0x3F, 0xFF, kh_sel, sizeof(kh_sel), 256,
	    0 };
	uint16_t sw;

	both_start(&host, &card);
	host.ctr[UK_SM_BLOCK - 1] = 8;
	hex_parse(kh_cmcv, host.c_mcv, UK_SM_BLOCK);
	hex_parse(kh_rmcv, host.r_mcv, UK_SM_BLOCK);
	card = host;
	check(uk_sm_cmd_wrap(&host, &c, out, sizeof(out), &n) == UK_SM_OK &&
	    hex_same(out, n, kh_cmd), "host: the GET DATA card 3 received, "
	    "byte for byte (counter 8)");
	n = hex_parse(kh_cmd, out, sizeof(out));
	check(card_unwrap(&card, out, n, data, &dlen, &le) == UK_SM_OK &&
	    dlen == sizeof(kh_sel) && memcmp(data, kh_sel, dlen) == 0 &&
	    le == 256, "card: that command opened");
	check(uk_sm_rsp_wrap(&card, plain, plen, 0x9000, out, sizeof(out),
	    &n) == UK_SM_OK && hex_same(out, n, kh_rsp),
	    "card: its answer wrapped as card 3 wrapped it");
	n = hex_parse(kh_rsp, out, sizeof(out));
	check(uk_sm_rsp_unwrap(&host, out, n, data, sizeof(data), &dlen,
	    &sw) == UK_SM_OK && dlen == plen && memcmp(data, plain, plen) == 0 &&
	    sw == 0x9000, "host: card 3's answer opened to the key history");
}

/* Host to card and back with cmd_len bytes of command data and ans_len
 * of answer data (wrapped in place in the card's buffer). */
static int
round_trip(uk_sm_session *host, uk_sm_session *card, size_t cmd_len,
    size_t ans_len)
{
	uint8_t in[ROUND_MAX + 1], out[BUF_MAX], data[BUF_MAX];
	uk_sm_cmd c = { 0x0C, 0x87, 0x11, 0x9A, in, cmd_len, ans_len, 0 };
	size_t n, dlen, le, i;
	uint16_t sw;

	for (i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(i * 7 + cmd_len);
	if (uk_sm_cmd_wrap(host, &c, out, sizeof(out), &n) != UK_SM_OK ||
	    card_unwrap(card, out, n, data, &dlen, &le) != UK_SM_OK ||
	    dlen != cmd_len || memcmp(data, in, dlen) != 0 || le != ans_len)
		return 0;
	/* The answer's data where the wrapped answer goes. */
	for (i = 0; i < ans_len; i++)
		out[i] = (uint8_t)(i ^ 0x5A);
	if (uk_sm_rsp_wrap(card, out, ans_len, 0x6A82, out, sizeof(out),
	    &n) != UK_SM_OK ||
	    uk_sm_rsp_unwrap(host, out, n, data, sizeof(data), &dlen, &sw) !=
	    UK_SM_OK || dlen != ans_len || sw != 0x6A82)
		return 0;
	for (i = 0; i < ans_len; i++)
		if (data[i] != (uint8_t)(i ^ 0x5A))
			return 0;
	return 1;
}

static void
round_trips(void)
{
	uk_sm_session host, card;
	size_t len, ok = 0;

	both_start(&host, &card);
	for (len = 0; len <= ROUND_MAX; len++)
		ok += (size_t)round_trip(&host, &card, len, ROUND_MAX - len);
	check(ok == ROUND_MAX + 1, "command and answer data of 0 to 300 "
	    "bytes both ways, short and extended APDUs, one chain");
}

/* Every byte of a wrapped command changed once: the card refuses each
 * and keeps its chain, then accepts the untouched command. */
static void
tampering(void)
{
	static const uint8_t sel[5] = { 0x5C, 0x03, 0x5F, 0xC1, 0x02 };
	uint8_t a[BUF_MAX], b[BUF_MAX], data[BUF_MAX], r[BUF_MAX];
	uk_sm_session host, card, saved;
	uk_sm_cmd c = { 0x0C, 0xCB, 0x3F, 0xFF, sel, sizeof(sel), 256, 0 };
	size_t n, rn, i, dlen, le, refused = 0, rrefused = 0;
	uint16_t sw;

	both_start(&host, &card);
	(void)uk_sm_cmd_wrap(&host, &c, a, sizeof(a), &n);
	saved = card;
	for (i = 0; i < n - 1; i++) {
		if (i == 4)
			continue;       /* Lc: another length, another test */
		memcpy(b, a, n);
		b[i] ^= 0x01;
		if (card_unwrap(&card, b, n, data, &dlen, &le) != UK_SM_OK &&
		    memcmp(&card, &saved, sizeof(card)) == 0)
			refused++;
	}
	check(refused == n - 2, "card: every header or body byte flipped "
	    "is refused, its chain unmoved");
	memcpy(b, a, n);
	b[4] -= 1;
	check(card_unwrap(&card, b, n - 1, data, &dlen, &le) ==
	    UK_SM_E_OBJECTS, "card: the MAC cut short is refused (6987)");
	b[4] -= UK_SM_MAC_LEN + 1;
	check(card_unwrap(&card, b, n - 1 - UK_SM_MAC_LEN - 1, data, &dlen,
	    &le) == UK_SM_E_OBJECTS, "card: no 8E is refused (6987)");
	check(card_unwrap(&card, a, n, data, &dlen, &le) == UK_SM_OK,
	    "card: the untouched command is then accepted");
	check(card_unwrap(&card, a, n, data, &dlen, &le) == UK_SM_E_MAC,
	    "card: the same command again (a replay) is refused (6988)");

	(void)uk_sm_rsp_wrap(&card, sel, sizeof(sel), 0x9000, r, sizeof(r),
	    &rn);
	saved = host;
	for (i = 0; i < rn; i++) {
		memcpy(b, r, rn);
		b[i] ^= 0x80;
		if (uk_sm_rsp_unwrap(&host, b, rn, data, sizeof(data), &dlen,
		    &sw) != UK_SM_OK &&
		    memcmp(&host, &saved, sizeof(host)) == 0)
			rrefused++;
	}
	check(rrefused == rn, "host: every answer byte flipped is refused, "
	    "its chain unmoved");
	check(uk_sm_rsp_unwrap(&host, r, rn, data, 4, &dlen, &sw) ==
	    UK_SM_E_SPACE, "host: an answer larger than the room is refused");
	check(uk_sm_cmd_wrap(&host, &c, a, 20, &n) == UK_SM_E_SPACE,
	    "host: a command larger than the room is refused");
}

int
main(void)
{
	hex_parse(sk_enc, keys.enc, sizeof(keys.enc));
	hex_parse(sk_mac, keys.mac, sizeof(keys.mac));
	hex_parse(sk_rmac, keys.rmac, sizeof(keys.rmac));
	known_answers();
	recorded_exchange();
	round_trips();
	tampering();
	return check_done();
}
