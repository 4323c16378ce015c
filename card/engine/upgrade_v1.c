/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The records of a store of format 1 (upgrade_v1_layout.h draws it), as
 * the earlier card saw them once it started: a committed journal
 * replayed (upgrade_v1_journal.c), every record checked, one of an
 * older epoch empty.  Read through the old memory, never written.
 */
#include <string.h>

#include "upgrade_v1_layout.h"
#include "codec/bytes.h"

_Static_assert(V1_OBJ_MAX <= UK_V1_REC_MAX, "a format-1 record fits");
_Static_assert(V1_RECS_END <= UIMKEY_MEMORY_SIZE, "format 1 fits");

/* zlib's CRC-32, bit by bit: run once per record at an upgrade. */
uint32_t
uk_v1_crc32(uint32_t crc, const uint8_t *p, size_t len)
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

size_t
uk_v1_cap(unsigned id)
{
	if (id == UK_REC_COUNT)
		return V1_META_LEN;
	if (id >= UK_REC_OBJ0)
		return V1_OBJ_MAX;
	if (id >= UK_REC_KEY0)
		return V1_KEY_MAX;
	return id == UK_REC_ISSUER ? V1_ISSUER_MAX : V1_CRED_MAX;
}

size_t
uk_v1_off(unsigned id)
{
	if (id == UK_REC_COUNT)
		return V1_META_OFF;
	if (id >= UK_REC_OBJ0)
		return V1_OBJS_OFF + (id - UK_REC_OBJ0) * (size_t)V1_OBJ_ROOM;
	if (id >= UK_REC_KEY0)
		return V1_KEYS_OFF + (id - UK_REC_KEY0) * (size_t)V1_KEY_ROOM;
	if (id == UK_REC_ISSUER)
		return V1_RECS_OFF + V1_HDR_LEN + V1_CRED_MAX;
	return V1_RECS_OFF;
}

int
uk_v1_get(const uimkey_memory_class **mem, size_t off, void *buf,
    size_t len)
{
	return (*mem)->read(mem, off, buf, len) == 0 ? UK_OK : UK_ERR_IO;
}

/* Record id whole at home, whatever its epoch: *epoch and *len. */
static int
read_any(const uimkey_memory_class **mem, unsigned id, uint8_t *buf,
    uint32_t *epoch, size_t *len)
{
	uint8_t h[V1_HDR_LEN];
	size_t off = uk_v1_off(id);
	uint32_t n;
	int r;

	*len = 0;
	if ((r = uk_v1_get(mem, off, h, sizeof(h))) != UK_OK)
		return r;
	n = uk_get_be32(h + V1_HDR_LEN_AT);
	if (uk_get_be32(h) != id || n > uk_v1_cap(id))
		return UK_ERR_CORRUPT;
	if ((r = uk_v1_get(mem, off + V1_HDR_LEN, buf, n)) != UK_OK)
		return r;
	if (uk_v1_crc32(uk_v1_crc32(0, h, V1_HDR_CRC), buf, n) !=
	    uk_get_be32(h + V1_HDR_CRC)) {
		uk_wipe(buf, n);
		return UK_ERR_CORRUPT;
	}
	*epoch = uk_get_be32(h + V1_HDR_EPOCH);
	*len = n;
	return UK_OK;
}

/* The store's epoch: the meta record's, or a reset's being replayed
 * (which writes the meta record anew: its home copy counts for nothing). */
static int
read_epoch(uk_v1_store *s)
{
	uint8_t meta[V1_META_LEN];
	uint32_t epoch = 0;
	size_t len;
	int r;

	if (s->j.live && (s->j.flags & V1_JHDR_WIPE)) {
		s->epoch = s->j.epoch;
		return UK_OK;
	}
	if ((r = read_any(s->mem, UK_REC_COUNT, meta, &epoch, &len)) !=
	    UK_OK)
		return r;
	s->epoch = uk_get_be32(meta);
	if (len != V1_META_LEN || epoch != s->epoch || s->epoch == 0)
		return UK_ERR_CORRUPT;
	return UK_OK;
}

int
uk_v1_open(uk_v1_store *s, const uimkey_memory_class **old)
{
	uint8_t h[UK_LAYOUT_HDR_LEN];
	int r;

	memset(s, 0, sizeof(*s));
	s->mem = old;
	if ((r = uk_v1_get(old, UK_LAYOUT_HDR_OFF, h, sizeof(h))) != UK_OK)
		return r;
	if (memcmp(h, UK_LAYOUT_MAGIC, UK_LAYOUT_MAGIC_LEN) != 0 ||
	    h[UK_LAYOUT_HDR_FORMAT] != V1_FORMAT)
		return UK_ERR_ARG;
	s->serial = uk_get_be32(h + UK_LAYOUT_HDR_SERIAL);
	/* The earlier card finished the journal before reading its epoch. */
	if ((r = uk_v1_journal_open(s)) != UK_OK)
		return r;
	return read_epoch(s);
}

int
uk_v1_read(const uk_v1_store *s, unsigned id, uint8_t *buf, size_t *len)
{
	uint32_t epoch = 0;
	int hit = 0, r;

	if (id >= UK_REC_COUNT)
		return UK_ERR_ARG;
	if ((r = uk_v1_journal_read(s, id, buf, len, &epoch, &hit)) !=
	    UK_OK)
		return r;
	if (!hit && (r = read_any(s->mem, id, buf, &epoch, len)) != UK_OK)
		return r;
	if (epoch > s->epoch) {
		uk_wipe(buf, *len);
		*len = 0;
		return UK_ERR_CORRUPT;
	}
	if (epoch < s->epoch) {
		uk_wipe(buf, *len);
		*len = 0;
	}
	return UK_OK;
}
