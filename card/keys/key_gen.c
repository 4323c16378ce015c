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
#include "uk/store.h"
#include "codec/tlv.h"
#include "codec/bytes.h"
#include "card/wire.h"

#define GEN_TAG_TEMPLATE  0xAC
#define GEN_TAG_ALG       0x80
#define GEN_TAG_PUBLIC    0x7F49

/* Key buffers of BearSSL's RSA key generator at the largest size. */
#define RSA_KBUF_PRIV  BR_RSA_KBUF_PRIV_SIZE(UIMKEY_RSA_MAX_BYTES * 8)
#define RSA_KBUF_PUB   BR_RSA_KBUF_PUB_SIZE(UIMKEY_RSA_MAX_BYTES * 8)

static int
gen_ec(uimkey_card *card, uimkey_key *key)
{
	const br_ec_impl *impl = uimkey_ec_impl();
	size_t l = uimkey_alg_ec_len(key->alg);

	if (br_ec_keygen(&card->drbg.vtable, impl, &key->u.ec.sk, key->u.ec.d,
	    uimkey_alg_curve(key->alg)) != l)
		return UIMKEY_KEY_ERR;
	key->u.ec.q_len = br_ec_compute_pub(impl, NULL, key->u.ec.q,
	    &key->u.ec.sk);
	return key->u.ec.q_len == 1 + 2 * l ? UIMKEY_KEY_OK : UIMKEY_KEY_ERR;
}

/* Copy BearSSL's key elements into the key's own buffers. */
static int
take_rsa(uimkey_key *k, const br_rsa_private_key *sk,
    const br_rsa_public_key *pk)
{
	int bad = 0;

	bad |= uimkey_key_take(k->u.rsa.p, sizeof(k->u.rsa.p),
	    &k->u.rsa.sk.plen, sk->p, sk->plen);
	bad |= uimkey_key_take(k->u.rsa.q, sizeof(k->u.rsa.q),
	    &k->u.rsa.sk.qlen, sk->q, sk->qlen);
	bad |= uimkey_key_take(k->u.rsa.dp, sizeof(k->u.rsa.dp),
	    &k->u.rsa.sk.dplen, sk->dp, sk->dplen);
	bad |= uimkey_key_take(k->u.rsa.dq, sizeof(k->u.rsa.dq),
	    &k->u.rsa.sk.dqlen, sk->dq, sk->dqlen);
	bad |= uimkey_key_take(k->u.rsa.iq, sizeof(k->u.rsa.iq),
	    &k->u.rsa.sk.iqlen, sk->iq, sk->iqlen);
	bad |= uimkey_key_take(k->u.rsa.n, sizeof(k->u.rsa.n),
	    &k->u.rsa.pk.nlen, pk->n, pk->nlen);
	bad |= uimkey_key_take(k->u.rsa.e, sizeof(k->u.rsa.e),
	    &k->u.rsa.pk.elen, pk->e, pk->elen);
	/* The modulus has exactly the size asked for (both primes have
	 * their top bits set), so it needs no leading zero. */
	if (bad || k->u.rsa.pk.nlen * 8 != uimkey_alg_rsa_bits(k->alg))
		return UIMKEY_KEY_ERR;
	return UIMKEY_KEY_OK;
}

static int
gen_rsa(uimkey_card *card, uimkey_key *key)
{
	uint8_t kpriv[RSA_KBUF_PRIV], kpub[RSA_KBUF_PUB];
	br_rsa_private_key sk;
	br_rsa_public_key pk;
	br_rsa_keygen keygen = br_rsa_keygen_get_default();
	int r = UIMKEY_KEY_ERR;

	if (keygen(&card->drbg.vtable, &sk, kpriv, &pk, kpub,
	    uimkey_alg_rsa_bits(key->alg), UIMKEY_RSA_EXPONENT) != 1)
		goto fail;
	r = take_rsa(key, &sk, &pk);
fail:
	uimkey_wipe(kpriv, sizeof(kpriv));
	uimkey_wipe(&sk, sizeof(sk));
	return r;
}

int
uimkey_key_generate(uimkey_card *card, uint8_t alg, uimkey_key *key)
{
	int r = UIMKEY_KEY_ERR;

	memset(key, 0, sizeof(*key));
	key->alg = alg;
	key->origin = UIMKEY_ORIGIN_GENERATED;
	key->pin_policy = UIMKEY_PIN_POLICY_ONCE;
	key->touch_policy = UIMKEY_TOUCH_POLICY_NEVER;
	if (uimkey_alg_is_ec(alg))
		r = gen_ec(card, key);
	else if (uimkey_alg_is_rsa(alg))
		r = gen_rsa(card, key);
	if (r == UIMKEY_KEY_OK)
		uimkey_key_link(key);
	else
		uimkey_key_wipe(key);
	return r;
}

/* The request: AC { 80 alg, policies }, nothing else around it. */
static uint16_t
parse_request(const uimkey_apdu *apdu, uint8_t *alg, uint8_t *pin,
    uint8_t *touch)
{
	const uint8_t *p = apdu->data, *end = apdu->data + apdu->lc;
	uimkey_tlv ac, a;

	if (apdu->lc == 0 || uimkey_tlv_next(&p, end, &ac) != 0 ||
	    ac.tag != GEN_TAG_TEMPLATE || p != end)
		return UIMKEY_SW_WRONG_DATA;
	if (uimkey_tlv_find(ac.value, ac.len, GEN_TAG_ALG, &a) != 0 ||
	    a.len != 1)
		return UIMKEY_SW_WRONG_DATA;
	*alg = a.value[0];
	if (!uimkey_alg_is_ec(*alg) && !uimkey_alg_is_rsa(*alg))
		return UIMKEY_SW_WRONG_DATA;
	return uimkey_key_policies(ac.value, ac.len, apdu->p2, pin, touch);
}

static uint16_t
answer_public(uimkey_card *card, const uimkey_key *key)
{
	uint8_t pub[UIMKEY_KEY_PUB_MAX];
	size_t n = uimkey_key_pub_tlv(key, pub, sizeof(pub));

	if (n == 0 || uimkey_rsp_put_tl(&card->rsp, GEN_TAG_PUBLIC, n) != 0 ||
	    uimkey_rsp_put(&card->rsp, pub, n) != 0)
		return UIMKEY_SW_NO_DIAG;
	return UIMKEY_SW_OK;
}

static uint16_t
store(uimkey_card *card, int i, const uimkey_key *key)
{
	uimkey_txn_begin(card);
	if (uimkey_key_put(card, i, key) != UIMKEY_KEY_OK) {
		uimkey_txn_abort(card);
		return UIMKEY_SW_MEMORY_FAILURE;
	}
	if (uimkey_txn_commit(card) != UIMKEY_REC_OK)
		return UIMKEY_SW_MEMORY_FAILURE;
	return UIMKEY_SW_OK;
}

uint16_t
uimkey_key_cmd_generate(uimkey_card *card, const uimkey_apdu *apdu)
{
	uimkey_key key;
	uint8_t alg = 0, pin = 0, touch = 0;
	uint16_t sw;
	int i = uimkey_key_user_slot(apdu->p2);

	memset(&key, 0, sizeof(key));
	if (apdu->p1 != 0 || i < 0) {
		sw = UIMKEY_SW_WRONG_P1P2;
		goto fail;
	}
	if ((sw = uimkey_auth_admin(card)) != UIMKEY_SW_OK)
		goto fail;
	if ((sw = parse_request(apdu, &alg, &pin, &touch)) != UIMKEY_SW_OK)
		goto fail;
	if (uimkey_key_generate(card, alg, &key) != UIMKEY_KEY_OK) {
		sw = UIMKEY_SW_NO_DIAG;
		goto fail;
	}
	key.pin_policy = pin;
	key.touch_policy = touch;
	if ((sw = answer_public(card, &key)) != UIMKEY_SW_OK)
		goto fail;
	sw = store(card, i, &key);
fail:
	uimkey_key_wipe(&key);
	return sw;
}
