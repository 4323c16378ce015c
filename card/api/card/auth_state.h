/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Volatile security state: what has been proven to the card since power-on,
 * reset or SELECT.  Lives in RAM only and is wiped on all three.  Owned by
 * the auth area (auth_*.c); other areas ask through card/include/uk/auth.h.
 */
#ifndef UK_CARD_AUTH_STATE_H
#define UK_CARD_AUTH_STATE_H

#include <stdint.h>

/* Largest management-key challenge (AES block: 16; 3DES: 8). */
#define UK_MGMT_CHALLENGE_MAX 16

/* What a GENERAL AUTHENTICATE with 9B left waiting for its answer. */
#define UK_MGMT_PENDING_NONE      0
#define UK_MGMT_PENDING_WITNESS   1   /* 80 sent: awaiting 80 (+81) */
#define UK_MGMT_PENDING_CHALLENGE 2   /* 81 sent: awaiting 82 */

typedef struct {
	uint8_t pin_ok;         /* PIN verified (policy "once") */
	/* Policy "always": a VERIFY lets the next command, and only it,
	 * use one such key.  always_next is set by the VERIFY; the card
	 * moves it to always_now as the next command starts (any command:
	 * a part kept for a chain, or GET RESPONSE of an answer, is none). */
	uint8_t always_next;
	uint8_t always_now;
	uint8_t mgmt_ok;        /* management key authenticated */
	/* GENERAL AUTHENTICATE with 9B in progress: one nonce at a time,
	 * forgotten by the next GENERAL AUTHENTICATE 9B whatever it says. */
	uint8_t mgmt_pending;   /* UK_MGMT_PENDING_* */
	uint8_t mgmt_alg;       /* algorithm the nonce was issued for */
	uint8_t nonce[UK_MGMT_CHALLENGE_MAX];   /* witness or challenge */
} uimkey_auth_state;

#endif
