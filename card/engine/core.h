/* SPDX-License-Identifier: BSD-2-Clause */
/* Handlers of the core area. */
#ifndef UK_CARD_INS_CORE_H
#define UK_CARD_INS_CORE_H

#include "uk/dispatch.h"

uint16_t uk_core_select(uimkey_card *card, const uk_apdu *apdu);
uint16_t uk_core_get_version(uimkey_card *card, const uk_apdu *apdu);
uint16_t uk_core_get_serial(uimkey_card *card, const uk_apdu *apdu);
uint16_t uk_core_get_challenge(uimkey_card *card, const uk_apdu *apdu);

#endif
