/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Key establishment (SP 800-73-4 part 2, 4.1, cipher suite 2): GENERAL
 * AUTHENTICATE 00 87 27 04 with 7C { 81 CB_H IDsH Q_eH, 82 (empty) }.
 * The card's static key and the host's ephemeral key give Z; with the
 * card's nonce and its CVC's identifier the KDF gives the session keys,
 * and the answer 7C { 82 CB_ICC N_ICC AuthCryptogram CVC } lets the host
 * check both the card's certificate and that the card holds its key.
 * The new session replaces any the channel had, and starts with nothing
 * proven in it.
 */
#include <string.h>

#include <bearssl/bearssl_ec.h>

#include "sm_int.h"
#include "uk/rsp.h"
#include "codec/bytes.h"
#include "codec/der.h"
#include "codec/tlv.h"
#include "card/wire.h"

#define TAG_TEMPLATE   0x7Cu
#define TAG_HOST       0x81u
#define TAG_RESPONSE   0x82u
#define HOST_LEN       (1 + UK_SM_ID_LEN + UK_SM_POINT_LEN)
#define POINT_FORM     0x04
/* The card's control byte: no persistent binding. */
#define CB_ICC         0x00

/* The host's part of the command: CB_H, IDsH and Q_eH into *s. */
static uint16_t
parse_host(const uk_apdu *apdu, uk_sm_setup *s)
{
	const uint8_t *p = apdu->data, *end = apdu->data + apdu->lc, *q;
	uk_tlv t, h, r;

	if (uk_tlv_next(&p, end, &t) != 0 || t.tag != TAG_TEMPLATE ||
	    p != end)
		return UIMKEY_SW_WRONG_DATA;
	q = t.value;
	if (uk_tlv_next(&q, t.value + t.len, &h) != 0 ||
	    h.tag != TAG_HOST || h.len != HOST_LEN ||
	    uk_tlv_next(&q, t.value + t.len, &r) != 0 ||
	    r.tag != TAG_RESPONSE || r.len != 0 || q != t.value + t.len)
		return UIMKEY_SW_WRONG_DATA;
	s->cb_h = h.value[0];
	memcpy(s->id_h, h.value + 1, UK_SM_ID_LEN);
	memcpy(s->qe_h, h.value + 1 + UK_SM_ID_LEN, UK_SM_POINT_LEN);
	if (s->qe_h[0] != POINT_FORM)
		return UIMKEY_SW_WRONG_DATA;
	return UIMKEY_SW_OK;
}

/* Z: the X of d times the host's point (6A80 when it is no point of
 * the curve). */
static uint16_t
shared_secret(const uimkey_card *card, const uk_sm_setup *s, uint8_t *z)
{
	uint8_t d[UK_P256_SCALAR_LEN], p[UK_SM_POINT_LEN];
	uint16_t sw = UIMKEY_SW_WRONG_DATA;

	memcpy(p, s->qe_h, sizeof(p));
	if (uk_sm_scalar(card, d) != UK_OK)
		sw = UIMKEY_SW_NO_DIAG;
	else if (br_ec_p256_m31.mul(p, sizeof(p), d, sizeof(d),
	    BR_EC_secp256r1) == 1) {
		memcpy(z, p + 1, UK_SM_Z_LEN);
		sw = UIMKEY_SW_OK;
	}
	uk_wipe(d, sizeof(d));
	uk_wipe(p, sizeof(p));
	return sw;
}

static uint16_t
answer(uimkey_card *card, const uk_sm_setup *s, const uint8_t *crypt,
    const uint8_t *cvc, size_t cvc_len)
{
	size_t in = 1 + UK_SM_NONCE_LEN + UK_SM_CRYPTOGRAM_LEN + cvc_len;
	uimkey_rsp_chain *r = &card->rsp;

	if (uk_rsp_put_tl(r, TAG_TEMPLATE, 1 + uk_der_len_size(in) + in) !=
	    UK_OK || uk_rsp_put_tl(r, TAG_RESPONSE, in) != UK_OK ||
	    uk_rsp_put(r, &s->cb_icc, 1) != UK_OK ||
	    uk_rsp_put(r, s->n_icc, UK_SM_NONCE_LEN) != UK_OK ||
	    uk_rsp_put(r, crypt, UK_SM_CRYPTOGRAM_LEN) != UK_OK ||
	    uk_rsp_put(r, cvc, cvc_len) != UK_OK)
		return UIMKEY_SW_NO_DIAG;
	return UIMKEY_SW_OK;
}

uint16_t
uk_sm_establish(uimkey_card *card, const uk_apdu *apdu)
{
	uint8_t z[UK_SM_Z_LEN], crypt[UK_SM_CRYPTOGRAM_LEN];
	const uint8_t *cvc;
	size_t cvc_len;
	uk_sm_setup s;
	uk_sm_keys k;
	uint16_t sw;

	if (apdu->p1 != UIMKEY_ALG_SM_CS2)
		return UIMKEY_SW_WRONG_P1P2;
	/* Set up in the clear: a session does not carry its successor. */
	if (card->sm.in_session)
		return UIMKEY_SW_CONDITIONS;
	memset(&s, 0, sizeof(s));
	if ((sw = parse_host(apdu, &s)) != UIMKEY_SW_OK ||
	    (sw = uk_sm_cvc(card, &cvc, &cvc_len)) != UIMKEY_SW_OK ||
	    (sw = shared_secret(card, &s, z)) != UIMKEY_SW_OK)
		return sw;
	uk_sm_id_icc(cvc, cvc_len, s.id_icc);
	br_hmac_drbg_generate(&card->drbg, s.n_icc, UK_SM_NONCE_LEN);
	s.cb_icc = CB_ICC;
	uk_sm_derive(z, &s, &k);
	uk_sm_cryptogram(k.cfrm, &s, crypt);
	if ((sw = answer(card, &s, crypt, cvc, cvc_len)) == UIMKEY_SW_OK)
		uk_sm_begin(card, &k);
	uk_wipe(z, sizeof(z));
	uk_wipe(&k, sizeof(k));
	return sw;
}
