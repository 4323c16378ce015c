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

typedef struct {
	const uimkey_memory_class **mem;
	uint32_t epoch;                  /* the store's reset epoch */
	uint32_t serial;
} uk_v1_store;

/*
 * Open old: a format-1 header, the meta record whole, and no committed
 * transaction left in the journal (the earlier uimkey-card finishes it
 * at its next start; this reader does not replay).  UK_OK, or
 * UK_ERR_ARG (not format 1), UK_ERR_CORRUPT (damaged), UK_ERR_FULL (a
 * transaction to finish first), UK_ERR_IO.
 */
int uk_v1_open(uk_v1_store *s, const uimkey_memory_class **old);

/*
 * Record id, its CRC-32 checked, into buf (UK_V1_REC_MAX bytes): UK_OK
 * and *len (0: absent, or emptied by a factory reset), UK_ERR_CORRUPT
 * (buf wiped) or UK_ERR_IO.
 */
int uk_v1_read(const uk_v1_store *s, unsigned id, uint8_t *buf,
    size_t *len);

#endif
