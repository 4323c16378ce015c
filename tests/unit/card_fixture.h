/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The unit tests' card core in process: a card on a RAM store (or on
 * the store a test brings), and APDUs to it in two styles:
 * - send_raw(), xchg(), sw_of(): one APDU, its whole response (data and
 *   status word) in rsp;
 * - xsend(), sendx(): an extended APDU (Le 0000), every 61xx part
 *   collected with GET RESPONSE, the answer's data joined in ans.
 * All of them go on the logical channel chan (0 unless a test sets it):
 * a command written with CLA 00 or 10 gets chan's class byte.
 * Every answer is scanned for the secrets a test registers (leak_scan.h).
 * Also: the store photographed to prove that a refusal wrote nothing,
 * and TLVs for command data.  admin_fixture.h adds the PIN and the
 * management key.  All static inline: each test uses what it needs.
 *
 * now_ms() is there for the includers that define _POSIX_C_SOURCE
 * before any header (clock_gettime).
 */
#ifndef UIMKEY_TEST_CARD_FIXTURE_H
#define UIMKEY_TEST_CARD_FIXTURE_H

#include <stdio.h>
#include <string.h>
#ifdef _POSIX_C_SOURCE
#include <time.h>
#endif

#include "card/card.h"
#include "card/wire.h"
#include "tests/support/check.h"
#include "tests/support/test_device.h"
#include "tests/unit/hex.h"
#include "tests/unit/leak_scan.h"
#include "tests/support/card_fixture.h"

#define ANS_MAX 8192

static struct ram_memory store;          /* the store of card_fresh() */
static struct test_rng rng;
static uimkey_card card;
static uint8_t rsp[UIMKEY_CARD_RSP_MAX];  /* the last response, SW too */
static size_t rsp_len;
static uint8_t ans[ANS_MAX];            /* the last answer, parts joined */
static size_t ans_len;
static uint8_t snap[UIMKEY_MEMORY_SIZE];
static struct leak_watch secrets;       /* what no answer may hold */
static unsigned chan;                   /* the channel APDUs go on */

/* --- the card --- */

/* Start the card on st, its random source counting from seed; powered
 * on when it started.  Returns what uimkey_card_init() did. */
static inline int
card_start(const uimkey_memory_class **st, uint8_t seed)
{
	int r;

	test_rng_init(&rng, seed);
	r = uimkey_card_init(&card, st, &rng.vtable,
	    test_device_default());
	if (r == UIMKEY_CARD_OK)
		uimkey_card_power_on(&card);
	return r;
}

/* A factory card on a blank RAM store. */
static inline void
card_fresh(uint8_t seed)
{
	ram_memory_blank(&store, 1);
	check(card_start(&store.vtable, seed) == UIMKEY_CARD_OK,
	    "init formats a blank store");
}

/* Remember the store, to prove later that a refusal wrote nothing. */
static inline void
snapshot(void)
{
	memcpy(snap, store.mem, sizeof(snap));
}

static inline int
unchanged(void)
{
	return memcmp(snap, store.mem, sizeof(snap)) == 0;
}

static inline void
add_secret(const uint8_t *s, size_t len)
{
	leak_watch_add(&secrets, s, len);
}

/* --- APDUs --- */

static inline uint16_t
last_sw(void)
{
	return (uint16_t)(rsp[rsp_len - 2] << 8 | rsp[rsp_len - 1]);
}

/* One APDU: the response in rsp, its data appended to ans.  On a
 * channel other than 0, a CLA 00 or 10 is given the channel's. */
static inline uint16_t
raw(const uint8_t *cmd, size_t len)
{
	static uint8_t c[UIMKEY_CARD_CMD_MAX];

	if (chan != 0 && len > 0 && len <= sizeof(c) &&
	    (cmd[0] & (uint8_t)~UIMKEY_CLA_CHAIN) == 0) {
		memcpy(c, cmd, len);
		c[0] = tc_on_channel(c[0], chan);
		cmd = c;
	}
	return tc_process(&card, cmd, len, rsp, &rsp_len, ans, sizeof(ans),
	    &ans_len);
}

/* One APDU as a command of its own: ans is its data alone, scanned. */
static inline uint16_t
send_raw(const uint8_t *cmd, size_t len)
{
	uint16_t sw;

	ans_len = 0;
	sw = raw(cmd, len);
	leak_watch_scan(&secrets, ans, ans_len);
	return sw;
}

/* Send hex_cmd; 1 when the whole response equals hex_rsp. */
static inline int
xchg(const char *hex_cmd, const char *hex_rsp)
{
	uint8_t cmd[UIMKEY_CARD_CMD_MAX], want[UIMKEY_CARD_RSP_MAX];
	size_t clen = hex_parse(hex_cmd, cmd, sizeof(cmd));
	size_t wlen = hex_parse(hex_rsp, want, sizeof(want));
	char got[1024];

	send_raw(cmd, clen);
	if (rsp_len == wlen && memcmp(rsp, want, wlen) == 0)
		return 1;
	hex_format(rsp, rsp_len, got, sizeof(got));
	printf("# sent %s\n#  got %s\n# want %s\n", hex_cmd, got, hex_rsp);
	return 0;
}

/* The check's name, a command in hex and the whole response it must get. */
struct xchg_case {
	const char *name, *cmd, *rsp;
};

/* One check a case, in order: xchg() of each. */
static inline void
check_xchgs(const struct xchg_case *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		check(xchg(c[i].cmd, c[i].rsp), c[i].name);
}
#define CHECK_XCHGS(cases) \
	check_xchgs((cases), sizeof(cases) / sizeof((cases)[0]))

/* Send hex_cmd and return the status word. */
static inline uint16_t
sw_of(const char *hex_cmd)
{
	uint8_t cmd[UIMKEY_CARD_CMD_MAX];

	return send_raw(cmd, hex_parse(hex_cmd, cmd, sizeof(cmd)));
}

/* An extended APDU (Le 0000); every 61xx part is collected in ans. */
static inline uint16_t
xsend(uint8_t ins, uint8_t p1, uint8_t p2, const uint8_t *data, size_t len)
{
	static uint8_t cmd[UIMKEY_CARD_CMD_MAX];
	size_t n = tc_ext_apdu(cmd, ins, p1, p2, data, len);
	uint16_t sw;

	ans_len = 0;
	cmd[0] = tc_on_channel(cmd[0], chan);
	sw = tc_process_all(&card, cmd, n, rsp, &rsp_len, ans, sizeof(ans),
	    &ans_len);
	leak_watch_scan(&secrets, ans, ans_len);
	return sw;
}

/* xsend() with the data as hex. */
static inline uint16_t
sendx(uint8_t ins, uint8_t p1, uint8_t p2, const char *hex)
{
	static uint8_t d[UIMKEY_CARD_CMD_DATA_MAX];

	return xsend(ins, p1, p2, d, hex_parse(hex, d, sizeof(d)));
}

/* --- command data --- */

/* A BER length (short, or 81 or 82 and the bytes); its size. */
static inline size_t
put_len(uint8_t *out, size_t len)
{
	size_t n = 0;

	if (len >= 0x100) {
		out[n++] = 0x82;
		out[n++] = (uint8_t)(len >> 8);
	} else if (len >= 0x80) {
		out[n++] = 0x81;
	}
	out[n++] = (uint8_t)len;
	return n;
}

/* tag, length, value into out; its size. */
static inline size_t
put_tlv(uint8_t *out, uint8_t tag, const uint8_t *v, size_t len)
{
	size_t n = 1 + put_len(out + 1, len);

	out[0] = tag;
	if (len > 0)
		memcpy(out + n, v, len);
	return n + len;
}

/* Big-endian tag bytes as GET/PUT DATA name it (1 to 3 bytes). */
static inline size_t
tag_bytes(uint32_t tag, uint8_t *out)
{
	size_t n = tag > 0xFFFF ? 3 : tag > 0xFF ? 2 : 1, i;

	for (i = 0; i < n; i++)
		out[i] = (uint8_t)(tag >> (8 * (n - 1 - i)));
	return n;
}

/* PUT DATA's 5C {tag} 53 {value} into out; its length. */
static inline size_t
put_body(uint32_t tag, const uint8_t *val, size_t len, uint8_t *out)
{
	uint8_t t[3];
	size_t n = put_tlv(out, 0x5C, t, tag_bytes(tag, t));

	return n + put_tlv(out + n, 0x53, val, len);
}

#ifdef _POSIX_C_SOURCE
static inline double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}
#endif

#endif
