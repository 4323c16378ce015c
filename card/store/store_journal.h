/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The write-ahead journal of the record store.
 *
 * A transaction appends its entries to the journal data (no sync); the
 * commit syncs them, writes the journal header (the commit point) and
 * syncs, copies every entry home and syncs, then erases the header and
 * syncs.  Replaying a committed journal is idempotent, so a power cut at
 * any instant after the commit point is finished at the next start.
 */
#ifndef UK_CARD_STORE_JRNL_H
#define UK_CARD_STORE_JRNL_H

#include <stddef.h>
#include <stdint.h>

#include "card/card.h"

/* The journal header's fields (store_layout.h has the bytes). */
typedef struct {
	uint32_t epoch;         /* records are stamped with it */
	uint32_t flags;         /* UK_JHDR_WIPE */
	uint32_t count;         /* entries */
	uint32_t bytes;         /* entry bytes in the journal data */
	uint32_t crc;           /* CRC-32 of those bytes */
} uk_journal_hdr;

/* What the journal header holds (>= 0), or a UK_ERR_ code. */
#define UK_JRNL_CLEAN       0       /* erased: no transaction */
#define UK_JRNL_COMMITTED   1       /* to be replayed */
#define UK_JRNL_TORN        2       /* a commit or clear cut short */

#define UK_JENT_TAG(kind, id) ((uint32_t)(kind) << 24 | (uint32_t)(id))

/* Append an entry: its header (tag, len, crc), then body_len bytes. */
int uk_journal_append(uimkey_card *card, uint32_t tag, uint32_t len,
    uint32_t crc, const void *body, size_t body_len);

/* Commit the open transaction (entries appended, card->txn filled). */
int uk_journal_commit(uimkey_card *card);

/* Replay a committed journal, drop a torn one (at start). */
int uk_journal_finish(uimkey_card *card);

/* Finish a commit whose copying home failed earlier; UK_ERR_IO
 * while the store stays unusable. */
int uk_journal_settle(uimkey_card *card);

/* Check the entries of the committed journal jh, copy them home and sync
 * (store_journal_apply.c); the header stays. */
int uk_journal_apply(uimkey_card *card, const uk_journal_hdr *jh);

#endif
