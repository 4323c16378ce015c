/* SPDX-License-Identifier: BSD-2-Clause */
/* The sm area: key establishment (GENERAL AUTHENTICATE with key 04) and
 * what SELECT and the like forget of a session. */
#include "sm_int.h"
#include "uk/channel.h"
#include "uk/dispatch.h"
#include "codec/bytes.h"
#include "card/wire.h"

/* The session stays (it is a channel's protection, not a proof of
 * anything); what was proven inside it goes, as the plain state does. */
static void
sm_clear(uimkey_card *card)
{
	uk_wipe(&UK_CHANNEL(card)->sm.auth, sizeof(UK_CHANNEL(card)->sm.auth));
}

/* Allowed while the issuer's lock holds: it opens nothing but a
 * protected pipe, through which the lock's own gate still applies. */
static const uk_ins_entry sm_ins[] = {
	{ UIMKEY_INS_GEN_AUTH,
	  UK_INS_NEEDS_PIV | UK_INS_MATCH_P2 | UK_INS_WHILE_LOCKED,
	  UIMKEY_REF_SM, uk_sm_establish },
};

const uk_area uk_area_sm = {
	sm_ins, sizeof(sm_ins) / sizeof(sm_ins[0]), NULL, sm_clear,
};
