/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * An answer and how much of it was handed out: a command writes its
 * whole answer in the card's answer buffer; what does not fit the
 * client's Ne moves to the hold buffer (card/channel_state.h), announced
 * with 61xx, for GET RESPONSE.  Part of uimkey_card's RAM; the engine's
 * functions over it are in uk/rsp.h.
 */
#ifndef UK_CARD_RSP_H
#define UK_CARD_RSP_H

#include <stddef.h>
#include <stdint.h>

/* Longest answer one command can give (a certificate object with room). */
#define UK_RSP_CHAIN_MAX   8192u

typedef struct {
	uint8_t buf[UK_RSP_CHAIN_MAX];
	size_t len;     /* bytes of answer */
	size_t off;     /* bytes already handed out */
} uimkey_rsp_chain;

#endif
