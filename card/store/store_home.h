/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Records at home: each at a fixed place, a 16-byte header (id, epoch,
 * length, check value) and then room for its capacity.  The id covers
 * the meta record (UK_META_ID) too.
 */
#ifndef UK_CARD_STORE_HOME_H
#define UK_CARD_STORE_HOME_H

#include <stddef.h>
#include <stdint.h>

#include "card/card.h"

typedef struct {
	uint32_t id;
	uint32_t epoch;
	uint32_t len;
	uint32_t crc;
} uk_home_hdr;

/* Capacity and header offset of record id (records and meta). */
size_t uk_home_cap(unsigned id);
size_t uk_home_off(unsigned id);

/* Check value of a record: CRC-32 of id, epoch, len, then content. */
uint32_t uk_home_crc0(unsigned id, uint32_t epoch, uint32_t len);
int uk_home_crc(uimkey_card *card, unsigned id, uint32_t epoch,
    uint32_t len, uint32_t *crc);

/* Read the header of id: UK_ERR_CORRUPT when it names another
 * record or a length over the capacity. */
int uk_home_load(uimkey_card *card, unsigned id, uk_home_hdr *h);

/* Load and check the whole record against its check value. */
int uk_home_check(uimkey_card *card, unsigned id, uk_home_hdr *h);

/* Write the header of id. */
int uk_home_set(uimkey_card *card, unsigned id, uint32_t epoch,
    uint32_t len, uint32_t crc);

/* Make id an empty record of epoch with its room erased. */
int uk_home_erase(uimkey_card *card, unsigned id, uint32_t epoch);

/* Write id from RAM (len <= its capacity): content, erased tail, header. */
int uk_home_put(uimkey_card *card, unsigned id, uint32_t epoch,
    const uint8_t *data, size_t len);

/* The store's epoch from the meta record. */
int uk_home_epoch(uimkey_card *card, uint32_t *epoch);

#endif
