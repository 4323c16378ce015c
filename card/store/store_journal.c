/* SPDX-License-Identifier: BSD-2-Clause */
#include <string.h>

#include "codec/crc32.h"
#include "uk/store.h"
#include "store_io.h"
#include "store_journal.h"
#include "store_layout.h"
#include "codec/bytes.h"

/* Offsets in the journal header. */
#define JH_MAGIC  0
#define JH_EPOCH  4
#define JH_FLAGS  8
#define JH_COUNT  12
#define JH_BYTES  16
#define JH_DCRC   20
#define JH_HCRC   24
#define JH_MARK   28

int
uk_journal_append(uimkey_card *card, uint32_t tag, uint32_t len,
    uint32_t crc, const void *body, size_t body_len)
{
	uimkey_txn_state *t = &card->txn;
	uint8_t h[UK_JENT_HDR_LEN];
	size_t off = UK_JDATA_OFF + t->used;
	size_t room = (size_t)UK_JDATA_LEN - UK_JENT_HDR_LEN;
	int r;

	if (t->used > room || body_len > room - t->used)
		return UK_ERR_FULL;
	uk_put_be32(h, tag);
	uk_put_be32(h + 4, len);
	uk_put_be32(h + 8, crc);
	t->used = (uint16_t)(t->used + sizeof(h) + body_len);
	if (t->used > t->dirty)
		t->dirty = t->used;
	if ((r = uk_io_put(card, off, h, sizeof(h))) != UK_OK ||
	    (r = uk_io_put(card, off + sizeof(h), body, body_len)) !=
	    UK_OK)
		return r;
	t->crc = uk_crc32(uk_crc32(t->crc, h, sizeof(h)), body,
	    body_len);
	t->entries++;
	return UK_OK;
}

static int
sane(const uk_journal_hdr *jh)
{
	return (jh->flags & ~UK_JHDR_WIPE) == 0 && jh->epoch != 0 &&
	    jh->bytes <= UK_JDATA_LEN &&
	    jh->count <= jh->bytes / UK_JENT_HDR_LEN;
}

/*
 * Only a header with its magic, its mark and a good check value is a
 * commit.  A commit torn by a power cut lacks the mark (written last), a
 * torn erasure lacks the magic (erased first), an erased header lacks
 * both: none of them is replayed.  Magic and mark around a bad header
 * are no power cut's work but damage.
 */
static int
jrnl_state(uimkey_card *card, uk_journal_hdr *jh)
{
	uint8_t p[UK_JHDR_LEN];
	int r;

	if ((r = uk_io_get(card, UK_JHDR_OFF, p, sizeof(p))) !=
	    UK_OK)
		return r;
	if (uk_get_be32(p + JH_MAGIC) != UK_JHDR_MAGIC ||
	    uk_get_be32(p + JH_MARK) != UK_JHDR_MARK)
		return uk_io_erased(p, sizeof(p)) ? UK_JRNL_CLEAN :
		    UK_JRNL_TORN;
	jh->epoch = uk_get_be32(p + JH_EPOCH);
	jh->flags = uk_get_be32(p + JH_FLAGS);
	jh->count = uk_get_be32(p + JH_COUNT);
	jh->bytes = uk_get_be32(p + JH_BYTES);
	jh->crc = uk_get_be32(p + JH_DCRC);
	if (uk_crc32(0, p, JH_HCRC) != uk_get_be32(p + JH_HCRC) ||
	    !sane(jh))
		return UK_ERR_CORRUPT;
	return UK_JRNL_COMMITTED;
}

static int
jrnl_write(uimkey_card *card, const uk_journal_hdr *jh)
{
	uint8_t p[UK_JHDR_LEN];

	uk_put_be32(p + JH_MAGIC, UK_JHDR_MAGIC);
	uk_put_be32(p + JH_EPOCH, jh->epoch);
	uk_put_be32(p + JH_FLAGS, jh->flags);
	uk_put_be32(p + JH_COUNT, jh->count);
	uk_put_be32(p + JH_BYTES, jh->bytes);
	uk_put_be32(p + JH_DCRC, jh->crc);
	uk_put_be32(p + JH_HCRC, uk_crc32(0, p, JH_HCRC));
	uk_put_be32(p + JH_MARK, UK_JHDR_MARK);
	return uk_io_put(card, UK_JHDR_OFF, p, sizeof(p));
}

static int
jrnl_clear(uimkey_card *card)
{
	int r;

	if ((r = uk_io_erase(card, UK_JHDR_OFF, UK_JHDR_LEN)) !=
	    UK_OK)
		return r;
	return uk_io_flush(card);
}

/* Durable at home before the header goes: a cut in between replays. */
static int
replay(uimkey_card *card, const uk_journal_hdr *jh)
{
	int r = uk_journal_apply(card, jh);

	return r == UK_OK ? jrnl_clear(card) : r;
}

int
uk_journal_finish(uimkey_card *card)
{
	uk_journal_hdr jh;
	int r = jrnl_state(card, &jh);

	if (r == UK_JRNL_COMMITTED)
		return replay(card, &jh);
	if (r == UK_JRNL_TORN)
		return jrnl_clear(card);
	return r;
}

int
uk_journal_settle(uimkey_card *card)
{
	int r;

	if (card->txn.broken)
		return UK_ERR_IO;
	if (!card->txn.pending)
		return UK_OK;
	if ((r = uk_journal_finish(card)) == UK_OK)
		card->txn.pending = 0;
	return r;
}

/*
 * Before the commit point: an erased header (a torn one is erased
 * first), and the entries durable, with whatever earlier transactions
 * left in the journal data erased beyond them (all of it for a reset).
 */
static int
prepare(uimkey_card *card)
{
	uimkey_txn_state *t = &card->txn;
	uk_journal_hdr jh;
	size_t end = t->wipe ? UK_JDATA_LEN : t->dirty;
	int r = jrnl_state(card, &jh);

	if (r == UK_JRNL_TORN)
		r = jrnl_clear(card);
	else if (r == UK_JRNL_COMMITTED)
		r = UK_ERR_IO;  /* settled at begin: never here */
	if (r != UK_OK)
		return r;
	if (end > t->used && (r = uk_io_erase(card,
	    UK_JDATA_OFF + t->used, end - t->used)) != UK_OK)
		return r;
	return uk_io_flush(card);
}

int
uk_journal_commit(uimkey_card *card)
{
	uimkey_txn_state *t = &card->txn;
	uk_journal_hdr jh;
	int r;

	if ((r = uk_journal_settle(card)) != UK_OK ||
	    (r = prepare(card)) != UK_OK)
		return r;
	jh.epoch = t->wipe ? t->epoch + 1 : t->epoch;
	jh.flags = t->wipe ? UK_JHDR_WIPE : 0;
	jh.count = t->entries;
	jh.bytes = t->used;
	jh.crc = t->crc;
	if ((r = jrnl_write(card, &jh)) != UK_OK ||
	    (r = uk_io_flush(card)) != UK_OK) {
		/* Whether the header landed is unknown: make it not. */
		if (jrnl_clear(card) != UK_OK)
			t->broken = 1;
		return r;
	}
	/* Committed: from here on the new state is the state, even if
	 * copying it home fails now (then reads finish it first). */
	t->epoch = jh.epoch;
	t->dirty = t->used;
	t->pending = 1;
	if (replay(card, &jh) == UK_OK)
		t->pending = 0;
	return UK_OK;
}
