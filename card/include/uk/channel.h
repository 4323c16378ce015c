/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Logical channels as the command groups see them (card/channel_state.h
 * holds them): a command runs on the channel its CLA named, and its
 * security state is that channel's.  Exported by card/engine/.
 */
#ifndef UK_CHANNEL_H
#define UK_CHANNEL_H

#include <stdint.h>

#include "uk/apdu.h"
#include "card/card.h"

/* The security state of the channel the command came on: the one of
 * its secure-messaging session for a command carried in it, else the
 * channel's plain one; a const card gives a const state. */
#define UK_AUTH(card)  ((card)->sm.in_session ? \
	&(card)->ch[(card)->cur].sm.auth : &(card)->ch[(card)->cur].auth)

/* The channel the command came on. */
#define UK_CHANNEL(card)  (&(card)->ch[(card)->cur])

/* Run fn(card) once for every open channel, as the channel the command
 * came on: what SELECT does to one channel, done to all. */
void uk_channel_each(uimkey_card *card, void (*fn)(uimkey_card *card));

/* Forget what was proven on the channel the command came on (its
 * security state and every area's volatile state of it): SELECT.
 * uimkey_card_clear_security() does it on every channel. */
void uk_channel_clear_security(uimkey_card *card);

/* Power: every channel closed, the hold buffer emptied; then (on) the
 * basic channel open with PIV selected. */
void uk_channel_close_all(uimkey_card *card);
void uk_channel_open_basic(uimkey_card *card);

/* MANAGE CHANNEL (INS 70): open or close a channel. */
uint16_t uk_channel_manage(uimkey_card *card, const uk_apdu *apdu);

/* The hold buffer (uimkey_hold): does channel ch own it with kind? */
int uk_hold_is(const uimkey_card *card, uint8_t ch, uint8_t kind);

/* Empty the hold buffer (wiped: it may hold PINs, keys, answers). */
void uk_hold_release(uimkey_card *card);

/* Empty it when ch owns it with kind (any kind: UK_HOLD_NONE). */
void uk_hold_drop(uimkey_card *card, uint8_t ch, uint8_t kind);

/* The hold buffer, empty, for ch with kind: whatever another channel
 * held in it is lost. */
uimkey_rsp_chain *uk_hold_take(uimkey_card *card, uint8_t ch,
    uint8_t kind);

#endif
