/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Volatile security state: what has been proven to the card since power-on,
 * reset or SELECT.  Lives in RAM only and is wiped on all three (and by
 * RESET).  Owned by the auth area (auth_*.c); other areas ask through
 * card/include/uk/auth.h.
 */
#ifndef UK_CARD_AUTH_STATE_H
#define UK_CARD_AUTH_STATE_H

#include <stdint.h>

/* Largest management-key challenge (AES block: 16; 3DES: 8). */
#define UK_MGMT_CHALLENGE_MAX 16

/* The PIN domain key KP (what the PIN and the PUK unlock) and what the
 * card keeps to check the PIN again without the slow KDF. */
#define UK_KP_LEN         32
#define UK_PIN_CHECK_LEN  32

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
	/* KP, from a correct PIN (or the PUK that set a new PIN), with
	 * HMAC(KP, PIN) to check the PIN of later VERIFYs (auth_kp.c);
	 * kept across a wrong PIN, replaced when the PIN changes. */
	uint8_t kp_known;
	uint8_t kp[UK_KP_LEN];
	uint8_t pin_check[UK_PIN_CHECK_LEN];
	/* PBKDF2 runs since the last wipe: how tests see the fast path. */
	uint32_t kdf_runs;
} uimkey_auth_state;

#endif
