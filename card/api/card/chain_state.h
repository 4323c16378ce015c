/* SPDX-License-Identifier: BSD-2-Clause */
/* Command chaining (CLA 0x10): the parts received so far
 * (card/engine/card.c). */
#ifndef UK_CARD_CHAIN_STATE_H
#define UK_CARD_CHAIN_STATE_H

#include <stddef.h>
#include <stdint.h>

/* Longest command data accepted over a chain: a certificate object with
 * its tags, or an RSA-4096 key import. */
#define UK_CHAIN_MAX  3200

typedef struct {
	uint8_t buf[UK_CHAIN_MAX];
	size_t len;
	uint8_t active;
	uint8_t ins, p1, p2;    /* a chain continues only with the same header */
} uimkey_chain_state;

#endif
