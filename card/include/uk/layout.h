/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where things live in the card's persistent memory.
 *
 * Offset 0 holds the header: it tells a formatted card from a blank one
 * and carries the card's identity, authenticated under the store's key
 * (GCM with the first UK_LAYOUT_HDR_LEN bytes as additional data and no
 * content).  Everything after it belongs to the record store.
 */
#ifndef UK_CARD_LAYOUT_H
#define UK_CARD_LAYOUT_H

#include "card/card.h"

#define UK_LAYOUT_MAGIC        "UIMK"
#define UK_LAYOUT_MAGIC_LEN    4
#define UK_LAYOUT_FORMAT       UIMKEY_CARD_FORMAT

/* Header: magic (4), format (1), serial (4, big endian), then the nonce
 * (12) and the tag (16) that authenticate those 9 bytes. */
#define UK_LAYOUT_HDR_OFF      0
#define UK_LAYOUT_HDR_FORMAT   4
#define UK_LAYOUT_HDR_SERIAL   5
#define UK_LAYOUT_HDR_LEN      9
#define UK_LAYOUT_HDR_NONCE    UK_LAYOUT_HDR_LEN
#define UK_LAYOUT_HDR_TAG      (UK_LAYOUT_HDR_NONCE + 12)
#define UK_LAYOUT_HDR_END      (UK_LAYOUT_HDR_TAG + 16)

/* Everything from here on belongs to the record store (card/store/). */
#define UK_LAYOUT_RECORDS_OFF  64

_Static_assert(UK_LAYOUT_HDR_END <= UK_LAYOUT_RECORDS_OFF,
    "the card header fits before the store");

/* Serial numbers are 8 decimal digits, so they print the same everywhere. */
#define UK_SERIAL_MIN          10000000u
#define UK_SERIAL_SPAN         90000000u

#endif
