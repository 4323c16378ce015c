/* SPDX-License-Identifier: BSD-2-Clause */
#include <string.h>

#include "codec/bytes.h"
#include "uk/store.h"
#include "store_crypt.h"
#include "store_home.h"
#include "store_io.h"
#include "store_journal.h"
#include "store_layout.h"

int
uk_journal_put(uimkey_card *card, unsigned id, const void *data,
    size_t len)
{
	uimkey_txn_state *t = &card->txn;
	size_t off = UK_JDATA_OFF + t->used;
	/* The manifest's room stays free for the commit. */
	size_t room = (size_t)UK_JDATA_LEN - UK_JMAN_LEN;
	uk_image im;
	int r;

	if (t->used > room || UK_JENT_LEN(len) > room - t->used)
		return UK_ERR_FULL;
	t->used = (uint16_t)(t->used + UK_JENT_LEN(len));
	if (t->used > t->dirty)
		t->dirty = t->used;
	if ((r = uk_image_seal(card, off + UK_JENT_LEN(0), id, t->seq + 1, data,
	    len, &im)) != UK_OK)
		return r;
	return uk_journal_put_head(card, off, id, &im);
}

int
uk_journal_put_head(uimkey_card *card, size_t off, unsigned id,
    const uk_image *im)
{
	uint8_t h[UK_JENT_LEN(0)];
	int r;

	uk_put_be32(h, UK_JENT_TAG(UK_JENT_PUT, id));
	uk_image_encode(h + UK_JENT_HDR_LEN, im);
	if ((r = uk_io_put(card, off, h, sizeof(h))) != UK_OK)
		return r;
	card->txn.entries++;
	return UK_OK;
}

static void
jh_encode(uint8_t *p, const uk_journal_hdr *jh)
{
	uk_put_be32(p + UK_JH_MAGIC, UK_JHDR_MAGIC);
	uk_put_be64(p + UK_JH_SEQ, jh->seq);
	uk_put_be32(p + UK_JH_COUNT, jh->count);
	uk_put_be32(p + UK_JH_BYTES, jh->bytes);
	memcpy(p + UK_JH_NONCE, jh->nonce, UK_NONCE_LEN);
	memcpy(p + UK_JH_TAG, jh->tag, UK_TAG_LEN);
	uk_put_be32(p + UK_JH_MARK, UK_JHDR_MARK);
}

/*
 * The header's tag, over its bytes before the nonce and then every entry
 * byte: into jh->tag when seal, else checked against it.
 */
static int
jh_auth(uimkey_card *card, uk_journal_hdr *jh, int seal)
{
	uint8_t p[UK_JHDR_LEN];
	uk_aead a;
	int r;

	jh_encode(p, jh);
	uk_aead_start(&a, card, jh->nonce);
	br_gcm_aad_inject(&a.gcm, p, UK_JH_NONCE);
	r = uk_aead_stored(card, &a, UK_JDATA_OFF, jh->bytes);
	br_gcm_flip(&a.gcm);
	if (r == UK_OK && seal)
		br_gcm_get_tag(&a.gcm, jh->tag);
	else if (r == UK_OK && !uk_aead_tag_ok(&a, jh->tag))
		r = UK_ERR_CORRUPT;
	uk_aead_end(&a);
	return r;
}

static int
sane(const uk_journal_hdr *jh)
{
	return jh->seq != 0 && jh->bytes <= UK_JDATA_LEN && jh->count > 0 &&
	    jh->count <= jh->bytes / UK_JENT_LEN(0);
}

/*
 * Only a header with its magic, its mark and a good tag is a commit.  A
 * commit torn by a power cut lacks the mark (written last), a torn
 * erasure lacks the magic (erased first), an erased header lacks both:
 * none of them is replayed.  Magic and mark around a header that fails
 * its tag are no power cut's work but damage.
 */
int
uk_journal_state(uimkey_card *card, uk_journal_hdr *jh)
{
	uint8_t p[UK_JHDR_LEN];
	int r;

	if ((r = uk_io_get(card, UK_JHDR_OFF, p, sizeof(p))) != UK_OK)
		return r;
	if (uk_get_be32(p + UK_JH_MAGIC) != UK_JHDR_MAGIC ||
	    uk_get_be32(p + UK_JH_MARK) != UK_JHDR_MARK)
		return uk_io_erased(p, sizeof(p)) ? UK_JRNL_CLEAN :
		    UK_JRNL_TORN;
	jh->seq = uk_get_be64(p + UK_JH_SEQ);
	jh->count = uk_get_be32(p + UK_JH_COUNT);
	jh->bytes = uk_get_be32(p + UK_JH_BYTES);
	memcpy(jh->nonce, p + UK_JH_NONCE, UK_NONCE_LEN);
	memcpy(jh->tag, p + UK_JH_TAG, UK_TAG_LEN);
	if (!sane(jh))
		return UK_ERR_CORRUPT;
	if ((r = jh_auth(card, jh, 0)) != UK_OK)
		return r;
	return UK_JRNL_COMMITTED;
}

static int
jrnl_write(uimkey_card *card, const uk_journal_hdr *jh)
{
	uint8_t p[UK_JHDR_LEN];

	jh_encode(p, jh);
	return uk_io_put(card, UK_JHDR_OFF, p, sizeof(p));
}

static int
jrnl_clear(uimkey_card *card)
{
	int r;

	if ((r = uk_io_erase(card, UK_JHDR_OFF, UK_JHDR_LEN)) != UK_OK)
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
	int r = uk_journal_state(card, &jh);

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
 * first), the manifest appended, and the entries durable, with whatever
 * earlier transactions left in the journal data erased beyond them (all
 * of it for a reset).
 */
static int
prepare(uimkey_card *card)
{
	uimkey_txn_state *t = &card->txn;
	uk_journal_hdr jh;
	size_t end;
	int r = uk_journal_state(card, &jh);

	if (r == UK_JRNL_TORN)
		r = jrnl_clear(card);
	else if (r == UK_JRNL_COMMITTED)
		r = UK_ERR_IO;  /* settled at begin: never here */
	if (r != UK_OK || (r = uk_journal_put_manifest(card)) != UK_OK)
		return r;
	end = t->wipe ? UK_JDATA_LEN : t->dirty;
	if (end > t->used && (r = uk_io_erase(card,
	    UK_JDATA_OFF + t->used, end - t->used)) != UK_OK)
		return r;
	return uk_io_flush(card);
}

/*
 * The counter follows a durable commit.  When it cannot, the store stops
 * (every read and commit UK_ERR_IO) until a restart raises it or refuses
 * to start: a commit the counter missed could be rolled back unseen.
 */
static void
raise_counter(uimkey_card *card, uint64_t seq)
{
	const uimkey_device_class **d = card->device;

	if (d == NULL || (*d)->counter_read == NULL)
		return;
	if ((*d)->counter_raise == NULL || (*d)->counter_raise(d, seq) != 0)
		card->txn.broken = 1;
}

int
uk_journal_commit(uimkey_card *card)
{
	uimkey_txn_state *t = &card->txn;
	uk_journal_hdr jh;
	int r;

	if (t->seq == UINT64_MAX)
		return UK_ERR_FULL;
	if ((r = uk_journal_settle(card)) != UK_OK ||
	    (r = prepare(card)) != UK_OK)
		return r;
	jh.seq = t->seq + 1;
	jh.count = t->entries;
	jh.bytes = t->used;
	uk_crypt_nonce(card, jh.nonce);
	if ((r = jh_auth(card, &jh, 1)) != UK_OK)
		return r;
	if ((r = jrnl_write(card, &jh)) != UK_OK ||
	    (r = uk_io_flush(card)) != UK_OK) {
		/* Whether the header landed is unknown: make it not. */
		if (jrnl_clear(card) != UK_OK)
			t->broken = 1;
		return r;
	}
	/* Committed: from here on the new state is the state, even if
	 * copying it home fails now (then reads finish it first). */
	t->seq = jh.seq;
	t->dirty = t->used;
	t->pending = 1;
	raise_counter(card, jh.seq);
	if (replay(card, &jh) == UK_OK)
		t->pending = 0;
	return UK_OK;
}
