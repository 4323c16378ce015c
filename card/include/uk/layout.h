/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where things live in the card's persistent memory.
 *
 * Offset 0 holds the header: it tells a formatted card from a blank one
 * and carries the card's identity.  Everything after it belongs to the
 * object store.
 */
#ifndef UIMKEY_CARD_LAYOUT_H
#define UIMKEY_CARD_LAYOUT_H

#define UIMKEY_LAYOUT_MAGIC        "UIMK"
#define UIMKEY_LAYOUT_MAGIC_LEN    4
#define UIMKEY_LAYOUT_FORMAT       1

/* Header: magic (4), format (1), serial (4, big endian). */
#define UIMKEY_LAYOUT_HDR_OFF      0
#define UIMKEY_LAYOUT_HDR_FORMAT   4
#define UIMKEY_LAYOUT_HDR_SERIAL   5
#define UIMKEY_LAYOUT_HDR_LEN      9

/* Everything from here on belongs to the record store (card/store/). */
#define UIMKEY_LAYOUT_RECORDS_OFF  64

/* Serial numbers are 8 decimal digits, so they print the same everywhere. */
#define UIMKEY_SERIAL_MIN          10000000u
#define UIMKEY_SERIAL_SPAN         90000000u

#endif
