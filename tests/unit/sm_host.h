/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The host's side of secure messaging for the unit tests, over the card
 * of card_fixture.h: key establishment with an ephemeral key of the
 * test's (BearSSL's ECDH and the codec's KDF, as libuimkey does), and
 * protected commands whose answers are collected with GET RESPONSE and
 * opened.  Static inline, like the fixtures it builds on.
 */
#ifndef UIMKEY_TEST_SM_HOST_H
#define UIMKEY_TEST_SM_HOST_H

#include <bearssl/bearssl_ec.h>
#include <bearssl/bearssl_hash.h>
#include <bearssl/bearssl_rand.h>

#include "codec/cvc.h"
#include "codec/sm_apdu.h"
#include "codec/sm_kdf.h"
#include "codec/tlv.h"
#include "tests/unit/card_fixture.h"

#define SM_HOST_CMD_MAX  (UIMKEY_CARD_CMD_MAX)

/* What one key establishment gave the host. */
struct sm_host {
	uk_sm_session s;
	uint8_t cvc[UK_CVC_MAX];
	size_t cvc_len;
	uk_cvc v;                       /* cvc taken apart */
	int cryptogram_ok;              /* the card proved its key */
};

/* An ephemeral P-256 key, from seed. */
static inline void
sm_host_ephemeral(const char *seed, uint8_t *d, uint8_t *q)
{
	br_hmac_drbg_context r;
	br_ec_private_key sk;
	br_ec_public_key pk;
	uint8_t kbuf[BR_EC_KBUF_PRIV_MAX_SIZE];

	br_hmac_drbg_init(&r, &br_sha256_vtable, seed, strlen(seed));
	br_ec_keygen(&r.vtable, &br_ec_p256_m31, &sk, kbuf, BR_EC_secp256r1);
	memcpy(d, sk.x, 32);
	br_ec_compute_pub(&br_ec_p256_m31, &pk, q, &sk);
}

/* GENERAL AUTHENTICATE 00 87 27 04 with 7C { 81 CB_H IDsH q, 82 00 }:
 * the card's status word, its answer in ans. */
static inline uint16_t
sm_host_ga04(uint8_t p1, const uint8_t *q)
{
	uint8_t d[4 + 1 + UK_SM_ID_LEN + UK_SM_POINT_LEN + 2];

	d[0] = 0x7C;
	d[1] = (uint8_t)(sizeof(d) - 2);
	d[2] = 0x81;
	d[3] = 1 + UK_SM_ID_LEN + UK_SM_POINT_LEN;
	memset(d + 4, 0, 1 + UK_SM_ID_LEN);
	memcpy(d + 4 + 1 + UK_SM_ID_LEN, q, UK_SM_POINT_LEN);
	d[sizeof(d) - 2] = 0x82;
	d[sizeof(d) - 1] = 0x00;
	return xsend(UIMKEY_INS_GEN_AUTH, p1, UIMKEY_REF_SM, d, sizeof(d));
}

/*
 * Key establishment on the current channel with an ephemeral key from
 * seed: 0 when the card answered 9000 with a CVC that parses and a
 * cryptogram (h->cryptogram_ok says whether it is the right one); the
 * host's session in h->s.
 */
static inline int
sm_host_open(struct sm_host *h, const char *seed)
{
	uint8_t d[32], z[UK_SM_POINT_LEN], crypt[UK_SM_CRYPTOGRAM_LEN];
	const uint8_t *p = ans, *q;
	uk_sm_setup su;
	uk_sm_keys k;
	uk_tlv t, r;

	memset(h, 0, sizeof(*h));
	memset(&su, 0, sizeof(su));
	sm_host_ephemeral(seed, d, su.qe_h);
	if (sm_host_ga04(UIMKEY_ALG_SM_CS2, su.qe_h) != UIMKEY_SW_OK ||
	    uk_tlv_next(&p, ans + ans_len, &t) != 0 || t.tag != 0x7C)
		return -1;
	q = t.value;
	if (uk_tlv_next(&q, t.value + t.len, &r) != 0 || r.tag != 0x82 ||
	    r.len < 1 + UK_SM_NONCE_LEN + UK_SM_CRYPTOGRAM_LEN)
		return -1;
	su.cb_icc = r.value[0];
	memcpy(su.n_icc, r.value + 1, UK_SM_NONCE_LEN);
	memcpy(crypt, r.value + 1 + UK_SM_NONCE_LEN, sizeof(crypt));
	h->cvc_len = r.len - 1 - UK_SM_NONCE_LEN - UK_SM_CRYPTOGRAM_LEN;
	memcpy(h->cvc, r.value + r.len - h->cvc_len, h->cvc_len);
	if (uk_cvc_parse(h->cvc, h->cvc_len, &h->v) != 0)
		return -1;
	memcpy(z, h->v.point, sizeof(z));
	if (br_ec_p256_m31.mul(z, sizeof(z), d, sizeof(d),
	    BR_EC_secp256r1) != 1)
		return -1;
	uk_sm_id_icc(h->cvc, h->cvc_len, su.id_icc);
	uk_sm_derive(z + 1, &su, &k);
	uk_sm_cryptogram(k.cfrm, &su, z);
	h->cryptogram_ok = memcmp(z, crypt, sizeof(crypt)) == 0;
	uk_sm_start(&h->s, &k);
	return 0;
}

/* A protected command on the current channel: wrapped into cmd (its
 * bytes kept for replays), sent, every part of the answer collected;
 * the outer status word.  *sw and out (the clear answer) are set when
 * the answer opens. */
static inline uint16_t
sm_host_send(struct sm_host *h, uint8_t ins, uint8_t p1, uint8_t p2,
    const uint8_t *data, size_t len, uint8_t *cmd, size_t *cmd_len,
    uint8_t *out, size_t *out_len, uint16_t *sw)
{
	uk_sm_cmd c = { 0, ins, p1, p2, data, len, 256, 0 };
	uint16_t outer;

	c.cla = (uint8_t)(tc_on_channel(0, chan) |
	    (chan > UIMKEY_CLA_FIRST_MAX ? UIMKEY_CLA_SM_FURTHER :
	    UIMKEY_CLA_SM_FIRST));
	*sw = 0;
	*out_len = 0;
	if (uk_sm_cmd_wrap(&h->s, &c, cmd, SM_HOST_CMD_MAX, cmd_len) != 0)
		return 0;
	ans_len = 0;
	outer = tc_process_all(&card, cmd, *cmd_len, rsp, &rsp_len, ans,
	    sizeof(ans), &ans_len);
	if (outer == UIMKEY_SW_OK && uk_sm_rsp_unwrap(&h->s, ans, ans_len,
	    out, ANS_MAX, out_len, sw) != 0)
		*sw = 0;
	return outer;
}

/* The same, without keeping the command: the inner status word, 0 when
 * the outer one is not 9000 or the answer does not open. */
static inline uint16_t
sm_host_cmd(struct sm_host *h, uint8_t ins, uint8_t p1, uint8_t p2,
    const uint8_t *data, size_t len, uint8_t *out, size_t *out_len)
{
	static uint8_t cmd[SM_HOST_CMD_MAX];
	size_t n;
	uint16_t sw;

	if (sm_host_send(h, ins, p1, p2, data, len, cmd, &n, out, out_len,
	    &sw) != UIMKEY_SW_OK)
		return 0;
	return sw;
}

#endif
