/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * From instruction byte to handler.  The card's commands come in areas
 * (core, credentials, keys, data objects, attestation, issuer lock,
 * secure messaging),
 * each a table in its own file; a handler appends its answer to
 * card->rsp and returns the status word.
 */
#ifndef UK_CARD_DISPATCH_H
#define UK_CARD_DISPATCH_H

#include <stddef.h>
#include <stdint.h>

#include "uk/apdu.h"
#include "card/card.h"

typedef uint16_t (*uk_ins_handler)(uimkey_card *card,
    const uk_apdu *apdu);

/* Flags of a table entry. */
#define UK_INS_NEEDS_PIV   0x01   /* only while PIV is selected */
#define UK_INS_MATCH_P2    0x02   /* only for the P2 (key reference) given */
/* Issuer lock: runs on a locked card too.  Every entry without it is
 * refused with 6283 while the issuer's lock holds (an allowlist: a new
 * command is locked out unless it says otherwise).  See card/include/uk/lock.h. */
#define UK_INS_WHILE_LOCKED 0x04

typedef struct {
	uint8_t ins;
	uint8_t flags;
	uint8_t p2;
	uk_ins_handler run;
} uk_ins_entry;

typedef struct {
	const uk_ins_entry *ins;
	size_t count;
	/* Put this area's factory state into the open transaction when a
	 * blank card is formatted (card->serial is set); NULL when none.
	 * Returns a status word: 9000 or why not. */
	uint16_t (*factory)(uimkey_card *card);
	/* Forget this area's volatile state of the channel the command
	 * came on, card->cur (SELECT; power, reset, RESET and an issuer's
	 * lock call it for every open channel); may be NULL. */
	void (*clear)(uimkey_card *card);
} uk_area;

/* The areas.  Their order does not matter: see uk_dispatch_find. */
extern const uk_area uk_area_core;   /* core_area.c */
extern const uk_area uk_area_auth;   /* auth_area.c: PIN, PUK, 9B */
extern const uk_area uk_area_keys;   /* key_area.c: key slots */
extern const uk_area uk_area_data;   /* obj_area.c: data objects */
extern const uk_area uk_area_attest; /* attest_area.c: attestation */
extern const uk_area uk_area_lock;   /* lock_area.c: issuer lock */
extern const uk_area uk_area_sm;     /* sm_area.c: secure messaging */

/*
 * The entry that answers ins with p2: an entry that names p2
 * (UK_INS_MATCH_P2) before one that takes every P2; NULL for none.  No
 * two entries may claim the same (ins, p2) in the same pass: the tables
 * are checked for that (tests/unit/test_dispatch.c), so the order of the
 * areas and of their tables decides nothing.
 */
const uk_ins_entry *uk_dispatch_find(uint8_t ins, uint8_t p2);

/* Every area, for checks of the tables; *count set. */
const uk_area *const *uk_dispatch_areas(size_t *count);

/* Run the handler of apdu->ins (CLA already checked). */
uint16_t uk_dispatch(uimkey_card *card, const uk_apdu *apdu);

/* Run every area's factory hook. */
uint16_t uk_dispatch_factory(uimkey_card *card);

/* Run every area's clear hook (for the channel card->cur). */
void uk_dispatch_clear(uimkey_card *card);

/* Check a GET RESPONSE: 9000 when the hold buffer keeps the rest of an
 * answer of the channel it came on. */
uint16_t uk_dispatch_get_response(uimkey_card *card,
    const uk_apdu *apdu);

#endif
