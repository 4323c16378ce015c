/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER: the PIN and the
 * PUK.  Every try runs through uk_auth_try (counter committed before
 * the value is judged); a value to be stored is judged before any try.
 * A right value gives KP; a new value wraps that same KP (a new salt and
 * the iterations set for new wraps), in the one transaction that also
 * puts the counter back, so a power cut leaves the old wrap or the new,
 * both of the same KP: the keys under KP stay usable either way.
 */
#include <string.h>

#include "auth_int.h"
#include "auth_kp.h"
#include "auth_policy.h"
#include "uk/auth.h"
#include "codec/bytes.h"
#include "card/wire.h"

#define VERIFY_P1_CHECK   0x00
#define VERIFY_P1_LOGOUT  0xFF
/* old‖new or PUK‖new PIN */
#define TWO_VALUES_LEN    (2 * UIMKEY_PIN_LEN)

/* VERIFY without data: is the PIN verified now? */
static uint16_t
pin_status(uimkey_card *card)
{
	uk_cred cred;
	uint16_t sw;

	if (UK_AUTH(card)->pin_ok)
		return UIMKEY_SW_OK;
	if ((sw = uk_cred_load(card, &cred)) != UIMKEY_SW_OK)
		goto fail;
	sw = cred.pin.left == 0 ? UIMKEY_SW_AUTH_BLOCKED :
	    (uint16_t)(UIMKEY_SW_WRONG_PIN | cred.pin.left);
fail:
	uk_cred_wipe(&cred);
	return sw;
}

static uint16_t
pin_present(uimkey_card *card, const uint8_t *value)
{
	uint8_t kp[UK_KP_LEN];
	uk_cred cred;
	uint16_t sw;

	uk_auth_forget_pin(card);
	if ((sw = uk_cred_load(card, &cred)) != UIMKEY_SW_OK)
		goto fail;
	if ((sw = uk_auth_try(card, &cred, UIMKEY_REF_PIN, value, kp)) !=
	    UIMKEY_SW_OK)
		goto fail;
	sw = uk_cred_commit(card, &cred);
	/* A PIN still to be changed proves knowledge (the try is given
	 * back) but opens nothing. */
	if (sw == UIMKEY_SW_OK && (cred.flags & UK_CRED_F_PIN_CHANGE)) {
		sw = UIMKEY_SW_CONDITIONS;
	} else if (sw == UIMKEY_SW_OK) {
		uk_kp_remember(card, kp, value);
		UK_AUTH(card)->pin_ok = UK_AUTH(card)->always_next = 1;
	}
fail:
	uk_wipe(kp, sizeof(kp));
	uk_cred_wipe(&cred);
	return sw;
}

uint16_t
uk_auth_verify(uimkey_card *card, const uk_apdu *apdu)
{
	uk_auth_forget_nonce(card);
	if (apdu->p1 != VERIFY_P1_CHECK && apdu->p1 != VERIFY_P1_LOGOUT)
		return UIMKEY_SW_WRONG_P1P2;
	if (apdu->p2 != UIMKEY_REF_PIN)
		return UIMKEY_SW_REF_NOT_FOUND;
	if (apdu->p1 == VERIFY_P1_LOGOUT) {
		if (apdu->lc != 0)
			return UIMKEY_SW_WRONG_LENGTH;
		/* The user leaves: the PIN is no longer verified.  The KP
		 * cache stays (card/auth_state.h): it proves nothing, and
		 * the next VERIFY still spends a try. */
		uk_auth_forget_pin(card);
		return UIMKEY_SW_OK;
	}
	if (apdu->lc == 0)
		return pin_status(card);
	if (apdu->lc != UIMKEY_PIN_LEN)
		return UIMKEY_SW_WRONG_DATA;
	return pin_present(card, apdu->data);
}

/* Judge the new value of CHANGE REFERENCE DATA before any try. */
static uint16_t
check_new(const uk_cred *cred, uint8_t ref, const uint8_t *old,
    const uint8_t *new_value)
{
	if (ref == UIMKEY_REF_PUK)
		return uk_policy_check_puk(new_value);
	if (uk_policy_check_pin(cred, new_value) != UIMKEY_SW_OK)
		return UIMKEY_SW_WRONG_DATA;
	/* Changing a must-change PIN to itself would defeat the rule. */
	if ((cred->flags & UK_CRED_F_PIN_CHANGE) &&
	    uk_ct_equal(old, new_value, UIMKEY_PIN_LEN))
		return UIMKEY_SW_WRONG_DATA;
	return UIMKEY_SW_OK;
}

uint16_t
uk_auth_change_ref(uimkey_card *card, const uk_apdu *apdu)
{
	const uint8_t *old, *new_value;
	uint8_t kp[UK_KP_LEN];
	uk_cred cred;
	uint16_t sw;

	uk_auth_forget_nonce(card);
	if (apdu->p1 != 0)
		return UIMKEY_SW_WRONG_P1P2;
	if (apdu->p2 != UIMKEY_REF_PIN && apdu->p2 != UIMKEY_REF_PUK)
		return UIMKEY_SW_REF_NOT_FOUND;
	if (apdu->lc != TWO_VALUES_LEN)
		return UIMKEY_SW_WRONG_DATA;
	old = apdu->data;
	new_value = apdu->data + UIMKEY_PIN_LEN;
	uk_wipe(kp, sizeof(kp));
	if ((sw = uk_cred_load(card, &cred)) != UIMKEY_SW_OK)
		goto fail;
	if ((sw = check_new(&cred, apdu->p2, old, new_value)) != UIMKEY_SW_OK)
		goto fail;
	if ((sw = uk_auth_try(card, &cred, apdu->p2, old, kp)) !=
	    UIMKEY_SW_OK) {
		if (apdu->p2 == UIMKEY_REF_PIN)
			uk_auth_forget_pin(card);
		goto fail;
	}
	uk_wrap_set(card, &cred, apdu->p2, new_value, kp);
	if (apdu->p2 == UIMKEY_REF_PIN)
		cred.flags &= (uint8_t)~UK_CRED_F_PIN_CHANGE;
	sw = uk_cred_commit(card, &cred);
	/* KP stays what it was; the check in RAM follows the new PIN, and
	 * goes when the store may hold either wrap. */
	if (sw == UIMKEY_SW_OK && apdu->p2 == UIMKEY_REF_PIN)
		uk_kp_remember(card, kp, new_value);
	else if (apdu->p2 == UIMKEY_REF_PIN)
		uk_auth_forget_kp(card);
fail:
	uk_wipe(kp, sizeof(kp));
	uk_cred_wipe(&cred);
	return sw;
}

uint16_t
uk_auth_reset_retry(uimkey_card *card, const uk_apdu *apdu)
{
	const uint8_t *puk, *pin;
	uint8_t kp[UK_KP_LEN];
	uk_cred cred;
	uint16_t sw;

	uk_auth_forget_nonce(card);
	if (apdu->p1 != 0)
		return UIMKEY_SW_WRONG_P1P2;
	if (apdu->p2 != UIMKEY_REF_PIN)
		return UIMKEY_SW_REF_NOT_FOUND;
	if (apdu->lc != TWO_VALUES_LEN)
		return UIMKEY_SW_WRONG_DATA;
	puk = apdu->data;
	pin = apdu->data + UIMKEY_PIN_LEN;
	uk_wipe(kp, sizeof(kp));
	if ((sw = uk_cred_load(card, &cred)) != UIMKEY_SW_OK)
		goto fail;
	if ((sw = uk_policy_check_pin(&cred, pin)) != UIMKEY_SW_OK)
		goto fail;
	if ((sw = uk_auth_try(card, &cred, UIMKEY_REF_PUK, puk, kp)) !=
	    UIMKEY_SW_OK)
		goto fail;
	/* The PUK's wrap gave KP: the new PIN wraps the same, so every key
	 * under KP survives the reset. */
	uk_wrap_set(card, &cred, UIMKEY_REF_PIN, pin, kp);
	cred.pin.left = cred.pin.max;
	/* The PUK holder issued this PIN: with change-before-first-use on,
	 * its user must replace it before it opens anything. */
	if (cred.policy & UK_POLICY_CHANGE_FIRST)
		cred.flags |= UK_CRED_F_PIN_CHANGE;
	else
		cred.flags &= (uint8_t)~UK_CRED_F_PIN_CHANGE;
	if ((sw = uk_cred_commit(card, &cred)) == UIMKEY_SW_OK) {
		uk_auth_forget_pin_all(card);
		uk_kp_remember(card, kp, pin);
	} else {
		uk_auth_forget_kp(card);
	}
fail:
	uk_wipe(kp, sizeof(kp));
	uk_cred_wipe(&cred);
	return sw;
}
