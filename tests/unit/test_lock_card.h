/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card-side issuer lock tests' common ground (test_lock*.c): the auth
 * tests' card in process (test_auth.h: spy store, APDUs, management-key
 * authentication), the issuer keys, a card made ready (its own
 * management key, issuer installed at counter LT_START, a P-256 key in
 * 9A, its certificate object), and
 * checks of the lock's metadata and of 9A still signing.
 */
#ifndef UIMKEY_TEST_LOCK_CARD_H
#define UIMKEY_TEST_LOCK_CARD_H

#include "tests/unit/test_auth.h"
#include "tests/unit/test_lock.h"

#define LT_START     100u
#define LT_CERT_LEN  300        /* > 256: its GET DATA needs GET RESPONSE */

static struct issuer iss, rogue;
static uint8_t key9a[65];
static uint8_t cert9a[LT_CERT_LEN];

#define META_PIN_PREFIX "01 01 FF 05 01 01 06 02 03 03 10 01 00"
#define META_PUK_FACTORY "01 01 FF 05 01 01 06 02 03 03 90 00"

static inline uint32_t
serial(void)
{
	return uimkey_card_serial(&card);
}

/* A token by iss, genuine, delivered: its status word. */
static inline uint16_t
apply_token(uint32_t ser, uint8_t action, uint32_t counter)
{
	uint8_t d[TL_TOKEN_MAX], a[TL_APDU_MAX];

	return send_raw(a, token_apdu(d, token_make(&iss, ser, action,
	    counter, d), a));
}

static inline uint16_t
apply_data(const uint8_t *d, size_t n)
{
	uint8_t a[TL_APDU_MAX + 16];

	return send_raw(a, token_apdu(d, n, a));
}

/* The last answer is want then 90 00. */
static inline int
answer_is(const uint8_t *want, size_t n)
{
	return rsp_len == n + 2 && memcmp(rsp, want, n) == 0 &&
	    last_sw() == 0x9000;
}

/* GET METADATA 5A shows state and, with an issuer, counter and iss. */
static inline int
lock_meta_is(uint8_t state, uint32_t counter)
{
	uint8_t want[3 + 6 + 67];
	size_t n = 0;

	send_raw((const uint8_t *)"\x00\xF7\x00\x5A", 4);
	want[n++] = 0x01;
	want[n++] = 1;
	want[n++] = state;
	if (state != UIMKEY_LOCK_STATE_NONE) {
		want[n++] = 0x02;
		want[n++] = 4;
		tl_be32(want + n, counter);
		n += 4;
		want[n++] = 0x03;
		want[n++] = 65;
		memcpy(want + n, iss.pk.q, 65);
		n += 65;
	}
	return answer_is(want, n);
}

/* GET METADATA 80: the factory PIN (3 of 3 tries) and tag 11. */
static inline int
pin_meta_is(uint8_t state, uint32_t counter)
{
	uint8_t want[32];
	size_t n = hex_parse(META_PIN_PREFIX, want, sizeof(want));

	want[n++] = 0x11;
	want[n++] = 5;
	want[n++] = state;
	tl_be32(want + n, counter);
	n += 4;
	send_raw((const uint8_t *)"\x00\xF7\x00\x80", 4);
	return answer_is(want, n);
}

/* The card's own management key (AES-128) of the lock tests: a card
 * binds an issuer only once the factory key is replaced. */
static const uint8_t lt_mgmt[16] = {
	0x4C, 0x6F, 0x63, 0x6B, 0x20, 0x74, 0x65, 0x73,
	0x74, 0x20, 0x6B, 0x65, 0x79, 0x20, 0x31, 0x36,
};

/* SET MANAGEMENT KEY to lt_mgmt (the current key authenticated). */
static inline uint16_t
own_mgmt_key(void)
{
	uint8_t a[5 + 3 + 16] = { 0x00, 0xFF, 0xFF, 0xFF, 3 + 16,
	    UIMKEY_ALG_AES128, 0x9B, 16 };

	memcpy(a + 8, lt_mgmt, 16);
	return send_raw(a, sizeof(a));
}

/* Mutual authentication with lt_mgmt: the status word. */
static inline uint16_t
admin_own(void)
{
	int ok;
	uint16_t sw = mutual_auth(UIMKEY_ALG_AES128, lt_mgmt, &ok);

	return sw == UIMKEY_SW_OK && !ok ? 0 : sw;
}

static inline uint16_t
install(const struct issuer *is, uint32_t counter)
{
	uint8_t a[80];

	return send_raw(a, install_apdu(is->pk.q, counter, a));
}

/* VERIFY, then a signature by 9A over a fixed hash, checked with
 * BearSSL against the public key GENERATE gave. */
static inline int
sign_9a_ok(void)
{
	uint8_t cmd[5 + 38] = { 0x00, 0x87, 0x11, 0x9A, 38, 0x7C, 36,
	    0x82, 0x00, 0x81, 32 };
	br_ec_public_key pk = { BR_EC_secp256r1, key9a, sizeof(key9a) };

	memset(cmd + 11, 0x5C, 32);
	if (verify("123456") != 0x9000 || send_raw(cmd, 43) != 0x9000 ||
	    rsp_len < 6 || rsp[0] != 0x7C || rsp[2] != 0x82 ||
	    rsp[3] != rsp_len - 6)
		return 0;
	return br_ecdsa_i31_vrfy_asn1(br_ec_get_default(), cmd + 11, 32, &pk,
	    rsp + 4, rsp[3]) == 1;
}

/* GET DATA of 9A's certificate in two parts: 61xx, then GET RESPONSE. */
static inline int
cert_9a_reads(void)
{
	uint8_t got[LT_CERT_LEN + 8];
	size_t n;

	if (sw_of("00 CB 3F FF 05 5C 03 5F C1 05 00") !=
	    (0x6100 | (4 + LT_CERT_LEN - 256)) || rsp_len != 258)
		return 0;
	memcpy(got, rsp, 256);
	n = 256;
	if (sw_of("00 C0 00 00 00") != 0x9000 || n + rsp_len - 2 != 4 +
	    LT_CERT_LEN)
		return 0;
	memcpy(got + n, rsp, rsp_len - 2);
	return got[0] == 0x53 && got[1] == 0x82 &&
	    memcmp(got + 4, cert9a, LT_CERT_LEN) == 0;
}

/*
 * A factory card, then: the management key lt_mgmt, issuer iss at
 * LT_START, a P-256 key generated in 9A, an object of LT_CERT_LEN bytes
 * in 5FC105; the security state cleared again.
 */
static inline void
ready_card(void)
{
	uint8_t put[16 + LT_CERT_LEN] = { 0x00, 0xDB, 0x3F, 0xFF };
	size_t i;
	int ok;

	if (iss.pk.q == NULL) {
		issuer_make(&iss, "uimkey test issuer");
		issuer_make(&rogue, "someone else");
	}
	fresh_card();
	ok = admin_default() == 0x9000 && own_mgmt_key() == 0x9000 &&
	    install(&iss, LT_START) == 0x9000;
	ok = ok && sw_of("00 47 00 9A 05 AC 03 80 01 11") == 0x9000 &&
	    rsp_len == 2 + 5 + 65 && rsp[0] == 0x7F && rsp[4] == 65;
	if (ok)
		memcpy(key9a, rsp + 5, 65);
	for (i = 0; i < LT_CERT_LEN; i++)
		cert9a[i] = (uint8_t)(i * 7 + 1);
	/* Extended: 00 DB 3F FF 00 Lc Lc 5C 03 5F C1 05 53 82 L L cert */
	put[4] = 0x00;
	put[5] = (uint8_t)((9 + LT_CERT_LEN) >> 8);
	put[6] = (uint8_t)(9 + LT_CERT_LEN);
	memcpy(put + 7, "\x5C\x03\x5F\xC1\x05\x53\x82", 7);
	put[14] = (uint8_t)(LT_CERT_LEN >> 8);
	put[15] = (uint8_t)LT_CERT_LEN;
	memcpy(put + 16, cert9a, LT_CERT_LEN);
	ok = ok && send_raw(put, 16 + LT_CERT_LEN) == 0x9000;
	ok = ok && sign_9a_ok();
	uimkey_card_reset(&card);
	if (!ok) {
		printf("not ok - a card ready for the lock tests\n");
		exit(1);
	}
}

#endif
