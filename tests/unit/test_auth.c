/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The auth area: PIN and PUK (VERIFY, CHANGE REFERENCE DATA, RESET RETRY
 * COUNTER), the retry counter committed before the comparison, SET PIN
 * RETRIES, RESET, and the checks other areas call (card/include/uk/auth.h).
 */
#include "tests/unit/test_auth.h"
#include "tests/support/test_device.h"

#include "uk/data.h"
#include "uk/store.h"
#include "card/piv_rules.h"

#define META_PIN_FACTORY "01 01 FF 05 01 01 06 02 03 03 10 01 00 90 00"
#define META_PUK_FACTORY "01 01 FF 05 01 01 06 02 03 03 90 00"

static void
test_factory(void)
{
	fresh_card();
	check(xchg("00 F7 00 80", META_PIN_FACTORY), "factory PIN metadata");
	check(xchg("00 F7 00 81", META_PUK_FACTORY), "factory PUK metadata");
	check(xchg("00 F7 00 9B 00", "01 01 03 02 02 01 01 05 01 01 90 00"),
	    "factory 9B metadata: 3DES, default");
	check(xchg("00 20 00 80", "63 C3"), "status query: not verified, 3 left");
	check(uk_auth_pin(&card) == 0x6982 && uk_auth_admin(&card) ==
	    0x6982, "nothing proven at power-on");
	check(admin_default() == 0x9000 && uk_auth_admin(&card) == 0x9000,
	    "factory management key authenticates");
	check(xchg("00 F7 01 80", "6A 86"), "metadata P1 01 is 6A86");
	check(xchg("00 F7 00 80 01 00", "67 00"), "metadata with data is 6700");
}

/* VERIFY commands refused before any PIN is compared. */
static const struct xchg_case bad_verify[] = {
	{ "VERIFY P1 01 is 6A86",
	    "00 20 01 80 08 31 32 33 34 35 36 FF FF", "6A 86" },
	{ "VERIFY of the PUK (81) is 6A88",
	    "00 20 00 81 08 31 32 33 34 35 36 37 38", "6A 88" },
	{ "VERIFY of key 9A is 6A88",
	    "00 20 00 9A 08 31 32 33 34 35 36 FF FF", "6A 88" },
	{ "VERIFY with 7 bytes is 6A80",
	    "00 20 00 80 07 31 32 33 34 35 36 FF", "6A 80" },
	{ "VERIFY with 9 bytes is 6A80",
	    "00 20 00 80 09 31 32 33 34 35 36 FF FF FF", "6A 80" },
	{ "logout with data is 6700",
	    "00 20 FF 80 08 31 32 33 34 35 36 FF FF", "67 00" },
};

static void
test_verify(void)
{
	uint8_t *photo;

	fresh_card();
	check(verify("123456") == 0x9000, "VERIFY factory PIN");
	/* The next command, as the card starts it (test_auth_always.c
	 * sends real ones). */
	uk_auth_command_start(&card);
	check(uk_auth_key_use(&card, UIMKEY_PIN_POLICY_ALWAYS) == 0x9000 &&
	    uk_auth_key_use(&card, UIMKEY_PIN_POLICY_ALWAYS) == 0x6982,
	    "policy always, in the command after VERIFY: one use");
	uk_auth_command_end(&card);
	check(xchg("00 20 00 80", "90 00"), "status query after VERIFY: 9000");
	check(uk_auth_pin(&card) == 0x9000, "auth_pin says verified");
	check(uk_auth_key_use(&card, UIMKEY_PIN_POLICY_ONCE) == 0x9000,
	    "key with policy once may be used");
	check(uk_auth_key_use(&card, UIMKEY_PIN_POLICY_ONCE) == 0x9000,
	    "policy once still fine after the always use");
	check(verify("123456") == 0x9000, "a new VERIFY");
	uk_auth_command_start(&card);
	check(uk_auth_key_use(&card, UIMKEY_PIN_POLICY_ALWAYS) == 0x9000,
	    "allows one more always use in the next command");
	uk_auth_command_end(&card);
	check(verify("123456") == 0x9000 && xchg("00 FD 00 00",
	    "05 04 00 90 00"), "a VERIFY, then another command");
	uk_auth_command_start(&card);
	check(uk_auth_key_use(&card, UIMKEY_PIN_POLICY_ALWAYS) == 0x6982,
	    "the command after that may not use an always key");
	uk_auth_command_end(&card);
	check(xchg("00 20 FF 80", "90 00"), "logout (P1 FF)");
	check(xchg("00 20 00 80", "63 C3") &&
	    uk_auth_key_use(&card, UIMKEY_PIN_POLICY_ONCE) == 0x6982,
	    "after logout the PIN is not verified");
	check(uk_auth_key_use(&card, UIMKEY_PIN_POLICY_NEVER) == 0x9000,
	    "policy never needs nothing");
	check(uk_auth_key_use(&card, UIMKEY_PIN_POLICY_DEFAULT) == 0x6982 &&
	    uk_auth_key_use(&card, 0x7F) == 0x6982,
	    "unresolved or unknown policy is refused");

	verify("123456");
	uimkey_card_reset(&card);
	check(uk_auth_pin(&card) == 0x6982, "reset forgets the PIN");
	verify("123456");
	check(sw_of("00 A4 04 00 05 A0 00 00 03 08") == 0x9000, "SELECT");
	check(uk_auth_pin(&card) == 0x6982, "SELECT forgets the PIN");

	photo = store_photo();
	CHECK_XCHGS(bad_verify);
	check(store_same(photo), "these refusals wrote nothing");
	check(xchg("00 20 00 80", "63 C3"), "and cost no try");
}

static void
test_block(void)
{
	uint8_t *photo;

	fresh_card();
	verify("123456");
	check(verify("000000") == 0x63C2, "wrong PIN: 63C2");
	check(uk_auth_pin(&card) == 0x6982, "a wrong PIN forgets the PIN");
	check(xchg("00 F7 00 80", "01 01 FF 05 01 01 06 02 03 02 10 01 00 90 00"),
	    "metadata shows 2 left");
	check(verify("123456") == 0x9000 && xchg("00 20 00 80", "90 00"),
	    "right PIN gives all tries back");
	check(xchg("00 F7 00 80", META_PIN_FACTORY), "back to 3 left");
	check(xchg("00 20 00 80 08 FF FF FF FF FF FF FF FF", "63 C2"),
	    "an empty PIN (FF x 8) is a wrong try, as ykman's reset needs");
	check(xchg("00 20 00 80 08 31 FF FF FF FF FF FF FF", "63 C1"),
	    "a 1-digit PIN is a wrong try too");
	check(verify("1234567") == 0x63C0, "third wrong PIN: 63C0");
	photo = store_photo();
	check(verify("123456") == 0x6983, "blocked: even the right PIN is 6983");
	check(verify("999999") == 0x6983, "blocked: 6983 again");
	check(xchg("00 20 00 80", "69 83"), "status query when blocked: 6983");
	check(store_same(photo), "tries on a blocked PIN write nothing");
	check(uk_auth_pin(&card) == 0x6982, "and grant nothing");
	check(xchg("00 F7 00 80", "01 01 FF 05 01 01 06 02 03 00 10 01 00 90 00"),
	    "metadata shows 0 left");
}

/* The try is paid before the comparison, and only a match gives it back. */
static void
test_counter_first(void)
{
	struct spy_store *copy = malloc(sizeof(*copy));
	uimkey_card saved;

	unsigned k;

	fresh_card();
	/* A commit may take several syncs (a journal): count one first. */
	spy_arm(0, 0);
	verify("000000");
	k = spy->m.sync_calls;
	check(k >= 1, "a wrong PIN costs one commit");
	spy_arm(0, 0);
	verify("123456");
	check(spy->m.sync_calls == 2 * k, "a right PIN costs two commits");

	/* Photograph the store once the first commit of a right PIN is
	 * done, before the second. */
	spy_arm(0, k);
	check(verify("123456") == 0x9000, "right PIN while photographing");
	memcpy(copy, spy, sizeof(*copy));
	memcpy(copy->m.mem, spy->snap, UIMKEY_MEMORY_SIZE);
	memcpy(copy->m.durable, spy->snap, UIMKEY_MEMORY_SIZE);
	saved = card;
	check(uimkey_card_init(&card, &copy->m.vtable, &rng.vtable,
	    test_device_default()) ==
	    UIMKEY_CARD_OK, "the photographed store opens");
	uimkey_card_power_on(&card);
	check(xchg("00 F7 00 80", "01 01 FF 05 01 01 06 02 03 02 10 01 00 90 00"),
	    "the first commit holds the decremented counter");
	card = saved;

	/* Power cut at the restore: the try stays paid, nothing granted. */
	spy_arm(k + 1, 0);
	check(verify("123456") == 0x6581, "restore commit fails: 6581");
	check(uk_auth_pin(&card) == 0x6982 &&
	    uk_auth_key_use(&card, UIMKEY_PIN_POLICY_ONCE) == 0x6982,
	    "and the PIN is not verified");
	check(xchg("00 F7 00 80", "01 01 FF 05 01 01 06 02 03 02 10 01 00 90 00"),
	    "the decrement stayed");

	/* Power cut at the decrement: no comparison at all. */
	spy_arm(1, 0);
	check(verify("000000") == 0x6581, "decrement commit fails: 6581, not 63Cx");
	spy_arm(1, 0);
	check(verify("123456") == 0x6581 && uk_auth_pin(&card) == 0x6982,
	    "even the right PIN is not granted then");
	check(xchg("00 F7 00 80", "01 01 FF 05 01 01 06 02 03 02 10 01 00 90 00"),
	    "counter unchanged by the failed decrements");
	check(verify("123456") == 0x9000 && xchg("00 F7 00 80",
	    META_PIN_FACTORY), "a good store later restores it");

	spy_arm(1, 0);
	check(change_ref(UIMKEY_REF_PIN, "123456", "582039") == 0x6581,
	    "CHANGE REFERENCE with failing store: 6581");
	spy_arm(k + 1, 0);
	check(change_ref(UIMKEY_REF_PIN, "123456", "582039") == 0x6581,
	    "CHANGE REFERENCE failing at the change: 6581");
	check(verify("123456") == 0x9000, "the PIN did not change");
	free(copy);
}

static void
test_change(void)
{
	uint8_t *photo;

	fresh_card();
	check(change_ref(UIMKEY_REF_PIN, "123456", "582039") == 0x9000,
	    "CHANGE REFERENCE of the PIN");
	check(xchg("00 F7 00 80", "01 01 FF 05 01 00 06 02 03 03 10 01 00 90 00"),
	    "the PIN is no longer the default");
	check(uk_auth_pin(&card) == 0x6982, "changing does not verify");
	check(verify("123456") == 0x63C2, "old PIN fails");
	check(verify("582039") == 0x9000, "new PIN works");
	check(change_ref(UIMKEY_REF_PIN, "000000", "193756") == 0x63C2,
	    "wrong old PIN: 63C2");
	check(uk_auth_pin(&card) == 0x6982, "and forgets the PIN");
	check(change_ref(UIMKEY_REF_PIN, "582039", "19375628") == 0x9000,
	    "8-digit PIN accepted, counter back to 3");

	photo = store_photo();
	check(change_ref(UIMKEY_REF_PIN, "19375628", "12345") == 0x6A80,
	    "new PIN of 5 is 6A80");
	check(change_ref(UIMKEY_REF_PIN, "000000", "12345") == 0x6A80,
	    "bad new PIN is judged before the old one");
	check(change_ref(UIMKEY_REF_PIN, "19375628", "123456") == 0x6A80,
	    "new PIN 123456 (default) is 6A80");
	check(change_ref(UIMKEY_REF_PIN, "19375628", "12345678") == 0x6A80,
	    "new PIN 12345678 (default PUK) is 6A80");
	check(change_ref(UIMKEY_REF_PIN, "19375628", "111111") == 0x6A80,
	    "new PIN 111111 is 6A80");
	check(change_ref(UIMKEY_REF_PIN, "19375628", "000000") == 0x6A80,
	    "new PIN 000000 is 6A80");
	check(change_ref(UIMKEY_REF_PIN, "19375628", "234567") == 0x6A80,
	    "ascending 234567 is 6A80");
	check(change_ref(UIMKEY_REF_PIN, "19375628", "654321") == 0x6A80,
	    "descending 654321 is 6A80");
	check(change_ref(UIMKEY_REF_PIN, "19375628", "") == 0x6A80,
	    "empty new PIN is 6A80");
	check(xchg("00 24 00 80 10 31 39 33 37 35 36 32 38 "
	    "31 32 FF 34 35 36 FF FF", "6A 80"), "FF inside the new PIN is 6A80");
	check(xchg("00 24 01 80 10 31 39 33 37 35 36 32 38 "
	    "35 38 32 30 33 39 FF FF", "6A 86"), "CHANGE P1 01 is 6A86");
	check(xchg("00 24 00 9B 10 31 39 33 37 35 36 32 38 "
	    "35 38 32 30 33 39 FF FF", "6A 88"), "CHANGE of 9B is 6A88");
	check(xchg("00 24 00 80 0F 31 39 33 37 35 36 32 38 "
	    "35 38 32 30 33 39 FF", "6A 80"), "CHANGE with 15 bytes is 6A80");
	check(xchg("00 24 00 80", "6A 80"), "CHANGE without data is 6A80");
	check(store_same(photo), "refused changes wrote nothing, cost no try");

	check(change_ref(UIMKEY_REF_PUK, "12345678", "0BADF00D") == 0x9000,
	    "PUK change to 8 any bytes");
	check(xchg("00 F7 00 81", "01 01 FF 05 01 00 06 02 03 03 90 00"),
	    "the PUK is no longer the default");
	check(change_ref(UIMKEY_REF_PUK, "0BADF00D", "12345") == 0x6A80,
	    "PUK of 5 is 6A80");
	check(change_ref(UIMKEY_REF_PUK, "12345678", "87654329") == 0x63C2,
	    "wrong old PUK: 63C2");
	check(change_ref(UIMKEY_REF_PUK, "0BADF00D", "abcdef") == 0x9000,
	    "PUK of 6 letters accepted (no PIN policy for the PUK)");
	check(xchg("00 F7 00 81", "01 01 FF 05 01 00 06 02 03 03 90 00"),
	    "PUK counter back to 3");
}

static void
block_pin(void)
{
	while (verify("000001") != 0x6983)
		;
}

static void
block_puk(void)
{
	while (change_ref(UIMKEY_REF_PUK, "0BADF00D", "0BADF00D") != 0x6983)
		;
}

static void
test_reset_retry(void)
{
	uint8_t *photo;

	fresh_card();
	block_pin();
	check(reset_retry("12345678", "975319") == 0x9000,
	    "RESET RETRY with the PUK and a new PIN");
	check(xchg("00 F7 00 80", "01 01 FF 05 01 00 06 02 03 03 10 01 00 90 00"),
	    "the PIN has all its tries again");
	check(uk_auth_pin(&card) == 0x6982, "the new PIN is not verified yet");
	check(verify("975319") == 0x9000, "the new PIN works");
	check(reset_retry("11111111", "975319") == 0x63C2, "wrong PUK: 63C2");

	photo = store_photo();
	check(reset_retry("12345678", "111111") == 0x6A80,
	    "trivial new PIN is 6A80");
	check(reset_retry("87654321", "12345") == 0x6A80,
	    "short new PIN is 6A80 before the PUK is tried");
	check(xchg("00 2C 00 81 10 31 32 33 34 35 36 37 38 "
	    "39 37 35 33 31 39 FF FF", "6A 88"), "RESET RETRY of 81 is 6A88");
	check(xchg("00 2C 01 80 10 31 32 33 34 35 36 37 38 "
	    "39 37 35 33 31 39 FF FF", "6A 86"), "RESET RETRY P1 01 is 6A86");
	check(xchg("00 2C 00 80 08 31 32 33 34 35 36 37 38", "6A 80"),
	    "RESET RETRY with 8 bytes is 6A80");
	check(store_same(photo), "those refusals wrote nothing");
	check(xchg("00 F7 00 81", "01 01 FF 05 01 01 06 02 03 02 90 00"),
	    "PUK still 2 left");

	check(reset_retry("11111111", "975319") == 0x63C1 &&
	    reset_retry("11111111", "975319") == 0x63C0, "PUK down to 0");
	photo = store_photo();
	check(reset_retry("12345678", "975319") == 0x6983,
	    "blocked PUK: even the right PUK is 6983");
	check(change_ref(UIMKEY_REF_PUK, "12345678", "87654329") == 0x6983,
	    "blocked PUK cannot be changed");
	check(store_same(photo), "and nothing was written");
}

static void
put_record(unsigned id, const char *s)
{
	uk_txn_begin(&card);
	uk_txn_put(&card, id, s, strlen(s));
	uk_txn_commit(&card);
}

static long
rec_len(unsigned id)
{
	return uk_rec_len(&card, id);
}

static void
test_reset(void)
{
	unsigned f9 = UK_REC_KEY(uimkey_slot_index(UIMKEY_SLOT_ATTEST));
	unsigned k9a = UK_REC_KEY(uimkey_slot_index(UIMKEY_SLOT_AUTH));
	unsigned cert = uk_obj_rec_for_tag(UK_OBJ_ATTEST_CERT);
	unsigned chuid = uk_obj_rec_for_tag(UK_OBJ_CHUID);
	uint8_t *photo;

	fresh_card();
	put_record(f9, "attestation key");
	put_record(k9a, "a key");
	put_record(cert, "attestation certificate");
	put_record(chuid, "chuid");
	check(admin_default() == 0x9000 &&
	    change_ref(UIMKEY_REF_PIN, "123456", "582039") == 0x9000,
	    "a used card");

	photo = store_photo();
	check(xchg("00 FB 00 00", "69 85"), "RESET with PIN and PUK alive: 6985");
	block_pin();
	free(photo);
	photo = store_photo();
	check(xchg("00 FB 00 00", "69 85"), "RESET with only the PIN blocked: 6985");
	check(xchg("00 FB 01 00", "6A 86"), "RESET P1 01 is 6A86");
	check(xchg("00 FB 00 00 01 00", "67 00"), "RESET with data is 6700");
	check(store_same(photo), "refused resets wrote nothing");

	block_puk();
	check(xchg("00 FB 00 00", "90 00"), "RESET with both blocked");
	check(uk_auth_admin(&card) == 0x6982, "reset forgets the admin");
	check(xchg("00 F7 00 80", META_PIN_FACTORY) &&
	    xchg("00 F7 00 81", META_PUK_FACTORY) &&
	    xchg("00 F7 00 9B", "01 01 03 02 02 01 01 05 01 01 90 00"),
	    "credentials are the factory ones");
	check(verify("123456") == 0x9000 && admin_default() == 0x9000,
	    "factory PIN and management key work");
	check(rec_len(k9a) == 0 && rec_len(chuid) == 0, "keys and objects wiped");
	check(rec_len(f9) == 15 && rec_len(cert) == 23,
	    "attestation key and certificate kept");
}

static void
test_set_retries(void)
{
	uint8_t *photo;

	fresh_card();
	change_ref(UIMKEY_REF_PIN, "123456", "582039");
	change_ref(UIMKEY_REF_PUK, "12345678", "0BADF00D");
	photo = store_photo();
	check(xchg("00 FA 05 04", "69 82"), "SET PIN RETRIES without anything: 6982");
	admin_default();
	check(xchg("00 FA 05 04", "69 82"), "with the admin but no PIN: 6982");
	check(store_same(photo), "refusals for want of rights wrote nothing");
	verify("582039");
	photo = store_photo();
	check(xchg("00 FA 00 04", "6A 86"), "0 PIN tries is 6A86");
	check(xchg("00 FA 05 00", "6A 86"), "0 PUK tries is 6A86");
	check(xchg("00 FA 10 04", "6A 86"), "16 PIN tries is 6A86");
	check(xchg("00 FA 05 04 01 00", "67 00"), "with data is 6700");
	check(store_same(photo), "refusals wrote nothing");
	uimkey_card_reset(&card);
	verify("582039");
	check(xchg("00 FA 05 04", "69 82"), "with the PIN but no admin: 6982");

	admin_default();
	check(xchg("00 FA 05 04", "90 00"), "SET PIN RETRIES 5 / 4");
	check(xchg("00 F7 00 80", "01 01 FF 05 01 01 06 02 05 05 10 01 00 90 00"),
	    "PIN back to default with 5 tries");
	check(xchg("00 F7 00 81", "01 01 FF 05 01 01 06 02 04 04 90 00"),
	    "PUK back to default with 4 tries");
	check(uk_auth_pin(&card) == 0x6982, "the old verification is gone");
	check(verify("000000") == 0x63C4, "wrong PIN now says 63C4");
	check(verify("123456") == 0x9000, "default PIN works");
	check(xchg("00 FA 0F 0F", "90 00") &&
	    xchg("00 F7 00 81", "01 01 FF 05 01 01 06 02 0F 0F 90 00"),
	    "15 / 15 is the most");
}

int
main(void)
{
	test_factory();
	test_verify();
	test_block();
	test_counter_first();
	test_change();
	test_reset_retry();
	test_reset();
	test_set_retries();
	free(spy);
	return check_done();
}
