/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The lock area: the issuer lock of a lost or stolen card.  Its GET
 * METADATA entry matches P2 5A only, so it takes 5A from the keys
 * area's catch-all.  APPLY LOCK TOKEN and the lock's metadata run on a
 * locked card too: they are how it is unlocked and how it says so.
 */
#include "uk/dispatch.h"
#include "lock_cmd.h"
#include "card/wire.h"

#define PIV     UK_INS_NEEDS_PIV
#define ANY     (UK_INS_NEEDS_PIV | UK_INS_WHILE_LOCKED)
#define ANY_P2  (ANY | UK_INS_MATCH_P2)

static const uk_ins_entry lock_ins[] = {
	{ UIMKEY_INS_APPLY_LOCK,     ANY, 0, uk_lock_cmd_apply },
	{ UIMKEY_INS_INSTALL_ISSUER, PIV, 0, uk_lock_cmd_install },
	{ UIMKEY_INS_GET_METADATA,   ANY_P2, UIMKEY_REF_LOCK,
	  uk_lock_cmd_metadata },
};

/* No factory record: a new card has no issuer until personalization. */
const uk_area uk_area_lock = {
	lock_ins, sizeof(lock_ins) / sizeof(lock_ins[0]), NULL, NULL,
};
