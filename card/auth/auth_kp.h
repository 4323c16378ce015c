/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The PIN layer inside the auth area: the wraps of KP under the PIN and
 * the PUK (auth_wrap.c), KP held in RAM after a correct PIN
 * (auth_kp.c), and the sealing key pair derived from KP (auth_seal.c).
 * What other areas get of it is in card/include/uk/auth.h.
 */
#ifndef UK_CARD_AUTH_KP_H
#define UK_CARD_AUTH_KP_H

#include <stddef.h>
#include <stdint.h>

#include "auth_cred.h"
#include "card/card.h"

/*
 * Wrap kp under value (UIMKEY_PIN_LEN bytes) as the secret ref (PIN or
 * PUK) of *cred: a new salt and nonce from the card's DRBG, the
 * iterations cred->next_iterations; the secret's "is default" flag
 * follows value.  Its counter is left as it is.  One PBKDF2 run.
 */
void uk_wrap_set(uimkey_card *card, uk_cred *cred, uint8_t ref,
    const uint8_t *value, const uint8_t *kp);

/*
 * Open the wrap of the secret ref of *cred with value: 1 and KP in kp
 * when value is the secret, 0 (kp wiped) when it is not.  One PBKDF2
 * run, at the wrap's own iterations.
 */
int uk_wrap_open(uimkey_card *card, const uk_cred *cred, uint8_t ref,
    const uint8_t *value, uint8_t *kp);

/* Hold kp, and what checks pin, in the KP cache (card->kp_cache): a
 * right PIN was shown, or a new PIN set by one who could open KP.  Call
 * it only once the wrap of that PIN is committed. */
void uk_kp_remember(uimkey_card *card, const uint8_t *kp,
    const uint8_t *pin);

/* KP into kp (UK_KP_LEN bytes) when it is held: 1, or 0. */
int uk_kp_get(const uimkey_card *card, uint8_t *kp);

/* Emptying the cache is uk_auth_forget_kp (uk/auth.h). */

/*
 * The PIN without the KDF: 1 and KP in kp when KP is held and value is
 * the PIN it was held with; 0 when KP is held and value is not the PIN;
 * -1 when KP is not held (the wrap must decide).
 */
int uk_kp_check_pin(const uimkey_card *card, const uint8_t *value,
    uint8_t *kp);

/* HMAC-SHA-256 under key (key_len bytes) of the label's characters
 * followed by data (len bytes), into out (32 bytes). */
void uk_kp_hmac(const uint8_t *key, size_t key_len, const char *label,
    const uint8_t *data, size_t len, uint8_t *out);

/* The sealing public key U (UK_SEAL_POINT_LEN bytes) of kp: UK_OK or
 * UK_ERR_CRYPTO. */
int uk_seal_public(const uint8_t *kp, uint8_t *point);

#endif
