/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where the record store keeps things, from UK_LAYOUT_RECORDS_OFF to
 * the end of the store (docs/apdu.md, "The record store", draws it):
 *
 *   meta record      the store's reset epoch, itself a record
 *   journal header   the commit point of a transaction
 *   journal data     the images a transaction puts, before they go home
 *   records          every record at a fixed place: header, then content
 *
 * All integers are big endian.  Offsets are computed, not looked up, so
 * the layout costs no RAM and no table.
 */
#ifndef UK_CARD_STORE_LAYOUT_H
#define UK_CARD_STORE_LAYOUT_H

#include "uk/layout.h"
#include "uk/store.h"
#include "card/memory.h"

/* Record header: id (4), epoch (4), length (4), CRC-32 (4) of those 12
 * bytes followed by the content. */
#define UK_HOME_HDR_LEN     16
#define UK_HOME_HDR_EPOCH   4
#define UK_HOME_HDR_LEN_AT  8
#define UK_HOME_HDR_CRC     12

/* The meta record: id UK_REC_COUNT, content = its epoch (4). */
#define UK_META_ID          UK_REC_COUNT
#define UK_META_LEN         4
#define UK_META_OFF         UK_LAYOUT_RECORDS_OFF
#define UK_META_ROOM        32

/*
 * Journal header: magic (4), epoch (4), flags (4), entry count (4), entry
 * bytes (4), CRC-32 of the entry bytes (4), CRC-32 of the 24 bytes before
 * (4), mark (4).  The mark is last so that a torn write of the header,
 * which lands a prefix, never carries it.
 */
#define UK_JHDR_OFF         (UK_META_OFF + UK_META_ROOM)
#define UK_JHDR_LEN         32
#define UK_JHDR_MAGIC       0x554A4E4Cu     /* "UJNL" */
#define UK_JHDR_MARK        0x434D4954u     /* "CMIT" */
#define UK_JHDR_WIPE        0x00000001u     /* flags: a factory reset */

/* Journal entry header: tag (4) = kind << 24 | id, length (4), CRC-32 (4;
 * a stamp's new record check value, 0 in a put). */
#define UK_JENT_HDR_LEN     12
#define UK_JENT_PUT         0x01u   /* content follows, goes home */
#define UK_JENT_STAMP       0x02u   /* a kept record takes the new epoch */

/* Room for the largest transaction, one stamp per record on top. */
#define UK_JDATA_OFF        (UK_JHDR_OFF + UK_JHDR_LEN)
#define UK_JDATA_LEN        (UK_TXN_MAX + (UK_TXN_RECORDS_MAX + \
                                 UK_REC_COUNT) * UK_JENT_HDR_LEN)

/* Records in id order: credentials, issuer, key slots, data objects. */
#define UK_RECS_OFF         (UK_JDATA_OFF + UK_JDATA_LEN)
#define UK_KEYS_OFF         (UK_RECS_OFF + 2 * UK_HOME_HDR_LEN + \
                                 UK_REC_CRED_MAX + UK_REC_ISSUER_MAX)
#define UK_KEY_ROOM         (UK_HOME_HDR_LEN + UK_REC_KEY_MAX)
#define UK_OBJS_OFF         (UK_KEYS_OFF + \
                                 UIMKEY_SLOT_COUNT * UK_KEY_ROOM)
#define UK_OBJ_ROOM         (UK_HOME_HDR_LEN + UK_REC_OBJ_MAX)
#define UK_RECS_END         (UK_OBJS_OFF + \
                                 UK_OBJ_COUNT * UK_OBJ_ROOM)

_Static_assert(UK_META_OFF >= UK_LAYOUT_HDR_OFF + UK_LAYOUT_HDR_LEN,
    "the store starts after the card header");
_Static_assert(UK_HOME_HDR_LEN + UK_META_LEN <= UK_META_ROOM,
    "the meta record fits its room");
_Static_assert(UK_RECS_END <= UIMKEY_MEMORY_SIZE,
    "journal and records fit the store");
_Static_assert(UK_REC_COUNT < 256 && UK_TXN_RECORDS_MAX < 256,
    "record ids and put counts fit a byte (txn_state.h)");
_Static_assert(UK_JDATA_LEN <= 0xFFFF,
    "journal offsets fit 16 bits (txn_state.h)");

#endif
