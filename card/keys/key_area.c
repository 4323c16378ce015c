/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The keys area: the private keys in slots 9A 9C 9D 9E 82..95 (and the
 * public side of F9).  Its INS 87 and F7 entries take every P2 that no
 * other area's entry names: the auth area's 9B (and 80, 81 for F7), the
 * lock area's 5A.
 */
#include "uk/dispatch.h"
#include "key_cmd.h"
#include "card/wire.h"

static const uk_ins_entry keys_ins[] = {
	{ UIMKEY_INS_GEN_KEY,      UK_INS_NEEDS_PIV, 0, uk_key_cmd_generate },
	{ UIMKEY_INS_GEN_AUTH,     UK_INS_NEEDS_PIV, 0, uk_key_cmd_use },
	{ UIMKEY_INS_IMPORT_KEY,   UK_INS_NEEDS_PIV, 0, uk_key_cmd_import },
	{ UIMKEY_INS_MOVE_KEY,     UK_INS_NEEDS_PIV, 0, uk_key_cmd_move },
	/* Public facts only: answers on a card its issuer locked too. */
	{ UIMKEY_INS_GET_METADATA, UK_INS_NEEDS_PIV | UK_INS_WHILE_LOCKED,
	  0, uk_key_cmd_metadata },
};

const uk_area uk_area_keys = {
	keys_ins, sizeof(keys_ins) / sizeof(keys_ins[0]), NULL, NULL,
};
