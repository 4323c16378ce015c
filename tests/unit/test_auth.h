/*
 * Shared helpers of the auth area's unit tests (test_auth*.c): a card in
 * process on a RAM store whose syncs can be counted, failed and
 * photographed, APDU exchange, PIN padding, and management-key
 * authentication computed on the host side with BearSSL.
 */
#ifndef UIMKEY_TEST_AUTH_H
#define UIMKEY_TEST_AUTH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bearssl/bearssl_block.h>

#include "card/auth.h"
#include "card/card.h"
#include "card/wire.h"
#include "tests/unit/check.h"
#include "tests/unit/hex.h"
#include "tests/unit/mem_card.h"

/* A mem_store whose Nth sync can fail, and whose durable state right
 * after sync number snap_at is kept in snap. */
struct spy_store {
	struct mem_store m;         /* first: the vtable is the context */
	unsigned seen;              /* syncs asked for */
	unsigned fail_at;           /* fail sync number fail_at (0: never) */
	unsigned snap_at;           /* photograph after sync snap_at */
	uint8_t snap[UIMKEY_STORE_SIZE];
};

static struct spy_store *spy;
static struct counter_rng rng;
static uimkey_card card;
static uint8_t rsp[UIMKEY_CARD_RSP_MAX];
static size_t rsp_len;

static inline int
spy_sync(const uimkey_store_class **ctx)
{
	struct spy_store *s = (struct spy_store *)(void *)ctx;
	int r;

	s->seen++;
	s->m.fail_sync = s->fail_at != 0 && s->seen == s->fail_at;
	r = mem_sync(ctx);
	s->m.fail_sync = 0;
	if (r == 0 && s->seen == s->snap_at)
		memcpy(s->snap, s->m.durable, sizeof(s->snap));
	return r;
}

static const uimkey_store_class spy_vtable = { mem_read, mem_write, spy_sync };

/* Start counting syncs again; fail_at / snap_at count from here. */
static inline void
spy_arm(unsigned fail_at, unsigned snap_at)
{
	spy->seen = 0;
	spy->fail_at = fail_at;
	spy->snap_at = snap_at;
}

static inline void
fresh_card(void)
{
	if (spy == NULL)
		spy = malloc(sizeof(*spy));
	mem_store_blank(&spy->m);
	spy->m.vtable = &spy_vtable;
	spy_arm(0, 0);
	counter_rng_init(&rng, 1);
	if (uimkey_card_init(&card, &spy->m.vtable, &rng.vtable) !=
	    UIMKEY_CARD_OK) {
		printf("not ok - card init\n");
		exit(1);
	}
	uimkey_card_power_on(&card);
}

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

/* Send hex_cmd and return the status word. */
static inline uint16_t
sw_of(const char *hex_cmd)
{
	uint8_t cmd[UIMKEY_CARD_CMD_MAX];

	return send_raw(cmd, hex_parse(hex_cmd, cmd, sizeof(cmd)));
}

static inline void
pad8(const char *s, uint8_t *out)
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

	pad8(a, cmd + 5);
	if (b != NULL) {
		cmd[4] = 16;
		pad8(b, cmd + 13);
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

/* The durable store as it is now, to compare after a refusal. */
static inline uint8_t *
store_photo(void)
{
	uint8_t *p = malloc(UIMKEY_STORE_SIZE);

	memcpy(p, spy->m.durable, UIMKEY_STORE_SIZE);
	spy_arm(0, 0);
	return p;
}

/* 1 when the store is as photographed and nothing was synced since;
 * frees the photo. */
static inline int
store_same(uint8_t *photo)
{
	int same = memcmp(photo, spy->m.durable, UIMKEY_STORE_SIZE) == 0 &&
	    memcmp(photo, spy->m.mem, UIMKEY_STORE_SIZE) == 0 &&
	    spy->seen == 0;

	free(photo);
	return same;
}

/* --- The host's side of 9B authentication, with BearSSL. --- */

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
	cmd[7] = tag1;
	cmd[8] = (uint8_t)n1;
	if (n1 > 0)
		memcpy(cmd + 9, v1, n1);
	n = 9 + n1;
	if (v2 != NULL) {
		cmd[n++] = tag2;
		cmd[n++] = (uint8_t)n2;
		memcpy(cmd + n, v2, n2);
		n += n2;
	}
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

/* One-sided: the card's challenge, encrypted by the host. */
static inline uint16_t
single_auth(uint8_t alg, const uint8_t *key)
{
	uint8_t c[16];
	size_t b = host_block(alg);
	uint16_t sw;

	if ((sw = ga_send(alg, 0x81, NULL, 0, 0, NULL, 0)) != UIMKEY_SW_OK)
		return sw;
	if (!dyn_item(0x81, b, c))
		return 0;
	host_cipher(alg, key, c, 1);
	return ga_send(alg, 0x82, c, b, 0, NULL, 0);
}

static inline uint16_t
admin_default(void)
{
	int ok;

	return mutual_auth(UIMKEY_ALG_3DES, default_mgmt, &ok);
}

#endif
