/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GENERAL AUTHENTICATE with the card management key (9B): mutual
 * authentication (witness, then witness back with the host's challenge)
 * and one-sided challenge-response.  One nonce at a time: any GENERAL
 * AUTHENTICATE 9B forgets the nonce before it looks at its data, so an
 * answer counts once, right or wrong.
 */
#include <string.h>

#include "auth_int.h"
#include "codec/tlv.h"
#include "codec/bytes.h"
#include "card/wire.h"
#include "uk/rsp.h"

#define TAG_DYN_AUTH   0x7C
#define TAG_WITNESS    0x80
#define TAG_CHALLENGE  0x81
#define TAG_RESPONSE   0x82
#define ITEM_COUNT     3        /* 80, 81, 82 */
/* SP 800-78: 00 is the older name of three-key 3DES (OpenSC sends it). */
#define ALG_3DES_OLD   0x00

typedef struct {
	const uint8_t *v[ITEM_COUNT];
	size_t len[ITEM_COUNT];
	uint8_t has[ITEM_COUNT];
} ga_items;

enum ga_kind { GA_BAD, GA_ASK_WITNESS, GA_ASK_CHALLENGE, GA_WITNESS,
    GA_RESPONSE };

/* 7C { 80 | 81 | 82, each at most once } and nothing else. */
static int
parse(const uint8_t *data, size_t len, ga_items *it)
{
	const uint8_t *p = data, *end, *q, *qend;
	uk_tlv outer, t;
	unsigned i;

	memset(it, 0, sizeof(*it));
	if (len == 0)
		return -1;
	end = data + len;
	if (uk_tlv_next(&p, end, &outer) != 0 || p != end ||
	    outer.tag != TAG_DYN_AUTH)
		return -1;
	q = outer.value;
	qend = outer.value + outer.len;
	while (q < qend) {
		if (uk_tlv_next(&q, qend, &t) != 0 || t.tag < TAG_WITNESS ||
		    t.tag > TAG_RESPONSE)
			return -1;
		i = t.tag - TAG_WITNESS;
		if (it->has[i])
			return -1;
		it->has[i] = 1;
		it->v[i] = t.value;
		it->len[i] = t.len;
	}
	return 0;
}

static enum ga_kind
classify(const ga_items *it, size_t blen)
{
	const uint8_t *h = it->has;
	const size_t *n = it->len;

	if (h[0] && n[0] == 0 && !h[1] && !h[2])
		return GA_ASK_WITNESS;
	if (!h[0] && h[1] && n[1] == 0 && !h[2])
		return GA_ASK_CHALLENGE;
	if (h[0] && n[0] == blen && !h[2] && (!h[1] || n[1] == blen))
		return GA_WITNESS;
	if (!h[0] && !h[1] && h[2] && n[2] == blen)
		return GA_RESPONSE;
	return GA_BAD;
}

static uint16_t
put_item(uimkey_card *card, unsigned tag, const uint8_t *v, size_t len)
{
	if (uk_rsp_put_tl(&card->rsp, TAG_DYN_AUTH, 2 + len) != UK_OK ||
	    uk_rsp_put_tl(&card->rsp, tag, len) != UK_OK ||
	    uk_rsp_put(&card->rsp, v, len) != UK_OK)
		return UIMKEY_SW_NO_DIAG;
	return UIMKEY_SW_OK;
}

/* Draw a nonce and send it: the witness encrypted, the challenge plain. */
static uint16_t
issue(uimkey_card *card, const uk_cred *cred, enum ga_kind kind,
    size_t blen)
{
	uint8_t out[UK_MGMT_CHALLENGE_MAX];
	uint16_t sw;

	br_hmac_drbg_generate(&card->drbg, UK_AUTH(card)->nonce, blen);
	memcpy(out, UK_AUTH(card)->nonce, blen);
	if (kind == GA_ASK_WITNESS)
		uk_auth_mgmt_encrypt(cred->mgmt_alg, cred->mgmt_key, out);
	sw = put_item(card, kind == GA_ASK_WITNESS ? TAG_WITNESS :
	    TAG_CHALLENGE, out, blen);
	if (sw == UIMKEY_SW_OK) {
		UK_AUTH(card)->mgmt_pending = kind == GA_ASK_WITNESS ?
		    UK_MGMT_PENDING_WITNESS : UK_MGMT_PENDING_CHALLENGE;
		UK_AUTH(card)->mgmt_alg = cred->mgmt_alg;
	} else {
		uk_auth_forget_nonce(card);
	}
	uk_wipe(out, sizeof(out));
	return sw;
}

/*
 * The host's answer to the nonce: the witness decrypted (then with 81 it
 * may challenge the card in turn), or the challenge encrypted.
 */
static uint16_t
check_answer(uimkey_card *card, const uk_cred *cred, const ga_items *it,
    enum ga_kind kind, const uint8_t *nonce, size_t blen)
{
	uint8_t want[UK_MGMT_CHALLENGE_MAX], out[UK_MGMT_CHALLENGE_MAX];
	uint16_t sw = UIMKEY_SW_SECURITY;
	int ok;

	memcpy(want, nonce, blen);
	if (kind == GA_RESPONSE)
		uk_auth_mgmt_encrypt(cred->mgmt_alg, cred->mgmt_key, want);
	ok = uk_ct_equal(want, kind == GA_RESPONSE ? it->v[2] : it->v[0],
	    blen);
	if (!ok)
		goto fail;
	sw = UIMKEY_SW_OK;
	if (kind == GA_WITNESS && it->has[1]) {
		memcpy(out, it->v[1], blen);
		uk_auth_mgmt_encrypt(cred->mgmt_alg, cred->mgmt_key, out);
		sw = put_item(card, TAG_RESPONSE, out, blen);
	}
	UK_AUTH(card)->mgmt_ok = sw == UIMKEY_SW_OK;
fail:
	uk_wipe(want, sizeof(want));
	uk_wipe(out, sizeof(out));
	return sw;
}

static uint8_t
pending_for(enum ga_kind kind)
{
	return kind == GA_WITNESS ? UK_MGMT_PENDING_WITNESS :
	    UK_MGMT_PENDING_CHALLENGE;
}

uint16_t
uk_auth_general_9b(uimkey_card *card, const uk_apdu *apdu)
{
	uint8_t nonce[UK_MGMT_CHALLENGE_MAX];
	uint8_t pending = UK_AUTH(card)->mgmt_pending;
	uint8_t pend_alg = UK_AUTH(card)->mgmt_alg;
	uint8_t alg = apdu->p1 == ALG_3DES_OLD ? UIMKEY_ALG_3DES : apdu->p1;
	enum ga_kind kind;
	uk_cred cred;
	ga_items it;
	uint16_t sw;
	size_t blen;

	memcpy(nonce, UK_AUTH(card)->nonce, sizeof(nonce));
	uk_auth_forget_nonce(card);
	if ((sw = uk_cred_load(card, &cred)) != UIMKEY_SW_OK)
		goto fail;
	sw = UIMKEY_SW_WRONG_DATA;
	blen = uimkey_mgmt_block_len(cred.mgmt_alg);
	if (alg != cred.mgmt_alg || parse(apdu->data, apdu->lc, &it) != 0 ||
	    (kind = classify(&it, blen)) == GA_BAD)
		goto fail;
	if (kind == GA_ASK_WITNESS || kind == GA_ASK_CHALLENGE) {
		sw = issue(card, &cred, kind, blen);
		goto fail;
	}
	sw = UIMKEY_SW_SECURITY;
	UK_AUTH(card)->mgmt_ok = 0;
	if (pending == pending_for(kind) && pend_alg == alg)
		sw = check_answer(card, &cred, &it, kind, nonce, blen);
fail:
	uk_wipe(nonce, sizeof(nonce));
	uk_cred_wipe(&cred);
	return sw;
}
