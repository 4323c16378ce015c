/* SPDX-License-Identifier: BSD-2-Clause */
/* The core area: application selection and card identification. */
#include "uk/dispatch.h"
#include "core.h"
#include "card/wire.h"

/* All of them answer on a card its issuer locked (WHILE_LOCKED): they
 * say what the card is and change nothing. */
#define ID (UIMKEY_INS_NEEDS_PIV | UIMKEY_INS_WHILE_LOCKED)

static const uimkey_ins_entry core_ins[] = {
	{ UIMKEY_INS_SELECT,      UIMKEY_INS_WHILE_LOCKED, 0, uimkey_piv_select },
	{ UIMKEY_INS_GET_VERSION, ID, 0, uimkey_yk_get_version },
	{ UIMKEY_INS_GET_SERIAL,  ID, 0, uimkey_yk_get_serial },
	/* Random numbers reveal nothing about a locked card's keys. */
	{ UIMKEY_INS_GET_CHALLENGE, ID, 0, uimkey_get_challenge },
};

const uimkey_area uimkey_area_core = {
	core_ins, sizeof(core_ins) / sizeof(core_ins[0]), NULL, NULL,
};
