/* SPDX-License-Identifier: BSD-2-Clause */
#include <stddef.h>

#include "uk/dispatch.h"
#include "uk/lock.h"
#include "card/wire.h"

/* The lock area comes before the keys area: its GET METADATA 5A entry
 * must be found before the keys area's catch-all F7. */
static const uk_area *const areas[] = {
	&uk_area_core, &uk_area_auth, &uk_area_lock,
	&uk_area_keys, &uk_area_data, &uk_area_attest,
};
#define AREA_COUNT (sizeof(areas) / sizeof(areas[0]))

uint16_t
uk_dispatch(uimkey_card *card, const uk_apdu *apdu)
{
	size_t a, i;
	uint16_t sw;

	for (a = 0; a < AREA_COUNT; a++) {
		for (i = 0; i < areas[a]->count; i++) {
			const uk_ins_entry *e = &areas[a]->ins[i];
			if (e->ins != apdu->ins)
				continue;
			if ((e->flags & UK_INS_MATCH_P2) && e->p2 != apdu->p2)
				continue;
			if ((e->flags & UK_INS_NEEDS_PIV) && !card->piv_selected)
				return UIMKEY_SW_CONDITIONS;
			/* The issuer lock's gate: refused before the handler
			 * runs, so no retry counter or other state moves. */
			if (!(e->flags & UK_INS_WHILE_LOCKED) &&
			    (sw = uk_lock_gate(card)) != UIMKEY_SW_OK)
				return sw;
			return e->run(card, apdu);
		}
	}
	return UIMKEY_SW_INS_UNSUPP;
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
	if (uk_rsp_left(&card->rsp) == 0)
		return UIMKEY_SW_CONDITIONS;
	return UIMKEY_SW_OK;
}
