/* SPDX-License-Identifier: BSD-2-Clause */
/* Handlers of the core area. */
#ifndef UIMKEY_CARD_INS_CORE_H
#define UIMKEY_CARD_INS_CORE_H

#include "uk/dispatch.h"

uint16_t uimkey_piv_select(uimkey_card *card, const uimkey_apdu *apdu);
uint16_t uimkey_yk_get_version(uimkey_card *card, const uimkey_apdu *apdu);
uint16_t uimkey_yk_get_serial(uimkey_card *card, const uimkey_apdu *apdu);
uint16_t uimkey_get_challenge(uimkey_card *card, const uimkey_apdu *apdu);

#endif
