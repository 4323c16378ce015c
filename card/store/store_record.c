/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Reading records (uk/store.h): reads go to the records at home, which
 * hold the committed state.  Writing is store_txn.c's.
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
uk_rec_cap(unsigned id)
{
	if (id == UK_REC_CRED)
		return UK_REC_CRED_MAX;
	if (id == UK_REC_ISSUER)
		return UK_REC_ISSUER_MAX;
	if (id >= UK_REC_KEY0 && id < UK_REC_OBJ0)
		return UK_REC_KEY_MAX;
	if (id >= UK_REC_OBJ0 && id < UK_REC_COUNT)
		return UK_REC_OBJ_MAX;
	return 0;
}

/*
 * The header of a committed record: *present is 0 for a record of an
 * older epoch (emptied by a reset whose erasure is still due).
 */
static int
load_current(uimkey_card *card, unsigned id, uk_home_hdr *h,
    int *present)
{
	int r;

	*present = 0;
	if (uk_rec_cap(id) == 0)
		return UK_ERR_ARG;
	if ((r = uk_journal_settle(card)) != UK_OK ||
	    (r = uk_home_load(card, id, h)) != UK_OK)
		return r;
	if (h->epoch > card->txn.epoch)
		return UK_ERR_CORRUPT;
	*present = h->epoch == card->txn.epoch;
	return UK_OK;
}

int
uk_rec_read(uimkey_card *card, unsigned id, uint8_t *buf, size_t cap,
    size_t *len)
{
	uk_home_hdr h;
	int present, r;

	*len = 0;
	if ((r = load_current(card, id, &h, &present)) != UK_OK ||
	    !present)
		return r;
	if (h.len > cap)
		return UK_ERR_ARG;
	if ((r = uk_io_get(card, uk_home_off(id) + UK_HOME_HDR_LEN,
	    buf, h.len)) != UK_OK)
		goto fail;
	if (uk_crc32(uk_home_crc0(id, h.epoch, h.len), buf, h.len) !=
	    h.crc) {
		r = UK_ERR_CORRUPT;
		goto fail;
	}
	*len = h.len;
	return UK_OK;
fail:
	uk_wipe(buf, h.len);
	return r;
}

long
uk_rec_len(uimkey_card *card, unsigned id)
{
	uk_home_hdr h;
	int present, r;

	if ((r = load_current(card, id, &h, &present)) != UK_OK)
		return r;
	return present ? (long)h.len : 0;
}
