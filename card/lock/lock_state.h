/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The issuer lock record (UK_REC_ISSUER) and its in-RAM form.
 * Internal to the lock area (lock_*.c, lock_area.c); other areas use
 * card/include/uk/lock.h.
 *
 * Byte layout of the record (absent: no issuer key installed):
 *   0   format version (UK_LOCK_VERSION)
 *   1   flags: bit 0 locked; other bits 0
 *   2   counter of the last token applied (or the initial one), 4 bytes
 *       big endian
 *   6   issuer public key, EC P-256 uncompressed point 04 X Y (65 bytes)
 *   71  end
 * Nothing in it is secret: the issuer key is public, the counter is shown
 * by GET METADATA.
 */
#ifndef UK_CARD_LOCK_STATE_H
#define UK_CARD_LOCK_STATE_H

#include <stdint.h>

#include "card/card.h"
#include "card/wire.h"

#define UK_LOCK_VERSION       1

#define UK_LOCK_OFF_VERSION   0
#define UK_LOCK_OFF_FLAGS     1
#define UK_LOCK_OFF_COUNTER   2
#define UK_LOCK_OFF_ISSUER    6
#define UK_LOCK_REC_LEN \
    (UK_LOCK_OFF_ISSUER + UIMKEY_LOCK_POINT_LEN)

#define UK_LOCK_F_LOCKED      0x01
#define UK_LOCK_F_ALL         0x01

typedef struct {
	uint8_t installed;      /* an issuer key is installed (a record) */
	uint8_t locked;
	uint32_t counter;
	uint8_t issuer[UIMKEY_LOCK_POINT_LEN];
} uk_lock_state;

/* Read the record into *st (all zero when absent).  9000, or 6581 when
 * it cannot be read or does not have the layout above: the card fails
 * closed. */
uint16_t uk_lock_load(uimkey_card *card, uk_lock_state *st);

/* Commit *st (installed) as the record, in a transaction of its own:
 * 9000, or 6581 with the old state kept. */
uint16_t uk_lock_commit(uimkey_card *card, const uk_lock_state *st);

/* The state byte of GET METADATA (UIMKEY_LOCK_STATE_*). */
uint8_t uk_lock_state_byte(const uk_lock_state *st);

#endif
