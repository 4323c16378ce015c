/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The record API (uk/store.h) over the journaled store: reads go to the
 * records at home, which hold the committed state; puts go to the
 * journal (store_journal.c), which the commit copies home.
 */
#include <string.h>

#include "codec/crc32.h"
#include "uk/store.h"
#include "store_home.h"
#include "store_io.h"
#include "store_journal.h"
#include "store_layout.h"
#include "codec/bytes.h"

size_t
uimkey_rec_cap(unsigned id)
{
	if (id == UIMKEY_REC_CRED)
		return UIMKEY_REC_CRED_MAX;
	if (id == UIMKEY_REC_ISSUER)
		return UIMKEY_REC_ISSUER_MAX;
	if (id >= UIMKEY_REC_KEY0 && id < UIMKEY_REC_OBJ0)
		return UIMKEY_REC_KEY_MAX;
	if (id >= UIMKEY_REC_OBJ0 && id < UIMKEY_REC_COUNT)
		return UIMKEY_REC_OBJ_MAX;
	return 0;
}

/*
 * The header of a committed record: *present is 0 for a record of an
 * older epoch (emptied by a reset whose erasure is still due).
 */
static int
load_current(uimkey_card *card, unsigned id, uimkey_home_hdr *h,
    int *present)
{
	int r;

	*present = 0;
	if (uimkey_rec_cap(id) == 0)
		return UIMKEY_REC_ERR_ARG;
	if ((r = uimkey_jrnl_settle(card)) != UIMKEY_REC_OK ||
	    (r = uimkey_home_load(card, id, h)) != UIMKEY_REC_OK)
		return r;
	if (h->epoch > card->txn.epoch)
		return UIMKEY_REC_ERR_CORRUPT;
	*present = h->epoch == card->txn.epoch;
	return UIMKEY_REC_OK;
}

int
uimkey_rec_read(uimkey_card *card, unsigned id, uint8_t *buf, size_t cap,
    size_t *len)
{
	uimkey_home_hdr h;
	int present, r;

	*len = 0;
	if ((r = load_current(card, id, &h, &present)) != UIMKEY_REC_OK ||
	    !present)
		return r;
	if (h.len > cap)
		return UIMKEY_REC_ERR_ARG;
	if ((r = uimkey_io_get(card, uimkey_home_off(id) + UIMKEY_HOME_HDR_LEN,
	    buf, h.len)) != UIMKEY_REC_OK)
		goto fail;
	if (uimkey_crc32(uimkey_home_crc0(id, h.epoch, h.len), buf, h.len) !=
	    h.crc) {
		r = UIMKEY_REC_ERR_CORRUPT;
		goto fail;
	}
	*len = h.len;
	return UIMKEY_REC_OK;
fail:
	uimkey_wipe(buf, h.len);
	return r;
}

long
uimkey_rec_len(uimkey_card *card, unsigned id)
{
	uimkey_home_hdr h;
	int present, r;

	if ((r = load_current(card, id, &h, &present)) != UIMKEY_REC_OK)
		return r;
	return present ? (long)h.len : 0;
}

void
uimkey_txn_begin(uimkey_card *card)
{
	uimkey_txn_state *t = &card->txn;
	int r;

	/* A transaction dropped here leaves only journal data, which the
	 * next commit erases (t->dirty). */
	t->crc = 0;
	t->used = 0;
	t->bytes = 0;
	t->wipe = 0;
	t->puts = 0;
	t->entries = 0;
	t->fail = 0;
	t->active = 1;
	if ((r = uimkey_jrnl_settle(card)) != UIMKEY_REC_OK)
		t->fail = (int8_t)r;
}

/* Any failed step fails the whole transaction: commit refuses it. */
static int
fail_txn(uimkey_card *card, int r)
{
	card->txn.fail = (int8_t)r;
	return r;
}

static int
was_put(const uimkey_txn_state *t, unsigned id)
{
	unsigned i;

	for (i = 0; i < t->puts; i++)
		if (t->ids[i] == id)
			return 1;
	return 0;
}

int
uimkey_txn_put(uimkey_card *card, unsigned id, const void *data, size_t len)
{
	uimkey_txn_state *t = &card->txn;
	size_t cap = uimkey_rec_cap(id);
	int r;

	if (!t->active)
		return UIMKEY_REC_ERR_ARG;
	if (t->fail != 0)
		return t->fail;
	if (cap == 0 || len > cap || (len > 0 && data == NULL))
		return fail_txn(card, UIMKEY_REC_ERR_ARG);
	if (t->puts >= UIMKEY_TXN_RECORDS_MAX ||
	    len > (size_t)UIMKEY_TXN_MAX - t->bytes)
		return fail_txn(card, UIMKEY_REC_ERR_FULL);
	if ((r = uimkey_jrnl_append(card,
	    UIMKEY_JENT_TAG(UIMKEY_JENT_PUT, id), (uint32_t)len, 0, data, len)) !=
	    UIMKEY_REC_OK)
		return fail_txn(card, r);
	t->ids[t->puts++] = (uint8_t)id;
	t->bytes = (uint16_t)(t->bytes + len);
	return UIMKEY_REC_OK;
}

/*
 * A kept record keeps its content and takes the new epoch: the journal
 * gets its new check value, computed from the content checked here.
 */
static int
stamp(uimkey_card *card, unsigned id)
{
	uint32_t epoch = card->txn.epoch, crc;
	uimkey_home_hdr h;
	int r;

	if ((r = uimkey_home_check(card, id, &h)) != UIMKEY_REC_OK)
		return r;
	/* A started store has every record of its epoch. */
	if (h.epoch != epoch)
		return UIMKEY_REC_ERR_CORRUPT;
	if ((r = uimkey_home_crc(card, id, epoch + 1, h.len, &crc)) !=
	    UIMKEY_REC_OK)
		return r;
	return uimkey_jrnl_append(card, UIMKEY_JENT_TAG(UIMKEY_JENT_STAMP, id),
	    h.len, crc, NULL, 0);
}

static int
listed(const unsigned *keep, size_t n, unsigned id)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (keep[k] == id)
			return 1;
	return 0;
}

int
uimkey_txn_wipe_all(uimkey_card *card, const unsigned *keep, size_t n)
{
	uimkey_txn_state *t = &card->txn;
	size_t k;
	int r;

	if (!t->active)
		return UIMKEY_REC_ERR_ARG;
	if (t->fail != 0)
		return t->fail;
	if (t->wipe)
		return fail_txn(card, UIMKEY_REC_ERR_ARG);
	if (t->epoch == UINT32_MAX)
		return fail_txn(card, UIMKEY_REC_ERR_FULL);
	for (k = 0; k < n; k++)
		if (uimkey_rec_cap(keep[k]) == 0)
			return fail_txn(card, UIMKEY_REC_ERR_ARG);
	t->wipe = 1;
	/* A record put before survives as put; one put after overrides
	 * its stamp, being later in the journal. */
	for (k = 0; k < n; k++) {
		if (listed(keep, k, keep[k]) || was_put(t, keep[k]))
			continue;
		if ((r = stamp(card, keep[k])) != UIMKEY_REC_OK)
			return fail_txn(card, r);
	}
	return UIMKEY_REC_OK;
}

int
uimkey_txn_commit(uimkey_card *card)
{
	uimkey_txn_state *t = &card->txn;

	if (!t->active)
		return UIMKEY_REC_ERR_ARG;
	t->active = 0;
	if (t->fail != 0)
		return t->fail;
	if (t->entries == 0 && !t->wipe)
		return UIMKEY_REC_OK;
	return uimkey_jrnl_commit(card);
}

void
uimkey_txn_abort(uimkey_card *card)
{
	/* Its journal data is erased by the next commit (t->dirty). */
	card->txn.active = 0;
}
