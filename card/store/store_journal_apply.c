/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Replaying a committed journal: every entry goes home, stamped with the
 * journal's epoch; a reset also writes the new epoch into the meta record
 * and erases every record no entry names.  Each step only depends on the
 * journal, so replaying again after a power cut gives the same store.
 * The caller erases the journal header once all of it is durable.
 */
#include "uk/store.h"
#include "store_home.h"
#include "store_io.h"
#include "store_journal.h"
#include "store_layout.h"
#include "codec/bytes.h"

/* A record-id bitmap: which records the journal names. */
#define SEEN_LEN ((UK_REC_COUNT + 7) / 8)

typedef struct {
	uint32_t kind;
	unsigned id;
	uint32_t len;
	uint32_t crc;
	size_t body;            /* bytes of content after the header */
} entry;

static int
entry_at(uimkey_card *card, const uk_journal_hdr *jh, size_t pos, entry *e)
{
	uint8_t h[UK_JENT_HDR_LEN];
	uint32_t tag;
	int r;

	if (jh->bytes - pos < sizeof(h))
		return UK_ERR_CORRUPT;
	if ((r = uk_io_get(card, UK_JDATA_OFF + pos, h, sizeof(h))) !=
	    UK_OK)
		return r;
	tag = uk_get_be32(h);
	e->kind = tag >> 24;
	e->id = tag & 0xFFFFFFu;
	e->len = uk_get_be32(h + 4);
	e->crc = uk_get_be32(h + 8);
	e->body = e->kind == UK_JENT_PUT ? e->len : 0;
	if ((e->kind != UK_JENT_PUT && e->kind != UK_JENT_STAMP) ||
	    uk_rec_cap(e->id) == 0 || e->len > uk_rec_cap(e->id) ||
	    jh->bytes - pos - sizeof(h) < e->body)
		return UK_ERR_CORRUPT;
	return UK_OK;
}

static int
apply(uimkey_card *card, uint32_t epoch, size_t pos, const entry *e)
{
	size_t home = uk_home_off(e->id) + UK_HOME_HDR_LEN;
	uint32_t crc;
	int r;

	if (e->kind == UK_JENT_STAMP)
		return uk_home_set(card, e->id, epoch, e->len, e->crc);
	crc = uk_home_crc0(e->id, epoch, e->len);
	/* Header last: until it is written the record fails its check,
	 * and only a replay, which writes it all again, may see that. */
	if ((r = uk_io_copy(card, home, UK_JDATA_OFF + pos +
	    UK_JENT_HDR_LEN, e->len, &crc)) != UK_OK ||
	    (r = uk_io_erase(card, home + e->len,
	    uk_rec_cap(e->id) - e->len)) != UK_OK)
		return r;
	return uk_home_set(card, e->id, epoch, e->len, crc);
}

/* Walk the entries, checking each; copy them home when go is set. */
static int
walk(uimkey_card *card, const uk_journal_hdr *jh, int go, uint8_t *seen)
{
	size_t pos = 0;
	uint32_t i;
	entry e;
	int r = UK_OK;

	for (i = 0; i < jh->count && r == UK_OK; i++) {
		if ((r = entry_at(card, jh, pos, &e)) != UK_OK)
			break;
		seen[e.id / 8] = (uint8_t)(seen[e.id / 8] | 1u << (e.id % 8));
		if (go)
			r = apply(card, jh->epoch, pos, &e);
		pos += UK_JENT_HDR_LEN + e.body;
	}
	if (r == UK_OK && pos != jh->bytes)
		r = UK_ERR_CORRUPT;
	return r;
}

/* The reset: the new epoch, and every record not kept or put erased. */
static int
wipe_rest(uimkey_card *card, uint32_t epoch, const uint8_t *seen)
{
	uint8_t v[UK_META_LEN];
	unsigned id;
	int r;

	uk_put_be32(v, epoch);
	if ((r = uk_home_put(card, UK_META_ID, epoch, v, sizeof(v))) !=
	    UK_OK)
		return r;
	for (id = 0; id < UK_REC_COUNT; id++)
		if (!(seen[id / 8] & 1u << (id % 8)) &&
		    (r = uk_home_erase(card, id, epoch)) != UK_OK)
			return r;
	return UK_OK;
}

int
uk_journal_apply(uimkey_card *card, const uk_journal_hdr *jh)
{
	uint8_t seen[SEEN_LEN] = { 0 };
	uint32_t crc = 0;
	int r;

	/* The entries were durable before the header: a bad one is damage. */
	if ((r = uk_io_crc(card, UK_JDATA_OFF, jh->bytes, &crc)) !=
	    UK_OK)
		return r;
	if (crc != jh->crc)
		return UK_ERR_CORRUPT;
	if ((r = walk(card, jh, 0, seen)) != UK_OK ||
	    (r = walk(card, jh, 1, seen)) != UK_OK)
		return r;
	if ((jh->flags & UK_JHDR_WIPE) &&
	    (r = wipe_rest(card, jh->epoch, seen)) != UK_OK)
		return r;
	return uk_io_flush(card);
}
