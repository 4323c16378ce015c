/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The administrator's commands on the credentials: SET PIN RETRIES
 * (Yubico INS FA) and SET PIN POLICY (uimkey's INS 55).
 */
#include <string.h>

#include "uk/auth.h"
#include "auth_int.h"
#include "codec/tlv.h"
#include "codec/bytes.h"
#include "card/wire.h"

#define POLICY_TAG_MIN    0x01
#define POLICY_TAG_RULES  0x02

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
	if ((sw = uk_cred_load(card, &cred)) != UIMKEY_SW_OK)
		goto fail;
	/* As on a YubiKey: new counters come with the default PIN and PUK. */
	memcpy(cred.pin.value, uk_cred_default_pin, UIMKEY_PIN_LEN);
	memcpy(cred.puk.value, uk_cred_default_puk, UIMKEY_PIN_LEN);
	cred.pin.max = cred.pin.left = apdu->p1;
	cred.puk.max = cred.puk.left = apdu->p2;
	mark_issued_pin(&cred);
	uk_cred_update_defaults(&cred);
	/* The PIN that was verified is gone. */
	if ((sw = uk_cred_commit(card, &cred)) == UIMKEY_SW_OK)
		uk_auth_forget_pin(card);
fail:
	uk_cred_wipe(&cred);
	return sw;
}

typedef struct {
	int has_min, has_rules;
	uint8_t min, rules;
} policy_req;

/* 01 minimum length (6..8), 02 rules (UK_POLICY_*): each at most
 * once, at least one, nothing else. */
static uint16_t
parse_policy(const uk_apdu *apdu, policy_req *req)
{
	const uint8_t *p = apdu->data, *end;
	uk_tlv t;

	memset(req, 0, sizeof(*req));
	if (apdu->lc == 0)
		return UIMKEY_SW_WRONG_DATA;
	end = apdu->data + apdu->lc;
	while (p < end) {
		if (uk_tlv_next(&p, end, &t) != 0 || t.len != 1)
			return UIMKEY_SW_WRONG_DATA;
		if (t.tag == POLICY_TAG_MIN && !req->has_min &&
		    t.value[0] >= UK_POLICY_MIN_LOW &&
		    t.value[0] <= UK_POLICY_MIN_HIGH) {
			req->has_min = 1;
			req->min = t.value[0];
		} else if (t.tag == POLICY_TAG_RULES && !req->has_rules &&
		    (t.value[0] & ~UK_POLICY_ALL) == 0) {
			req->has_rules = 1;
			req->rules = t.value[0];
		} else {
			return UIMKEY_SW_WRONG_DATA;
		}
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
	if ((sw = parse_policy(apdu, &req)) != UIMKEY_SW_OK)
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
	sw = uk_cred_commit(card, &cred);
	if (sw == UIMKEY_SW_OK && (cred.flags & UK_CRED_F_PIN_CHANGE))
		uk_auth_forget_pin(card);
fail:
	uk_cred_wipe(&cred);
	return sw;
}
