/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The administrator's commands on the credentials: SET PIN RETRIES
 * (Yubico INS FA) and SET PIN POLICY (uimkey's INS 55), which also sets
 * the PIN-guess cost of the wraps made after it.
 */
#include <string.h>

#include "uk/auth.h"
#include "auth_int.h"
#include "auth_kp.h"
#include "codec/tlv.h"
#include "codec/bytes.h"
#include "card/wire.h"

#define POLICY_TAG_MIN    0x01
#define POLICY_TAG_RULES  0x02
#define POLICY_TAG_ITER   0x03    /* uimkey: iterations of new wraps */
#define POLICY_ITER_LEN   4

/* The PIN is set back to a value its holder did not choose: with
 * change-before-first-use on, it must be changed before it opens
 * anything. */
static void
mark_issued_pin(uk_cred *cred)
{
	if (cred->policy & UK_POLICY_CHANGE_FIRST)
		cred->flags |= UK_CRED_F_PIN_CHANGE;
	else
		cred->flags &= (uint8_t)~UK_CRED_F_PIN_CHANGE;
}

uint16_t
uk_auth_set_retries(uimkey_card *card, const uk_apdu *apdu)
{
	uint8_t kp[UK_KP_LEN];
	uk_cred cred;
	uint16_t sw;

	uk_auth_forget_nonce(card);
	if (apdu->p1 < 1 || apdu->p1 > UIMKEY_TRIES_MAX || apdu->p2 < 1 ||
	    apdu->p2 > UIMKEY_TRIES_MAX)
		return UIMKEY_SW_WRONG_P1P2;
	if (apdu->lc != 0)
		return UIMKEY_SW_WRONG_LENGTH;
	if ((sw = uk_auth_admin(card)) != UIMKEY_SW_OK ||
	    (sw = uk_auth_pin(card)) != UIMKEY_SW_OK)
		return sw;
	/* The verified PIN left KP in RAM: the default values wrap it. */
	if (!uk_kp_get(card, kp))
		return UIMKEY_SW_SECURITY;
	if ((sw = uk_cred_load(card, &cred)) != UIMKEY_SW_OK)
		goto fail;
	/* As on a YubiKey: new counters come with the default PIN and PUK. */
	uk_wrap_set(card, &cred, UIMKEY_REF_PIN, uk_cred_default_pin, kp);
	uk_wrap_set(card, &cred, UIMKEY_REF_PUK, uk_cred_default_puk, kp);
	cred.pin.max = cred.pin.left = apdu->p1;
	cred.puk.max = cred.puk.left = apdu->p2;
	mark_issued_pin(&cred);
	/* The PIN that was verified is gone. */
	if ((sw = uk_cred_commit(card, &cred)) == UIMKEY_SW_OK) {
		uk_auth_forget_pin_all(card);
		uk_kp_remember(card, kp, uk_cred_default_pin);
	} else {
		uk_auth_forget_kp(card);
	}
fail:
	uk_wipe(kp, sizeof(kp));
	uk_cred_wipe(&cred);
	return sw;
}

typedef struct {
	int has_min, has_rules, has_iter;
	uint8_t min, rules;
	uint32_t iter;
} policy_req;

/* One TLV of SET PIN POLICY into *req: 0, or -1 when it is unknown,
 * repeated or out of range.  New wraps may cost more than the device's
 * own floor, never less: who holds the management key must not make the
 * PIN cheaper to guess in a copy of the store. */
static int
policy_item(const uk_tlv *t, uint32_t floor, policy_req *req)
{
	if (t->tag == POLICY_TAG_MIN && t->len == 1 && !req->has_min &&
	    t->value[0] >= UK_POLICY_MIN_LOW &&
	    t->value[0] <= UK_POLICY_MIN_HIGH) {
		req->has_min = 1;
		req->min = t->value[0];
	} else if (t->tag == POLICY_TAG_RULES && t->len == 1 &&
	    !req->has_rules && (t->value[0] & ~UK_POLICY_ALL) == 0) {
		req->has_rules = 1;
		req->rules = t->value[0];
	} else if (t->tag == POLICY_TAG_ITER && t->len == POLICY_ITER_LEN &&
	    !req->has_iter) {
		req->has_iter = 1;
		req->iter = uk_get_be32(t->value);
		if (req->iter < floor || req->iter > UK_KDF_ITERATIONS_MAX)
			return -1;
	} else {
		return -1;
	}
	return 0;
}

/* 01 minimum length (6..8), 02 rules (UK_POLICY_*), 03 iterations of
 * new wraps: each at most once, at least one, nothing else. */
static uint16_t
parse_policy(const uk_apdu *apdu, uint32_t floor, policy_req *req)
{
	const uint8_t *p = apdu->data, *end;
	uk_tlv t;

	memset(req, 0, sizeof(*req));
	if (apdu->lc == 0)
		return UIMKEY_SW_WRONG_DATA;
	end = apdu->data + apdu->lc;
	while (p < end) {
		if (uk_tlv_next(&p, end, &t) != 0 ||
		    policy_item(&t, floor, req) != 0)
			return UIMKEY_SW_WRONG_DATA;
	}
	return UIMKEY_SW_OK;
}

uint16_t
uk_auth_set_policy(uimkey_card *card, const uk_apdu *apdu)
{
	uk_cred cred;
	policy_req req;
	uint16_t sw;

	uk_auth_forget_nonce(card);
	if (apdu->p1 != 0 || apdu->p2 != 0)
		return UIMKEY_SW_WRONG_P1P2;
	if ((sw = uk_auth_admin(card)) != UIMKEY_SW_OK)
		return sw;
	if ((sw = parse_policy(apdu, uk_cred_device_iterations(card), &req)) !=
	    UIMKEY_SW_OK)
		return sw;
	if ((sw = uk_cred_load(card, &cred)) != UIMKEY_SW_OK)
		goto fail;
	if (req.has_min)
		cred.pin_min = req.min;
	if (req.has_rules) {
		cred.policy = req.rules;
		/* Turning the rule on applies it to the PIN of today. */
		mark_issued_pin(&cred);
	}
	/* The wraps of today keep their cost until their value changes. */
	if (req.has_iter)
		cred.next_iterations = req.iter;
	sw = uk_cred_commit(card, &cred);
	if (sw == UIMKEY_SW_OK && (cred.flags & UK_CRED_F_PIN_CHANGE))
		uk_auth_forget_pin_all(card);
fail:
	uk_cred_wipe(&cred);
	return sw;
}
