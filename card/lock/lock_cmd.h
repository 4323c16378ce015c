/* SPDX-License-Identifier: BSD-2-Clause */
/* The lock area's commands (table in lock_area.c; docs/apdu.md, "Issuer
 * lock"). */
#ifndef UK_CARD_LOCK_CMD_H
#define UK_CARD_LOCK_CMD_H

#include <stdint.h>

#include "uk/apdu.h"
#include "card/card.h"

/* INSTALL ISSUER KEY (uimkey INS 57): management key needed. */
uint16_t uk_lock_cmd_install(uimkey_card *card, const uk_apdu *apdu);

/* APPLY LOCK TOKEN (uimkey INS 56): anyone may deliver a token. */
uint16_t uk_lock_cmd_apply(uimkey_card *card, const uk_apdu *apdu);

/* GET METADATA (INS F7) with P2 5A: the lock state. */
uint16_t uk_lock_cmd_metadata(uimkey_card *card, const uk_apdu *apdu);

#endif
