/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Store format 1, as the uimkey before encryption laid it out (its
 * card/store/store_layout.h), from UK_LAYOUT_RECORDS_OFF on:
 *
 *   meta record     32 bytes of room: header, then the epoch (4)
 *   journal header  32 bytes: magic "UJNL" (4), ..., mark "CMIT" (4)
 *   journal data    V1_JDATA_LEN bytes
 *   records         in id order, each at a fixed place: header, content
 *
 * A record header: id (4), epoch (4), length (4), CRC-32 (4) of those
 * 12 bytes followed by the content.  A record of an epoch below the
 * meta record's was emptied by a factory reset.  The card header: magic
 * (4), format 1 (1), serial (4).  All integers big endian.
 */
#include <string.h>

#include "upgrade_v1.h"
#include "uk/layout.h"
#include "uk/store.h"
#include "codec/bytes.h"

#define V1_FORMAT       1
#define V1_HDR_LEN      16
#define V1_HDR_EPOCH    4
#define V1_HDR_LEN_AT   8
#define V1_HDR_CRC      12
#define V1_META_OFF     UK_LAYOUT_RECORDS_OFF
#define V1_META_ROOM    32
#define V1_META_LEN     4
#define V1_JHDR_OFF     (V1_META_OFF + V1_META_ROOM)
#define V1_JHDR_LEN     32
#define V1_JH_MARK      28
#define V1_JHDR_MAGIC   0x554A4E4Cu
#define V1_JHDR_MARK    0x434D4954u
#define V1_JENT_LEN     12
#define V1_TXN_RECORDS  16
#define V1_TXN_MAX      (2560 + 3072 + 1024)
#define V1_JDATA_OFF    (V1_JHDR_OFF + V1_JHDR_LEN)
#define V1_JDATA_LEN    (V1_TXN_MAX + (V1_TXN_RECORDS + UK_REC_COUNT) * \
                             V1_JENT_LEN)
#define V1_CRED_MAX     128
#define V1_ISSUER_MAX   128
#define V1_KEY_MAX      2560
#define V1_OBJ_MAX      3072
#define V1_RECS_OFF     (V1_JDATA_OFF + V1_JDATA_LEN)
#define V1_KEYS_OFF     (V1_RECS_OFF + 2 * V1_HDR_LEN + V1_CRED_MAX + \
                             V1_ISSUER_MAX)
#define V1_KEY_ROOM     (V1_HDR_LEN + V1_KEY_MAX)
#define V1_OBJS_OFF     (V1_KEYS_OFF + UIMKEY_SLOT_COUNT * V1_KEY_ROOM)
#define V1_OBJ_ROOM     (V1_HDR_LEN + V1_OBJ_MAX)
#define V1_RECS_END     (V1_OBJS_OFF + UK_OBJ_COUNT * V1_OBJ_ROOM)

_Static_assert(V1_OBJ_MAX <= UK_V1_REC_MAX, "a format-1 record fits");
_Static_assert(V1_RECS_END <= UIMKEY_MEMORY_SIZE, "format 1 fits");

/* zlib's CRC-32, bit by bit: run once per record at an upgrade. */
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

static size_t
v1_cap(unsigned id)
{
	if (id == UK_REC_COUNT)
		return V1_META_LEN;
	if (id >= UK_REC_OBJ0)
		return V1_OBJ_MAX;
	if (id >= UK_REC_KEY0)
		return V1_KEY_MAX;
	return id == UK_REC_ISSUER ? V1_ISSUER_MAX : V1_CRED_MAX;
}

static size_t
v1_off(unsigned id)
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

static int
get(const uimkey_memory_class **mem, size_t off, void *buf, size_t len)
{
	return (*mem)->read(mem, off, buf, len) == 0 ? UK_OK : UK_ERR_IO;
}

/* Record id whole, whatever its epoch: *epoch and *len. */
static int
read_any(const uimkey_memory_class **mem, unsigned id, uint8_t *buf,
    uint32_t *epoch, size_t *len)
{
	uint8_t h[V1_HDR_LEN];
	size_t off = v1_off(id);
	uint32_t n;
	int r;

	*len = 0;
	if ((r = get(mem, off, h, sizeof(h))) != UK_OK)
		return r;
	n = uk_get_be32(h + V1_HDR_LEN_AT);
	if (uk_get_be32(h) != id || n > v1_cap(id))
		return UK_ERR_CORRUPT;
	if ((r = get(mem, off + V1_HDR_LEN, buf, n)) != UK_OK)
		return r;
	if (crc32(crc32(0, h, V1_HDR_CRC), buf, n) !=
	    uk_get_be32(h + V1_HDR_CRC)) {
		uk_wipe(buf, n);
		return UK_ERR_CORRUPT;
	}
	*epoch = uk_get_be32(h + V1_HDR_EPOCH);
	*len = n;
	return UK_OK;
}

int
uk_v1_open(uk_v1_store *s, const uimkey_memory_class **old)
{
	uint8_t h[V1_JHDR_LEN], meta[V1_META_LEN];
	uint32_t epoch = 0;
	size_t len;
	int r;

	memset(s, 0, sizeof(*s));
	s->mem = old;
	if ((r = get(old, UK_LAYOUT_HDR_OFF, h, UK_LAYOUT_HDR_LEN)) != UK_OK)
		return r;
	if (memcmp(h, UK_LAYOUT_MAGIC, UK_LAYOUT_MAGIC_LEN) != 0 ||
	    h[UK_LAYOUT_HDR_FORMAT] != V1_FORMAT)
		return UK_ERR_ARG;
	s->serial = uk_get_be32(h + UK_LAYOUT_HDR_SERIAL);
	if ((r = read_any(old, UK_REC_COUNT, meta, &epoch, &len)) != UK_OK)
		return r;
	s->epoch = uk_get_be32(meta);
	if (len != V1_META_LEN || epoch != s->epoch || s->epoch == 0)
		return UK_ERR_CORRUPT;
	/* A torn header (no mark) was never a commit: the old card drops
	 * it, and so do we. */
	if ((r = get(old, V1_JHDR_OFF, h, sizeof(h))) != UK_OK)
		return r;
	if (uk_get_be32(h) == V1_JHDR_MAGIC &&
	    uk_get_be32(h + V1_JH_MARK) == V1_JHDR_MARK)
		return UK_ERR_FULL;
	return UK_OK;
}

int
uk_v1_read(const uk_v1_store *s, unsigned id, uint8_t *buf, size_t *len)
{
	uint32_t epoch = 0;
	int r;

	if (id >= UK_REC_COUNT)
		return UK_ERR_ARG;
	if ((r = read_any(s->mem, id, buf, &epoch, len)) != UK_OK)
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
