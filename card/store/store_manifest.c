/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The manifest a commit appends to the journal, last: the committed one
 * with the commit's sequence number and counter value, and that version
 * for every record an entry of the transaction names (a put, or a record
 * a reset empties).  It is streamed from home into the journal a chunk
 * at a time, decrypted and encrypted again on the way, so that no copy
 * of it is ever in RAM whole (the card has little).
 */
#include "codec/bytes.h"
#include "uk/store.h"
#include "store_crypt.h"
#include "store_home.h"
#include "store_io.h"
#include "store_journal.h"
#include "store_layout.h"

/* A record-id bitmap: which records the transaction's entries name. */
#define NAMED_LEN           ((UK_REC_COUNT + 7) / 8)
#define ENT_HDR             (UK_JENT_HDR_LEN + UK_HOME_HDR_LEN)

_Static_assert(UK_IO_CHUNK % UK_SEQ_LEN == 0 &&
    UK_MAN_VERSIONS % UK_SEQ_LEN == 0 && UK_MAN_COUNTER % UK_SEQ_LEN == 0,
    "no manifest field straddles a chunk");

static int
named_ids(uimkey_card *card, uint8_t *named)
{
	uint8_t h[ENT_HDR];
	unsigned id;
	size_t pos;
	int r;

	for (pos = 0; pos < NAMED_LEN; pos++)
		named[pos] = 0;
	for (pos = 0; pos < card->txn.used;
	    pos += UK_JENT_LEN(uk_get_be32(h + UK_JENT_HDR_LEN +
	    UK_HOME_HDR_LEN_AT))) {
		if ((r = uk_io_get(card, UK_JDATA_OFF + pos, h, sizeof(h))) !=
		    UK_OK)
			return r;
		id = uk_get_be32(h) & 0xFFFFFFu;
		if (id >= UK_REC_COUNT)
			return UK_ERR_CORRUPT;
		named[id / 8] = (uint8_t)(named[id / 8] | 1u << (id % 8));
	}
	return UK_OK;
}

/*
 * The n plaintext bytes at manifest offset pos, made the new manifest's:
 * 0 when the committed one names another sequence number than old.
 */
static int
patch(uint8_t *p, size_t pos, size_t n, uint64_t old, uint64_t seq,
    const uint8_t *named)
{
	size_t k, at, id;
	int ok = 1;

	for (k = 0; k < n; k += UK_SEQ_LEN) {
		at = pos + k;
		if (at == UK_MAN_SEQ)
			ok = uk_get_be64(p + k) == old;
		if (at >= UK_MAN_VERSIONS) {
			id = (at - UK_MAN_VERSIONS) / UK_SEQ_LEN;
			if (!(named[id / 8] >> (id % 8) & 1u))
				continue;
		}
		uk_put_be64(p + k, seq);
	}
	return ok;
}

/* Old manifest content at home into the new one at dst, through buf. */
static int
restream(uimkey_card *card, uk_aead *a, br_gcm_context *fresh, size_t dst,
    const uint8_t *named, uint8_t *buf)
{
	size_t src = uk_home_off(UK_META_ID) + UK_HOME_HDR_LEN, pos, n;
	uint64_t seq = card->txn.seq;
	int ok = 1, r = UK_OK;

	for (pos = 0; pos < UK_META_LEN && r == UK_OK; pos += n) {
		n = UK_META_LEN - pos < UK_IO_CHUNK ? UK_META_LEN - pos :
		    UK_IO_CHUNK;
		if ((r = uk_io_get(card, src + pos, buf, n)) != UK_OK)
			break;
		br_gcm_run(&a->gcm, 0, buf, n);
		ok &= patch(buf, pos, n, seq, seq + 1, named);
		br_gcm_run(fresh, 1, buf, n);
		r = uk_io_put(card, dst + pos, buf, n);
	}
	return r == UK_OK && !ok ? UK_ERR_CORRUPT : r;
}

int
uk_journal_put_manifest(uimkey_card *card)
{
	uimkey_txn_state *t = &card->txn;
	uint8_t buf[UK_IO_CHUNK], named[NAMED_LEN];
	size_t off = UK_JDATA_OFF + t->used;
	br_gcm_context fresh;
	uk_image old, im;
	uk_aead a;
	int r;

	if (t->used > UK_JDATA_LEN - UK_JMAN_LEN)
		return UK_ERR_FULL;
	if ((r = named_ids(card, named)) != UK_OK ||
	    (r = uk_home_load(card, UK_META_ID, &old)) != UK_OK)
		return r;
	if (old.len != UK_META_LEN || old.version != t->seq)
		return UK_ERR_CORRUPT;
	t->used = (uint16_t)(t->used + UK_JMAN_LEN);
	if (t->used > t->dirty)
		t->dirty = t->used;
	im.version = t->seq + 1;
	im.len = UK_META_LEN;
	uk_crypt_nonce(card, im.nonce);
	uk_aead_keys(&a, card);
	uk_gcm_record(&a, &fresh, UK_META_ID, &im);
	uk_gcm_record(&a, &a.gcm, UK_META_ID, &old);
	r = restream(card, &a, &fresh, off + ENT_HDR, named, buf);
	/* The committed manifest proves itself before the new one counts. */
	if (r == UK_OK && !uk_aead_tag_ok(&a, old.tag))
		r = UK_ERR_CORRUPT;
	br_gcm_get_tag(&fresh, im.tag);
	uk_aead_end(&a);
	uk_wipe(&fresh, sizeof(fresh));
	uk_wipe(buf, sizeof(buf));
	if (r != UK_OK)
		return r;
	return uk_journal_put_head(card, off, UK_META_ID, &im);
}
