/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Inside the sm area: the card's key-establishment key and certificate,
 * and the session of the channel the command came on.
 */
#ifndef UK_CARD_SM_INT_H
#define UK_CARD_SM_INT_H

#include <stdint.h>

#include "uk/apdu.h"
#include "card/card.h"
#include "codec/cvc.h"
#include "codec/ec_derive.h"
#include "codec/sm_apdu.h"

_Static_assert(sizeof(uk_sm_session) == UK_SM_SESSION_BYTES,
    "a channel holds the codec's session (card/sm_state.h)");
_Static_assert(UK_CVC_MAX <= UK_SM_CVC_BYTES,
    "the card holds its CVC (card/sm_state.h)");
_Static_assert(UK_SM_DATA_MAX >= UK_CHAIN_MAX,
    "a protected command's data may be as long as a chain's");

/* The private scalar of the card's key-establishment key (P-256),
 * derived from card->sm.root: UK_OK or UK_ERR_CRYPTO. */
int uk_sm_scalar(const uimkey_card *card, uint8_t *d);

/* The CVC of that key, signed by the attestation key (F9), built at its
 * first use after start and kept: 9000 with *cvc and *len, or why not
 * (6A88: no attestation key). */
uint16_t uk_sm_cvc(uimkey_card *card, const uint8_t **cvc, size_t *len);

/* GENERAL AUTHENTICATE 00 87 27 04: key establishment. */
uint16_t uk_sm_establish(uimkey_card *card, const uk_apdu *apdu);

/* End the session of the channel the command came on. */
void uk_sm_channel_end(uimkey_card *card);

/* A new session with keys k on the channel the command came on, with
 * nothing proven in it. */
void uk_sm_begin(uimkey_card *card, const uk_sm_keys *k);

#endif
