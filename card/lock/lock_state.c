/* SPDX-License-Identifier: BSD-2-Clause */
/* The issuer lock record: its layout is in lock_state.h. */
#include <string.h>

#include "lock_state.h"
#include "uk/store.h"
#include "codec/bytes.h"

_Static_assert(UK_LOCK_REC_LEN <= UK_REC_ISSUER_MAX,
    "the lock record fits its place");

uint16_t
uk_lock_load(uimkey_card *card, uk_lock_state *st)
{
	uint8_t rec[UK_REC_ISSUER_MAX];
	size_t len;
	uint8_t flags;

	memset(st, 0, sizeof(*st));
	if (uk_rec_read(card, UK_REC_ISSUER, rec, sizeof(rec), &len) !=
	    UK_OK)
		return UIMKEY_SW_MEMORY_FAILURE;
	if (len == 0)
		return UIMKEY_SW_OK;
	flags = rec[UK_LOCK_OFF_FLAGS];
	/* Anything but the layout we write is damage: never guess
	 * "unlocked". */
	if (len != UK_LOCK_REC_LEN ||
	    rec[UK_LOCK_OFF_VERSION] != UK_LOCK_VERSION ||
	    (flags & ~UK_LOCK_F_ALL) != 0 ||
	    rec[UK_LOCK_OFF_ISSUER] != 0x04)
		return UIMKEY_SW_MEMORY_FAILURE;
	st->installed = 1;
	st->locked = (flags & UK_LOCK_F_LOCKED) != 0;
	st->counter = uk_get_be32(rec + UK_LOCK_OFF_COUNTER);
	memcpy(st->issuer, rec + UK_LOCK_OFF_ISSUER, UIMKEY_LOCK_POINT_LEN);
	return UIMKEY_SW_OK;
}

uint16_t
uk_lock_commit(uimkey_card *card, const uk_lock_state *st)
{
	uint8_t rec[UK_LOCK_REC_LEN];

	rec[UK_LOCK_OFF_VERSION] = UK_LOCK_VERSION;
	rec[UK_LOCK_OFF_FLAGS] = st->locked ? UK_LOCK_F_LOCKED : 0;
	uk_put_be32(rec + UK_LOCK_OFF_COUNTER, st->counter);
	memcpy(rec + UK_LOCK_OFF_ISSUER, st->issuer, UIMKEY_LOCK_POINT_LEN);
	return uk_rec_write(card, UK_REC_ISSUER, rec, sizeof(rec)) ==
	    UK_OK ? UIMKEY_SW_OK : UIMKEY_SW_MEMORY_FAILURE;
}

uint8_t
uk_lock_state_byte(const uk_lock_state *st)
{
	if (!st->installed)
		return UIMKEY_LOCK_STATE_NONE;
	return st->locked ? UIMKEY_LOCK_STATE_LOCKED :
	    UIMKEY_LOCK_STATE_UNLOCKED;
}
