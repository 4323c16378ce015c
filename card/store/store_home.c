/* SPDX-License-Identifier: BSD-2-Clause */
#include <string.h>

#include "codec/crc32.h"
#include "store_home.h"
#include "store_io.h"
#include "store_layout.h"
#include "codec/bytes.h"

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

static void
encode(uint8_t *p, unsigned id, uint32_t epoch, uint32_t len, uint32_t crc)
{
	uk_put_be32(p, id);
	uk_put_be32(p + UK_HOME_HDR_EPOCH, epoch);
	uk_put_be32(p + UK_HOME_HDR_LEN_AT, len);
	uk_put_be32(p + UK_HOME_HDR_CRC, crc);
}

uint32_t
uk_home_crc0(unsigned id, uint32_t epoch, uint32_t len)
{
	uint8_t p[UK_HOME_HDR_LEN];

	encode(p, id, epoch, len, 0);
	return uk_crc32(0, p, UK_HOME_HDR_CRC);
}

int
uk_home_crc(uimkey_card *card, unsigned id, uint32_t epoch,
    uint32_t len, uint32_t *crc)
{
	*crc = uk_home_crc0(id, epoch, len);
	return uk_io_crc(card, uk_home_off(id) + UK_HOME_HDR_LEN,
	    len, crc);
}

int
uk_home_load(uimkey_card *card, unsigned id, uk_home_hdr *h)
{
	uint8_t p[UK_HOME_HDR_LEN];
	int r;

	if ((r = uk_io_get(card, uk_home_off(id), p, sizeof(p))) !=
	    UK_OK)
		return r;
	h->id = uk_get_be32(p);
	h->epoch = uk_get_be32(p + UK_HOME_HDR_EPOCH);
	h->len = uk_get_be32(p + UK_HOME_HDR_LEN_AT);
	h->crc = uk_get_be32(p + UK_HOME_HDR_CRC);
	if (h->id != id || h->len > uk_home_cap(id))
		return UK_ERR_CORRUPT;
	return UK_OK;
}

int
uk_home_check(uimkey_card *card, unsigned id, uk_home_hdr *h)
{
	uint32_t crc;
	int r;

	if ((r = uk_home_load(card, id, h)) != UK_OK ||
	    (r = uk_home_crc(card, id, h->epoch, h->len, &crc)) !=
	    UK_OK)
		return r;
	return crc == h->crc ? UK_OK : UK_ERR_CORRUPT;
}

int
uk_home_set(uimkey_card *card, unsigned id, uint32_t epoch,
    uint32_t len, uint32_t crc)
{
	uint8_t p[UK_HOME_HDR_LEN];

	encode(p, id, epoch, len, crc);
	return uk_io_put(card, uk_home_off(id), p, sizeof(p));
}

int
uk_home_erase(uimkey_card *card, unsigned id, uint32_t epoch)
{
	uint8_t want[UK_HOME_HDR_LEN], have[UK_HOME_HDR_LEN];
	size_t off = uk_home_off(id);
	int r;

	/* Content first: once the empty header is there, nothing of the
	 * old content may be left behind it. */
	if ((r = uk_io_erase(card, off + UK_HOME_HDR_LEN,
	    uk_home_cap(id))) != UK_OK ||
	    (r = uk_io_get(card, off, have, sizeof(have))) != UK_OK)
		return r;
	encode(want, id, epoch, 0, uk_home_crc0(id, epoch, 0));
	if (memcmp(want, have, sizeof(want)) == 0)
		return UK_OK;
	return uk_io_put(card, off, want, sizeof(want));
}

int
uk_home_put(uimkey_card *card, unsigned id, uint32_t epoch,
    const uint8_t *data, size_t len)
{
	size_t off = uk_home_off(id) + UK_HOME_HDR_LEN;
	uint32_t crc = uk_home_crc0(id, epoch, (uint32_t)len);
	int r;

	crc = uk_crc32(crc, data, len);
	if ((r = uk_io_put(card, off, data, len)) != UK_OK ||
	    (r = uk_io_erase(card, off + len, uk_home_cap(id) - len)) !=
	    UK_OK)
		return r;
	return uk_home_set(card, id, epoch, (uint32_t)len, crc);
}

int
uk_home_epoch(uimkey_card *card, uint32_t *epoch)
{
	uk_home_hdr h;
	uint8_t v[UK_META_LEN];
	int r;

	if ((r = uk_home_check(card, UK_META_ID, &h)) != UK_OK ||
	    (r = uk_io_get(card, UK_META_OFF + UK_HOME_HDR_LEN, v,
	    sizeof(v))) != UK_OK)
		return r;
	*epoch = uk_get_be32(v);
	if (h.len != UK_META_LEN || h.epoch != *epoch || *epoch == 0)
		return UK_ERR_CORRUPT;
	return UK_OK;
}
