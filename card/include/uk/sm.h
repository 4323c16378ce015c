/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Secure messaging as the engine sees it (card/sm/; docs/apdu.md,
 * "Secure messaging").  A session is set up on a channel by GENERAL
 * AUTHENTICATE with key 04 (the sm area's command) and lives until a
 * protected command fails its check, the next key establishment on the
 * channel, or the channel closes.  The engine hands each protected
 * command to uk_sm_open_cmd before it runs and its answer to
 * uk_sm_seal_rsp after.
 */
#ifndef UK_CARD_SM_H
#define UK_CARD_SM_H

#include <stdint.h>

#include "uk/apdu.h"
#include "card/card.h"

/*
 * Open the protected command *apdu (its data: the objects 87, 97, 8E)
 * with cla as it came (the chaining bit aside): *apdu then holds the
 * clear data (in card->sm.data), Le and the basic channel's class, and
 * the command runs in the session (card->sm.in_session).  9000; 6988
 * (no session, a wrong MAC or padding) or 6987 (objects missing or
 * misplaced), the session ended; 6700 when the clear data is longer
 * than a command may be.
 */
uint16_t uk_sm_open_cmd(uimkey_card *card, uint8_t cla, uk_apdu *apdu);

/* The answer of the command uk_sm_open_cmd opened, in card->rsp with
 * its status word sw, protected in place (87, 99, 8E): 9000, the status
 * word to send outside it; 6F00 (answer dropped) when it cannot be. */
uint16_t uk_sm_seal_rsp(uimkey_card *card, uint16_t sw);

#endif
