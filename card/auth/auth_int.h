/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The auth area's own functions: its command handlers (table in
 * auth_area.c) and the helpers they share.  Not for other areas: they use
 * card/include/uk/auth.h.
 */
#ifndef UK_CARD_AUTH_INT_H
#define UK_CARD_AUTH_INT_H

#include <stdint.h>

#include "uk/apdu.h"
#include "uk/channel.h"
#include "auth_cred.h"
#include "card/card.h"

/* Commands (docs/apdu.md, "Credentials"). */
uint16_t uk_auth_verify(uimkey_card *card, const uk_apdu *apdu);
uint16_t uk_auth_change_ref(uimkey_card *card, const uk_apdu *apdu);
uint16_t uk_auth_reset_retry(uimkey_card *card, const uk_apdu *apdu);
uint16_t uk_auth_general_9b(uimkey_card *card, const uk_apdu *apdu);
uint16_t uk_auth_set_mgmt(uimkey_card *card, const uk_apdu *apdu);
uint16_t uk_auth_set_retries(uimkey_card *card, const uk_apdu *apdu);
uint16_t uk_auth_set_policy(uimkey_card *card, const uk_apdu *apdu);
uint16_t uk_auth_reset(uimkey_card *card, const uk_apdu *apdu);
uint16_t uk_auth_metadata(uimkey_card *card, const uk_apdu *apdu);

/*
 * Present value (UIMKEY_PIN_LEN bytes) for the secret ref (PIN or PUK)
 * of the loaded *cred.  The retry counter goes down by one and is
 * committed BEFORE the value is judged, so cutting the power while the
 * KDF runs costs the try.  The PIN is judged by the check KP keeps in
 * RAM when it is there, otherwise (and the PUK always) by opening its
 * wrap: one PBKDF2 run at most.  Returns 6983 when already blocked
 * (nothing written), 6581 when that commit fails (*cred unchanged), 63Cx
 * on a mismatch (x: tries left), and 9000 on a match, with KP in kp and
 * the counter back at its maximum in *cred only: the caller commits that
 * together with its own change.  kp is wiped unless 9000.
 */
uint16_t uk_auth_try(uimkey_card *card, uk_cred *cred, uint8_t ref,
    const uint8_t *value, uint8_t *kp);

/* Forget the PIN verification (both "once" and "always") of the
 * channel the command came on; KP stays. */
void uk_auth_forget_pin(uimkey_card *card);

/* The same on every channel: the PIN they proved is no longer the PIN,
 * or may no longer open anything (RESET RETRY COUNTER, SET PIN RETRIES,
 * a must-change mark). */
void uk_auth_forget_pin_all(uimkey_card *card);

/* Forget a management-key witness or challenge still waiting on the
 * channel the command came on. */
void uk_auth_forget_nonce(uimkey_card *card);

/* Encrypt one block (uimkey_mgmt_block_len(alg) bytes) in place with the
 * management key of alg (its uimkey_mgmt_key_len(alg) bytes). */
void uk_auth_mgmt_encrypt(uint8_t alg, const uint8_t *key, uint8_t *block);

/* Area hooks. */
uint16_t uk_auth_factory(uimkey_card *card);
void uk_auth_clear(uimkey_card *card);

#endif
