/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Helpers of the data area's unit tests (test_objects*.c): the card of
 * card_fixture.h (hex and raw APDUs, store snapshots) with the PIN and
 * management key of admin_fixture.h; GET DATA with GET RESPONSE, PUT
 * DATA as one extended APDU or chained.  Static inline so each test uses
 * what it needs.
 */
#ifndef UIMKEY_TEST_OBJ_HELPERS_H
#define UIMKEY_TEST_OBJ_HELPERS_H

#include <stdio.h>
#include <string.h>

#include "uk/store.h"
#include "tests/unit/admin_fixture.h"

#define CERT_LEN   3000
#define OBJ_BUF    (UK_REC_OBJ_MAX + 16)

static inline void
fresh_card(void)
{
	card_fresh(1);
}

static inline int
select_piv(void)
{
	static const uint8_t cmd[] = { 0x00, 0xA4, 0x04, 0x00, 0x05, 0xA0,
	    0x00, 0x00, 0x03, 0x08 };

	return send_raw(cmd, sizeof(cmd)) == UIMKEY_SW_OK;
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

#endif
