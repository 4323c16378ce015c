/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey_card_upgrade (card/engine/card_upgrade.c, upgrade_v1*.c) on a
 * format-1 store the input shapes.  The base: a format-1 card header,
 * the meta record (epoch 2), every record empty, the credentials of a
 * factory card.  Input: a flags byte, then bytes laid over the store
 * from the meta record on (meta record, journal header, journal data,
 * the first records).  Flags bit 0: the journal header's two CRC-32s
 * computed again after that, so that committed journals reach their
 * entries; bit 1: the meta record's too.
 *
 * Invariants: no crash or undefined behaviour; the old store is never
 * written; an upgrade that succeeds leaves a store that starts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "card/card.h"
#include "card/piv_rules.h"
#include "card/engine/upgrade_v1_layout.h"
#include "codec/bytes.h"
#include "tests/support/ram_memory.h"
#include "tests/support/test_device.h"
#include "tests/support/test_rng.h"

#define CRED_LEN   57
#define F_JCRC     0x01
#define F_MCRC     0x02

static struct ram_memory old, store;
static uimkey_card card;
static struct test_rng rng;
static uint8_t base[UIMKEY_MEMORY_SIZE];

/* Record header and content at p, its CRC-32 over both. */
static void
put(uint8_t *p, unsigned id, const uint8_t *data, size_t len)
{
	uk_put_be32(p, id);
	uk_put_be32(p + V1_HDR_EPOCH, 2);
	uk_put_be32(p + V1_HDR_LEN_AT, (uint32_t)len);
	if (len > 0)
		memcpy(p + V1_HDR_LEN, data, len);
	uk_put_be32(p + V1_HDR_CRC, uk_v1_crc32(uk_v1_crc32(0, p,
	    V1_HDR_CRC), p + V1_HDR_LEN, len));
}

static void
make_base(void)
{
	static const uint8_t meta[4] = { 0, 0, 0, 2 };
	uint8_t cred[CRED_LEN];
	unsigned id;

	memset(base, 0xFF, sizeof(base));
	memcpy(base, "UIMK\001\001\002\003\004", 9);
	put(base + V1_META_OFF, UK_REC_COUNT, meta, sizeof(meta));
	for (id = 0; id < UK_REC_COUNT; id++)
		put(base + uk_v1_off(id), id, NULL, 0);
	memset(cred, 0xFF, sizeof(cred));
	cred[0] = 1;
	memcpy(cred + 1, "123456", 6);
	cred[9] = 3;
	cred[10] = 3;
	memcpy(cred + 11, "12345678", 8);
	cred[19] = 3;
	cred[20] = 3;
	cred[21] = UIMKEY_ALG_3DES;
	for (id = 0; id < 24; id++)
		cred[22 + id] = (uint8_t)(id % 8 + 1);
	memset(cred + 46, 0, 8);
	cred[54] = 0x04;
	cred[55] = 6;
	cred[56] = 0x02;
	put(base + uk_v1_off(UK_REC_CRED), UK_REC_CRED, cred, sizeof(cred));
}

static void
fix_crcs(uint8_t *m, unsigned flags)
{
	uint8_t *h = m + V1_JHDR_OFF, *meta = m + V1_META_OFF;
	uint32_t n = uk_get_be32(h + 16), len;

	if (flags & F_JCRC) {
		uk_put_be32(h + 20, uk_v1_crc32(0, m + V1_JDATA_OFF,
		    n < V1_JDATA_LEN ? n : V1_JDATA_LEN));
		uk_put_be32(h + 24, uk_v1_crc32(0, h, 24));
	}
	len = uk_get_be32(meta + V1_HDR_LEN_AT);
	if ((flags & F_MCRC) && len <= V1_META_LEN)
		uk_put_be32(meta + V1_HDR_CRC, uk_v1_crc32(uk_v1_crc32(0, meta,
		    V1_HDR_CRC), meta + V1_HDR_LEN, len));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n, room = sizeof(base) - V1_META_OFF;
	int r;

	if (base[0] != 'U')
		make_base();
	if (size < 1)
		return 0;
	ram_memory_load(&old, base, 0);
	n = size - 1 < room ? size - 1 : room;
	memcpy(old.mem + V1_META_OFF, data + 1, n);
	fix_crcs(old.mem, data[0]);
	old.writes = 0;
	ram_memory_blank(&store, 0);
	test_rng_init(&rng, 3);
	r = uimkey_card_upgrade(&card, &old.vtable, &store.vtable,
	    &rng.vtable, test_device_default());
	if (old.writes != 0)
		abort();
	if (r == UIMKEY_CARD_OK) {
		test_rng_init(&rng, 4);
		if (uimkey_card_init(&card, &store.vtable, &rng.vtable,
		    test_device_default()) != UIMKEY_CARD_OK)
			abort();
	}
	return 0;
}
