/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The record store at start: a formatted store is recovered and checked,
 * a blank one laid out.
 */
#include "uk/store.h"
#include "store_home.h"
#include "store_io.h"
#include "store_journal.h"
#include "store_layout.h"
#include "codec/bytes.h"

/* The epoch of a freshly formatted store. */
#define UK_EPOCH_FIRST 1

static void
txn_reset(uimkey_card *card, uint32_t epoch, uint16_t dirty)
{
	uk_wipe(&card->txn, sizeof(card->txn));
	card->txn.epoch = epoch;
	card->txn.dirty = dirty;
}

/*
 * Every record whole and of the store's epoch.  One of an older epoch is
 * absent (a reset emptied it); *stale tells that one was seen.  Nothing is
 * mended: a record failing its check fails the start.
 */
static int
check_all(uimkey_card *card, uint32_t epoch, int *stale)
{
	uk_home_hdr h;
	unsigned id;
	int r;

	*stale = 0;
	for (id = 0; id < UK_REC_COUNT; id++) {
		if ((r = uk_home_check(card, id, &h)) != UK_OK)
			return r;
		if (h.epoch > epoch)
			return UK_ERR_CORRUPT;
		*stale |= h.epoch < epoch;
	}
	return UK_OK;
}

/* Finish the erasure of records a reset emptied, once all are checked. */
static int
erase_stale(uimkey_card *card, uint32_t epoch)
{
	uk_home_hdr h;
	unsigned id;
	int r;

	for (id = 0; id < UK_REC_COUNT; id++)
		if ((r = uk_home_load(card, id, &h)) != UK_OK ||
		    (h.epoch < epoch &&
		    (r = uk_home_erase(card, id, epoch)) != UK_OK))
			return r;
	return uk_io_flush(card);
}

int
uk_boot_recover(uimkey_card *card)
{
	uint32_t epoch = 0;
	int stale = 0, r;

	/* What the journal data holds is unknown: the next commit erases
	 * all of it. */
	txn_reset(card, 0, UK_JDATA_LEN);
	if ((r = uk_journal_finish(card)) != UK_OK ||
	    (r = uk_home_epoch(card, &epoch)) != UK_OK ||
	    (r = check_all(card, epoch, &stale)) != UK_OK ||
	    (stale && (r = erase_stale(card, epoch)) != UK_OK))
		return r;
	card->txn.epoch = epoch;
	return UK_OK;
}

/*
 * Everything is written, even over bytes a cut-short earlier format left:
 * the journal erased (its header first, so nothing old is replayed), every
 * record empty with its room erased, the epoch.  Not a transaction: the
 * card header, written after the factory transaction, makes it count.
 */
int
uk_boot_format(uimkey_card *card)
{
	uint8_t v[UK_META_LEN];
	unsigned id;
	int r;

	txn_reset(card, UK_EPOCH_FIRST, 0);
	if ((r = uk_io_erase(card, UK_JHDR_OFF,
	    UK_JHDR_LEN + UK_JDATA_LEN)) != UK_OK)
		return r;
	for (id = 0; id < UK_REC_COUNT; id++)
		if ((r = uk_home_erase(card, id, UK_EPOCH_FIRST)) !=
		    UK_OK)
			return r;
	uk_put_be32(v, UK_EPOCH_FIRST);
	if ((r = uk_home_put(card, UK_META_ID, UK_EPOCH_FIRST, v,
	    sizeof(v))) != UK_OK)
		return r;
	return uk_io_flush(card);
}
