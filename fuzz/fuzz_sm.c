/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_sm: the card's secure messaging (card/sm/, the engine's protected
 * path) driven by a host that holds a real session, so that fuzzed
 * commands reach the handlers inside the session as well as the
 * parsers in front of it.
 *
 * Input:
 *   byte 0   start state (mod 5: fz_card.h's enum fz_mode)
 *   then items, each a kind byte K (mod 4) and a length byte L, then
 *   L bytes (fewer at the end of the input):
 *     0  a command INS P1 P2 data..., wrapped by the host (Le 256, or
 *        none when the kind byte's bit 7 is set) and sent
 *     1  the same with one byte of the wrapped command flipped: at
 *        offset data[0] of the part the MAC covers (header, 87, 97, 8E),
 *        by data[1] (00: FF); the session is set up again after it
 *     2  raw bytes, sent as they are (any class, any channel); the
 *        session is set up again after it
 *     3  the session set up again (key establishment)
 *
 * Checked (a failure aborts, so libFuzzer keeps the input):
 *   - every answer is 2 .. UIMKEY_CARD_RSP_MAX bytes;
 *   - a key establishment on a powered, selected card answers 9000 with
 *     the right cryptogram;
 *   - a command the host wrapped gets 9000 and an answer that opens
 *     under the host's session, or 6700 for clear data longer than the
 *     card takes (the session then ends): card and host never disagree;
 *   - a flipped byte is never accepted: no 9000 that opens under the
 *     session.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bearssl/bearssl_ec.h>
#include <bearssl/bearssl_hash.h>

#include "card/card.h"
#include "card/wire.h"
#include "codec/cvc.h"
#include "codec/sm_apdu.h"
#include "codec/sm_kdf.h"
#include "codec/tlv.h"
#include "fuzz/fz_card.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ANS_MAX   8192
#define CMD_MAX   (UIMKEY_CARD_CMD_MAX)
#define KIND_NO_LE 0x80

static uint8_t ans[ANS_MAX], cmd[CMD_MAX], clear[ANS_MAX];
static uint8_t rsp[UIMKEY_CARD_RSP_MAX];
static uk_sm_session host;
static int have_session;
/* A fixed host key: the fuzzer explores the card, not the host's ECDH. */
static const uint8_t host_d[32] = {
	0x43, 0x31, 0xFA, 0x6D, 0x3F, 0x1A, 0x28, 0x35, 0xC0, 0x12, 0xF3,
	0x65, 0xD1, 0x44, 0xDB, 0xF8, 0x3C, 0x77, 0x43, 0x9E, 0x1C, 0x3A,
	0x7F, 0x78, 0x55, 0xFD, 0x4F, 0x32, 0x09, 0x62, 0xBB, 0x50,
};

/* An invariant: when it fails, say which and abort. */
#define must(cond) must_at((cond), __LINE__, #cond)

static void
must_at(int cond, int line, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz_sm.c:%d: %s\n", line, what);
		abort();
	}
}

/* One APDU as it is; every 61xx part collected; the last SW. */
static uint16_t
send(const uint8_t *c, size_t len, size_t *ans_len)
{
	size_t n;
	uint16_t sw;
	uint8_t gr[5] = { 0x00, UIMKEY_INS_GET_RESPONSE, 0, 0, 0 };

	*ans_len = 0;
	n = uimkey_card_process(&fz_card, c, len, rsp);
	for (;;) {
		must(n >= 2 && n <= sizeof(rsp));
		sw = (uint16_t)(rsp[n - 2] << 8 | rsp[n - 1]);
		if (*ans_len + n - 2 <= sizeof(ans)) {
			memcpy(ans + *ans_len, rsp, n - 2);
			*ans_len += n - 2;
		}
		if ((sw & 0xFF00) != UIMKEY_SW_BYTES_LEFT)
			return sw;
		gr[0] = (uint8_t)(len > 0 ? c[0] & 0x03 : 0);
		gr[4] = (uint8_t)sw;
		n = uimkey_card_process(&fz_card, gr, sizeof(gr), rsp);
	}
}

/* Key establishment on channel 0; checks the cryptogram. */
static void
establish(void)
{
	static const uint8_t sel[] = { 0x00, 0xA4, 0x04, 0x00, 0x05, 0xA0,
	    0x00, 0x00, 0x03, 0x08 };
	uint8_t c[5 + 4 + 1 + UK_SM_ID_LEN + UK_SM_POINT_LEN + 2 + 1];
	uint8_t z[UK_SM_POINT_LEN], crypt[UK_SM_CRYPTOGRAM_LEN];
	const uint8_t *p, *q;
	uk_sm_setup su;
	uk_sm_keys k;
	uk_tlv t, r;
	uk_cvc v;
	size_t n;

	have_session = 0;
	memset(&su, 0, sizeof(su));
	br_ec_p256_m31.mulgen(su.qe_h, host_d, sizeof(host_d), BR_EC_secp256r1);
	if (send(sel, sizeof(sel), &n) != UIMKEY_SW_OK)
		return;         /* unpowered, or another state: nothing to do */
	memcpy(c, (const uint8_t[]){ 0x00, UIMKEY_INS_GEN_AUTH,
	    UIMKEY_ALG_SM_CS2, UIMKEY_REF_SM, sizeof(c) - 6, 0x7C,
	    sizeof(c) - 8, 0x81, 1 + UK_SM_ID_LEN + UK_SM_POINT_LEN, 0x00 }, 10);
	memset(c + 10, 0, UK_SM_ID_LEN);
	memcpy(c + 10 + UK_SM_ID_LEN, su.qe_h, UK_SM_POINT_LEN);
	memcpy(c + sizeof(c) - 3, (const uint8_t[]){ 0x82, 0x00, 0x00 }, 3);
	must(send(c, sizeof(c), &n) == UIMKEY_SW_OK);
	p = ans;
	must(uk_tlv_next(&p, ans + n, &t) == 0 && t.tag == 0x7C);
	q = t.value;
	must(uk_tlv_next(&q, t.value + t.len, &r) == 0 && r.tag == 0x82 &&
	    r.len > 1 + UK_SM_NONCE_LEN + UK_SM_CRYPTOGRAM_LEN);
	su.cb_icc = r.value[0];
	memcpy(su.n_icc, r.value + 1, UK_SM_NONCE_LEN);
	memcpy(crypt, r.value + 1 + UK_SM_NONCE_LEN, sizeof(crypt));
	n = r.len - 1 - UK_SM_NONCE_LEN - UK_SM_CRYPTOGRAM_LEN;
	must(uk_cvc_parse(r.value + r.len - n, n, &v) == 0);
	memcpy(z, v.point, sizeof(z));
	must(br_ec_p256_m31.mul(z, sizeof(z), host_d, sizeof(host_d),
	    BR_EC_secp256r1) == 1);
	uk_sm_id_icc(r.value + r.len - n, n, su.id_icc);
	uk_sm_derive(z + 1, &su, &k);
	uk_sm_cryptogram(k.cfrm, &su, z);
	must(memcmp(z, crypt, sizeof(crypt)) == 0);
	uk_sm_start(&host, &k);
	have_session = 1;
}

/* The host's wrap of item (INS P1 P2 data) into cmd; its length, 0 when
 * it cannot be wrapped. */
static size_t
wrap(const uint8_t *item, size_t len, int le)
{
	uk_sm_cmd c;
	size_t n;

	if (len < 3)
		return 0;
	c.cla = UIMKEY_CLA_SM_FIRST;
	c.ins = item[0];
	c.p1 = item[1];
	c.p2 = item[2];
	c.data = item + 3;
	c.len = len - 3;
	c.le = le ? 256 : 0;
	c.extended = 0;
	if (uk_sm_cmd_wrap(&host, &c, cmd, sizeof(cmd), &n) != UK_SM_OK)
		return 0;
	return n;
}

static void
protected_cmd(const uint8_t *item, size_t len, int le)
{
	size_t n, got, clen;
	uint16_t sw, inner;

	/* GET RESPONSE is always plain (the card ignores the class's SM
	 * bits for it): not a protected command. */
	if (!have_session || len < 3 || item[0] == UIMKEY_INS_GET_RESPONSE ||
	    (n = wrap(item, len, le)) == 0)
		return;
	sw = send(cmd, n, &got);
	if (sw == UIMKEY_SW_WRONG_LENGTH) {
		have_session = 0;       /* clear data too long: it ended */
		return;
	}
	must(sw == UIMKEY_SW_OK);
	must(uk_sm_rsp_unwrap(&host, ans, got, clear, sizeof(clear), &clen,
	    &inner) == UK_SM_OK);
	/* A command that closes, resets or ends the channel's session by
	 * itself (key establishment refused inside, RESET, ...) leaves it
	 * as the card says: the next command tells. */
}

static void
flipped_cmd(const uint8_t *item, size_t len)
{
	size_t n, got, clen, at, covered;
	uint16_t sw, inner;

	if (!have_session || len < 5 || item[2] == UIMKEY_INS_GET_RESPONSE)
		return;
	n = wrap(item + 2, len - 2, 1);
	if (n == 0)
		return;
	/* The part the MAC covers: the header, then the data field from
	 * the length bytes on (short: 1 byte Lc; extended: 3), without Le. */
	covered = n - (cmd[4] == 0 ? 2 : 1);
	at = item[0] % covered;
	if (at == 4 || (cmd[4] == 0 && at < 7 && at > 4))
		at = 0;                 /* lengths: a malformed APDU, not SM */
	cmd[at] ^= item[1] ? item[1] : 0xFF;
	sw = send(cmd, n, &got);
	must(!(sw == UIMKEY_SW_OK && uk_sm_rsp_unwrap(&host, ans, got, clear,
	    sizeof(clear), &clen, &inner) == UK_SM_OK));
	establish();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return fz_setup() == 0 ? 0 : -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t i = 1, len, got;
	uint8_t kind;

	if (size < 1)
		return 0;
	fz_start((enum fz_mode)(data[0] % FZ_MODES));
	establish();
	while (i + 2 <= size) {
		kind = data[i];
		len = data[i + 1];
		i += 2;
		if (len > size - i)
			len = size - i;
		switch (kind % 4) {
		case 0:
			protected_cmd(data + i, len, !(kind & KIND_NO_LE));
			break;
		case 1:
			flipped_cmd(data + i, len);
			break;
		case 2:
			send(data + i, len, &got);
			establish();
			break;
		default:
			establish();
		}
		i += len;
	}
	return 0;
}
