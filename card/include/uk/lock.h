/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The issuer lock as the other areas see it: the dispatcher's gate and
 * the lock's tag in the PIN's metadata.  Implemented by the lock area
 * (lock_*.c); docs/apdu.md, "Issuer lock".
 */
#ifndef UK_CARD_LOCK_H
#define UK_CARD_LOCK_H

#include <stdint.h>

#include "card/card.h"

/* May a command not marked UK_INS_WHILE_LOCKED run?  9000 when the
 * card is not locked, 6283 when its issuer locked it, 6581 when the lock
 * record cannot be read (fail closed). */
uint16_t uk_lock_gate(uimkey_card *card);

/* Append uimkey's tag 11 (lock state, last counter) to card->rsp when an
 * issuer key is installed; nothing otherwise.  9000, 6581 when the record
 * cannot be read, 6F00 when the answer does not fit. */
uint16_t uk_lock_meta_pin(uimkey_card *card);

#endif
