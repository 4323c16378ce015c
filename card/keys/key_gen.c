/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GENERATE ASYMMETRIC KEY PAIR (00 47 00 slot, data AC { 80 alg
 * [AA pin policy] [AB touch policy] }): a new key from the card's DRBG,
 * stored in the slot, its public half answered as 7F49.
 */
#include <string.h>

#include "uk/auth.h"
#include "key_alg.h"
#include "key_cmd.h"
#include "uk/keys.h"
#include "uk/rsp.h"
#include "codec/tlv.h"
#include "codec/bytes.h"
#include "card/wire.h"

#define GEN_TAG_TEMPLATE  0xAC
#define GEN_TAG_ALG       0x80
#define GEN_TAG_PUBLIC    0x7F49

/* Key buffers of BearSSL's RSA key generator at the largest size. */
#define RSA_KBUF_PRIV  BR_RSA_KBUF_PRIV_SIZE(UK_RSA_MAX_BYTES * 8)
#define RSA_KBUF_PUB   BR_RSA_KBUF_PUB_SIZE(UK_RSA_MAX_BYTES * 8)

static int
gen_ec(uimkey_card *card, uk_key *key)
{
	const br_ec_impl *impl = uk_ec_impl();
	size_t l = uimkey_alg_ec_bytes(key->alg);

	if (br_ec_keygen(&card->drbg.vtable, impl, &key->u.ec.sk, key->u.ec.d,
	    uk_alg_curve(key->alg)) != l)
		return UK_ERR_CRYPTO;
	key->u.ec.q_len = br_ec_compute_pub(impl, NULL, key->u.ec.q,
	    &key->u.ec.sk);
	return key->u.ec.q_len == 1 + 2 * l ? UK_OK : UK_ERR_CRYPTO;
}

/* Copy BearSSL's key elements into the key's own buffers. */
static int
take_rsa(uk_key *k, const br_rsa_private_key *sk,
    const br_rsa_public_key *pk)
{
	int bad = 0;

	bad |= uk_key_take(k->u.rsa.p, sizeof(k->u.rsa.p),
	    &k->u.rsa.sk.plen, sk->p, sk->plen);
	bad |= uk_key_take(k->u.rsa.q, sizeof(k->u.rsa.q),
	    &k->u.rsa.sk.qlen, sk->q, sk->qlen);
	bad |= uk_key_take(k->u.rsa.dp, sizeof(k->u.rsa.dp),
	    &k->u.rsa.sk.dplen, sk->dp, sk->dplen);
	bad |= uk_key_take(k->u.rsa.dq, sizeof(k->u.rsa.dq),
	    &k->u.rsa.sk.dqlen, sk->dq, sk->dqlen);
	bad |= uk_key_take(k->u.rsa.iq, sizeof(k->u.rsa.iq),
	    &k->u.rsa.sk.iqlen, sk->iq, sk->iqlen);
	bad |= uk_key_take(k->u.rsa.n, sizeof(k->u.rsa.n),
	    &k->u.rsa.pk.nlen, pk->n, pk->nlen);
	bad |= uk_key_take(k->u.rsa.e, sizeof(k->u.rsa.e),
	    &k->u.rsa.pk.elen, pk->e, pk->elen);
	/* The modulus has exactly the size asked for (both primes have
	 * their top bits set), so it needs no leading zero. */
	if (bad || k->u.rsa.pk.nlen * 8 != uimkey_alg_rsa_bits(k->alg))
		return UK_ERR_CRYPTO;
	return UK_OK;
}

static int
gen_rsa(uimkey_card *card, uk_key *key)
{
	uint8_t kpriv[RSA_KBUF_PRIV], kpub[RSA_KBUF_PUB];
	br_rsa_private_key sk;
	br_rsa_public_key pk;
	br_rsa_keygen keygen = br_rsa_keygen_get_default();
	int r = UK_ERR_CRYPTO;

	if (keygen(&card->drbg.vtable, &sk, kpriv, &pk, kpub,
	    uimkey_alg_rsa_bits(key->alg), UK_RSA_EXPONENT) != 1)
		goto fail;
	r = take_rsa(key, &sk, &pk);
fail:
	uk_wipe(kpriv, sizeof(kpriv));
	uk_wipe(&sk, sizeof(sk));
	return r;
}

int
uk_key_generate(uimkey_card *card, uint8_t alg, uk_key *key)
{
	int r = UK_ERR_ARG;

	memset(key, 0, sizeof(*key));
	uk_key_new_id(card, key);
	key->alg = alg;
	key->origin = UIMKEY_ORIGIN_GENERATED;
	key->pin_policy = UIMKEY_PIN_POLICY_ONCE;
	key->touch_policy = UIMKEY_TOUCH_POLICY_NEVER;
	if (uimkey_alg_is_ec(alg))
		r = gen_ec(card, key);
	else if (uimkey_alg_is_rsa(alg))
		r = gen_rsa(card, key);
	if (r == UK_OK)
		uk_key_link(key);
	else
		uk_key_wipe(key);
	return r;
}

/* The request: AC { 80 alg, policies }, nothing else around it. */
static uint16_t
parse_request(const uk_apdu *apdu, uint8_t *alg, uint8_t *pin,
    uint8_t *touch)
{
	const uint8_t *p = apdu->data, *end = apdu->data + apdu->lc;
	uk_tlv ac, a;

	if (apdu->lc == 0 || uk_tlv_next(&p, end, &ac) != 0 ||
	    ac.tag != GEN_TAG_TEMPLATE || p != end)
		return UIMKEY_SW_WRONG_DATA;
	if (uk_tlv_find(ac.value, ac.len, GEN_TAG_ALG, &a) != 0 ||
	    a.len != 1)
		return UIMKEY_SW_WRONG_DATA;
	*alg = a.value[0];
	if (!uimkey_alg_is_ec(*alg) && !uimkey_alg_is_rsa(*alg))
		return UIMKEY_SW_WRONG_DATA;
	return uk_key_policies(ac.value, ac.len, apdu->p2, pin, touch);
}

static uint16_t
answer_public(uimkey_card *card, const uk_key *key)
{
	uint8_t pub[UK_KEY_PUB_MAX];
	size_t n = uk_key_pub_tlv(key, pub, sizeof(pub));

	if (n == 0 || uk_rsp_put_tl(&card->rsp, GEN_TAG_PUBLIC, n) != UK_OK ||
	    uk_rsp_put(&card->rsp, pub, n) != UK_OK)
		return UIMKEY_SW_NO_DIAG;
	return UIMKEY_SW_OK;
}

uint16_t
uk_key_cmd_generate(uimkey_card *card, const uk_apdu *apdu)
{
	uk_key key;
	uint8_t alg = 0, pin = 0, touch = 0;
	uint16_t sw;
	int i = uk_key_user_slot(apdu->p2);

	memset(&key, 0, sizeof(key));
	if (apdu->p1 != 0 || i < 0) {
		sw = UIMKEY_SW_WRONG_P1P2;
		goto fail;
	}
	if ((sw = uk_auth_admin(card)) != UIMKEY_SW_OK)
		goto fail;
	if ((sw = parse_request(apdu, &alg, &pin, &touch)) != UIMKEY_SW_OK)
		goto fail;
	if (uk_key_generate(card, alg, &key) != UK_OK) {
		sw = UIMKEY_SW_NO_DIAG;
		goto fail;
	}
	key.pin_policy = pin;
	key.touch_policy = touch;
	if ((sw = answer_public(card, &key)) != UIMKEY_SW_OK)
		goto fail;
	if (uk_key_commit(card, i, &key) != UK_OK)
		sw = UIMKEY_SW_MEMORY_FAILURE;
fail:
	uk_key_wipe(&key);
	return sw;
}
