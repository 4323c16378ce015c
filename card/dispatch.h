/*
 * From instruction byte to handler.  A handler appends its answer to
 * card->rsp and returns the status word; the card core hands the answer
 * out.
 */
#ifndef UIMKEY_CARD_DISPATCH_H
#define UIMKEY_CARD_DISPATCH_H

#include <stdint.h>

#include "card/apdu.h"
#include "card/card.h"

typedef uint16_t (*uimkey_ins_handler)(uimkey_card *card,
    const uimkey_apdu *apdu);

/* Run the handler of apdu->ins (CLA already checked). */
uint16_t uimkey_dispatch(uimkey_card *card, const uimkey_apdu *apdu);

/* Check a GET RESPONSE: 9000 when pending data may be handed out. */
uint16_t uimkey_dispatch_get_response(uimkey_card *card,
    const uimkey_apdu *apdu);

/* Handlers, one file per family of commands. */
uint16_t uimkey_piv_select(uimkey_card *card, const uimkey_apdu *apdu);
uint16_t uimkey_yk_get_version(uimkey_card *card, const uimkey_apdu *apdu);
uint16_t uimkey_yk_get_serial(uimkey_card *card, const uimkey_apdu *apdu);

#endif
