/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where things live in the card's persistent memory.
 *
 * Offset 0 holds the header: it tells a formatted card from a blank one
 * and carries the card's identity.  Everything after it belongs to the
 * object store.
 */
#ifndef UK_CARD_LAYOUT_H
#define UK_CARD_LAYOUT_H

#define UK_LAYOUT_MAGIC        "UIMK"
#define UK_LAYOUT_MAGIC_LEN    4
#define UK_LAYOUT_FORMAT       1

/* Header: magic (4), format (1), serial (4, big endian). */
#define UK_LAYOUT_HDR_OFF      0
#define UK_LAYOUT_HDR_FORMAT   4
#define UK_LAYOUT_HDR_SERIAL   5
#define UK_LAYOUT_HDR_LEN      9

/* Everything from here on belongs to the record store (card/store/). */
#define UK_LAYOUT_RECORDS_OFF  64

/* Serial numbers are 8 decimal digits, so they print the same everywhere. */
#define UK_SERIAL_MIN          10000000u
#define UK_SERIAL_SPAN         90000000u

#endif
