/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The journal of a store of format 1 (upgrade_v1_layout.h), judged and
 * replayed as the earlier card did at its start (its
 * card/store/store_journal.c and store_journal_apply.c), but in what is
 * read rather than in the file: the upgrade never writes the old store.
 *
 * Only a header with its magic and its mark is a commit: a commit torn
 * by a power cut lacks the mark (written last), a torn erasure the magic
 * (erased first); such a header is dropped.  Magic and mark around a bad
 * header, entry bytes failing their CRC-32, or an entry no card wrote is
 * no power cut's work but damage: the earlier card refused to start.
 *
 * The replay: each entry in order, a put's content home and a stamp's
 * kept record, both with the journal's epoch; a reset (the WIPE flag)
 * also writes that epoch into the meta record and empties every record
 * no entry names.  So a record's last entry decides it.
 */
#include <string.h>

#include "upgrade_v1_layout.h"
#include "codec/bytes.h"

/* Offsets in the journal header. */
#define JH_EPOCH  4
#define JH_FLAGS  8
#define JH_COUNT  12
#define JH_BYTES  16
#define JH_DCRC   20
#define JH_HCRC   24
#define JH_MARK   28

/* Bytes of journal data read at a time for its CRC-32. */
#define V1_CHUNK  256

/* No record is named by this id: a walk that only checks. */
#define NO_ID     UK_REC_COUNT

typedef struct {
	uint32_t kind;          /* 0: none */
	unsigned id;
	uint32_t len;
	uint32_t crc;
	size_t pos;             /* of its header in the journal data */
} v1_entry;

static int
sane(const uk_v1_journal *j)
{
	return (j->flags & ~V1_JHDR_WIPE) == 0 && j->epoch != 0 &&
	    j->bytes <= V1_JDATA_LEN && j->count <= j->bytes / V1_JENT_LEN;
}

/* Bytes of content after the entry's header. */
static size_t
body(const v1_entry *e)
{
	return e->kind == V1_JENT_PUT ? e->len : 0;
}

static int
entry_at(const uk_v1_store *s, size_t pos, v1_entry *e)
{
	uint8_t h[V1_JENT_LEN];
	uint32_t tag;
	int r;

	if (s->j.bytes - pos < sizeof(h))
		return UK_ERR_CORRUPT;
	if ((r = uk_v1_get(s->mem, V1_JDATA_OFF + pos, h, sizeof(h))) !=
	    UK_OK)
		return r;
	tag = uk_get_be32(h);
	e->kind = tag >> 24;
	e->id = tag & 0xFFFFFFu;
	e->len = uk_get_be32(h + 4);
	e->crc = uk_get_be32(h + 8);
	e->pos = pos;
	if ((e->kind != V1_JENT_PUT && e->kind != V1_JENT_STAMP) ||
	    e->id >= UK_REC_COUNT || e->len > uk_v1_cap(e->id) ||
	    s->j.bytes - pos - sizeof(h) < body(e))
		return UK_ERR_CORRUPT;
	return UK_OK;
}

/*
 * Every entry checked, to the end of the entry bytes.  Of those naming
 * id: the last (*last), and the last put before it (*put), whose content
 * a stamp after it keeps.  kind 0: none.
 */
static int
walk(const uk_v1_store *s, unsigned id, v1_entry *last, v1_entry *put)
{
	v1_entry e, seen_put;
	size_t pos = 0;
	uint32_t i;
	int r;

	memset(last, 0, sizeof(*last));
	memset(put, 0, sizeof(*put));
	memset(&seen_put, 0, sizeof(seen_put));
	for (i = 0; i < s->j.count; i++) {
		if ((r = entry_at(s, pos, &e)) != UK_OK)
			return r;
		if (e.id == id) {
			*put = seen_put;
			*last = e;
			if (e.kind == V1_JENT_PUT)
				seen_put = e;
		}
		pos += V1_JENT_LEN + body(&e);
	}
	return pos == s->j.bytes ? UK_OK : UK_ERR_CORRUPT;
}

static int
data_crc(const uk_v1_store *s, uint32_t *crc)
{
	uint8_t buf[V1_CHUNK];
	size_t off, n;
	int r = UK_OK;

	*crc = 0;
	for (off = 0; off < s->j.bytes && r == UK_OK; off += n) {
		n = s->j.bytes - off < sizeof(buf) ? s->j.bytes - off :
		    sizeof(buf);
		if ((r = uk_v1_get(s->mem, V1_JDATA_OFF + off, buf, n)) ==
		    UK_OK)
			*crc = uk_v1_crc32(*crc, buf, n);
	}
	/* The entries hold PINs and keys. */
	uk_wipe(buf, sizeof(buf));
	return r;
}

int
uk_v1_journal_open(uk_v1_store *s)
{
	uint8_t p[V1_JHDR_LEN];
	v1_entry last, put;
	uint32_t crc = 0;
	int r;

	memset(&s->j, 0, sizeof(s->j));
	if ((r = uk_v1_get(s->mem, V1_JHDR_OFF, p, sizeof(p))) != UK_OK)
		return r;
	if (uk_get_be32(p) != V1_JHDR_MAGIC ||
	    uk_get_be32(p + JH_MARK) != V1_JHDR_MARK)
		return UK_OK;
	s->j.epoch = uk_get_be32(p + JH_EPOCH);
	s->j.flags = uk_get_be32(p + JH_FLAGS);
	s->j.count = uk_get_be32(p + JH_COUNT);
	s->j.bytes = uk_get_be32(p + JH_BYTES);
	s->j.crc = uk_get_be32(p + JH_DCRC);
	if (uk_v1_crc32(0, p, JH_HCRC) != uk_get_be32(p + JH_HCRC) ||
	    !sane(&s->j))
		return UK_ERR_CORRUPT;
	if ((r = data_crc(s, &crc)) != UK_OK)
		return r;
	if (crc != s->j.crc)
		return UK_ERR_CORRUPT;
	if ((r = walk(s, NO_ID, &last, &put)) != UK_OK)
		return r;
	s->j.live = 1;
	return UK_OK;
}

/*
 * A stamped record: the content its room holds when the stamp comes (an
 * earlier put's, erased after it, or the home copy's), which must match
 * the check value the stamp gives it, as the earlier card checked every
 * record once the replay was done.
 */
static int
stamped(const uk_v1_store *s, const v1_entry *st, const v1_entry *put,
    uint8_t *buf)
{
	uint8_t h[V1_HDR_LEN];
	size_t n = put->len < st->len ? put->len : st->len;
	int r;

	if (put->kind == V1_JENT_PUT) {
		r = uk_v1_get(s->mem, V1_JDATA_OFF + put->pos + V1_JENT_LEN,
		    buf, n);
		memset(buf + n, UIMKEY_MEMORY_ERASED, st->len - n);
	} else {
		r = uk_v1_get(s->mem, uk_v1_off(st->id) + V1_HDR_LEN, buf,
		    st->len);
	}
	if (r != UK_OK)
		return r;
	uk_put_be32(h, st->id);
	uk_put_be32(h + V1_HDR_EPOCH, s->j.epoch);
	uk_put_be32(h + V1_HDR_LEN_AT, st->len);
	if (uk_v1_crc32(uk_v1_crc32(0, h, V1_HDR_CRC), buf, st->len) !=
	    st->crc) {
		uk_wipe(buf, st->len);
		return UK_ERR_CORRUPT;
	}
	return UK_OK;
}

int
uk_v1_journal_read(const uk_v1_store *s, unsigned id, uint8_t *buf,
    size_t *len, uint32_t *epoch, int *hit)
{
	v1_entry last, put;
	int r;

	*hit = 0;
	*len = 0;
	if (!s->j.live)
		return UK_OK;
	if ((r = walk(s, id, &last, &put)) != UK_OK)
		return r;
	if (last.kind == 0 && !(s->j.flags & V1_JHDR_WIPE))
		return UK_OK;
	/* Named, or emptied by the reset: the journal decides. */
	*hit = 1;
	*epoch = s->j.epoch;
	if (last.kind == V1_JENT_PUT)
		r = uk_v1_get(s->mem, V1_JDATA_OFF + last.pos + V1_JENT_LEN,
		    buf, last.len);
	else if (last.kind == V1_JENT_STAMP)
		r = stamped(s, &last, &put, buf);
	if (r == UK_OK && last.kind != 0)
		*len = last.len;
	return r;
}
