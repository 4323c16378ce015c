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
#include "uk/store.h"
#include "tests/support/ram_memory.h"
#include "tests/support/test_device.h"
#include "tests/support/test_rng.h"

#define META_OFF   64
#define JHDR_OFF   96
#define JDATA_OFF  128
#define JDATA_LEN  (6656 + (16 + UK_REC_COUNT) * 12)
#define RECS_OFF   (JDATA_OFF + JDATA_LEN)
#define KEYS_OFF   (RECS_OFF + 2 * 16 + 128 + 128)
#define OBJS_OFF   (KEYS_OFF + UIMKEY_SLOT_COUNT * (16 + 2560))
#define CRED_LEN   57
#define F_JCRC     0x01
#define F_MCRC     0x02

static struct ram_memory old, store;
static uimkey_card card;
static struct test_rng rng;
static uint8_t base[UIMKEY_MEMORY_SIZE];

static uint32_t
crc32(uint32_t crc, const uint8_t *p, size_t len)
{
	int k;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}

static void
be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Record header and content at p, its CRC-32 over both. */
static void
put(uint8_t *p, unsigned id, const uint8_t *data, size_t len)
{
	be32(p, id);
	be32(p + 4, 2);
	be32(p + 8, (uint32_t)len);
	if (len > 0)
		memcpy(p + 16, data, len);
	be32(p + 12, crc32(crc32(0, p, 12), p + 16, len));
}

static size_t
rec_off(unsigned id)
{
	if (id >= UK_REC_OBJ0)
		return OBJS_OFF + (id - UK_REC_OBJ0) * (size_t)(16 + 3072);
	if (id >= UK_REC_KEY0)
		return KEYS_OFF + (id - UK_REC_KEY0) * (size_t)(16 + 2560);
	return id == UK_REC_ISSUER ? RECS_OFF + 16 + 128 : RECS_OFF;
}

static void
make_base(void)
{
	static const uint8_t meta[4] = { 0, 0, 0, 2 };
	uint8_t cred[CRED_LEN];
	unsigned id;

	memset(base, 0xFF, sizeof(base));
	memcpy(base, "UIMK\001\001\002\003\004", 9);
	put(base + META_OFF, UK_REC_COUNT, meta, sizeof(meta));
	for (id = 0; id < UK_REC_COUNT; id++)
		put(base + rec_off(id), id, NULL, 0);
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
	put(base + rec_off(UK_REC_CRED), UK_REC_CRED, cred, sizeof(cred));
}

static void
fix_crcs(uint8_t *m, unsigned flags)
{
	uint8_t *h = m + JHDR_OFF;
	uint32_t n = get32(h + 16);

	if (flags & F_JCRC) {
		be32(h + 20, crc32(0, m + JDATA_OFF, n < JDATA_LEN ? n :
		    JDATA_LEN));
		be32(h + 24, crc32(0, h, 24));
	}
	if ((flags & F_MCRC) && get32(m + META_OFF + 8) <= 4)
		be32(m + META_OFF + 12, crc32(crc32(0, m + META_OFF, 12),
		    m + META_OFF + 16, get32(m + META_OFF + 8)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n, room = sizeof(base) - META_OFF;
	int r;

	if (base[0] != 'U')
		make_base();
	if (size < 1)
		return 0;
	ram_memory_load(&old, base, 0);
	n = size - 1 < room ? size - 1 : room;
	memcpy(old.mem + META_OFF, data + 1, n);
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
