/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Credentials (PIN, PUK, management key) as the other areas see them:
 * the checks a command makes before it acts.  Implemented in the auth
 * area (auth_*.c).
 */
#ifndef UK_CARD_AUTH_H
#define UK_CARD_AUTH_H

#include <stdint.h>

#include "card/card.h"
#include "uk/result.h"

/*
 * May a private key with this PIN policy (UIMKEY_PIN_POLICY_NEVER, ONCE
 * or ALWAYS) be used now?  Returns 9000, or 6982 when the PIN must be
 * verified (first, or again for ALWAYS).  ALWAYS needs a VERIFY as the
 * command just before this one; a 9000 consumes it.
 */
uint16_t uk_auth_key_use(uimkey_card *card, uint8_t pin_policy);

/*
 * The bounds of one command, for PIN policy "always", whose VERIFY opens
 * the next command on its logical channel and only that one, whatever it
 * is; both act on the channel the APDU came on.  The card calls
 * start before it runs a command (all its chained parts received) and
 * end after; an APDU that runs no command (refused before, a chain part
 * that fails, or one that abandons a chain) is start and end at once.  A
 * part kept for a chain, and GET RESPONSE of an answer, call neither:
 * they belong to their command.
 */
void uk_auth_command_start(uimkey_card *card);
void uk_auth_command_end(uimkey_card *card);

/* Has the management key been authenticated on this channel since it
 * opened or its last SELECT?
 * 9000 or 6982. */
uint16_t uk_auth_admin(const uimkey_card *card);

/*
 * Is the management key still the factory one, which every PIV
 * document prints?  9000 when it is not; 6985 while it is (a command
 * that binds the card for good must not be open to anyone); 6581 when
 * the credentials cannot be read.
 */
uint16_t uk_auth_mgmt_own(uimkey_card *card);

/* Has the PIN been verified on this channel since it opened or its last
 * SELECT (for PIN-protected data objects)?  9000 or 6982. */
uint16_t uk_auth_pin(const uimkey_card *card);

/*
 * The PIN layer (docs/design.md, "The PIN layer").  The private part of
 * a key of PIN policy once or always is encrypted under a key that only
 * the PIN domain key KP gives, and KP only a right PIN or PUK: the keys
 * area asks for those keys here.
 */
#define UK_AUTH_KEY_LEN     32   /* an AEAD key handed out */
#define UK_AUTH_KEY_ID_LEN  16   /* a private key's random id */
#define UK_AUTH_POINT_LEN   65   /* an uncompressed P-256 point */

/* Is KP in RAM (the KP cache: a right PIN since power-on or reset, and
 * the PIN's wrap unchanged since)?  Not a permission: a key opens only
 * after uk_auth_key_use lets it. */
int uk_auth_kp_known(const uimkey_card *card);

/* Empty the KP cache (card/auth_state.h): power-off and reset, and an
 * issuer's lock, call this; SELECT and logout do not. */
void uk_auth_forget_kp(uimkey_card *card);

/* The AEAD key (UK_AUTH_KEY_LEN bytes) for the private key whose id is
 * id (UK_AUTH_KEY_ID_LEN bytes): UK_OK, or UK_ERR_ARG (out wiped) when
 * KP is not in RAM. */
int uk_auth_kp_key(const uimkey_card *card, const uint8_t *id,
    uint8_t *out);

/*
 * Seal without KP: a new ephemeral point into point (UK_AUTH_POINT_LEN
 * bytes) and the AEAD key it shares with the card's sealing key into
 * out.  UK_OK; UK_ERR_IO when the credentials cannot be read;
 * UK_ERR_CRYPTO.  out is wiped on failure.
 */
int uk_auth_seal_key(uimkey_card *card, uint8_t *point, uint8_t *out);

/* The AEAD key of a seal from its point, with KP: UK_OK; UK_ERR_ARG when
 * KP is not in RAM; UK_ERR_CORRUPT for a point not on the curve.  out is
 * wiped on failure. */
int uk_auth_unseal_key(const uimkey_card *card, const uint8_t *point,
    uint8_t *out);

/*
 * A credentials record of store format 1 (which held the PIN and the
 * PUK themselves), rec (len bytes), made today's and committed: a new KP
 * wrapped under that PIN and that PUK, their tries, the management key
 * and the PIN policy kept.  KP stays in the KP cache, so that the keys
 * stored next go under it (uk_auth_forget_kp when done).  UK_OK;
 * UK_ERR_CORRUPT for a record that is not valid; UK_ERR_IO.
 */
int uk_auth_upgrade(uimkey_card *card, const uint8_t *rec, size_t len);

#endif
