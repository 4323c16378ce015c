/* SPDX-License-Identifier: BSD-2-Clause */
/* One try at the PIN or the PUK, and forgetting what was proven. */
#include "auth_int.h"
#include "codec/bytes.h"
#include "card/wire.h"

uint16_t
uk_auth_try(uimkey_card *card, uk_cred *cred, uk_secret *s,
    const uint8_t *value)
{
	uint16_t sw;

	if (s->left == 0)
		return UIMKEY_SW_AUTH_BLOCKED;
	s->left--;
	if ((sw = uk_cred_commit(card, cred)) != UIMKEY_SW_OK) {
		/* The store kept the old counter: so does RAM. */
		s->left++;
		return sw;
	}
	if (!uk_ct_equal(s->value, value, UIMKEY_PIN_LEN))
		return (uint16_t)(UIMKEY_SW_WRONG_PIN | s->left);
	s->left = s->max;
	return UIMKEY_SW_OK;
}

void
uk_auth_forget_pin(uimkey_card *card)
{
	card->auth.pin_ok = 0;
	card->auth.always_next = 0;
	card->auth.always_now = 0;
}

void
uk_auth_forget_nonce(uimkey_card *card)
{
	card->auth.mgmt_pending = UK_MGMT_PENDING_NONE;
	card->auth.mgmt_alg = 0;
	uk_wipe(card->auth.nonce, sizeof(card->auth.nonce));
}
