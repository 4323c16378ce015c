/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the card's gates ask of the unit tests, on the card of
 * card_fixture.h: the PIN and PUK commands (values padded to 8 bytes),
 * management-key (9B) authentication as ykpiv does it, the host's side
 * computed with BearSSL, and the slot keys' commands behind them:
 * GENERATE, and GENERAL AUTHENTICATE with a slot's key.
 */
#ifndef UIMKEY_TEST_ADMIN_FIXTURE_H
#define UIMKEY_TEST_ADMIN_FIXTURE_H

#include <bearssl/bearssl_block.h>

#include "tests/unit/card_fixture.h"

/* --- PIN, PUK --- */

static inline void
pin8(const char *s, uint8_t *out)
{
	size_t n = strlen(s), i;

	for (i = 0; i < 8; i++)
		out[i] = i < n ? (uint8_t)s[i] : 0xFF;
}

/* INS ins, P1 p1, P2 p2 with data a (and b) padded to 8 bytes each; b may
 * be NULL. */
static inline uint16_t
send_pins(uint8_t ins, uint8_t p1, uint8_t p2, const char *a, const char *b)
{
	uint8_t cmd[5 + 16] = { 0x00, ins, p1, p2, 8 };

	pin8(a, cmd + 5);
	if (b != NULL) {
		cmd[4] = 16;
		pin8(b, cmd + 13);
	}
	return send_raw(cmd, b != NULL ? 21 : 13);
}

static inline uint16_t
verify(const char *pin)
{
	return send_pins(UIMKEY_INS_VERIFY, 0, UIMKEY_REF_PIN, pin, NULL);
}

static inline uint16_t
change_ref(uint8_t ref, const char *old, const char *new_value)
{
	return send_pins(UIMKEY_INS_CHANGE_REF, 0, ref, old, new_value);
}

static inline uint16_t
reset_retry(const char *puk, const char *pin)
{
	return send_pins(UIMKEY_INS_RESET_RETRY, 0, UIMKEY_REF_PIN, puk, pin);
}

/* VERIFY with the factory PIN. */
static inline int
verify_pin(void)
{
	return verify("123456") == UIMKEY_SW_OK;
}

/* --- the management key: the host's side of 9B, with BearSSL --- */

static const uint8_t default_mgmt[24] = {
	1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8,
};

/* P1 00 is the older name of 3DES (SP 800-78). */
static inline size_t
host_block(uint8_t alg)
{
	return alg == UIMKEY_ALG_3DES || alg == 0x00 ? 8 : 16;
}

static inline size_t
host_key_len(uint8_t alg)
{
	switch (alg) {
	case UIMKEY_ALG_AES128:
		return 16;
	case UIMKEY_ALG_AES256:
		return 32;
	default:
		return 24;
	}
}

/* ECB over one block, encrypt or decrypt, as a host would. */
static inline void
host_cipher(uint8_t alg, const uint8_t *key, uint8_t *block, int enc)
{
	uint8_t iv[16] = { 0 };
	size_t b = host_block(alg), k = host_key_len(alg);

	if (alg == 0x00)
		alg = UIMKEY_ALG_3DES;
	if (alg == UIMKEY_ALG_3DES && enc) {
		br_des_ct_cbcenc_keys c;
		br_des_ct_cbcenc_init(&c, key, k);
		br_des_ct_cbcenc_run(&c, iv, block, b);
	} else if (alg == UIMKEY_ALG_3DES) {
		br_des_ct_cbcdec_keys c;
		br_des_ct_cbcdec_init(&c, key, k);
		br_des_ct_cbcdec_run(&c, iv, block, b);
	} else if (enc) {
		br_aes_ct_cbcenc_keys c;
		br_aes_ct_cbcenc_init(&c, key, k);
		br_aes_ct_cbcenc_run(&c, iv, block, b);
	} else {
		br_aes_ct_cbcdec_keys c;
		br_aes_ct_cbcdec_init(&c, key, k);
		br_aes_ct_cbcdec_run(&c, iv, block, b);
	}
}

/* The last answer is 7C L tag b value 90 00 with short lengths: copy the
 * value into out; 0 when it is not of that form. */
static inline int
dyn_item(uint8_t tag, size_t b, uint8_t *out)
{
	if (rsp_len != 4 + b + 2 || rsp[0] != 0x7C || rsp[1] != 2 + b ||
	    rsp[2] != tag || rsp[3] != b || last_sw() != UIMKEY_SW_OK)
		return 0;
	memcpy(out, rsp + 4, b);
	return 1;
}

/* GENERAL AUTHENTICATE 9B with p1 and 7C { tag1 v1 [, tag2 v2] }. */
static inline uint16_t
ga_send(uint8_t p1, uint8_t tag1, const uint8_t *v1, size_t n1,
    uint8_t tag2, const uint8_t *v2, size_t n2)
{
	uint8_t cmd[64] = { 0x00, 0x87, p1, 0x9B };
	size_t n = 7;

	cmd[5] = 0x7C;
	n += put_tlv(cmd + n, tag1, v1, n1);
	if (v2 != NULL)
		n += put_tlv(cmd + n, tag2, v2, n2);
	cmd[6] = (uint8_t)(n - 7);
	cmd[4] = (uint8_t)(n - 5);
	return send_raw(cmd, n);
}

/*
 * Mutual authentication as ykpiv does it.  Returns the last status word;
 * *card_ok says whether the card's proof (82) was right.
 */
static inline uint16_t
mutual_auth(uint8_t alg, const uint8_t *key, int *card_ok)
{
	uint8_t w[16], chal[16], want[16], got[16];
	size_t b = host_block(alg);
	uint16_t sw;
	size_t i;

	*card_ok = 0;
	if ((sw = ga_send(alg, 0x80, NULL, 0, 0, NULL, 0)) != UIMKEY_SW_OK)
		return sw;
	if (!dyn_item(0x80, b, w))
		return 0;
	host_cipher(alg, key, w, 0);
	for (i = 0; i < b; i++)
		chal[i] = (uint8_t)(0xA0 + i);
	if ((sw = ga_send(alg, 0x80, w, b, 0x81, chal, b)) != UIMKEY_SW_OK)
		return sw;
	memcpy(want, chal, b);
	host_cipher(alg, key, want, 1);
	*card_ok = dyn_item(0x82, b, got) && memcmp(got, want, b) == 0;
	return sw;
}

/* 1 when the card took the key and its own proof was right. */
static inline int
admin_with(uint8_t alg, const uint8_t *key)
{
	int ok;

	return mutual_auth(alg, key, &ok) == UIMKEY_SW_OK && ok;
}

/* The same with the factory key (3DES 0102..08 three times). */
static inline int
admin_auth(void)
{
	return admin_with(UIMKEY_ALG_3DES, default_mgmt);
}

/* The factory key: the status word alone. */
static inline uint16_t
admin_default(void)
{
	int ok;

	return mutual_auth(UIMKEY_ALG_3DES, default_mgmt, &ok);
}

/* --- the slot keys --- */

/* GENERATE alg in slot with optional policy TLVs (hex, may be ""). */
static inline uint16_t
generate(uint8_t slot, uint8_t alg, const char *policies)
{
	uint8_t d[64];
	size_t n = 5 + hex_parse(policies, d + 5, sizeof(d) - 5);

	d[0] = 0xAC;
	d[1] = (uint8_t)(n - 2);
	d[2] = 0x80;
	d[3] = 0x01;
	d[4] = alg;
	return xsend(UIMKEY_INS_GEN_KEY, 0x00, slot, d, n);
}

/* GENERAL AUTHENTICATE 7C { 82 00, tag data } with a slot's key; the
 * result (inside 82) is copied to out. */
static inline uint16_t
key_op(uint8_t alg, uint8_t slot, uint8_t tag, const uint8_t *data,
    size_t len, uint8_t *out, size_t *out_len)
{
	static uint8_t in[UIMKEY_CARD_CMD_DATA_MAX], d[UIMKEY_CARD_CMD_DATA_MAX];
	size_t n = 2;
	const uint8_t *p;
	uint16_t sw;

	*out_len = 0;
	if (len > sizeof(d) - 16)
		return 0;
	in[0] = 0x82;
	in[1] = 0x00;
	n += put_tlv(in + n, tag, data, len);
	sw = xsend(UIMKEY_INS_GEN_AUTH, alg, slot, d, put_tlv(d, 0x7C, in, n));
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
