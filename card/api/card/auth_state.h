/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the auth area keeps in RAM, in two parts with two lives.  Owned by
 * the auth area (auth_*.c); other areas ask through card/include/uk/auth.h.
 *
 * uimkey_auth_state, the security state: what has been proven to the
 * card on one logical channel (card/channel_state.h: one each) since it
 * opened or its last SELECT.  Wiped on power-off and reset (every
 * channel closes), by SELECT and by VERIFY with P1 FF (logout: its PIN
 * part) on their channel, and on every channel by RESET and by an
 * issuer's lock.
 *
 * uimkey_kp_cache, the KP cache: what a right PIN opened (KP) and what
 * checks that PIN again without the slow KDF; one for the card, whatever
 * the channel the PIN came on.  It proves nothing, so it
 * outlives SELECT and logout: each new program on the host SELECTs the
 * application, and each would otherwise pay a PBKDF2 run at its first
 * VERIFY.  It lives until power-off or warm reset, RESET, an issuer's
 * lock, or a change of the PIN's wrap (auth_kp.c has the rules).
 *
 * Why keeping it gives nothing without the PIN:
 * - a VERIFY still spends a try first: the counter goes down, durably,
 *   before the value is judged, by the cache or by the wrap alike
 *   (uk_auth_try): guesses at the card are bounded by the tries, not
 *   by the KDF, whose cost is for copies of the store (no cache there);
 * - the cached check is HMAC(KP, PIN) compared in constant time: it
 *   answers only "this is the PIN", as opening the wrap would;
 * - a blocked PIN (no try left) empties it, and a blocked PIN is refused
 *   before the cache is asked;
 * - no command reads it; keys open only when the security state says
 *   the PIN was verified (uk_auth_key_use), whatever the cache holds;
 * - it is never written to the store: power-off ends it.
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
	/* Policy "always": a VERIFY lets the next command on its channel,
	 * and only it, use one such key.  always_next is set by the VERIFY; the card
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

/* KP, from a right PIN (or the PUK that set a new PIN), with HMAC(KP,
 * PIN) to check the PIN of later VERIFYs (auth_kp.c); kept across a
 * wrong PIN, replaced when the PIN changes, emptied when it blocks. */
typedef struct {
	uint8_t known;
	uint8_t kp[UK_KP_LEN];
	uint8_t pin_check[UK_PIN_CHECK_LEN];
} uimkey_kp_cache;

#endif
