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
uimkey_jrnl_append(uimkey_card *card, uint32_t tag, uint32_t len,
    uint32_t crc, const void *body, size_t body_len)
{
	uimkey_txn_state *t = &card->txn;
	uint8_t h[UIMKEY_JENT_HDR_LEN];
	size_t off = UIMKEY_JDATA_OFF + t->used;
	size_t room = (size_t)UIMKEY_JDATA_LEN - UIMKEY_JENT_HDR_LEN;
	int r;

	if (t->used > room || body_len > room - t->used)
		return UIMKEY_REC_ERR_FULL;
	uimkey_put_be32(h, tag);
	uimkey_put_be32(h + 4, len);
	uimkey_put_be32(h + 8, crc);
	t->used = (uint16_t)(t->used + sizeof(h) + body_len);
	if (t->used > t->dirty)
		t->dirty = t->used;
	if ((r = uimkey_io_put(card, off, h, sizeof(h))) != UIMKEY_REC_OK ||
	    (r = uimkey_io_put(card, off + sizeof(h), body, body_len)) !=
	    UIMKEY_REC_OK)
		return r;
	t->crc = uimkey_crc32(uimkey_crc32(t->crc, h, sizeof(h)), body,
	    body_len);
	t->entries++;
	return UIMKEY_REC_OK;
}

static int
sane(const uimkey_jrnl_hdr *jh)
{
	return (jh->flags & ~UIMKEY_JHDR_WIPE) == 0 && jh->epoch != 0 &&
	    jh->bytes <= UIMKEY_JDATA_LEN &&
	    jh->count <= jh->bytes / UIMKEY_JENT_HDR_LEN;
}

/*
 * Only a header with its magic, its mark and a good check value is a
 * commit.  A commit torn by a power cut lacks the mark (written last), a
 * torn erasure lacks the magic (erased first), an erased header lacks
 * both: none of them is replayed.  Magic and mark around a bad header
 * are no power cut's work but damage.
 */
static int
jrnl_state(uimkey_card *card, uimkey_jrnl_hdr *jh)
{
	uint8_t p[UIMKEY_JHDR_LEN];
	int r;

	if ((r = uimkey_io_get(card, UIMKEY_JHDR_OFF, p, sizeof(p))) !=
	    UIMKEY_REC_OK)
		return r;
	if (uimkey_get_be32(p + JH_MAGIC) != UIMKEY_JHDR_MAGIC ||
	    uimkey_get_be32(p + JH_MARK) != UIMKEY_JHDR_MARK)
		return uimkey_io_erased(p, sizeof(p)) ? UIMKEY_JRNL_CLEAN :
		    UIMKEY_JRNL_TORN;
	jh->epoch = uimkey_get_be32(p + JH_EPOCH);
	jh->flags = uimkey_get_be32(p + JH_FLAGS);
	jh->count = uimkey_get_be32(p + JH_COUNT);
	jh->bytes = uimkey_get_be32(p + JH_BYTES);
	jh->crc = uimkey_get_be32(p + JH_DCRC);
	if (uimkey_crc32(0, p, JH_HCRC) != uimkey_get_be32(p + JH_HCRC) ||
	    !sane(jh))
		return UIMKEY_REC_ERR_CORRUPT;
	return UIMKEY_JRNL_COMMITTED;
}

static int
jrnl_write(uimkey_card *card, const uimkey_jrnl_hdr *jh)
{
	uint8_t p[UIMKEY_JHDR_LEN];

	uimkey_put_be32(p + JH_MAGIC, UIMKEY_JHDR_MAGIC);
	uimkey_put_be32(p + JH_EPOCH, jh->epoch);
	uimkey_put_be32(p + JH_FLAGS, jh->flags);
	uimkey_put_be32(p + JH_COUNT, jh->count);
	uimkey_put_be32(p + JH_BYTES, jh->bytes);
	uimkey_put_be32(p + JH_DCRC, jh->crc);
	uimkey_put_be32(p + JH_HCRC, uimkey_crc32(0, p, JH_HCRC));
	uimkey_put_be32(p + JH_MARK, UIMKEY_JHDR_MARK);
	return uimkey_io_put(card, UIMKEY_JHDR_OFF, p, sizeof(p));
}

static int
jrnl_clear(uimkey_card *card)
{
	int r;

	if ((r = uimkey_io_erase(card, UIMKEY_JHDR_OFF, UIMKEY_JHDR_LEN)) !=
	    UIMKEY_REC_OK)
		return r;
	return uimkey_io_flush(card);
}

/* Durable at home before the header goes: a cut in between replays. */
static int
replay(uimkey_card *card, const uimkey_jrnl_hdr *jh)
{
	int r = uimkey_jrnl_apply(card, jh);

	return r == UIMKEY_REC_OK ? jrnl_clear(card) : r;
}

int
uimkey_jrnl_finish(uimkey_card *card)
{
	uimkey_jrnl_hdr jh;
	int r = jrnl_state(card, &jh);

	if (r == UIMKEY_JRNL_COMMITTED)
		return replay(card, &jh);
	if (r == UIMKEY_JRNL_TORN)
		return jrnl_clear(card);
	return r;
}

int
uimkey_jrnl_settle(uimkey_card *card)
{
	int r;

	if (card->txn.broken)
		return UIMKEY_REC_ERR_IO;
	if (!card->txn.pending)
		return UIMKEY_REC_OK;
	if ((r = uimkey_jrnl_finish(card)) == UIMKEY_REC_OK)
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
	uimkey_jrnl_hdr jh;
	size_t end = t->wipe ? UIMKEY_JDATA_LEN : t->dirty;
	int r = jrnl_state(card, &jh);

	if (r == UIMKEY_JRNL_TORN)
		r = jrnl_clear(card);
	else if (r == UIMKEY_JRNL_COMMITTED)
		r = UIMKEY_REC_ERR_IO;  /* settled at begin: never here */
	if (r != UIMKEY_REC_OK)
		return r;
	if (end > t->used && (r = uimkey_io_erase(card,
	    UIMKEY_JDATA_OFF + t->used, end - t->used)) != UIMKEY_REC_OK)
		return r;
	return uimkey_io_flush(card);
}

int
uimkey_jrnl_commit(uimkey_card *card)
{
	uimkey_txn_state *t = &card->txn;
	uimkey_jrnl_hdr jh;
	int r;

	if ((r = uimkey_jrnl_settle(card)) != UIMKEY_REC_OK ||
	    (r = prepare(card)) != UIMKEY_REC_OK)
		return r;
	jh.epoch = t->wipe ? t->epoch + 1 : t->epoch;
	jh.flags = t->wipe ? UIMKEY_JHDR_WIPE : 0;
	jh.count = t->entries;
	jh.bytes = t->used;
	jh.crc = t->crc;
	if ((r = jrnl_write(card, &jh)) != UIMKEY_REC_OK ||
	    (r = uimkey_io_flush(card)) != UIMKEY_REC_OK) {
		/* Whether the header landed is unknown: make it not. */
		if (jrnl_clear(card) != UIMKEY_REC_OK)
			t->broken = 1;
		return r;
	}
	/* Committed: from here on the new state is the state, even if
	 * copying it home fails now (then reads finish it first). */
	t->epoch = jh.epoch;
	t->dirty = t->used;
	t->pending = 1;
	if (replay(card, &jh) == UIMKEY_REC_OK)
		t->pending = 0;
	return UIMKEY_REC_OK;
}
