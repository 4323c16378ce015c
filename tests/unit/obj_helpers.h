/*
 * Helpers of the data area's unit tests (test_objects*.c): a card on a RAM
 * store, hex and raw APDUs, GET DATA with GET RESPONSE, PUT DATA as one
 * extended APDU or chained, PIN and management key through their real
 * commands.  Static inline so each test uses what it needs.
 */
#ifndef UIMKEY_TEST_OBJ_HELPERS_H
#define UIMKEY_TEST_OBJ_HELPERS_H

#include <stdio.h>
#include <string.h>

#include <bearssl/bearssl_block.h>

#include "card/card.h"
#include "card/records.h"
#include "card/wire.h"
#include "tests/unit/check.h"
#include "tests/unit/hex.h"
#include "tests/unit/mem_card.h"

#define CERT_LEN   3000
#define OBJ_BUF    (UIMKEY_REC_OBJ_MAX + 16)

static struct mem_store store;
static struct counter_rng rng;
static uimkey_card card;
static uint8_t rsp[UIMKEY_CARD_RSP_MAX];
static size_t rsp_len;
static uint8_t snap[UIMKEY_STORE_SIZE];

static inline uint16_t
last_sw(void)
{
	return (uint16_t)(rsp[rsp_len - 2] << 8 | rsp[rsp_len - 1]);
}

static inline uint16_t
send_raw(const uint8_t *cmd, size_t len)
{
	rsp_len = uimkey_card_process(&card, cmd, len, rsp);
	return last_sw();
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

static inline void
fresh_card(void)
{
	mem_store_blank(&store);
	counter_rng_init(&rng, 1);
	check(uimkey_card_init(&card, &store.vtable, &rng.vtable) ==
	    UIMKEY_CARD_OK, "init formats a blank store");
	uimkey_card_power_on(&card);
}

static inline int
select_piv(void)
{
	static const uint8_t cmd[] = { 0x00, 0xA4, 0x04, 0x00, 0x05, 0xA0,
	    0x00, 0x00, 0x03, 0x08 };

	return send_raw(cmd, sizeof(cmd)) == UIMKEY_SW_OK;
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

/* Big-endian tag bytes as GET/PUT DATA name it (1 to 3 bytes). */
static inline size_t
tag_bytes(uint32_t tag, uint8_t *out)
{
	size_t n = tag > 0xFFFF ? 3 : tag > 0xFF ? 2 : 1, i;

	for (i = 0; i < n; i++)
		out[i] = (uint8_t)(tag >> (8 * (n - 1 - i)));
	return n;
}

/* GET DATA with Le 00, then GET RESPONSE while 61xx: the whole answer. */
static inline uint16_t
get_object(uint32_t tag, uint8_t *out, size_t *out_len)
{
	uint8_t cmd[16] = { 0x00, 0xCB, 0x3F, 0xFF, 0, 0x5C, 0 };
	uint8_t gr[5] = { 0x00, 0xC0, 0x00, 0x00, 0x00 };
	size_t t = tag_bytes(tag, cmd + 7), n = 0;
	uint16_t sw;

	cmd[4] = (uint8_t)(2 + t);
	cmd[6] = (uint8_t)t;
	cmd[7 + t] = 0x00;
	sw = send_raw(cmd, 8 + t);
	for (;;) {
		if (n + rsp_len - 2 <= OBJ_BUF)
			memcpy(out + n, rsp, rsp_len - 2);
		n += rsp_len - 2;
		if ((sw & 0xFF00) != UIMKEY_SW_BYTES_LEFT)
			break;
		gr[4] = (uint8_t)sw;
		sw = send_raw(gr, sizeof(gr));
	}
	*out_len = n;
	return sw;
}

/* 5C {tag} 53 {value} into out; returns its length. */
static inline size_t
put_body(uint32_t tag, const uint8_t *val, size_t len, uint8_t *out)
{
	size_t n = 0, t;

	out[n++] = 0x5C;
	t = tag_bytes(tag, out + n + 1);
	out[n++] = (uint8_t)t;
	n += t;
	out[n++] = 0x53;
	if (len < 0x80) {
		out[n++] = (uint8_t)len;
	} else if (len < 0x100) {
		out[n++] = 0x81;
		out[n++] = (uint8_t)len;
	} else {
		out[n++] = 0x82;
		out[n++] = (uint8_t)(len >> 8);
		out[n++] = (uint8_t)len;
	}
	memcpy(out + n, val, len);
	return n + len;
}

/* PUT DATA as one extended APDU. */
static inline uint16_t
put_ext(const uint8_t *body, size_t len)
{
	static uint8_t cmd[UIMKEY_CARD_CMD_MAX];

	memcpy(cmd, "\x00\xDB\x3F\xFF\x00", 5);
	cmd[5] = (uint8_t)(len >> 8);
	cmd[6] = (uint8_t)len;
	memcpy(cmd + 7, body, len);
	return send_raw(cmd, 7 + len);
}

/* PUT DATA in short APDUs chained (CLA 10) by 255 bytes, as ykpiv does. */
static inline uint16_t
put_chained(const uint8_t *body, size_t len)
{
	uint8_t cmd[5 + 255];
	size_t off = 0, n;
	uint16_t sw;

	do {
		n = len - off > 255 ? 255 : len - off;
		cmd[0] = off + n < len ? UIMKEY_CLA_CHAIN : UIMKEY_CLA_ISO;
		memcpy(cmd + 1, "\xDB\x3F\xFF", 3);
		cmd[4] = (uint8_t)n;
		memcpy(cmd + 5, body + off, n);
		sw = send_raw(cmd, 5 + n);
		off += n;
	} while (off < len && sw == UIMKEY_SW_OK);
	return sw;
}

static inline uint16_t
put_object(uint32_t tag, const uint8_t *val, size_t len)
{
	static uint8_t body[UIMKEY_CARD_CMD_DATA_MAX];

	return put_ext(body, put_body(tag, val, len, body));
}

/* 1 when GET DATA answers exactly wrap {val}. */
static inline int
get_is(uint32_t tag, const uint8_t *val, size_t len)
{
	static uint8_t got[OBJ_BUF];
	size_t n, h = len < 0x80 ? 2 : len < 0x100 ? 3 : 4;

	if (get_object(tag, got, &n) != UIMKEY_SW_OK || n != h + len)
		return 0;
	return got[0] == 0x53 && memcmp(got + h, val, len) == 0;
}

static inline int
verify_pin(void)
{
	return xchg("00 20 00 80 08 31 32 33 34 35 36 FF FF", "90 00");
}

/* Management key mutual authentication with the default 3DES key, the
 * card's answer checked with BearSSL. */
static inline int
admin_auth(void)
{
	static const uint8_t key[24] = { 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4,
	    5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8 };
	static const uint8_t step1[] = { 0x00, 0x87, 0x03, 0x9B, 0x04, 0x7C,
	    0x02, 0x80, 0x00 };
	uint8_t step2[5 + 22] = { 0x00, 0x87, 0x03, 0x9B, 0x16, 0x7C, 0x14,
	    0x80, 0x08 };
	uint8_t iv[8], want[8];
	br_des_ct_cbcdec_keys dec;
	br_des_ct_cbcenc_keys enc;

	if (send_raw(step1, sizeof(step1)) != UIMKEY_SW_OK || rsp_len != 14 ||
	    memcmp(rsp, "\x7C\x0A\x80\x08", 4) != 0)
		return 0;
	br_des_ct_cbcdec_init(&dec, key, sizeof(key));
	memset(iv, 0, sizeof(iv));
	memcpy(step2 + 9, rsp + 4, 8);
	br_des_ct_cbcdec_run(&dec, iv, step2 + 9, 8);
	memcpy(step2 + 17, "\x81\x08" "chalenge", 10);
	if (send_raw(step2, sizeof(step2)) != UIMKEY_SW_OK || rsp_len != 14 ||
	    memcmp(rsp, "\x7C\x0A\x82\x08", 4) != 0)
		return 0;
	br_des_ct_cbcenc_init(&enc, key, sizeof(key));
	memset(iv, 0, sizeof(iv));
	memcpy(want, "chalenge", 8);
	br_des_ct_cbcenc_run(&enc, iv, want, 8);
	return memcmp(rsp + 4, want, 8) == 0;
}

#endif
