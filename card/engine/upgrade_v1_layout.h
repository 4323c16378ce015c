/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Store format 1, as the uimkey before encryption laid it out (its
 * card/store/store_layout.h), from UK_LAYOUT_RECORDS_OFF on; shared by
 * the reader of its records (upgrade_v1.c) and of its journal
 * (upgrade_v1_journal.c):
 *
 *   meta record     32 bytes of room: header, then the epoch (4)
 *   journal header  32 bytes: magic "UJNL" (4), epoch (4), flags (4),
 *                   entry count (4), entry bytes (4), CRC-32 of the
 *                   entry bytes (4), CRC-32 of the 24 bytes before (4),
 *                   mark "CMIT" (4)
 *   journal data    V1_JDATA_LEN bytes of entries: tag (4) = kind << 24
 *                   | id, length (4), CRC-32 (4: a stamp's new record
 *                   check value), then a put's content
 *   records         in id order, each at a fixed place: header, content
 *
 * A record header: id (4), epoch (4), length (4), CRC-32 (4) of those
 * 12 bytes followed by the content.  A record of an epoch below the
 * meta record's was emptied by a factory reset.  The card header: magic
 * (4), format 1 (1), serial (4).  All integers big endian.
 */
#ifndef UK_CARD_UPGRADE_V1_LAYOUT_H
#define UK_CARD_UPGRADE_V1_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "upgrade_v1.h"
#include "uk/layout.h"
#include "uk/store.h"

#define V1_FORMAT       1
#define V1_HDR_LEN      16
#define V1_HDR_EPOCH    4
#define V1_HDR_LEN_AT   8
#define V1_HDR_CRC      12
#define V1_META_OFF     UK_LAYOUT_RECORDS_OFF
#define V1_META_ROOM    32
#define V1_META_LEN     4
#define V1_JHDR_OFF     (V1_META_OFF + V1_META_ROOM)
#define V1_JHDR_LEN     32
#define V1_JHDR_MAGIC   0x554A4E4Cu
#define V1_JHDR_MARK    0x434D4954u
#define V1_JHDR_WIPE    0x00000001u     /* flags: a factory reset */
#define V1_JENT_LEN     12
#define V1_JENT_PUT     0x01u           /* content follows, goes home */
#define V1_JENT_STAMP   0x02u           /* a kept record, new epoch */
#define V1_TXN_RECORDS  16
#define V1_TXN_MAX      (2560 + 3072 + 1024)
#define V1_JDATA_OFF    (V1_JHDR_OFF + V1_JHDR_LEN)
#define V1_JDATA_LEN    (V1_TXN_MAX + (V1_TXN_RECORDS + UK_REC_COUNT) * \
                             V1_JENT_LEN)
#define V1_CRED_MAX     128
#define V1_ISSUER_MAX   128
#define V1_KEY_MAX      2560
#define V1_OBJ_MAX      3072
#define V1_RECS_OFF     (V1_JDATA_OFF + V1_JDATA_LEN)
#define V1_KEYS_OFF     (V1_RECS_OFF + 2 * V1_HDR_LEN + V1_CRED_MAX + \
                             V1_ISSUER_MAX)
#define V1_KEY_ROOM     (V1_HDR_LEN + V1_KEY_MAX)
#define V1_OBJS_OFF     (V1_KEYS_OFF + UIMKEY_SLOT_COUNT * V1_KEY_ROOM)
#define V1_OBJ_ROOM     (V1_HDR_LEN + V1_OBJ_MAX)
#define V1_RECS_END     (V1_OBJS_OFF + UK_OBJ_COUNT * V1_OBJ_ROOM)

/* zlib's CRC-32 of len bytes at p, continuing crc. */
uint32_t uk_v1_crc32(uint32_t crc, const uint8_t *p, size_t len);

/* Capacity and header offset of record id (the meta record's too). */
size_t uk_v1_cap(unsigned id);
size_t uk_v1_off(unsigned id);

/* len bytes at off of the old memory: UK_OK or UK_ERR_IO. */
int uk_v1_get(const uimkey_memory_class **mem, size_t off, void *buf,
    size_t len);

/*
 * The journal header: s->j filled, s->j.live set when it is a commit the
 * earlier card replays at its start, every entry checked then.  UK_OK
 * (live or not: a torn or erased header is dropped, as that card did),
 * UK_ERR_CORRUPT (magic and mark around a bad header or bad entries:
 * that card refused to start), UK_ERR_IO.
 */
int uk_v1_journal_open(uk_v1_store *s);

/*
 * Record id as replaying the live journal leaves it: *hit 0 when the
 * journal does not touch it (its home copy stands); else buf (UK_V1_REC_MAX
 * bytes), *len and *epoch.  UK_OK, UK_ERR_CORRUPT (buf wiped), UK_ERR_IO.
 */
int uk_v1_journal_read(const uk_v1_store *s, unsigned id, uint8_t *buf,
    size_t *len, uint32_t *epoch, int *hit);

#endif
