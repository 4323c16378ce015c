/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Transactions of the record store (uk/store.h): begin, put, wipe, commit,
 * abort, and uk_rec_write for a change of one record.  Puts go to the
 * journal (store_journal.c); the commit copies them home
 * (store_journal_apply.c).
 */
#include <string.h>

#include "codec/bytes.h"
#include "uk/store.h"
#include "store_home.h"
#include "store_io.h"
#include "store_journal.h"
#include "store_layout.h"

void
uk_txn_begin(uimkey_card *card)
{
	uimkey_txn_state *t = &card->txn;
	int r;

	/* A transaction dropped here leaves only journal data, which the
	 * next commit erases (t->dirty). */
	t->used = 0;
	t->bytes = 0;
	t->wipe = 0;
	t->puts = 0;
	t->entries = 0;
	t->fail = 0;
	t->active = 1;
	if ((r = uk_journal_settle(card)) != UK_OK)
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
uk_txn_put(uimkey_card *card, unsigned id, const void *data, size_t len)
{
	uimkey_txn_state *t = &card->txn;
	size_t cap = uk_rec_cap(id);
	int r;

	if (!t->active)
		return UK_ERR_ARG;
	if (t->fail != 0)
		return t->fail;
	if (cap == 0 || len > cap || (len > 0 && data == NULL))
		return fail_txn(card, UK_ERR_ARG);
	if (t->puts >= UK_TXN_RECORDS_MAX ||
	    len > (size_t)UK_TXN_MAX - t->bytes)
		return fail_txn(card, UK_ERR_FULL);
	if ((r = uk_journal_put(card, id, data, len)) != UK_OK)
		return fail_txn(card, r);
	t->ids[t->puts++] = (uint8_t)id;
	t->bytes = (uint16_t)(t->bytes + len);
	return UK_OK;
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
uk_txn_wipe_all(uimkey_card *card, const unsigned *keep, size_t n)
{
	uimkey_txn_state *t = &card->txn;
	unsigned id;
	size_t k;
	int r;

	if (!t->active)
		return UK_ERR_ARG;
	if (t->fail != 0)
		return t->fail;
	if (t->wipe)
		return fail_txn(card, UK_ERR_ARG);
	for (k = 0; k < n; k++)
		if (uk_rec_cap(keep[k]) == 0)
			return fail_txn(card, UK_ERR_ARG);
	t->wipe = 1;
	/* A kept record keeps its image and its version.  A record put
	 * before survives as put; one put after overrides its empty image,
	 * being later in the journal. */
	for (id = 0; id < UK_REC_COUNT; id++) {
		if (listed(keep, n, id) || was_put(t, id))
			continue;
		if ((r = uk_journal_put(card, id, NULL, 0)) != UK_OK)
			return fail_txn(card, r);
	}
	return UK_OK;
}

int
uk_txn_commit(uimkey_card *card)
{
	uimkey_txn_state *t = &card->txn;

	if (!t->active)
		return UK_ERR_ARG;
	t->active = 0;
	if (t->fail != 0)
		return t->fail;
	if (t->entries == 0 && !t->wipe)
		return UK_OK;
	return uk_journal_commit(card);
}

void
uk_txn_abort(uimkey_card *card)
{
	/* Its journal data is erased by the next commit (t->dirty). */
	card->txn.active = 0;
}

int
uk_rec_write(uimkey_card *card, unsigned id, const void *data, size_t len)
{
	int r;

	uk_txn_begin(card);
	if ((r = uk_txn_put(card, id, data, len)) != UK_OK) {
		uk_txn_abort(card);
		return r;
	}
	return uk_txn_commit(card);
}
