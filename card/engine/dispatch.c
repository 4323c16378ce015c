/* SPDX-License-Identifier: BSD-2-Clause */
#include <stddef.h>

#include "uk/channel.h"
#include "uk/dispatch.h"
#include "uk/lock.h"
#include "uk/rsp.h"
#include "card/wire.h"

/* In no particular order: which entry answers a command does not depend
 * on it (uk_dispatch_find). */
static const uk_area *const areas[] = {
	&uk_area_core, &uk_area_auth, &uk_area_lock,
	&uk_area_keys, &uk_area_data, &uk_area_attest, &uk_area_sm,
};
#define AREA_COUNT (sizeof(areas) / sizeof(areas[0]))

const uk_area *const *
uk_dispatch_areas(size_t *count)
{
	*count = AREA_COUNT;
	return areas;
}

/* The entry of pass 0 (those that name their P2) or pass 1 (those that
 * take every P2) for ins and p2, or NULL. */
static const uk_ins_entry *
find_in_pass(uint8_t ins, uint8_t p2, int pass)
{
	size_t a, i;

	for (a = 0; a < AREA_COUNT; a++) {
		for (i = 0; i < areas[a]->count; i++) {
			const uk_ins_entry *e = &areas[a]->ins[i];
			int named = (e->flags & UK_INS_MATCH_P2) != 0;

			if (e->ins != ins || named != (pass == 0))
				continue;
			if (named && e->p2 != p2)
				continue;
			return e;
		}
	}
	return NULL;
}

const uk_ins_entry *
uk_dispatch_find(uint8_t ins, uint8_t p2)
{
	const uk_ins_entry *e = find_in_pass(ins, p2, 0);

	return e != NULL ? e : find_in_pass(ins, p2, 1);
}

uint16_t
uk_dispatch(uimkey_card *card, const uk_apdu *apdu)
{
	const uk_ins_entry *e = uk_dispatch_find(apdu->ins, apdu->p2);
	uint16_t sw;

	if (e == NULL)
		return UIMKEY_SW_INS_UNSUPP;
	if ((e->flags & UK_INS_NEEDS_PIV) &&
	    !UK_CHANNEL(card)->piv_selected)
		return UIMKEY_SW_CONDITIONS;
	/* The issuer lock's gate: refused before the handler runs, so no
	 * retry counter or other state moves. */
	if (!(e->flags & UK_INS_WHILE_LOCKED) &&
	    (sw = uk_lock_gate(card)) != UIMKEY_SW_OK)
		return sw;
	return e->run(card, apdu);
}

uint16_t
uk_dispatch_factory(uimkey_card *card)
{
	uint16_t sw;
	size_t a;

	for (a = 0; a < AREA_COUNT; a++) {
		if (areas[a]->factory == NULL)
			continue;
		if ((sw = areas[a]->factory(card)) != UIMKEY_SW_OK)
			return sw;
	}
	return UIMKEY_SW_OK;
}

void
uk_dispatch_clear(uimkey_card *card)
{
	size_t a;

	for (a = 0; a < AREA_COUNT; a++)
		if (areas[a]->clear != NULL)
			areas[a]->clear(card);
}

uint16_t
uk_dispatch_get_response(uimkey_card *card, const uk_apdu *apdu)
{
	if (apdu->p1 != 0 || apdu->p2 != 0)
		return UIMKEY_SW_WRONG_P1P2;
	if (apdu->lc != 0)
		return UIMKEY_SW_WRONG_LENGTH;
	/* Nothing of this channel's: nothing pending, or it was taken by
	 * another channel (uk_hold_take). */
	if (!uk_hold_is(card, card->cur, UK_HOLD_ANSWER))
		return UIMKEY_SW_CONDITIONS;
	return UIMKEY_SW_OK;
}
