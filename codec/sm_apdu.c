/* SPDX-License-Identifier: BSD-2-Clause */
/* Secure messaging's protected commands and answers (cipher suite 2). */
#include <string.h>

#include <bearssl/bearssl_block.h>

#include "codec/bytes.h"
#include "codec/cmac.h"
#include "codec/der.h"
#include "codec/sm_apdu.h"
#include "codec/tlv.h"

#define TAG_DATA        0x87
#define TAG_LE          0x97
#define TAG_SW          0x99
#define TAG_MAC         0x8E
#define PAD_INDICATOR   0x01    /* 87's first byte: padded with 80 00.. */
#define PAD_FIRST       0x80
#define ANSWER_IV_FLAG  0x80    /* the answers' IV: the counter, first bit set */
#define SW_LEN          2
#define SHORT_MAX       255
#define LE_SHORT_MAX    256
#define LE_EXT_MAX      65536

/* The IV of the next command's (answer 0) or answer's data: the counter
 * encrypted under the data key. */
static void
iv_of(const uk_sm_session *s, int answer, uint8_t *iv)
{
	uint8_t zero[UK_SM_BLOCK];
	br_aes_ct_cbcenc_keys k;

	memset(zero, 0, sizeof(zero));
	memcpy(iv, s->ctr, UK_SM_BLOCK);
	if (answer)
		iv[0] |= ANSWER_IV_FLAG;
	br_aes_ct_cbcenc_init(&k, s->enc, UK_SM_KEY_LEN);
	br_aes_ct_cbcenc_run(&k, zero, iv, UK_SM_BLOCK);
	uk_wipe(&k, sizeof(k));
}

/* The length of data padded to whole blocks (always 1 to 16 more). */
static size_t
padded(size_t len)
{
	return (len / UK_SM_BLOCK + 1) * UK_SM_BLOCK;
}

/* p[0..len) padded and encrypted in place; p has room for padded(len). */
static void
encrypt(const uk_sm_session *s, int answer, uint8_t *p, size_t len)
{
	uint8_t iv[UK_SM_BLOCK];
	br_aes_ct_cbcenc_keys k;
	size_t n = padded(len);

	p[len] = PAD_FIRST;
	memset(p + len + 1, 0, n - len - 1);
	iv_of(s, answer, iv);
	br_aes_ct_cbcenc_init(&k, s->enc, UK_SM_KEY_LEN);
	br_aes_ct_cbcenc_run(&k, iv, p, n);
	uk_wipe(&k, sizeof(k));
}

/* p[0..n) decrypted in place; the data's length without its padding,
 * or -1 when the padding is not 80 00.. within the last block. */
static long
decrypt(const uk_sm_session *s, int answer, uint8_t *p, size_t n)
{
	uint8_t iv[UK_SM_BLOCK];
	br_aes_ct_cbcdec_keys k;
	size_t i = n;

	iv_of(s, answer, iv);
	br_aes_ct_cbcdec_init(&k, s->enc, UK_SM_KEY_LEN);
	br_aes_ct_cbcdec_run(&k, iv, p, n);
	uk_wipe(&k, sizeof(k));
	while (i > n - UK_SM_BLOCK && p[i - 1] == 0)
		i--;
	if (i == n - UK_SM_BLOCK || p[i - 1] != PAD_FIRST)
		return -1;
	return (long)(i - 1);
}

/* The size of tag 87 around n encrypted bytes (with its indicator). */
static size_t
t87_size(size_t n)
{
	return n == 0 ? 0 : 1 + uk_der_len_size(n + 1) + 1 + n;
}

/* 87 01 E for data (copied from data, which may overlap) at p. */
static size_t
put_87(const uk_sm_session *s, int answer, uint8_t *p, const uint8_t *data,
    size_t len)
{
	size_t n, h;

	if (len == 0)
		return 0;
	n = padded(len);
	h = 1 + uk_der_len_size(n + 1);
	/* The data first: it may sit where the header goes. */
	memmove(p + h + 1, data, len);
	p[0] = TAG_DATA;
	uk_der_len_put(p + 1, n + 1, h - 1);
	p[h] = PAD_INDICATOR;
	encrypt(s, answer, p + h + 1, len);
	return h + 1 + n;
}

/* The chained MAC of a command: the header as one padded block, then
 * its 87 and 97 objects as sent. */
static void
cmd_mac(const uk_sm_session *s, const uint8_t *hdr, const uint8_t *objs,
    size_t objs_len, uint8_t *mcv)
{
	uint8_t block[UK_SM_BLOCK];
	uk_cmac c;

	memset(block, 0, sizeof(block));
	memcpy(block, hdr, 4);
	block[4] = PAD_FIRST;
	uk_cmac_init(&c, s->mac);
	uk_cmac_update(&c, s->c_mcv, UK_SM_BLOCK);
	uk_cmac_update(&c, block, sizeof(block));
	uk_cmac_update(&c, objs, objs_len);
	uk_cmac_final(&c, mcv);
}

static void
rsp_mac(const uk_sm_session *s, const uint8_t *objs, size_t objs_len,
    uint8_t *mcv)
{
	uk_cmac c;

	uk_cmac_init(&c, s->rmac);
	uk_cmac_update(&c, s->r_mcv, UK_SM_BLOCK);
	uk_cmac_update(&c, objs, objs_len);
	uk_cmac_final(&c, mcv);
}

static void
ctr_next(uk_sm_session *s)
{
	int i = UK_SM_BLOCK;

	while (i-- > 0 && ++s->ctr[i] == 0)
		;
}

void
uk_sm_start(uk_sm_session *s, const uk_sm_keys *k)
{
	memcpy(s->enc, k->enc, UK_SM_KEY_LEN);
	memcpy(s->mac, k->mac, UK_SM_KEY_LEN);
	memcpy(s->rmac, k->rmac, UK_SM_KEY_LEN);
	memset(s->ctr, 0, UK_SM_BLOCK);
	s->ctr[UK_SM_BLOCK - 1] = 1;
	memset(s->c_mcv, 0, UK_SM_BLOCK);
	memset(s->r_mcv, 0, UK_SM_BLOCK);
}

void
uk_sm_end(uk_sm_session *s)
{
	uk_wipe(s, sizeof(*s));
}

int
uk_sm_cmd_wrap(uk_sm_session *s, const uk_sm_cmd *c, uint8_t *out,
    size_t cap, size_t *out_len)
{
	uint8_t mcv[UK_SM_BLOCK];
	size_t t87 = t87_size(c->len ? padded(c->len) : 0);
	size_t t97 = c->le == 0 ? 0 : c->le <= LE_SHORT_MAX ? 3 : 4;
	size_t body = t87 + t97 + 2 + UK_SM_MAC_LEN, n;
	int ext = c->extended || body > SHORT_MAX;
	uint8_t *p;

	*out_len = 0;
	if (c->le > LE_EXT_MAX || 4 + (ext ? 3 : 1) + body + (ext ? 2 : 1) >
	    cap)
		return UK_SM_E_SPACE;
	out[0] = c->cla;
	out[1] = c->ins;
	out[2] = c->p1;
	out[3] = c->p2;
	n = 4;
	if (ext) {
		out[n++] = 0;
		out[n++] = (uint8_t)(body >> 8);
	}
	out[n++] = (uint8_t)body;
	p = out + n;
	n += put_87(s, 0, p, c->data, c->len);
	if (t97 != 0) {
		out[n++] = TAG_LE;
		out[n++] = (uint8_t)(t97 - 2);
		if (t97 == 4)
			out[n++] = (uint8_t)(c->le >> 8 & 0xFF);
		out[n++] = (uint8_t)(c->le & 0xFF);
	}
	cmd_mac(s, out, p, t87 + t97, mcv);
	memcpy(s->c_mcv, mcv, UK_SM_BLOCK);
	out[n++] = TAG_MAC;
	out[n++] = UK_SM_MAC_LEN;
	memcpy(out + n, mcv, UK_SM_MAC_LEN);
	n += UK_SM_MAC_LEN;
	out[n++] = 0;
	if (ext)
		out[n++] = 0;
	*out_len = n;
	return UK_SM_OK;
}

/* The objects of a protected message: an optional 87, then the optional
 * 97 (commands) or the mandatory 99 (answers), then 8E last.  *mac_at is
 * the offset of 8E, which ends the MACed part. */
static int
parse(const uint8_t *m, size_t len, unsigned second, uk_tlv *t87,
    uk_tlv *t2, const uint8_t **mac, size_t *mac_at)
{
	const uint8_t *p = m, *end = m + len, *at;
	uk_tlv t;

	memset(t87, 0, sizeof(*t87));
	memset(t2, 0, sizeof(*t2));
	at = p;
	if (uk_tlv_next(&p, end, &t) != 0)
		return UK_SM_E_OBJECTS;
	if (t.tag == TAG_DATA) {
		if (t.len < 1 + UK_SM_BLOCK || t.value[0] != PAD_INDICATOR ||
		    (t.len - 1) % UK_SM_BLOCK != 0)
			return UK_SM_E_OBJECTS;
		*t87 = t;
		at = p;
		if (uk_tlv_next(&p, end, &t) != 0)
			return UK_SM_E_OBJECTS;
	}
	if (t.tag == second) {
		*t2 = t;
		at = p;
		if (uk_tlv_next(&p, end, &t) != 0)
			return UK_SM_E_OBJECTS;
	}
	if (t.tag != TAG_MAC || t.len != UK_SM_MAC_LEN || p != end)
		return UK_SM_E_OBJECTS;
	*mac = t.value;
	*mac_at = (size_t)(at - m);
	return UK_SM_OK;
}

/* The encrypted data of t87 opened into data; its clear length. */
static int
open_87(const uk_sm_session *s, int answer, const uk_tlv *t87,
    uint8_t *data, size_t cap, size_t *data_len)
{
	size_t n = t87->len - 1;
	long got;

	*data_len = 0;
	if (t87->len == 0)
		return UK_SM_OK;
	if (n > cap)
		return UK_SM_E_SPACE;
	memcpy(data, t87->value + 1, n);
	if ((got = decrypt(s, answer, data, n)) < 0) {
		uk_wipe(data, n);
		return UK_SM_E_MAC;
	}
	uk_wipe(data + got, n - (size_t)got);
	*data_len = (size_t)got;
	return UK_SM_OK;
}

int
uk_sm_cmd_unwrap(uk_sm_session *s, uint8_t cla, uint8_t ins, uint8_t p1,
    uint8_t p2, const uint8_t *body, size_t body_len, uint8_t *data,
    size_t cap, size_t *data_len, size_t *le)
{
	const uint8_t hdr[4] = { cla, ins, p1, p2 };
	uint8_t mcv[UK_SM_BLOCK];
	const uint8_t *mac;
	uk_tlv t87, t97;
	size_t mac_at;
	int r;

	*data_len = 0;
	*le = 0;
	if ((r = parse(body, body_len, TAG_LE, &t87, &t97, &mac,
	    &mac_at)) != UK_SM_OK)
		return r;
	if (t97.tag != 0 && t97.len != 1 && t97.len != 2)
		return UK_SM_E_OBJECTS;
	cmd_mac(s, hdr, body, mac_at, mcv);
	if (!uk_ct_equal(mcv, mac, UK_SM_MAC_LEN))
		return UK_SM_E_MAC;
	if ((r = open_87(s, 0, &t87, data, cap, data_len)) != UK_SM_OK)
		return r;
	if (t97.len == 1)
		*le = t97.value[0] == 0 ? LE_SHORT_MAX : t97.value[0];
	else if (t97.len == 2)
		*le = t97.value[0] == 0 && t97.value[1] == 0 ? LE_EXT_MAX :
		    (size_t)t97.value[0] << 8 | t97.value[1];
	memcpy(s->c_mcv, mcv, UK_SM_BLOCK);
	return UK_SM_OK;
}

int
uk_sm_rsp_wrap(uk_sm_session *s, const uint8_t *data, size_t len,
    uint16_t sw, uint8_t *out, size_t cap, size_t *out_len)
{
	uint8_t mcv[UK_SM_BLOCK];
	size_t t87 = t87_size(len ? padded(len) : 0), n;

	*out_len = 0;
	if (t87 + 4 + 2 + UK_SM_MAC_LEN > cap)
		return UK_SM_E_SPACE;
	n = put_87(s, 1, out, data, len);
	out[n++] = TAG_SW;
	out[n++] = SW_LEN;
	out[n++] = (uint8_t)(sw >> 8);
	out[n++] = (uint8_t)sw;
	rsp_mac(s, out, n, mcv);
	memcpy(s->r_mcv, mcv, UK_SM_BLOCK);
	out[n++] = TAG_MAC;
	out[n++] = UK_SM_MAC_LEN;
	memcpy(out + n, mcv, UK_SM_MAC_LEN);
	*out_len = n + UK_SM_MAC_LEN;
	ctr_next(s);
	return UK_SM_OK;
}

int
uk_sm_rsp_unwrap(uk_sm_session *s, const uint8_t *rsp, size_t len,
    uint8_t *data, size_t cap, size_t *data_len, uint16_t *sw)
{
	uint8_t mcv[UK_SM_BLOCK];
	const uint8_t *mac;
	uk_tlv t87, t99;
	size_t mac_at;
	int r;

	*data_len = 0;
	*sw = 0;
	if ((r = parse(rsp, len, TAG_SW, &t87, &t99, &mac, &mac_at)) !=
	    UK_SM_OK)
		return r;
	if (t99.tag != TAG_SW || t99.len != SW_LEN)
		return UK_SM_E_OBJECTS;
	rsp_mac(s, rsp, mac_at, mcv);
	if (!uk_ct_equal(mcv, mac, UK_SM_MAC_LEN))
		return UK_SM_E_MAC;
	if ((r = open_87(s, 1, &t87, data, cap, data_len)) != UK_SM_OK)
		return r;
	*sw = (uint16_t)(t99.value[0] << 8 | t99.value[1]);
	memcpy(s->r_mcv, mcv, UK_SM_BLOCK);
	ctr_next(s);
	return UK_SM_OK;
}
