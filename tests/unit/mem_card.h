/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A card core in process for unit tests: RAM store that can be told to
 * fail, a deterministic random source, and deterministic content.
 */
#ifndef UIMKEY_TEST_MEM_CARD_H
#define UIMKEY_TEST_MEM_CARD_H

#include <stdint.h>
#include <string.h>

#include "card/card.h"

struct mem_store {
	const uimkey_memory_class *vtable;
	uint8_t mem[UIMKEY_MEMORY_SIZE];
	uint8_t durable[UIMKEY_MEMORY_SIZE];
	int fail_read, fail_write, fail_sync;
	unsigned syncs;
};

struct counter_rng {
	const uimkey_rng_class *vtable;
	uint8_t next;
	int fail;
};

static int
mem_read(const uimkey_memory_class **ctx, size_t off, void *buf, size_t len)
{
	struct mem_store *s = (struct mem_store *)(void *)ctx;

	if (s->fail_read || off > sizeof(s->mem) || len > sizeof(s->mem) - off)
		return -1;
	memcpy(buf, s->mem + off, len);
	return 0;
}

static int
mem_write(const uimkey_memory_class **ctx, size_t off, const void *buf,
    size_t len)
{
	struct mem_store *s = (struct mem_store *)(void *)ctx;

	if (s->fail_write || off > sizeof(s->mem) || len > sizeof(s->mem) - off)
		return -1;
	memcpy(s->mem + off, buf, len);
	return 0;
}

static int
mem_sync(const uimkey_memory_class **ctx)
{
	struct mem_store *s = (struct mem_store *)(void *)ctx;

	if (s->fail_sync) {
		memcpy(s->mem, s->durable, sizeof(s->mem));
		return -1;
	}
	memcpy(s->durable, s->mem, sizeof(s->mem));
	s->syncs++;
	return 0;
}

static const uimkey_memory_class mem_store_vtable = {
	mem_read, mem_write, mem_sync
};

static int
counter_fill(const uimkey_rng_class **ctx, void *buf, size_t len)
{
	struct counter_rng *r = (struct counter_rng *)(void *)ctx;
	uint8_t *b = buf;

	if (r->fail)
		return -1;
	while (len--)
		*b++ = r->next++;
	return 0;
}

static const uimkey_rng_class counter_rng_vtable = { counter_fill };

static void
mem_store_blank(struct mem_store *s)
{
	memset(s, 0, sizeof(*s));
	s->vtable = &mem_store_vtable;
	memset(s->mem, UIMKEY_MEMORY_ERASED, sizeof(s->mem));
	memset(s->durable, UIMKEY_MEMORY_ERASED, sizeof(s->durable));
}

static void
counter_rng_init(struct counter_rng *r, uint8_t first)
{
	memset(r, 0, sizeof(*r));
	r->vtable = &counter_rng_vtable;
	r->next = first;
}

/* len bytes of xorshift32 from the seed x: content a test can tell apart
 * and make again. */
static inline void
xorshift_fill(uint8_t *p, size_t len, uint32_t x)
{
	size_t i;

	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (uint8_t)x;
	}
}

#endif
