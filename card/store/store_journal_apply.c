/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Replaying a committed journal: every entry's image goes home as it is
 * (it was sealed for its record and the commit's version when it was
 * put), content first, the old tail erased, the image header last.  The
 * manifest is the last entry.  Each step only depends on the journal,
 * so replaying again after a power cut gives the same store.  The caller
 * erases the journal header once all of it is durable.
 */
#include "codec/bytes.h"
#include "uk/store.h"
#include "store_crypt.h"
#include "store_home.h"
#include "store_io.h"
#include "store_journal.h"
#include "store_layout.h"

typedef struct {
	unsigned id;
	uk_image im;
} entry;

static int
entry_at(uimkey_card *card, const uk_journal_hdr *jh, size_t pos, entry *e)
{
	uint8_t h[UK_JENT_HDR_LEN + UK_HOME_HDR_LEN];
	uint32_t tag;
	int r;

	if (jh->bytes - pos < sizeof(h))
		return UK_ERR_CORRUPT;
	if ((r = uk_io_get(card, UK_JDATA_OFF + pos, h, sizeof(h))) != UK_OK)
		return r;
	tag = uk_get_be32(h);
	e->id = tag & 0xFFFFFFu;
	uk_image_decode(h + UK_JENT_HDR_LEN, &e->im);
	if (tag >> 24 != UK_JENT_PUT ||
	    (uk_rec_cap(e->id) == 0 && e->id != UK_META_ID) ||
	    e->im.len > uk_home_cap(e->id) || e->im.version != jh->seq ||
	    jh->bytes - pos - sizeof(h) < e->im.len)
		return UK_ERR_CORRUPT;
	return UK_OK;
}

static int
apply(uimkey_card *card, size_t pos, const entry *e)
{
	size_t home = uk_home_off(e->id) + UK_HOME_HDR_LEN;
	int r;

	/* Header last: until it is written the record fails its check,
	 * and only a replay, which writes it all again, may see that. */
	if ((r = uk_io_copy(card, home, UK_JDATA_OFF + pos +
	    UK_JENT_HDR_LEN + UK_HOME_HDR_LEN, e->im.len)) != UK_OK ||
	    (r = uk_io_erase(card, home + e->im.len,
	    uk_home_cap(e->id) - e->im.len)) != UK_OK)
		return r;
	return uk_home_set(card, e->id, &e->im);
}

/* Walk the entries, checking each (the manifest last, and only there);
 * copy them home when go is set. */
static int
walk(uimkey_card *card, const uk_journal_hdr *jh, int go)
{
	size_t pos = 0;
	uint32_t i;
	entry e;
	int r = UK_OK;

	for (i = 0; i < jh->count && r == UK_OK; i++) {
		if ((r = entry_at(card, jh, pos, &e)) != UK_OK)
			break;
		if ((e.id == UK_META_ID) != (i + 1 == jh->count))
			return UK_ERR_CORRUPT;
		if (go)
			r = apply(card, pos, &e);
		pos += UK_JENT_LEN(e.im.len);
	}
	if (r == UK_OK && pos != jh->bytes)
		r = UK_ERR_CORRUPT;
	return r;
}

int
uk_journal_apply(uimkey_card *card, const uk_journal_hdr *jh)
{
	int r;

	/* The tag covered every entry byte: a bad entry is a bug or a
	 * forged tag, and nothing is written for it. */
	if ((r = walk(card, jh, 0)) != UK_OK ||
	    (r = walk(card, jh, 1)) != UK_OK)
		return r;
	return uk_io_flush(card);
}
