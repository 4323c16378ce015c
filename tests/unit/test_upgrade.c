/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey_card_upgrade: a store of format 1 (laid out here as the
 * uimkey before encryption wrote it) made a card of format 2.  The
 * serial, the PIN and PUK with their tries, and a key of PIN policy once
 * (now under KP: the PIN was known) come over; a record of an older
 * epoch (emptied by a reset) stays empty.  Refused, with nothing
 * written that makes the new store a card: a record whose CRC-32 fails,
 * a record of a later epoch, a store of another format, a target that
 * is not blank.  The journal: test_upgrade_journal.c.
 */
#include "tests/unit/v1_image.h"

static void
test_upgraded(void)
{
	uint8_t rec[UK_REC_KEY_MAX];
	size_t len = 1;

	v1_image();
	ram_memory_blank(&store, 1);
	check(upgrade() == UIMKEY_CARD_OK, "a format-1 store is upgraded");
	check(uimkey_card_serial(&card) == V1_SERIAL &&
	    uimkey_card_memory_format(&store.vtable) == UIMKEY_CARD_FORMAT,
	    "format 2, with the old serial");
	check(!uk_auth_kp_known(&card), "the KP cache is empty after it");
	check(uk_rec_read(&card, UK_REC_KEY(uimkey_slot_index(0x9A)), rec,
	    sizeof(rec), &len) == UK_OK && len > 5 &&
	    rec[4] == UK_KEY_FORM_KP,
	    "the key of policy once went under KP, not sealed");
	check(uk_rec_read(&card, UK_REC_OBJ(0), rec, sizeof(rec), &len) ==
	    UK_OK && len == 0, "a record of an older epoch stays empty");
	check(key_op(UIMKEY_ALG_ECCP256, 0x9A, 0x81, h256, sizeof(h256), rec,
	    &len) == UIMKEY_SW_SECURITY, "the key wants the PIN");
	check(verify("123456") == 0x63C1, "the factory PIN is wrong, and the "
	    "old tries left (2) counted down");
	check(verify("654321") == UIMKEY_SW_OK, "the old PIN is right");
	check(signs_vec(), "the old key signs as RFC 6979 says");
	check(reset_retry("87654321", "135790") == UIMKEY_SW_OK,
	    "the old PUK is right");
	check(verify("135790") == UIMKEY_SW_OK && signs_vec(),
	    "the key opens after the PUK set a new PIN");
}

static void
test_refused(void)
{
	uint8_t blob[8] = { 0 };

	v1_image();
	old.mem[V1_RECS_OFF + V1_HDR_LEN + 2] ^= 0x01;
	refused_with(UIMKEY_CARD_ERR_CORRUPT, "a CRC-32 that fails: refused");
	v1_image();
	v1_put(UK_REC_OBJ(1), V1_EPOCH + 1, blob, sizeof(blob));
	refused_with(UIMKEY_CARD_ERR_CORRUPT,
	    "a record of a later epoch than the store's: refused");
	v1_image();
	old.mem[V1_RECS_OFF + V1_HDR_LEN + 9] = 0;
	v1_put(UK_REC_CRED, V1_EPOCH, old.mem + V1_RECS_OFF + V1_HDR_LEN,
	    V1_CRED_LEN);
	refused_with(UIMKEY_CARD_ERR_CORRUPT,
	    "a credentials record no card wrote (no PIN tries): refused");
	v1_image();
	ram_memory_blank(&store, 1);
	check(upgrade() == UIMKEY_CARD_OK, "(upgraded)");
	memcpy(old.mem, store.mem, sizeof(old.mem));
	refused_with(UIMKEY_CARD_ERR_FORMAT, "a store of format 2: refused");
	v1_image();
	card_fresh(5);
	snapshot();
	check(upgrade() == UIMKEY_CARD_ERR_FORMAT && unchanged(),
	    "a target that holds a card: refused, left as it was");
}

int
main(void)
{
	v1_vectors();
	test_upgraded();
	test_refused();
	return check_done();
}
