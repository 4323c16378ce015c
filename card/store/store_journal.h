/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The write-ahead journal of the record store.
 *
 * A transaction appends its entries to the journal data (no sync), each
 * a record image sealed with the version the commit will have.  The
 * commit appends the new manifest as the last entry and syncs, writes
 * the journal header (the commit point, its tag over itself and every
 * entry byte) and syncs, raises the device counter, copies every entry
 * home and syncs, then erases the header and syncs.  Replaying a
 * committed journal is idempotent, so a power cut at any instant after
 * the commit point is finished at the next start.
 */
#ifndef UK_CARD_STORE_JRNL_H
#define UK_CARD_STORE_JRNL_H

#include <stddef.h>
#include <stdint.h>

#include "card/card.h"
#include "store_crypt.h"
#include "store_layout.h"

/* The journal header's fields (store_layout.h has the bytes). */
typedef struct {
	uint64_t seq;           /* the commit's sequence number */
	uint32_t count;         /* entries */
	uint32_t bytes;         /* entry bytes in the journal data */
	uint8_t nonce[UK_NONCE_LEN];
	uint8_t tag[UK_TAG_LEN];
} uk_journal_hdr;

/* What the journal header holds (>= 0), or a UK_ERR_ code. */
#define UK_JRNL_CLEAN       0       /* erased: no transaction */
#define UK_JRNL_COMMITTED   1       /* to be replayed */
#define UK_JRNL_TORN        2       /* a commit or clear cut short */

#define UK_JENT_TAG(kind, id) ((uint32_t)(kind) << 24 | (uint32_t)(id))

/* Append record id's new content (len bytes of data, encrypted) as an
 * entry, leaving room for the manifest. */
int uk_journal_put(uimkey_card *card, unsigned id, const void *data,
    size_t len);

/* The header of the put of id whose body (its image im) stands at off
 * plus the header's length: written at off, and the entry counted. */
int uk_journal_put_head(uimkey_card *card, size_t off, unsigned id,
    const uk_image *im);

/* Append the manifest the commit makes (store_manifest.c). */
int uk_journal_put_manifest(uimkey_card *card);

/* Commit the open transaction (entries appended, card->txn filled). */
int uk_journal_commit(uimkey_card *card);

/* What the journal header holds; *jh filled for a committed one (its
 * tag checked: UK_ERR_CORRUPT when it fails). */
int uk_journal_state(uimkey_card *card, uk_journal_hdr *jh);

/* Replay a committed journal, drop a torn one (at start). */
int uk_journal_finish(uimkey_card *card);

/* Finish a commit whose copying home failed earlier; UK_ERR_IO
 * while the store stays unusable. */
int uk_journal_settle(uimkey_card *card);

/* Check the entries of the committed journal jh, copy them home and sync
 * (store_journal_apply.c); the header stays. */
int uk_journal_apply(uimkey_card *card, const uk_journal_hdr *jh);

#endif
