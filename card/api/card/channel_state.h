/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Logical channels (ISO 7816-4 5.1.1.2; docs/apdu.md, "Logical
 * channels"): what the card keeps for each of them, and the one buffer
 * they share for what outlives a command.  Part of uimkey_card's RAM;
 * the engine's functions over it are in uk/channel.h.
 */
#ifndef UK_CARD_CHANNEL_STATE_H
#define UK_CARD_CHANNEL_STATE_H

#include <stdint.h>

#include "card/auth_state.h"
#include "card/rsp.h"
#include "card/sm_state.h"

/* Channels 0 (the basic channel, always open while powered) .. 19. */
#define UK_CHANNELS        20

/* Longest command data accepted over a chain (CLA with the chaining bit,
 * ISO 7816-4 5.1.1.1): a certificate object with its tags, or an
 * RSA-4096 key import.  Below one extended APDU's 4096: a client that
 * sends extended lengths never needs a chain. */
#define UK_CHAIN_MAX       3200

/* One channel: small, since every one of them is in the card's RAM.  A
 * channel that is not open is all zero. */
typedef struct {
	/* uimkey_card.clock at this channel's last command: the least
	 * recently used one is taken back when all are open.  First: the
	 * bytes after it then pack without padding. */
	uint32_t stamp;
	/* What was proven on this channel: per channel, so that programs
	 * on their own channels do not share a PIN verification, a
	 * management-key authentication or PIN policy "always"'s opening. */
	uimkey_auth_state auth;
	uint8_t open;
	uint8_t piv_selected;   /* the selected application: PIV or none */
	/* A chain begun here (CLA with the chaining bit): its header, for
	 * its next part.  Its data is in the hold buffer while this channel
	 * owns it; without it the chain is lost and its parts refused. */
	uint8_t chain;
	uint8_t chain_ins, chain_p1, chain_p2;
	uint8_t chain_sm;       /* its parts are a protected command's */
	/* Secure messaging: the channel's session, if one is set up. */
	uimkey_sm_channel sm;
} uimkey_channel;

/* What the hold buffer keeps. */
#define UK_HOLD_NONE     0
#define UK_HOLD_CHAIN    1   /* the parts of owner's unfinished chain */
#define UK_HOLD_ANSWER   2   /* the rest of owner's answer (61xx) */

/*
 * The hold buffer: what outlives one APDU, for one channel at a time.
 * A channel that needs it (a chain begins, an answer exceeds its Ne)
 * takes it from its owner, who loses what it held.
 */
typedef struct {
	uimkey_rsp_chain data;  /* chain parts (len) or answer (len, off) */
	uint8_t owner;          /* channel */
	uint8_t kind;           /* UK_HOLD_* */
} uimkey_hold;

#endif
