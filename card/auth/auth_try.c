/* SPDX-License-Identifier: BSD-2-Clause */
/* One try at the PIN or the PUK, and forgetting what was proven. */
#include "auth_int.h"
#include "auth_kp.h"
#include "uk/auth.h"
#include "codec/bytes.h"
#include "card/wire.h"

uint16_t
uk_auth_try(uimkey_card *card, uk_cred *cred, uint8_t ref,
    const uint8_t *value, uint8_t *kp)
{
	uk_secret *s = uk_cred_secret(cred, ref);
	uint16_t sw;
	int ok = -1;

	uk_wipe(kp, UK_KP_LEN);
	if (s == NULL)
		return UIMKEY_SW_REF_NOT_FOUND;
	if (s->left == 0) {
		/* Already empty (below); emptied again all the same, so that
		 * no state of the cache outlives a blocked PIN. */
		if (ref == UIMKEY_REF_PIN)
			uk_auth_forget_kp(card);
		return UIMKEY_SW_AUTH_BLOCKED;
	}
	s->left--;
	if ((sw = uk_cred_commit(card, cred)) != UIMKEY_SW_OK) {
		/* The store kept the old counter: so does RAM. */
		s->left++;
		return sw;
	}
	if (ref == UIMKEY_REF_PIN)
		ok = uk_kp_check_pin(card, value, kp);
	/* The last try: the store now says blocked, and stays so unless
	 * the caller commits a right value's counter, after which it fills
	 * the cache again.  Until then the cache must hold nothing. */
	if (ref == UIMKEY_REF_PIN && s->left == 0)
		uk_auth_forget_kp(card);
	if (ok < 0)
		ok = uk_wrap_open(card, cred, ref, value, kp);
	if (!ok)
		return (uint16_t)(UIMKEY_SW_WRONG_PIN | s->left);
	s->left = s->max;
	return UIMKEY_SW_OK;
}

void
uk_auth_forget_pin(uimkey_card *card)
{
	uimkey_auth_state *a = UK_AUTH(card);

	a->pin_ok = 0;
	a->always_next = 0;
	a->always_now = 0;
}

void
uk_auth_forget_pin_all(uimkey_card *card)
{
	uk_channel_each(card, uk_auth_forget_pin);
}

void
uk_auth_forget_nonce(uimkey_card *card)
{
	uimkey_auth_state *a = UK_AUTH(card);

	a->mgmt_pending = UK_MGMT_PENDING_NONE;
	a->mgmt_alg = 0;
	uk_wipe(a->nonce, sizeof(a->nonce));
}
