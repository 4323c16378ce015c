/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Response data waiting to be read: a command writes its whole answer
 * here, and the card hands it out in pieces that fit the client's Le,
 * announcing the rest with 61xx for GET RESPONSE.  Part of uimkey_card's
 * RAM; the engine's functions over it are in uk/rsp.h.
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
