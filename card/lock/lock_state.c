/* SPDX-License-Identifier: BSD-2-Clause */
/* The issuer lock record: its layout is in lock_state.h. */
#include <string.h>

#include "lock_state.h"
#include "uk/store.h"
#include "codec/bytes.h"

_Static_assert(UIMKEY_LOCK_REC_LEN <= UIMKEY_REC_ISSUER_MAX,
    "the lock record fits its place");

uint16_t
uimkey_lock_load(uimkey_card *card, uimkey_lock_state *st)
{
	uint8_t rec[UIMKEY_REC_ISSUER_MAX];
	size_t len;
	uint8_t flags;

	memset(st, 0, sizeof(*st));
	if (uimkey_rec_read(card, UIMKEY_REC_ISSUER, rec, sizeof(rec), &len) !=
	    UIMKEY_REC_OK)
		return UIMKEY_SW_MEMORY_FAILURE;
	if (len == 0)
		return UIMKEY_SW_OK;
	flags = rec[UIMKEY_LOCK_OFF_FLAGS];
	/* Anything but the layout we write is damage: never guess
	 * "unlocked". */
	if (len != UIMKEY_LOCK_REC_LEN ||
	    rec[UIMKEY_LOCK_OFF_VERSION] != UIMKEY_LOCK_VERSION ||
	    (flags & ~UIMKEY_LOCK_F_ALL) != 0 ||
	    rec[UIMKEY_LOCK_OFF_ISSUER] != 0x04)
		return UIMKEY_SW_MEMORY_FAILURE;
	st->installed = 1;
	st->locked = (flags & UIMKEY_LOCK_F_LOCKED) != 0;
	st->counter = uimkey_get_be32(rec + UIMKEY_LOCK_OFF_COUNTER);
	memcpy(st->issuer, rec + UIMKEY_LOCK_OFF_ISSUER, UIMKEY_LOCK_POINT_LEN);
	return UIMKEY_SW_OK;
}

uint16_t
uimkey_lock_put(uimkey_card *card, const uimkey_lock_state *st)
{
	uint8_t rec[UIMKEY_LOCK_REC_LEN];

	rec[UIMKEY_LOCK_OFF_VERSION] = UIMKEY_LOCK_VERSION;
	rec[UIMKEY_LOCK_OFF_FLAGS] = st->locked ? UIMKEY_LOCK_F_LOCKED : 0;
	uimkey_put_be32(rec + UIMKEY_LOCK_OFF_COUNTER, st->counter);
	memcpy(rec + UIMKEY_LOCK_OFF_ISSUER, st->issuer, UIMKEY_LOCK_POINT_LEN);
	return uimkey_txn_put(card, UIMKEY_REC_ISSUER, rec, sizeof(rec)) ==
	    UIMKEY_REC_OK ? UIMKEY_SW_OK : UIMKEY_SW_MEMORY_FAILURE;
}

uint8_t
uimkey_lock_state_byte(const uimkey_lock_state *st)
{
	if (!st->installed)
		return UIMKEY_LOCK_STATE_NONE;
	return st->locked ? UIMKEY_LOCK_STATE_LOCKED :
	    UIMKEY_LOCK_STATE_UNLOCKED;
}
