/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * IMPORT KEY (Yubico, 00 FE alg slot):
 *   EC:  06 d [AA pin policy] [AB touch policy]
 *   RSA: 01 p 02 q 03 dp 04 dq 05 iq [AA] [AB]
 * The key is checked before it is stored: EC 0 < d < order, and the
 * public point computed from it; RSA n = p*q of exactly the algorithm's
 * size, and a private-then-public round trip with e = 65537 proves that
 * dp, dq and iq belong to p and q.  BearSSL's exponent recovery is not
 * used: it needs p = q = 3 mod 4, which most keys made elsewhere are not.
 */
#include <string.h>

#include "uk/auth.h"
#include "key_alg.h"
#include "key_cmd.h"
#include "uk/keys.h"
#include "codec/tlv.h"
#include "codec/bytes.h"
#include "card/wire.h"

#define IMP_TAG_P      0x01
#define IMP_TAG_Q      0x02
#define IMP_TAG_DP     0x03
#define IMP_TAG_DQ     0x04
#define IMP_TAG_IQ     0x05
#define IMP_TAG_EC_D   0x06
#define IMP_FIELDS     6           /* tags 01..06 */

static const uint8_t rsa_e[UK_RSA_EXPONENT_LEN] = { 0x01, 0x00, 0x01 };

/* The key elements of the request, by tag (index tag - 1). */
typedef struct {
	const uint8_t *v[IMP_FIELDS];
	size_t len[IMP_FIELDS];
} import_fields;

/* Sort the TLVs by tag; a duplicate or unknown tag is refused. */
static uint16_t
split(const uk_apdu *apdu, import_fields *f)
{
	const uint8_t *p = apdu->data, *end = apdu->data + apdu->lc;
	uk_tlv t;

	memset(f, 0, sizeof(*f));
	while (p < end) {
		if (uk_tlv_next(&p, end, &t) != 0)
			return UIMKEY_SW_WRONG_DATA;
		if (t.tag == UK_TAG_PIN_POLICY ||
		    t.tag == UK_TAG_TOUCH_POLICY)
			continue;
		if (t.tag < IMP_TAG_P || t.tag > IMP_TAG_EC_D ||
		    f->v[t.tag - 1] != NULL || t.len == 0)
			return UIMKEY_SW_WRONG_DATA;
		f->v[t.tag - 1] = t.value;
		f->len[t.tag - 1] = t.len;
	}
	return UIMKEY_SW_OK;
}

static uint16_t
build_ec(const import_fields *f, uk_key *key)
{
	const br_ec_impl *impl = uk_ec_impl();
	const uint8_t *d = f->v[IMP_TAG_EC_D - 1], *order;
	size_t l = uimkey_alg_ec_bytes(key->alg), dlen = f->len[IMP_TAG_EC_D - 1];
	size_t olen = 0, k;

	if (d == NULL || dlen > l)
		return UIMKEY_SW_WRONG_DATA;
	for (k = IMP_TAG_P; k <= IMP_TAG_IQ; k++)
		if (f->v[k - 1] != NULL)
			return UIMKEY_SW_WRONG_DATA;
	memcpy(key->u.ec.d + l - dlen, d, dlen);
	key->u.ec.sk.xlen = l;
	uk_key_link(key);
	order = impl->order(key->u.ec.sk.curve, &olen);
	if (olen != l || !uk_ct_in_range(key->u.ec.d, order, l))
		return UIMKEY_SW_WRONG_DATA;
	key->u.ec.q_len = br_ec_compute_pub(impl, NULL, key->u.ec.q,
	    &key->u.ec.sk);
	return key->u.ec.q_len == 1 + 2 * l ? UIMKEY_SW_OK :
	    UIMKEY_SW_WRONG_DATA;
}

static int
take_rsa(const import_fields *f, uk_key *k, size_t half)
{
	if (f->v[IMP_TAG_EC_D - 1] != NULL)
		return -1;
	return uk_key_take(k->u.rsa.p, half, &k->u.rsa.sk.plen,
	    f->v[IMP_TAG_P - 1], f->len[IMP_TAG_P - 1]) |
	    uk_key_take(k->u.rsa.q, half, &k->u.rsa.sk.qlen,
	    f->v[IMP_TAG_Q - 1], f->len[IMP_TAG_Q - 1]) |
	    uk_key_take(k->u.rsa.dp, half, &k->u.rsa.sk.dplen,
	    f->v[IMP_TAG_DP - 1], f->len[IMP_TAG_DP - 1]) |
	    uk_key_take(k->u.rsa.dq, half, &k->u.rsa.sk.dqlen,
	    f->v[IMP_TAG_DQ - 1], f->len[IMP_TAG_DQ - 1]) |
	    uk_key_take(k->u.rsa.iq, half, &k->u.rsa.sk.iqlen,
	    f->v[IMP_TAG_IQ - 1], f->len[IMP_TAG_IQ - 1]);
}

/* y = x^d, then y^e must give x back. */
static int
round_trip(uimkey_card *card, const uk_key *key)
{
	uint8_t x[UK_RSA_MAX_BYTES], y[UK_RSA_MAX_BYTES];
	size_t n = key->u.rsa.pk.nlen;
	int ok = 0;

	br_hmac_drbg_generate(&card->drbg, x, n);
	x[0] = 0;       /* below n */
	memcpy(y, x, n);
	if (uk_rsa_private()(y, &key->u.rsa.sk) == 1 &&
	    uk_rsa_public()(y, n, &key->u.rsa.pk) == 1)
		ok = uk_ct_equal(x, y, n);
	uk_wipe(x, sizeof(x));
	uk_wipe(y, sizeof(y));
	return ok;
}

static uint16_t
build_rsa(uimkey_card *card, const import_fields *f, uk_key *key)
{
	size_t bytes = uimkey_alg_rsa_bits(key->alg) / 8, k;

	for (k = IMP_TAG_P; k <= IMP_TAG_IQ; k++)
		if (f->v[k - 1] == NULL)
			return UIMKEY_SW_WRONG_DATA;
	if (take_rsa(f, key, bytes / 2) != 0)
		return UIMKEY_SW_WRONG_DATA;
	uk_key_link(key);
	/* i15, not the default i31: BearSSL 0.6's i31 version gives up on
	 * 2048-bit factors (RSA-4096). */
	if (br_rsa_i15_compute_modulus(NULL, &key->u.rsa.sk) != bytes)
		return UIMKEY_SW_WRONG_DATA;
	key->u.rsa.pk.nlen = br_rsa_i15_compute_modulus(key->u.rsa.n,
	    &key->u.rsa.sk);
	memcpy(key->u.rsa.e, rsa_e, sizeof(rsa_e));
	key->u.rsa.pk.elen = sizeof(rsa_e);
	/* Exactly the algorithm's size: the top bit of n is set. */
	if (key->u.rsa.pk.nlen != bytes || (key->u.rsa.n[0] & 0x80) == 0 ||
	    !round_trip(card, key))
		return UIMKEY_SW_WRONG_DATA;
	return UIMKEY_SW_OK;
}

static uint16_t
build(uimkey_card *card, const uk_apdu *apdu, uk_key *key)
{
	import_fields f;
	uint16_t sw;

	if ((sw = split(apdu, &f)) != UIMKEY_SW_OK)
		return sw;
	if ((sw = uk_key_policies(apdu->data, apdu->lc, apdu->p2,
	    &key->pin_policy, &key->touch_policy)) != UIMKEY_SW_OK)
		return sw;
	key->alg = apdu->p1;
	key->origin = UIMKEY_ORIGIN_IMPORTED;
	uk_key_new_id(card, key);
	if (uimkey_alg_is_ec(key->alg))
		return build_ec(&f, key);
	return build_rsa(card, &f, key);
}

uint16_t
uk_key_cmd_import(uimkey_card *card, const uk_apdu *apdu)
{
	uk_key key;
	uint16_t sw;
	int i = uk_key_user_slot(apdu->p2);

	memset(&key, 0, sizeof(key));
	if (i < 0) {
		sw = UIMKEY_SW_WRONG_P1P2;
		goto fail;
	}
	if ((sw = uk_auth_admin(card)) != UIMKEY_SW_OK)
		goto fail;
	if (!uimkey_alg_is_ec(apdu->p1) && !uimkey_alg_is_rsa(apdu->p1)) {
		sw = UIMKEY_SW_WRONG_DATA;
		goto fail;
	}
	if ((sw = build(card, apdu, &key)) != UIMKEY_SW_OK)
		goto fail;
	if (uk_key_commit(card, i, &key) != UK_OK)
		sw = UIMKEY_SW_MEMORY_FAILURE;
fail:
	uk_key_wipe(&key);
	return sw;
}
