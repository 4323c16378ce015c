/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The record store at start: a formatted store is recovered, checked
 * against its manifest and the device counter; a blank one laid out.
 */
#include <string.h>

#include "uk/store.h"
#include "store_crypt.h"
#include "store_home.h"
#include "store_io.h"
#include "store_journal.h"
#include "store_layout.h"
#include "codec/bytes.h"

/* The bookkeeping of a store at start; the key stays. */
static void
txn_reset(uimkey_card *card, uint64_t seq, uint16_t dirty)
{
	uimkey_txn_state *t = &card->txn;

	uk_wipe(t, offsetof(uimkey_txn_state, aes));
	t->seq = seq;
	t->dirty = dirty;
}

/* The device counter into *c; *has is 0 for a device without one. */
static int
counter_get(uimkey_card *card, uint64_t *c, int *has)
{
	const uimkey_device_class **d = card->device;

	*c = 0;
	*has = 0;
	if (d == NULL || (*d)->counter_read == NULL)
		return UK_OK;
	if ((*d)->counter_read(d, c) != 0)
		return UK_ERR_DEVICE;
	*has = 1;
	return UK_OK;
}

/*
 * The sequence number the store holds once recovered: a committed
 * journal's, else the manifest's (then loaded into m, which no recovery
 * step changes: *loaded is set).  Known before anything is written, so
 * that an older copy put back is refused as it is.
 */
static int
recovered_seq(uimkey_card *card, uint64_t *seq, uint8_t *m, int *loaded)
{
	uk_journal_hdr jh;
	int r = uk_journal_state(card, &jh);

	*loaded = 0;
	if (r == UK_JRNL_COMMITTED) {
		*seq = jh.seq;
		return UK_OK;
	}
	if (r < 0 || (r = uk_man_load(card, m)) != UK_OK)
		return r;
	*seq = uk_get_be64(m + UK_MAN_SEQ);
	*loaded = 1;
	return UK_OK;
}

/*
 * Every record authenticated, of the version the manifest names (so no
 * image of another record or of an earlier commit passes), and the
 * manifest of the commit it names (loaded into m unless it is there).
 * Nothing is mended.
 */
static int
check_all(uimkey_card *card, uint8_t *m, int loaded)
{
	uk_aead a;
	uk_image im;
	unsigned id;
	int r = UK_OK;

	if (!loaded && (r = uk_man_load(card, m)) != UK_OK)
		return r;
	if (uk_get_be64(m + UK_MAN_COUNTER) != uk_get_be64(m + UK_MAN_SEQ))
		return UK_ERR_CORRUPT;
	/* One key schedule and hash key for every record. */
	uk_aead_keys(&a, card);
	for (id = 0; id < UK_REC_COUNT && r == UK_OK; id++)
		if ((r = uk_home_check(card, &a, id, &im)) == UK_OK &&
		    im.version != uk_man_get(m, id))
			r = UK_ERR_CORRUPT;
	uk_aead_end(&a);
	return r;
}

int
uk_boot_recover(uimkey_card *card)
{
	const uimkey_device_class **d = card->device;
	uint8_t m[UK_META_LEN];
	uint64_t seq = 0, ctr;
	int has, loaded, r;

	/* What the journal data holds is unknown: the next commit erases
	 * all of it. */
	txn_reset(card, 0, UK_JDATA_LEN);
	if ((r = recovered_seq(card, &seq, m, &loaded)) != UK_OK ||
	    (r = counter_get(card, &ctr, &has)) != UK_OK)
		return r;
	if (has && seq < ctr)
		return UK_ERR_ROLLBACK;
	if ((r = uk_journal_finish(card)) != UK_OK ||
	    (r = check_all(card, m, loaded)) != UK_OK)
		return r;
	card->txn.seq = uk_get_be64(m + UK_MAN_SEQ);
	/* A cut between a commit and its counter raise: catch up. */
	if (has && card->txn.seq > ctr &&
	    ((*d)->counter_raise == NULL ||
	    (*d)->counter_raise(d, card->txn.seq) != 0))
		return UK_ERR_DEVICE;
	return UK_OK;
}

int
uk_boot_blank_check(uimkey_card *card)
{
	uint64_t ctr;
	int has, r;

	if ((r = counter_get(card, &ctr, &has)) != UK_OK)
		return r;
	return has && ctr > UK_SEQ_FACTORY ? UK_ERR_ROLLBACK : UK_OK;
}

/*
 * Everything is written, even over bytes a cut-short earlier format left:
 * the journal erased (its header first, so nothing old is replayed), every
 * record empty with its room erased, the manifest.  The sequence starts
 * at the device counter, so that a new store on a device whose counter
 * an earlier one raised is not taken for an old copy.  Not a
 * transaction: the card header, written after the factory transaction,
 * makes it count.
 */
int
uk_boot_format(uimkey_card *card)
{
	uint8_t m[UK_META_LEN];
	uint64_t seq;
	unsigned id;
	int has, r;

	if ((r = counter_get(card, &seq, &has)) != UK_OK)
		return r;
	txn_reset(card, seq, 0);
	if ((r = uk_io_erase(card, UK_JHDR_OFF,
	    UK_JHDR_LEN + UK_JDATA_LEN)) != UK_OK)
		return r;
	memset(m, 0, sizeof(m));
	uk_put_be64(m + UK_MAN_SEQ, seq);
	uk_put_be64(m + UK_MAN_COUNTER, seq);
	for (id = 0; id < UK_REC_COUNT; id++) {
		uk_man_set(m, id, seq);
		if ((r = uk_home_put(card, id, seq, NULL, 0)) != UK_OK)
			return r;
	}
	if ((r = uk_home_put(card, UK_META_ID, seq, m, sizeof(m))) != UK_OK)
		return r;
	return uk_io_flush(card);
}
