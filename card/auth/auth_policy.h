/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Which values may become the PIN or the PUK.  Internal to the auth area.
 * Only values the card is asked to store are judged here: a value the card
 * compares with a stored one is never refused for its form (a malformed
 * value simply does not match and costs a try, as on other PIV cards).
 */
#ifndef UK_CARD_AUTH_POLICY_H
#define UK_CARD_AUTH_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "auth_cred.h"

/*
 * Length of the PIN or PUK in v (UIMKEY_PIN_LEN bytes): the bytes before
 * the FF padding.  0 when v is not 6..8 bytes followed only by FF.
 */
size_t uk_pin_value_len(const uint8_t *v);

/* May v become the PIN under cred's policy?  9000 or 6A80. */
uint16_t uk_policy_check_pin(const uk_cred *cred, const uint8_t *v);

/* May v become the PUK (6..8 bytes, padded)?  9000 or 6A80. */
uint16_t uk_policy_check_puk(const uint8_t *v);

#endif
