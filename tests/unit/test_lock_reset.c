/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The issuer lock against RESET and failing stores: RESET is refused
 * while locked even with PIN and PUK blocked; after an unlock it runs,
 * takes the keys but keeps the issuer key and the counter, so the card
 * can be neither unbound nor rolled back; a store that fails during
 * INSTALL or APPLY answers 6581 and keeps the old state (or, past the
 * commit point, answers 9000 with the new one); a lock record not of the
 * card's layout makes the card fail closed (6581), never "unlocked".
 */
#include "tests/unit/test_lock_card.h"
#include "tests/support/test_device.h"

#include "uk/store.h"

static void
block_pin_and_puk(void)
{
	int ok = verify("999999") == 0x63C2 && verify("999999") == 0x63C1 &&
	    verify("999999") == 0x63C0;

	ok = ok && reset_retry("99999999", "654879") == 0x63C2 &&
	    reset_retry("99999999", "654879") == 0x63C1 &&
	    reset_retry("99999999", "654879") == 0x63C0;
	check(ok, "PIN and PUK blocked by wrong tries");
}

static void
test_reset(void)
{
	uint8_t *photo;

	ready_card();
	block_pin_and_puk();
	check(apply_token(serial(), UIMKEY_LOCK_ACTION_LOCK, LT_START + 1) ==
	    0x9000, "locked (counter 101)");
	photo = store_photo();
	check(xchg("00 FB 00 00", "62 83") && store_same(photo),
	    "RESET of a locked card with PIN and PUK blocked: 6283, nothing "
	    "written (a thief cannot wipe and reuse it)");
	check(apply_token(serial(), UIMKEY_LOCK_ACTION_UNLOCK, LT_START + 2) ==
	    0x9000, "unlocked by the issuer (counter 102)");
	check(xchg("00 FB 00 00", "90 00"), "RESET of the unlocked card: 9000");
	check(lock_meta_is(UIMKEY_LOCK_STATE_UNLOCKED, LT_START + 2) &&
	    pin_meta_is(UIMKEY_LOCK_STATE_UNLOCKED, LT_START + 2),
	    "after RESET: the issuer key and counter 102 are still there");
	check(xchg("00 F7 00 9A", "6A 88") &&
	    xchg("00 CB 3F FF 05 5C 03 5F C1 05", "6A 82") &&
	    sw_of("00 F7 00 F9") == 0x9000,
	    "...while 9A's key and certificate are gone (F9 kept)");
	check(admin_default() == 0x9000 && own_mgmt_key() == 0x9000 &&
	    install(&rogue, 1) == 0x6985 && install(&iss, 1) == 0x6985,
	    "after RESET (factory management key again), and with a new "
	    "management key, INSTALL ISSUER KEY is still refused: 6985");
	check(apply_token(serial(), UIMKEY_LOCK_ACTION_UNLOCK, LT_START + 1) ==
	    0x6984, "an old token is still stale after RESET: 6984");
	check(apply_token(serial(), UIMKEY_LOCK_ACTION_LOCK, LT_START + 3) ==
	    0x9000 && xchg("00 20 00 80", "62 83"),
	    "the issuer still locks the reset card (counter 103)");
}

static void
test_reset_never_locked(void)
{
	ready_card();
	block_pin_and_puk();
	check(xchg("00 FB 00 00", "90 00") &&
	    lock_meta_is(UIMKEY_LOCK_STATE_UNLOCKED, LT_START),
	    "RESET of a bound card never locked keeps issuer and counter 100");
}

/* Sync number fail_at of the command fails: 6581 and the old state, or
 * (past the commit point) 9000 and the new. */
static void
test_store_failures(void)
{
	unsigned k, refused = 0, bad = 0, done = 0;
	uint16_t sw;
	char msg[160];

	for (k = 1; k <= 5; k++) {
		ready_card();
		spy_arm(k, 0);
		sw = apply_token(serial(), UIMKEY_LOCK_ACTION_LOCK,
		    LT_START + 1);
		spy_arm(0, 0);
		if (sw == 0x6581) {
			refused++;
			bad += !lock_meta_is(UIMKEY_LOCK_STATE_UNLOCKED,
			    LT_START) || !xchg("00 20 00 80", "63 C3");
			bad += apply_token(serial(), UIMKEY_LOCK_ACTION_LOCK,
			    LT_START + 1) != 0x9000;
		} else if (sw == 0x9000) {
			done++;
			bad += !lock_meta_is(UIMKEY_LOCK_STATE_LOCKED,
			    LT_START + 1);
		} else {
			bad++;
		}
		uimkey_card_power_off(&card);
		bad += uimkey_card_init(&card, &spy->m.vtable, &rng.vtable,
	    test_device_default()) !=
		    UIMKEY_CARD_OK;
		uimkey_card_power_on(&card);
		bad += !lock_meta_is(UIMKEY_LOCK_STATE_LOCKED, LT_START + 1);
	}
	snprintf(msg, sizeof(msg), "APPLY with sync 1..5 failing: %u answered "
	    "6581 with the old state (the same token then applies), %u 9000 "
	    "with the new; after a restart all locked at 101", refused, done);
	check(refused > 0 && bad == 0, msg);

	fresh_card();
	if (iss.pk.q == NULL)
		issuer_make(&iss, "uimkey test issuer");
	check(admin_default() == 0x9000 && own_mgmt_key() == 0x9000,
	    "a factory card, its own management key");
	spy_arm(1, 0);
	sw = install(&iss, LT_START);
	spy_arm(0, 0);
	check(sw == 0x6581 && lock_meta_is(UIMKEY_LOCK_STATE_NONE, 0) &&
	    install(&iss, LT_START) == 0x9000,
	    "INSTALL with its first sync failing: 6581, no issuer; again: 9000");
}

/* Put content as the issuer record, bypassing the commands. */
static int
put_record(const uint8_t *content, size_t len)
{
	uk_txn_begin(&card);
	return uk_txn_put(&card, UK_REC_ISSUER, content, len) ==
	    UK_OK && uk_txn_commit(&card) == UK_OK;
}

/* A lock record that is not of our layout (its check value is right:
 * written through the store) makes the card fail closed. */
static void
test_damaged_record(void)
{
	uint8_t rec[71];
	int all = 1, k;

	for (k = 0; k < 4; k++) {
		ready_card();
		rec[0] = 0x01;
		rec[1] = 0x00;
		tl_be32(rec + 2, LT_START);
		memcpy(rec + 6, iss.pk.q, 65);
		if (k == 0)
			rec[0] = 0x02;          /* unknown version */
		else if (k == 1)
			rec[1] = 0x02;          /* undefined flag */
		else if (k == 2)
			rec[6] = 0x03;          /* not 04 X Y */
		all &= put_record(rec, k == 3 ? 70 : 71);
		all &= xchg("00 20 00 80", "65 81") &&
		    xchg("00 87 11 9A 04 7C 02 82 00", "65 81") &&
		    xchg("00 F7 00 5A", "65 81") &&
		    xchg("00 F7 00 80", "65 81") &&
		    apply_token(serial(), UIMKEY_LOCK_ACTION_UNLOCK,
		    LT_START + 1) == 0x6581 &&
		    xchg("00 FD 00 00", "05 04 00 90 00") &&
		    xchg("00 F7 00 81", META_PUK_FACTORY);
	}
	check(all, "a lock record of another version, with an undefined "
	    "flag, a key not 04 X Y or of 70 bytes: the gate, metadata 5A and "
	    "80 and APPLY answer 6581 (never \"unlocked\"); GET VERSION and "
	    "other metadata still answer");
	rec[0] = 0x01;
	rec[1] = 0x01;
	rec[6] = 0x04;
	check(put_record(rec, 71) && xchg("00 20 00 80", "62 83") &&
	    lock_meta_is(UIMKEY_LOCK_STATE_LOCKED, LT_START),
	    "the same record written well (locked at 100) reads as locked");
}

int
main(void)
{
	test_reset();
	test_reset_never_locked();
	test_store_failures();
	test_damaged_record();
	free(spy);
	return check_done();
}
