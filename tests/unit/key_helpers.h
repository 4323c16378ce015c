/*
 * Helpers of the keys and attestation unit tests (test_keys*.c,
 * test_attest.c): a card on a RAM store, APDUs sent as extended APDUs
 * with every 61xx part collected, the PIN and the management key through
 * their real commands, store snapshots to prove that refusals write
 * nothing, and a scan of every answer for private key bytes the test
 * registered.
 */
#ifndef UIMKEY_TEST_KEY_HELPERS_H
#define UIMKEY_TEST_KEY_HELPERS_H

/* clock_gettime() for the timings; this header comes first. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <bearssl/bearssl.h>

#include "card/card.h"
#include "card/wire.h"
#include "tests/unit/check.h"
#include "tests/unit/hex.h"
#include "tests/unit/mem_card.h"

#define ANS_MAX       8192
#define SECRETS_MAX   16
#define SECRET_WINDOW 16         /* a leak is any 16 bytes of a secret */

static struct mem_store store;
static struct counter_rng rng;
static uimkey_card card;
static uint8_t ans[ANS_MAX];     /* the last answer, all parts joined */
static size_t ans_len;
static uint8_t snap[UIMKEY_STORE_SIZE];
static const uint8_t *secrets[SECRETS_MAX];
static size_t secret_lens[SECRETS_MAX], secret_count;
static unsigned leaks, answers_scanned;

static inline void
add_secret(const uint8_t *s, size_t len)
{
	if (secret_count < SECRETS_MAX && len >= SECRET_WINDOW) {
		secrets[secret_count] = s;
		secret_lens[secret_count++] = len;
	}
}

static inline int
contains(const uint8_t *hay, size_t n, const uint8_t *needle, size_t k)
{
	size_t i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return 1;
	return 0;
}

/* Count an answer that holds any window of a registered secret. */
static inline void
scan_answer(void)
{
	size_t s, w;

	answers_scanned++;
	for (s = 0; s < secret_count; s++)
		for (w = 0; w + SECRET_WINDOW <= secret_lens[s]; w++)
			if (contains(ans, ans_len, secrets[s] + w,
			    SECRET_WINDOW)) {
				leaks++;
				return;
			}
}

/* One raw APDU; the answer's data is appended to ans. */
static inline uint16_t
raw(const uint8_t *cmd, size_t len)
{
	uint8_t r[UIMKEY_CARD_RSP_MAX];
	size_t n = uimkey_card_process(&card, cmd, len, r);

	if (ans_len + n - 2 <= sizeof(ans)) {
		memcpy(ans + ans_len, r, n - 2);
		ans_len += n - 2;
	}
	return (uint16_t)(r[n - 2] << 8 | r[n - 1]);
}

/* Send an extended APDU (Le 0000) and collect every 61xx part. */
static inline uint16_t
xsend(uint8_t ins, uint8_t p1, uint8_t p2, const uint8_t *data, size_t len)
{
	static uint8_t cmd[UIMKEY_CARD_CMD_MAX];
	static const uint8_t gr[5] = { 0x00, 0xC0, 0x00, 0x00, 0x00 };
	size_t n = 0;
	uint16_t sw;

	cmd[n++] = 0x00;
	cmd[n++] = ins;
	cmd[n++] = p1;
	cmd[n++] = p2;
	cmd[n++] = 0x00;
	if (len > 0) {
		cmd[n++] = (uint8_t)(len >> 8);
		cmd[n++] = (uint8_t)len;
		memcpy(cmd + n, data, len);
		n += len;
	}
	cmd[n++] = 0x00;
	cmd[n++] = 0x00;
	ans_len = 0;
	sw = raw(cmd, n);
	while ((sw & 0xFF00) == UIMKEY_SW_BYTES_LEFT)
		sw = raw(gr, sizeof(gr));
	scan_answer();
	return sw;
}

/* xsend() with the data as hex. */
static inline uint16_t
sendx(uint8_t ins, uint8_t p1, uint8_t p2, const char *hex)
{
	static uint8_t d[UIMKEY_CARD_CMD_DATA_MAX];

	return xsend(ins, p1, p2, d, hex_parse(hex, d, sizeof(d)));
}

/* 1 when the last answer is exactly hex. */
static inline int
ans_is(const char *hex)
{
	uint8_t want[ANS_MAX];
	size_t n = hex_parse(hex, want, sizeof(want));
	char got[2048];

	if (n == ans_len && memcmp(ans, want, n) == 0)
		return 1;
	hex_format(ans, ans_len, got, sizeof(got));
	printf("#  got %s\n# want %s\n", got, hex);
	return 0;
}

static inline void
fresh_card(void)
{
	mem_store_blank(&store);
	counter_rng_init(&rng, 7);
	check(uimkey_card_init(&card, &store.vtable, &rng.vtable) ==
	    UIMKEY_CARD_OK, "init formats a blank store");
	uimkey_card_power_on(&card);
}

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

/* A refusal: the status word, nothing answered, nothing stored. */
static inline int
refused(uint16_t sw, uint16_t want)
{
	if (sw != want)
		printf("# sw %04X, want %04X\n", sw, want);
	return sw == want && ans_len == 0 && unchanged();
}

static inline int
verify_pin(void)
{
	return sendx(UIMKEY_INS_VERIFY, 0x00, 0x80,
	    "31 32 33 34 35 36 FF FF") == UIMKEY_SW_OK;
}

/* Management key mutual authentication with the default 3DES key; the
 * card's answer to our challenge is checked with BearSSL. */
static inline int
admin_auth(void)
{
	static const uint8_t key[24] = { 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4,
	    5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8 };
	static const uint8_t chal[8] = "uimkeyCh";
	uint8_t d[22] = { 0x7C, 0x14, 0x80, 0x08 }, iv[8], want[8];
	br_des_ct_cbcdec_keys dec;
	br_des_ct_cbcenc_keys enc;

	if (sendx(UIMKEY_INS_GEN_AUTH, UIMKEY_ALG_3DES, 0x9B, "7C 02 80 00") !=
	    UIMKEY_SW_OK || ans_len != 12 || memcmp(ans, "\x7C\x0A\x80\x08", 4))
		return 0;
	memcpy(d + 4, ans + 4, 8);
	br_des_ct_cbcdec_init(&dec, key, sizeof(key));
	memset(iv, 0, sizeof(iv));
	br_des_ct_cbcdec_run(&dec, iv, d + 4, 8);
	d[12] = 0x81;
	d[13] = 0x08;
	memcpy(d + 14, chal, 8);
	if (xsend(UIMKEY_INS_GEN_AUTH, UIMKEY_ALG_3DES, 0x9B, d, sizeof(d)) !=
	    UIMKEY_SW_OK || ans_len != 12 || memcmp(ans, "\x7C\x0A\x82\x08", 4))
		return 0;
	br_des_ct_cbcenc_init(&enc, key, sizeof(key));
	memset(iv, 0, sizeof(iv));
	memcpy(want, chal, 8);
	br_des_ct_cbcenc_run(&enc, iv, want, 8);
	return memcmp(ans + 4, want, 8) == 0;
}

static inline double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* GET METADATA of a slot. */
static inline uint16_t
meta(uint8_t slot)
{
	return xsend(UIMKEY_INS_GET_METADATA, 0x00, slot, NULL, 0);
}

/* GENERATE alg in slot with optional policy TLVs (hex, may be ""). */
static inline uint16_t
generate(uint8_t slot, uint8_t alg, const char *policies)
{
	uint8_t d[64], pol[16];
	size_t n = hex_parse(policies, pol, sizeof(pol));

	d[0] = 0xAC;
	d[1] = (uint8_t)(3 + n);
	d[2] = 0x80;
	d[3] = 0x01;
	d[4] = alg;
	memcpy(d + 5, pol, n);
	return xsend(UIMKEY_INS_GEN_KEY, 0x00, slot, d, 5 + n);
}

/* GENERAL AUTHENTICATE 7C { 82 00, tag data } with a slot's key; the
 * result (inside 82) is copied to out. */
static inline uint16_t
key_op(uint8_t alg, uint8_t slot, uint8_t tag, const uint8_t *data,
    size_t len, uint8_t *out, size_t *out_len)
{
	static uint8_t d[UIMKEY_CARD_CMD_DATA_MAX];
	size_t n = 0, inner = 2 + 1 + (len < 0x80 ? 1 : len < 0x100 ? 2 : 3) +
	    len;
	const uint8_t *p;
	uint16_t sw;

	*out_len = 0;
	if (len > sizeof(d) - 16)
		return 0;
	d[n++] = 0x7C;
	if (inner >= 0x100) {
		d[n++] = 0x82;
		d[n++] = (uint8_t)(inner >> 8);
	} else if (inner >= 0x80) {
		d[n++] = 0x81;
	}
	d[n++] = (uint8_t)inner;
	d[n++] = 0x82;
	d[n++] = 0x00;
	d[n++] = tag;
	if (len >= 0x100) {
		d[n++] = 0x82;
		d[n++] = (uint8_t)(len >> 8);
	} else if (len >= 0x80) {
		d[n++] = 0x81;
	}
	d[n++] = (uint8_t)len;
	memcpy(d + n, data, len);
	n += len;
	*out_len = 0;
	sw = xsend(UIMKEY_INS_GEN_AUTH, alg, slot, d, n);
	if (sw != UIMKEY_SW_OK)
		return sw;
	/* 7C L 82 L result, lengths in short or long form */
	p = ans + 1;
	p += (*p & 0x80) ? 1 + (*p & 0x7F) : 1;
	if (*p++ != 0x82)
		return 0;
	if (*p & 0x80) {
		size_t k = *p++ & 0x7F;
		for (*out_len = 0; k > 0; k--)
			*out_len = *out_len << 8 | *p++;
	} else {
		*out_len = *p++;
	}
	memcpy(out, p, *out_len);
	return sw;
}

#endif
