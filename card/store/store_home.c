/* SPDX-License-Identifier: BSD-2-Clause */
#include <string.h>

#include "codec/crc32.h"
#include "store_home.h"
#include "store_io.h"
#include "store_layout.h"
#include "codec/bytes.h"

size_t
uimkey_home_cap(unsigned id)
{
	return id == UIMKEY_META_ID ? UIMKEY_META_LEN : uimkey_rec_cap(id);
}

size_t
uimkey_home_off(unsigned id)
{
	if (id == UIMKEY_META_ID)
		return UIMKEY_META_OFF;
	if (id >= UIMKEY_REC_OBJ0)
		return UIMKEY_OBJS_OFF + (id - UIMKEY_REC_OBJ0) *
		    (size_t)UIMKEY_OBJ_ROOM;
	if (id >= UIMKEY_REC_KEY0)
		return UIMKEY_KEYS_OFF + (id - UIMKEY_REC_KEY0) *
		    (size_t)UIMKEY_KEY_ROOM;
	if (id == UIMKEY_REC_ISSUER)
		return UIMKEY_RECS_OFF + UIMKEY_HOME_HDR_LEN +
		    UIMKEY_REC_CRED_MAX;
	return UIMKEY_RECS_OFF;
}

static void
encode(uint8_t *p, unsigned id, uint32_t epoch, uint32_t len, uint32_t crc)
{
	uimkey_put_be32(p, id);
	uimkey_put_be32(p + UIMKEY_HOME_HDR_EPOCH, epoch);
	uimkey_put_be32(p + UIMKEY_HOME_HDR_LEN_AT, len);
	uimkey_put_be32(p + UIMKEY_HOME_HDR_CRC, crc);
}

uint32_t
uimkey_home_crc0(unsigned id, uint32_t epoch, uint32_t len)
{
	uint8_t p[UIMKEY_HOME_HDR_LEN];

	encode(p, id, epoch, len, 0);
	return uimkey_crc32(0, p, UIMKEY_HOME_HDR_CRC);
}

int
uimkey_home_crc(uimkey_card *card, unsigned id, uint32_t epoch,
    uint32_t len, uint32_t *crc)
{
	*crc = uimkey_home_crc0(id, epoch, len);
	return uimkey_io_crc(card, uimkey_home_off(id) + UIMKEY_HOME_HDR_LEN,
	    len, crc);
}

int
uimkey_home_load(uimkey_card *card, unsigned id, uimkey_home_hdr *h)
{
	uint8_t p[UIMKEY_HOME_HDR_LEN];
	int r;

	if ((r = uimkey_io_get(card, uimkey_home_off(id), p, sizeof(p))) !=
	    UIMKEY_REC_OK)
		return r;
	h->id = uimkey_get_be32(p);
	h->epoch = uimkey_get_be32(p + UIMKEY_HOME_HDR_EPOCH);
	h->len = uimkey_get_be32(p + UIMKEY_HOME_HDR_LEN_AT);
	h->crc = uimkey_get_be32(p + UIMKEY_HOME_HDR_CRC);
	if (h->id != id || h->len > uimkey_home_cap(id))
		return UIMKEY_REC_ERR_CORRUPT;
	return UIMKEY_REC_OK;
}

int
uimkey_home_check(uimkey_card *card, unsigned id, uimkey_home_hdr *h)
{
	uint32_t crc;
	int r;

	if ((r = uimkey_home_load(card, id, h)) != UIMKEY_REC_OK ||
	    (r = uimkey_home_crc(card, id, h->epoch, h->len, &crc)) !=
	    UIMKEY_REC_OK)
		return r;
	return crc == h->crc ? UIMKEY_REC_OK : UIMKEY_REC_ERR_CORRUPT;
}

int
uimkey_home_set(uimkey_card *card, unsigned id, uint32_t epoch,
    uint32_t len, uint32_t crc)
{
	uint8_t p[UIMKEY_HOME_HDR_LEN];

	encode(p, id, epoch, len, crc);
	return uimkey_io_put(card, uimkey_home_off(id), p, sizeof(p));
}

int
uimkey_home_erase(uimkey_card *card, unsigned id, uint32_t epoch)
{
	uint8_t want[UIMKEY_HOME_HDR_LEN], have[UIMKEY_HOME_HDR_LEN];
	size_t off = uimkey_home_off(id);
	int r;

	/* Content first: once the empty header is there, nothing of the
	 * old content may be left behind it. */
	if ((r = uimkey_io_erase(card, off + UIMKEY_HOME_HDR_LEN,
	    uimkey_home_cap(id))) != UIMKEY_REC_OK ||
	    (r = uimkey_io_get(card, off, have, sizeof(have))) != UIMKEY_REC_OK)
		return r;
	encode(want, id, epoch, 0, uimkey_home_crc0(id, epoch, 0));
	if (memcmp(want, have, sizeof(want)) == 0)
		return UIMKEY_REC_OK;
	return uimkey_io_put(card, off, want, sizeof(want));
}

int
uimkey_home_put(uimkey_card *card, unsigned id, uint32_t epoch,
    const uint8_t *data, size_t len)
{
	size_t off = uimkey_home_off(id) + UIMKEY_HOME_HDR_LEN;
	uint32_t crc = uimkey_home_crc0(id, epoch, (uint32_t)len);
	int r;

	crc = uimkey_crc32(crc, data, len);
	if ((r = uimkey_io_put(card, off, data, len)) != UIMKEY_REC_OK ||
	    (r = uimkey_io_erase(card, off + len, uimkey_home_cap(id) - len)) !=
	    UIMKEY_REC_OK)
		return r;
	return uimkey_home_set(card, id, epoch, (uint32_t)len, crc);
}

int
uimkey_home_epoch(uimkey_card *card, uint32_t *epoch)
{
	uimkey_home_hdr h;
	uint8_t v[UIMKEY_META_LEN];
	int r;

	if ((r = uimkey_home_check(card, UIMKEY_META_ID, &h)) != UIMKEY_REC_OK ||
	    (r = uimkey_io_get(card, UIMKEY_META_OFF + UIMKEY_HOME_HDR_LEN, v,
	    sizeof(v))) != UIMKEY_REC_OK)
		return r;
	*epoch = uimkey_get_be32(v);
	if (h.len != UIMKEY_META_LEN || h.epoch != *epoch || *epoch == 0)
		return UIMKEY_REC_ERR_CORRUPT;
	return UIMKEY_REC_OK;
}
