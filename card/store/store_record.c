/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Reading records (uk/store.h): reads go to the records at home, which
 * hold the committed state, and decrypt and authenticate them.  Writing
 * is store_txn.c's.
 */
#include <string.h>

#include "uk/store.h"
#include "store_crypt.h"
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
 * The image header of a committed record.  Its version cannot be newer
 * than the last commit: all of it is authenticated at start and by each
 * read.
 */
static int
load_current(uimkey_card *card, unsigned id, uk_image *im)
{
	int r;

	if (uk_rec_cap(id) == 0)
		return UK_ERR_ARG;
	if ((r = uk_journal_settle(card)) != UK_OK ||
	    (r = uk_home_load(card, id, im)) != UK_OK)
		return r;
	return im->version > card->txn.seq ? UK_ERR_CORRUPT : UK_OK;
}

int
uk_rec_read(uimkey_card *card, unsigned id, uint8_t *buf, size_t cap,
    size_t *len)
{
	uk_image im;
	int r;

	*len = 0;
	if ((r = load_current(card, id, &im)) != UK_OK)
		return r;
	if (im.len > cap)
		return UK_ERR_ARG;
	if ((r = uk_image_open(card, uk_home_off(id) + UK_HOME_HDR_LEN, id,
	    &im, buf)) != UK_OK)
		return r;
	*len = im.len;
	return UK_OK;
}

long
uk_rec_len(uimkey_card *card, unsigned id)
{
	uk_image im;
	int r;

	if ((r = load_current(card, id, &im)) != UK_OK)
		return r;
	return (long)im.len;
}
