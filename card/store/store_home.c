/* SPDX-License-Identifier: BSD-2-Clause */
#include <string.h>

#include "codec/bytes.h"
#include "store_home.h"
#include "store_io.h"
#include "store_layout.h"

size_t
uk_home_cap(unsigned id)
{
	return id == UK_META_ID ? UK_META_LEN : uk_rec_cap(id);
}

size_t
uk_home_off(unsigned id)
{
	if (id == UK_META_ID)
		return UK_META_OFF;
	if (id >= UK_REC_OBJ0)
		return UK_OBJS_OFF + (id - UK_REC_OBJ0) *
		    (size_t)UK_OBJ_ROOM;
	if (id >= UK_REC_KEY0)
		return UK_KEYS_OFF + (id - UK_REC_KEY0) *
		    (size_t)UK_KEY_ROOM;
	if (id == UK_REC_ISSUER)
		return UK_RECS_OFF + UK_HOME_HDR_LEN +
		    UK_REC_CRED_MAX;
	return UK_RECS_OFF;
}

int
uk_home_load(uimkey_card *card, unsigned id, uk_image *im)
{
	uint8_t p[UK_HOME_HDR_LEN];
	int r;

	if ((r = uk_io_get(card, uk_home_off(id), p, sizeof(p))) != UK_OK)
		return r;
	uk_image_decode(p, im);
	return im->len > uk_home_cap(id) ? UK_ERR_CORRUPT : UK_OK;
}

int
uk_home_open(uimkey_card *card, unsigned id, uk_image *im, uint8_t *out)
{
	int r;

	if ((r = uk_home_load(card, id, im)) != UK_OK)
		return r;
	return uk_image_open(card, uk_home_off(id) + UK_HOME_HDR_LEN, id,
	    im, out);
}

int
uk_home_check(uimkey_card *card, uk_aead *a, unsigned id, uk_image *im)
{
	int r;

	if ((r = uk_home_load(card, id, im)) != UK_OK)
		return r;
	return uk_image_check(card, a, uk_home_off(id) + UK_HOME_HDR_LEN, id,
	    im);
}

int
uk_home_set(uimkey_card *card, unsigned id, const uk_image *im)
{
	uint8_t p[UK_HOME_HDR_LEN];

	uk_image_encode(p, im);
	return uk_io_put(card, uk_home_off(id), p, sizeof(p));
}

int
uk_home_put(uimkey_card *card, unsigned id, uint64_t version,
    const uint8_t *data, size_t len)
{
	size_t off = uk_home_off(id) + UK_HOME_HDR_LEN;
	uk_image im;
	int r;

	if ((r = uk_image_seal(card, off, id, version, data, len, &im)) !=
	    UK_OK ||
	    (r = uk_io_erase(card, off + len, uk_home_cap(id) - len)) !=
	    UK_OK)
		return r;
	return uk_home_set(card, id, &im);
}

int
uk_man_load(uimkey_card *card, uint8_t *m)
{
	uk_image im;
	int r;

	if ((r = uk_home_open(card, UK_META_ID, &im, m)) != UK_OK)
		return r;
	if (im.len != UK_META_LEN ||
	    uk_get_be64(m + UK_MAN_SEQ) != im.version) {
		uk_wipe(m, UK_META_LEN);
		return UK_ERR_CORRUPT;
	}
	return UK_OK;
}

uint64_t
uk_man_get(const uint8_t *m, unsigned id)
{
	return uk_get_be64(m + UK_MAN_VERSIONS + (size_t)id * UK_SEQ_LEN);
}

void
uk_man_set(uint8_t *m, unsigned id, uint64_t version)
{
	uk_put_be64(m + UK_MAN_VERSIONS + (size_t)id * UK_SEQ_LEN, version);
}
