/* SPDX-License-Identifier: BSD-2-Clause */
/* The card's memory in RAM with faults (ram_memory.h). */
#include <string.h>

#include "tests/support/ram_memory.h"

static struct ram_memory *
of(const uimkey_memory_class **ctx)
{
	return (struct ram_memory *)(void *)ctx;
}

static int
in_range(size_t off, size_t len)
{
	return off <= UIMKEY_MEMORY_SIZE && len <= UIMKEY_MEMORY_SIZE - off;
}

static int
rm_read(const uimkey_memory_class **ctx, size_t off, void *buf, size_t len)
{
	struct ram_memory *m = of(ctx);

	if (m->fail_read || !in_range(off, len))
		return -1;
	memcpy(buf, m->mem + off, len);
	return 0;
}

size_t
ram_memory_landed(int tear, size_t len)
{
	switch (tear) {
	case RAM_TEAR_ONE:
		return len > 1 ? 1 : 0;
	case RAM_TEAR_HALF:
		return len / 2;
	case RAM_TEAR_ALL_BUT_ONE:
		return len > 0 ? len - 1 : 0;
	case RAM_TEAR_WHOLE:
		return len;
	default:
		return 0;
	}
}

void
ram_memory_dirty(struct ram_memory *m, size_t off, size_t len)
{
	if (off < m->lo)
		m->lo = off;
	if (off + len > m->hi)
		m->hi = off + len;
}

static int
rm_write(const uimkey_memory_class **ctx, size_t off, const void *buf,
    size_t len)
{
	struct ram_memory *m = of(ctx);

	if (m->cut || m->fail_write || !in_range(off, len))
		return -1;
	ram_memory_dirty(m, off, len);
	m->writes++;
	if (m->cut_at != 0 && m->writes == m->cut_at) {
		if (m->model == RAM_SYNCED)
			memcpy(m->mem, m->durable, sizeof(m->mem));
		memcpy(m->mem + off, buf, ram_memory_landed(m->tear, len));
		m->cut = 1;
		return -1;
	}
	memcpy(m->mem + off, buf, len);
	return 0;
}

static int
rm_sync(const uimkey_memory_class **ctx)
{
	struct ram_memory *m = of(ctx);

	if (m->cut)
		return -1;
	m->sync_calls++;
	if (m->fail_sync || (m->fail_sync_at != 0 &&
	    m->sync_calls == m->fail_sync_at)) {
		if (m->keep_durable)
			memcpy(m->mem, m->durable, sizeof(m->mem));
		return -1;
	}
	if (m->keep_durable)
		memcpy(m->durable, m->mem, sizeof(m->mem));
	m->syncs++;
	if (m->on_sync != NULL)
		m->on_sync(m, m->sync_calls);
	return 0;
}

const uimkey_memory_class ram_memory_vtable = { rm_read, rm_write, rm_sync };

static void
reset(struct ram_memory *m, int keep_durable)
{
	m->vtable = &ram_memory_vtable;
	m->keep_durable = keep_durable;
	m->writes = 0;
	m->syncs = 0;
	m->sync_calls = 0;
	m->fail_read = 0;
	m->fail_write = 0;
	m->fail_sync = 0;
	m->fail_sync_at = 0;
	m->on_sync = NULL;
	ram_memory_disarm(m);
	ram_memory_clean(m);
}

void
ram_memory_blank(struct ram_memory *m, int keep_durable)
{
	reset(m, keep_durable);
	memset(m->mem, UIMKEY_MEMORY_ERASED, sizeof(m->mem));
	if (keep_durable)
		memset(m->durable, UIMKEY_MEMORY_ERASED, sizeof(m->durable));
}

void
ram_memory_load(struct ram_memory *m, const uint8_t *image, int keep_durable)
{
	reset(m, keep_durable);
	memcpy(m->mem, image, sizeof(m->mem));
	if (keep_durable)
		memcpy(m->durable, image, sizeof(m->durable));
}

void
ram_memory_clean(struct ram_memory *m)
{
	m->lo = UIMKEY_MEMORY_SIZE;
	m->hi = 0;
}

void
ram_memory_disarm(struct ram_memory *m)
{
	m->cut_at = 0;
	m->cut = 0;
	m->model = RAM_PREFIX;
	m->tear = RAM_TEAR_NONE;
}

void
ram_memory_arm_cut(struct ram_memory *m, unsigned long n, int tear,
    int model)
{
	m->cut_at = n == 0 ? 0 : m->writes + n;
	m->tear = tear;
	m->model = model;
	m->cut = 0;
	if (model == RAM_SYNCED) {
		m->keep_durable = 1;
		memcpy(m->durable, m->mem, sizeof(m->mem));
	}
}

void
ram_memory_reboot(struct ram_memory *m)
{
	if (m->model == RAM_SYNCED && !m->cut)
		memcpy(m->mem, m->durable, sizeof(m->mem));
	if (m->keep_durable)
		memcpy(m->durable, m->mem, sizeof(m->mem));
	ram_memory_disarm(m);
}
