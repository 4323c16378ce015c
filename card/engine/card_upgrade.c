/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A store of format 1 made a store of this format (uimkey_card_upgrade):
 * every old record checked first, then a new card with the old serial,
 * its records converted (credentials and keys) or copied (the issuer's
 * lock state and the data objects, whose layouts did not change).
 */
#include <string.h>

#include "card_start.h"
#include "upgrade_v1.h"
#include "uk/auth.h"
#include "uk/keys.h"
#include "uk/store.h"
#include "codec/bytes.h"

/* Every record's CRC before anything is written: a damaged store is
 * refused whole, not half carried over. */
static int
check_all(const uk_v1_store *old, uint8_t *buf)
{
	size_t len;
	unsigned id;
	int r = UK_OK;

	for (id = 0; id < UK_REC_COUNT && r == UK_OK; id++)
		r = uk_v1_read(old, id, buf, &len);
	uk_wipe(buf, UK_V1_REC_MAX);
	return r;
}

static int
move_one(uimkey_card *card, unsigned id, const uint8_t *rec, size_t len)
{
	if (id == UK_REC_CRED)
		return uk_auth_upgrade(card, rec, len);
	if (id >= UK_REC_KEY0 && id < UK_REC_OBJ0 && len != 0)
		return uk_key_upgrade(card, (int)(id - UK_REC_KEY0), rec, len);
	/* Absent in the old store: the factory's record goes too. */
	return uk_rec_write(card, id, rec, len);
}

static int
result(int r)
{
	switch (r) {
	case UK_OK:
		return UIMKEY_CARD_OK;
	case UK_ERR_CORRUPT:
		return UIMKEY_CARD_ERR_CORRUPT;
	case UK_ERR_ARG:
	case UK_ERR_FULL:
		return UIMKEY_CARD_ERR_FORMAT;
	case UK_ERR_CRYPTO:
		return UIMKEY_CARD_ERR_RNG;
	default:
		return UIMKEY_CARD_ERR_STORE;
	}
}

static int
fill(uimkey_card *card, void *ctx)
{
	const uk_v1_store *old = ctx;
	uint8_t buf[UK_V1_REC_MAX];
	size_t len = 0;
	unsigned id;
	int r = UK_OK;

	/* The credentials first: the keys then go under their KP. */
	for (id = 0; id < UK_REC_COUNT && r == UK_OK; id++)
		if ((r = uk_v1_read(old, id, buf, &len)) == UK_OK)
			r = move_one(card, id, buf, len);
	uk_wipe(buf, sizeof(buf));
	uk_auth_forget_kp(card);
	return result(r);
}

int
uimkey_card_upgrade(uimkey_card *card, const uimkey_memory_class **old,
    const uimkey_memory_class **store, const uimkey_rng_class **rng,
    const uimkey_device_class **device)
{
	uint8_t buf[UK_V1_REC_MAX];
	uk_v1_store v1;
	int r;

	memset(card, 0, sizeof(*card));
	if ((r = uk_v1_open(&v1, old)) == UK_OK)
		r = check_all(&v1, buf);
	if (r != UK_OK)
		return result(r);
	return uk_card_start(card, store, rng, device, v1.serial, fill, &v1);
}
