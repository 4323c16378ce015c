/* SPDX-License-Identifier: BSD-2-Clause */
/* What other areas ask the auth area before they act (card/include/uk/auth.h). */
#include "uk/auth.h"
#include "uk/channel.h"
#include "auth_cred.h"
#include "card/wire.h"

uint16_t
uk_auth_key_use(uimkey_card *card, uint8_t pin_policy)
{
	switch (pin_policy) {
	case UIMKEY_PIN_POLICY_NEVER:
		return UIMKEY_SW_OK;
	case UIMKEY_PIN_POLICY_ONCE:
		return UK_AUTH(card)->pin_ok ? UIMKEY_SW_OK : UIMKEY_SW_SECURITY;
	case UIMKEY_PIN_POLICY_ALWAYS:
		if (!UK_AUTH(card)->always_now)
			return UIMKEY_SW_SECURITY;
		UK_AUTH(card)->always_now = 0;
		return UIMKEY_SW_OK;
	default:
		/* "Default" must be resolved by the slot's owner first. */
		return UIMKEY_SW_SECURITY;
	}
}

void
uk_auth_command_start(uimkey_card *card)
{
	uimkey_auth_state *a = UK_AUTH(card);

	a->always_now = a->always_next;
	a->always_next = 0;
}

void
uk_auth_command_end(uimkey_card *card)
{
	UK_AUTH(card)->always_now = 0;
}

uint16_t
uk_auth_admin(const uimkey_card *card)
{
	return UK_AUTH(card)->mgmt_ok ? UIMKEY_SW_OK : UIMKEY_SW_SECURITY;
}

uint16_t
uk_auth_mgmt_own(uimkey_card *card)
{
	uk_cred cred;
	uint16_t sw;

	if ((sw = uk_cred_load(card, &cred)) == UIMKEY_SW_OK &&
	    (cred.flags & UK_CRED_F_MGMT_DEFAULT))
		sw = UIMKEY_SW_CONDITIONS;
	uk_cred_wipe(&cred);
	return sw;
}

uint16_t
uk_auth_pin(const uimkey_card *card)
{
	return UK_AUTH(card)->pin_ok ? UIMKEY_SW_OK : UIMKEY_SW_SECURITY;
}
