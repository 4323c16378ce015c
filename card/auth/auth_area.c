/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The auth area: PIN, PUK and the card management key (9B).  Its entries
 * for GENERAL AUTHENTICATE and GET METADATA match on P2 (9B; 80, 81, 9B),
 * so they take those from the keys area's catch-all entries.
 */
#include "auth_int.h"
#include "uk/dispatch.h"
#include "card/piv_rules.h"
#include "codec/bytes.h"
#include "card/wire.h"

#define PIV   UK_INS_NEEDS_PIV
#define P2    (UK_INS_NEEDS_PIV | UK_INS_MATCH_P2)
/* Metadata answers on a card its issuer locked: it shows the lock. */
#define META  (P2 | UK_INS_WHILE_LOCKED)

static const uk_ins_entry auth_ins[] = {
	{ UIMKEY_INS_VERIFY,         PIV, 0, uk_auth_verify },
	{ UIMKEY_INS_CHANGE_REF,     PIV, 0, uk_auth_change_ref },
	{ UIMKEY_INS_RESET_RETRY,    PIV, 0, uk_auth_reset_retry },
	{ UIMKEY_INS_GEN_AUTH,       P2, UIMKEY_SLOT_MGMT, uk_auth_general_9b },
	{ UIMKEY_INS_GET_METADATA,   META, UIMKEY_REF_PIN, uk_auth_metadata },
	{ UIMKEY_INS_GET_METADATA,   META, UIMKEY_REF_PUK, uk_auth_metadata },
	{ UIMKEY_INS_GET_METADATA,   META, UIMKEY_SLOT_MGMT, uk_auth_metadata },
	{ UIMKEY_INS_SET_RETRIES,    PIV, 0, uk_auth_set_retries },
	{ UIMKEY_INS_RESET,          PIV, 0, uk_auth_reset },
	{ UIMKEY_INS_SET_MGMT,       PIV, 0, uk_auth_set_mgmt },
	{ UIMKEY_INS_SET_PIN_POLICY, PIV, 0, uk_auth_set_policy },
};

uint16_t
uk_auth_factory(uimkey_card *card)
{
	uk_cred cred;
	uint16_t sw;

	if ((sw = uk_cred_factory(card, &cred)) == UIMKEY_SW_OK)
		sw = uk_cred_put(card, &cred);
	uk_cred_wipe(&cred);
	return sw;
}

/* The core wipes the channel's security state itself; wiping here too
 * keeps this area right if the core's order ever changes. */
void
uk_auth_clear(uimkey_card *card)
{
	uk_wipe(UK_AUTH(card), sizeof(*UK_AUTH(card)));
}

const uk_area uk_area_auth = {
	auth_ins, sizeof(auth_ins) / sizeof(auth_ins[0]),
	uk_auth_factory, uk_auth_clear,
};
