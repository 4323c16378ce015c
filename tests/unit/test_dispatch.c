/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The dispatcher's tables: no two entries claim the same (INS, P2) in the
 * same pass, so which entry answers a command depends on no order; and
 * the two-pass search answers every (INS, P2) as the ordered search over
 * the areas (core, auth, lock, sm, keys, data, attest) did.
 */
#include <stdio.h>

#include "tests/support/check.h"
#include "uk/dispatch.h"
#include "card/wire.h"

static int
claims(const uk_ins_entry *e, unsigned ins, unsigned p2, int pass)
{
	int named = (e->flags & UK_INS_MATCH_P2) != 0;

	return e->ins == ins && named == (pass == 0) && (!named || e->p2 == p2);
}

/* Pairs (INS, P2) claimed by more than one entry in one pass; the first
 * said when say. */
static unsigned
overlaps(const uk_area *const *areas, size_t n, int say)
{
	unsigned ins, p2, bad = 0;
	size_t a, i;
	int pass, hits;

	for (ins = 0; ins < 256; ins++)
		for (p2 = 0; p2 < 256; p2++)
			for (pass = 0; pass < 2; pass++) {
				hits = 0;
				for (a = 0; a < n; a++)
					for (i = 0; i < areas[a]->count; i++)
						hits += claims(&areas[a]->ins[i],
						    ins, p2, pass);
				if (hits > 1) {
					if (say && bad == 0)
						printf("# %02X/%02X claimed "
						    "%d times in pass %d\n",
						    ins, p2, hits, pass);
					bad++;
				}
			}
	return bad;
}

/* The search of earlier versions: areas in a fixed order, first entry
 * whose INS (and P2, if it names one) matches. */
static const uk_ins_entry *
ordered_find(unsigned ins, unsigned p2)
{
	static const uk_area *const order[] = {
		&uk_area_core, &uk_area_auth, &uk_area_lock, &uk_area_sm,
		&uk_area_keys, &uk_area_data, &uk_area_attest,
	};
	size_t a, i;

	for (a = 0; a < sizeof(order) / sizeof(order[0]); a++)
		for (i = 0; i < order[a]->count; i++) {
			const uk_ins_entry *e = &order[a]->ins[i];
			if (e->ins == ins && (!(e->flags & UK_INS_MATCH_P2) ||
			    e->p2 == p2))
				return e;
		}
	return NULL;
}

static uint16_t
never_run(uimkey_card *card, const uk_apdu *apdu)
{
	(void)card;
	(void)apdu;
	return UIMKEY_SW_OK;
}

/* Two areas that both claim F7 9A, and both every P2 of 87. */
static const uk_ins_entry clash_a[] = {
	{ 0xF7, UK_INS_MATCH_P2, 0x9A, never_run },
	{ 0x87, 0, 0, never_run },
};
static const uk_ins_entry clash_b[] = {
	{ 0xF7, UK_INS_MATCH_P2, 0x9A, never_run },
	{ 0x87, 0, 0, never_run },
};
static const uk_area clash_area_a = { clash_a, 2, NULL, NULL };
static const uk_area clash_area_b = { clash_b, 2, NULL, NULL };

int
main(void)
{
	const uk_area *const clash[] = { &clash_area_a, &clash_area_b };
	const uk_area *const *areas;
	unsigned ins, p2, differ = 0;
	size_t n;

	areas = uk_dispatch_areas(&n);
	check(n == 7, "seven areas");
	check(overlaps(areas, n, 1) == 0,
	    "no (INS, P2) is claimed twice in one pass");
	/* The check finds what it looks for: 256 P2s of 87, one F7 9A. */
	check(overlaps(clash, 2, 0) == 257,
	    "two tables that claim the same (INS, P2) are found out");

	for (ins = 0; ins < 256; ins++)
		for (p2 = 0; p2 < 256; p2++)
			if (uk_dispatch_find((uint8_t)ins, (uint8_t)p2) !=
			    ordered_find(ins, p2))
				differ++;
	check(differ == 0,
	    "every (INS, P2) answered by the entry of the ordered search");

	check(uk_dispatch_find(UIMKEY_INS_GET_METADATA, 0x9B) !=
	    uk_dispatch_find(UIMKEY_INS_GET_METADATA, 0x9A),
	    "GET METADATA 9B is the auth area's, 9A the keys area's");
	check(uk_dispatch_find(UIMKEY_INS_GET_METADATA, 0x5A) !=
	    uk_dispatch_find(UIMKEY_INS_GET_METADATA, 0x9A),
	    "GET METADATA 5A is the lock area's");
	check(uk_dispatch_find(UIMKEY_INS_GEN_AUTH, 0x9B) !=
	    uk_dispatch_find(UIMKEY_INS_GEN_AUTH, 0x9A),
	    "GENERAL AUTHENTICATE 9B is the auth area's");
	check(uk_dispatch_find(0x00, 0x00) == NULL, "INS 00 has no entry");
	return check_done();
}
