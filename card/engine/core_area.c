/* SPDX-License-Identifier: BSD-2-Clause */
/* The core area: logical channels, application selection and card
 * identification. */
#include "uk/channel.h"
#include "uk/dispatch.h"
#include "core.h"
#include "card/wire.h"

/* All of them answer on a card its issuer locked (UK_INS_WHILE_LOCKED):
 * they say what the card is and change nothing. */
#define ID (UK_INS_NEEDS_PIV | UK_INS_WHILE_LOCKED)

static const uk_ins_entry core_ins[] = {
	{ UIMKEY_INS_SELECT,      UK_INS_WHILE_LOCKED, 0, uk_core_select },
	{ UIMKEY_INS_GET_VERSION, ID, 0, uk_core_get_version },
	{ UIMKEY_INS_GET_SERIAL,  ID, 0, uk_core_get_serial },
	/* Random numbers reveal nothing about a locked card's keys. */
	{ UIMKEY_INS_GET_CHALLENGE, ID, 0, uk_core_get_challenge },
	/* A channel is where the lock's own commands (GET METADATA, APPLY
	 * LOCK TOKEN) arrive; it opens nothing of the card's. */
	{ UIMKEY_INS_MANAGE_CHANNEL, UK_INS_WHILE_LOCKED, 0,
	    uk_channel_manage },
};

const uk_area uk_area_core = {
	core_ins, sizeof(core_ins) / sizeof(core_ins[0]), NULL, NULL,
};
