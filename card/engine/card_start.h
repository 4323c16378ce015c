/* SPDX-License-Identifier: BSD-2-Clause */
/* The card's start with a say in a new store's content: engine only. */
#ifndef UK_CARD_START_H
#define UK_CARD_START_H

#include <stdint.h>

#include "card/card.h"

/* Writes a new store's records after its factory commit, before its
 * header: UIMKEY_CARD_OK or a UIMKEY_CARD_ERR_ code. */
typedef int (*uk_card_fill)(uimkey_card *card, void *ctx);

/*
 * uimkey_card_init, and on a blank store: serial (0: a random one) and,
 * after the factory state, fill(card, ctx), so that a cut before its end
 * leaves no header, a store that is not a card.  With fill, a store
 * that is not blank is UIMKEY_CARD_ERR_FORMAT.
 */
int uk_card_start(uimkey_card *card, const uimkey_memory_class **store,
    const uimkey_rng_class **rng, const uimkey_device_class **device,
    uint32_t serial, uk_card_fill fill, void *ctx);

#endif
