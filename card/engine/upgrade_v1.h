/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A reader of store format 1 (uimkey before the store was encrypted),
 * for the upgrade only (card_upgrade.c).  It reads through the old
 * memory's read method and never writes.
 */
#ifndef UK_CARD_UPGRADE_V1_H
#define UK_CARD_UPGRADE_V1_H

#include <stddef.h>
#include <stdint.h>

#include "card/memory.h"

/* The largest record of format 1 (a data object). */
#define UK_V1_REC_MAX  3072

/* The journal header's fields (upgrade_v1_layout.h has the bytes). */
typedef struct {
	uint32_t epoch;         /* records it names take it */
	uint32_t flags;         /* a factory reset */
	uint32_t count;         /* entries */
	uint32_t bytes;         /* entry bytes */
	uint32_t crc;           /* CRC-32 of those bytes */
	int live;               /* committed, not yet copied home */
} uk_v1_journal;

typedef struct {
	const uimkey_memory_class **mem;
	uint32_t epoch;                  /* the store's reset epoch */
	uint32_t serial;
	uk_v1_journal j;
} uk_v1_store;

/*
 * Open old: a format-1 header, the journal, and the meta record whole.
 * A transaction committed but not yet copied home (the earlier
 * uimkey-card was stopped after its commit point) is read as that card
 * finishes it at its next start, without writing: every record is
 * served as the replay leaves it (upgrade_v1_journal.c).  UK_OK, or
 * UK_ERR_ARG (not format 1), UK_ERR_CORRUPT (damaged), UK_ERR_IO.
 */
int uk_v1_open(uk_v1_store *s, const uimkey_memory_class **old);

/*
 * Record id, its CRC-32 checked, into buf (UK_V1_REC_MAX bytes), as it
 * is once a committed journal is replayed: UK_OK and *len (0: absent,
 * or emptied by a factory reset), UK_ERR_CORRUPT (buf wiped) or
 * UK_ERR_IO.
 */
int uk_v1_read(const uk_v1_store *s, unsigned id, uint8_t *buf,
    size_t *len);

#endif
