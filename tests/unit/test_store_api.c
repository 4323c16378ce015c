/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The record store's contract without power cuts: reads see the committed
 * state, refusals fail the whole transaction and change nothing, a
 * failing store fails the commit and keeps the old state, a commit cut
 * off after its commit point is finished before the next read, and damage
 * done outside the card stops the start (while what a power cut leaves
 * does not).
 */
#define _GNU_SOURCE     /* memmem(), for the search of left-over bytes */
#include "card/store/store_home.h"
#include "tests/unit/store_fixture.h"
#include "tests/support/test_device.h"

/* --- the API's contract, without cuts --- */

/* The manifest at home names version v for every record. */
static int
manifest_all(uint64_t v)
{
	uint8_t m[UK_META_LEN];
	unsigned id;
	int ok;

	if (uk_man_load(&card, m) != UK_OK)
		return 0;
	ok = uk_get_be64(m + UK_MAN_SEQ) == v;
	for (id = 0; id < UK_REC_COUNT; id++)
		ok &= uk_man_get(m, id) == v;
	return ok;
}

static int
read_is(unsigned id, const struct snap *s)
{
	uint8_t buf[UK_REC_OBJ_MAX];
	size_t len;

	return uk_rec_read(&card, id, buf, sizeof(buf), &len) ==
	    UK_OK && len == s->len[id] &&
	    memcmp(buf, s->data[id], len) == 0;
}

/* The card reads every record as in s_old. */
static int
unchanged(void)
{
	return take(s_cur) && same(s_cur, s_old);
}

static void
test_refusals(void)
{
	static const unsigned bad_keep[] = { UK_REC_COUNT };
	uint8_t buf[16];
	size_t len = 1;

	check(uk_txn_put(&card, UK_REC_KEY(2), buf, 1) ==
	    UK_ERR_ARG && uk_txn_commit(&card) ==
	    UK_ERR_ARG && uk_txn_wipe_all(&card, NULL, 0) ==
	    UK_ERR_ARG, "with no transaction open, put, wipe and "
	    "commit are refused");
	uk_txn_begin(&card);
	put_gen(UK_REC_OBJ(5), 20, 8);
	check(uk_txn_put(&card, UK_REC_COUNT, buf, 1) ==
	    UK_ERR_ARG && put_gen(UK_REC_OBJ(6), 5, 8) ==
	    UK_ERR_ARG && uk_txn_commit(&card) ==
	    UK_ERR_ARG && unchanged(), "a put to no record fails the "
	    "whole transaction: later puts and the commit refused, nothing "
	    "changes");
	uk_txn_begin(&card);
	check(put_gen(UK_REC_CRED, UK_REC_CRED_MAX + 1, 8) ==
	    UK_ERR_ARG && uk_txn_commit(&card) ==
	    UK_ERR_ARG && unchanged(), "a put over the record's "
	    "capacity is refused, nothing changes");
	uk_txn_begin(&card);
	check(uk_txn_put(&card, UK_REC_CRED, NULL, 5) ==
	    UK_ERR_ARG && uk_txn_commit(&card) ==
	    UK_ERR_ARG, "a put of 5 bytes from nowhere is refused");
	uk_txn_begin(&card);
	check(uk_txn_wipe_all(&card, bad_keep, 1) == UK_ERR_ARG &&
	    uk_txn_commit(&card) == UK_ERR_ARG && unchanged(),
	    "a reset keeping no such record is refused, nothing changes");
	uk_txn_begin(&card);
	check(uk_txn_wipe_all(&card, NULL, 0) == UK_OK &&
	    uk_txn_wipe_all(&card, NULL, 0) == UK_ERR_ARG &&
	    uk_txn_commit(&card) == UK_ERR_ARG && unchanged(),
	    "a second reset in one transaction fails it, nothing changes");
	check(uk_rec_read(&card, UK_REC_COUNT, buf, sizeof(buf),
	    &len) == UK_ERR_ARG && len == 0 &&
	    uk_rec_len(&card, UK_REC_COUNT) == UK_ERR_ARG &&
	    uk_rec_cap(UK_REC_COUNT) == 0,
	    "the store's own meta record is no record to the API");
	check(uk_rec_read(&card, UK_REC_KEY(1), buf, sizeof(buf),
	    &len) == UK_ERR_ARG && len == 0,
	    "a read into a buffer too small is refused");
}

static void
test_api(void)
{
	unsigned long w, sy;
	unsigned id;
	int all_absent = 1;

	ram_memory_load(&ps, base, 0);
	check(boot() == UIMKEY_CARD_OK && take(s_old), "the base card starts");
	w = ps.writes;
	sy = ps.syncs;
	check(boot() == UIMKEY_CARD_OK && ps.writes == w && ps.syncs == sy,
	    "starting a clean store writes nothing");
	check(uk_rec_len(&card, UK_REC_KEY(0)) == 2000 &&
	    uk_rec_len(&card, UK_REC_KEY(2)) == 0,
	    "record lengths, 0 for an absent one");

	uk_txn_begin(&card);
	put_gen(UK_REC_KEY(2), 100, 7);
	put_gen(UK_REC_KEY(0), 10, 7);
	check(uk_rec_len(&card, UK_REC_KEY(2)) == 0 &&
	    read_is(UK_REC_KEY(0), s_old),
	    "reads during a transaction see the committed state");
	check(uk_txn_commit(&card) == UK_OK &&
	    uk_rec_len(&card, UK_REC_KEY(2)) == 100 &&
	    uk_rec_len(&card, UK_REC_KEY(0)) == 10,
	    "and the new one after the commit");
	take(s_old);

	uk_txn_begin(&card);
	put_gen(UK_REC_KEY(2), 50, 8);
	uk_txn_abort(&card);
	check(unchanged() && uk_txn_commit(&card) == UK_ERR_ARG,
	    "an aborted transaction changes nothing and cannot commit");
	w = ps.writes;
	uk_txn_begin(&card);
	check(uk_txn_commit(&card) == UK_OK && ps.writes == w,
	    "an empty transaction commits without writing");
	uk_txn_begin(&card);
	put_gen(UK_REC_OBJ(6), 30, 9);
	uk_txn_begin(&card);
	put_gen(UK_REC_OBJ(8), 30, 9);
	check(uk_txn_commit(&card) == UK_OK &&
	    uk_rec_len(&card, UK_REC_OBJ(6)) == 0 &&
	    uk_rec_len(&card, UK_REC_OBJ(8)) == 30,
	    "a begin drops the transaction left open");
	take(s_old);
	test_refusals();

	/* Not reachable through a start, which erases it; defence only. */
	memset(ps.mem + UK_JHDR_OFF, 0x00, 8);
	uk_txn_begin(&card);
	put_gen(UK_REC_OBJ(8), 31, 9);
	check(uk_txn_commit(&card) == UK_OK && jhdr_erased() &&
	    boot() == UIMKEY_CARD_OK && uk_rec_len(&card,
	    UK_REC_OBJ(8)) == 31, "a torn journal header met at commit "
	    "is erased before the commit point");
	take(s_old);

	uk_txn_begin(&card);
	check(uk_txn_wipe_all(&card, NULL, 0) == UK_OK &&
	    uk_txn_commit(&card) == UK_OK, "a reset keeping nothing");
	for (id = 0; id < UK_REC_COUNT; id++)
		all_absent &= uk_rec_len(&card, id) == 0;
	check(all_absent && manifest_all(card.txn.seq), "empties every "
	    "record, and the manifest names the reset's version for each");
	check(take(s_cur) && no_remnants(s_old, s_cur), "no record content "
	    "is left anywhere in the store, before any restart");
	uk_txn_begin(&card);
	put_gen(UK_REC_CRED, 40, 9);
	check(uk_txn_commit(&card) == UK_OK &&
	    boot() == UIMKEY_CARD_OK &&
	    uk_rec_len(&card, UK_REC_CRED) == 40 &&
	    uk_rec_len(&card, UK_REC_KEY(0)) == 0,
	    "after a restart the reset holds and new records stick");
}

/* --- uk_rec_write: begin, put and commit in one --- */

/* KEY(2) becomes 1500 bytes of generation 12 on the base card, by
 * uk_rec_write or by the three calls; the writes and syncs it took. */
static int
change_key2(int by_write, unsigned long *writes, unsigned long *syncs)
{
	uint8_t buf[1500];
	unsigned long w, sy;
	int rc;

	ram_memory_load(&ps, base, 0);
	boot();
	w = ps.writes;
	sy = ps.syncs;
	if (by_write) {
		fill(buf, sizeof(buf), UK_REC_KEY(2), 12);
		rc = uk_rec_write(&card, UK_REC_KEY(2), buf, sizeof(buf));
	} else {
		uk_txn_begin(&card);
		put_gen(UK_REC_KEY(2), sizeof(buf), 12);
		rc = uk_txn_commit(&card);
	}
	*writes = ps.writes - w;
	*syncs = ps.syncs - sy;
	return rc;
}

static void
test_rec_write(void)
{
	uint8_t *img = malloc(UIMKEY_MEMORY_SIZE);
	uint8_t buf[UK_REC_CRED_MAX + 1];
	unsigned long w3, sy3, w1, sy1;

	if (img == NULL) {
		check(0, "memory for the image");
		return;
	}
	check(change_key2(0, &w3, &sy3) == UK_OK, "a record changed by "
	    "begin, put, commit");
	memcpy(img, ps.mem, UIMKEY_MEMORY_SIZE);
	check(change_key2(1, &w1, &sy1) == UK_OK &&
	    uk_rec_len(&card, UK_REC_KEY(2)) == 1500 && w1 == w3 &&
	    sy1 == sy3 && memcmp(img, ps.mem, UIMKEY_MEMORY_SIZE) == 0,
	    "uk_rec_write does the same: the same store bytes, writes and "
	    "syncs");
	free(img);
	take(s_old);
	memset(buf, 0x5A, sizeof(buf));
	check(uk_rec_write(&card, UK_REC_CRED, buf, sizeof(buf)) ==
	    UK_ERR_ARG && unchanged() && uk_txn_commit(&card) ==
	    UK_ERR_ARG, "a refused put: the put's error, nothing "
	    "changes, no transaction left open");
	check(uk_rec_write(&card, UK_REC_KEY(2), NULL, 0) == UK_OK &&
	    uk_rec_len(&card, UK_REC_KEY(2)) == 0, "length 0 deletes");
}

/* --- a store that fails (no power cut) --- */

/* uk_rec_write of len bytes of generation 13 to record id. */
static int
put_write(unsigned id, size_t len)
{
	uint8_t buf[UK_REC_OBJ_MAX];

	fill(buf, len, id, 13);
	return uk_rec_write(&card, id, buf, len);
}

static void
test_failures(void)
{
	uimkey_card *c = &card;

	ram_memory_blank(&ms, 1);
	memcpy(ms.mem, base, sizeof(ms.mem));
	memcpy(ms.durable, base, sizeof(ms.durable));
	test_rng_init(&rng, 1);
	check(uimkey_card_init(c, &ms.vtable, &rng.vtable,
	    test_device_default()) == UIMKEY_CARD_OK,
	    "the base card starts on a plain RAM store");
	ram_memory_load(&ps, base, 0);
	take(s_old);

	uk_txn_begin(c);
	put_gen(UK_REC_KEY(2), 100, 10);
	ms.fail_sync = 1;
	check(uk_txn_commit(c) == UK_ERR_IO, "a failing sync "
	    "fails the commit");
	ms.fail_sync = 0;
	check(unchanged(), "and the card still reads the old state");
	uk_txn_begin(c);
	ms.fail_write = 1;
	check(put_gen(UK_REC_KEY(2), 100, 10) == UK_ERR_IO,
	    "a failing write fails the put");
	ms.fail_write = 0;
	check(put_gen(UK_REC_KEY(3), 100, 10) == UK_ERR_IO &&
	    uk_txn_commit(c) == UK_ERR_IO && unchanged(),
	    "and the whole transaction: nothing changes");
	ms.fail_read = 1;
	check(uk_rec_len(c, UK_REC_KEY(0)) == UK_ERR_IO,
	    "a failing read fails rec_len");
	ms.fail_read = 0;
	check(uimkey_card_init(c, &ms.vtable, &rng.vtable,
	    test_device_default()) == UIMKEY_CARD_OK &&
	    unchanged(), "after a restart the old state is there");
	uk_txn_begin(c);
	put_gen(UK_REC_KEY(2), 100, 10);
	check(uk_txn_commit(c) == UK_OK &&
	    uk_rec_len(c, UK_REC_KEY(2)) == 100,
	    "and the next transaction works");
	take(s_old);
	ms.fail_sync = 1;
	check(put_write(UK_REC_KEY(2), 200) == UK_ERR_IO,
	    "uk_rec_write: a failing sync fails it");
	ms.fail_sync = 0;
	ms.fail_write = 1;
	check(put_write(UK_REC_KEY(2), 200) == UK_ERR_IO,
	    "so does a failing write");
	ms.fail_write = 0;
	check(unchanged(), "and the old state stays");
}

/* Which state the card reads now: 0 old, 1 new, -1 refusing, -2 other. */
static int
reading(void)
{
	if (!take(s_cur))
		return uk_rec_len(&card, UK_REC_KEY(2)) ==
		    UK_ERR_IO ? -1 : -2;
	return same(s_cur, s_old) ? 0 : same(s_cur, s_want) ? 1 : -2;
}

/*
 * The power goes during a commit and comes back without a restart.  The
 * card may only read a state it would also restart with: a commit that
 * said yes is finished by the next read; after one that said no the card
 * reads the old state, or refuses to read when the store may hold the
 * new one (its commit point landed although its write failed).  While
 * the power is gone, reads may refuse.
 */
static int
pending_ok(int rc, int outage, int healed, int restarted)
{
	if (rc == UK_OK)
		return (outage == -1 || outage == 1) && healed == 1 &&
		    restarted == 1;
	if (restarted == 0)
		return outage != 1 && outage != -2 && healed != 1 &&
		    healed != -2;
	return restarted == 1 && outage == -1 && healed == -1;
}

static void
test_pending(void)
{
	static const int tears[] = { RAM_TEAR_HALF, RAM_TEAR_WHOLE };
	unsigned long n, yes = 0, no = 0, bad = 0;
	int rc, outage, healed;
	size_t i;

	ram_memory_load(&ps, base, 0);
	boot();
	take(s_old);
	memcpy(s_want, s_old, sizeof(*s_want));
	want_gen(s_want, UK_REC_KEY(2), 1500, 11);
	for (i = 0; i < sizeof(tears) / sizeof(tears[0]); i++)
		for (n = 1; n < PC_WRITES_MAX; n++) {
			ram_memory_load(&ps, base, 0);
			boot();
			uk_txn_begin(&card);
			put_gen(UK_REC_KEY(2), 1500, 11);
			ram_memory_arm_cut(&ps, n, tears[i], RAM_PREFIX);
			rc = uk_txn_commit(&card);
			if (!ps.cut)
				break;
			outage = reading();
			ram_memory_disarm(&ps);
			healed = reading();
			boot();
			bad += !pending_ok(rc, outage, healed, reading());
			yes += rc == UK_OK;
			no += rc != UK_OK;
		}
	printf("# pending: %lu cuts after the commit point, %lu before\n",
	    yes, no);
	check(yes > 0 && no > 0 && bad == 0, "the power back without a "
	    "restart: the card reads only a state it would restart with");
}

/* --- damage done outside the card --- */

static int
recover_flipped(const uint8_t *image, size_t off)
{
	ram_memory_load(&ps, image, 0);
	ps.mem[off] ^= 0x40;
	bare_card();
	return uk_boot_recover(&card);
}

static void
test_damaged_records(void)
{
	size_t k0 = uk_home_off(UK_REC_KEY(0));
	size_t k9 = uk_home_off(UK_REC_KEY(9));
	size_t i;
	int all = 1;
	uint8_t rsp[UIMKEY_CARD_RSP_MAX];
	static const uint8_t ver[] = { 0x00, 0xFD, 0x00, 0x00 };

	for (i = 0; i < UK_HOME_HDR_LEN; i++)
		all &= recover_flipped(base, k0 + i) == UK_ERR_CORRUPT &&
		    recover_flipped(base, k9 + i) == UK_ERR_CORRUPT;
	check(all, "any byte flipped in a record's image header (full or "
	    "empty: version, length, nonce, tag) is damage");
	check(recover_flipped(base, k0 + UK_HOME_HDR_LEN + 1999) ==
	    UK_ERR_CORRUPT, "a byte flipped in a record's content "
	    "is damage");
	check(recover_flipped(base, UK_META_OFF + UK_HOME_HDR_LEN + 3) ==
	    UK_ERR_CORRUPT && recover_flipped(base, UK_META_OFF +
	    UK_HOME_HDR_VER + 7) == UK_ERR_CORRUPT,
	    "a byte flipped in the manifest is damage");
	ram_memory_load(&ps, base, 0);
	ps.mem[k0 + UK_HOME_HDR_LEN] ^= 1;
	test_rng_init(&rng, 1);
	check(uimkey_card_init(&card, &ps.vtable, &rng.vtable,
	    test_device_default()) ==
	    UIMKEY_CARD_ERR_CORRUPT && ps.mem[k0 + UK_HOME_HDR_LEN] ==
	    (uint8_t)(base[k0 + UK_HOME_HDR_LEN] ^ 1),
	    "the card refuses to start on damage and leaves it as it is");
	uimkey_card_power_on(&card);
	check(uimkey_card_process(&card, ver, sizeof(ver), rsp) == 2 &&
	    rsp[0] == 0x6F && rsp[1] == 0x00, "and answers nothing but 6F00");
}

static void
test_odd_stores(uint8_t *img)
{
	size_t k0 = uk_home_off(UK_REC_KEY(0));
	uint8_t v[8] = "12345678";

	ram_memory_load(&ps, base, 0);
	bare_card();
	check(uk_boot_recover(&card) == UK_OK && uk_home_put(&card,
	    UK_REC_CRED, card.txn.seq + 1, v, sizeof(v)) == UK_OK &&
	    uk_boot_recover(&card) == UK_ERR_CORRUPT,
	    "a record sealed with the store's key for a version still to "
	    "come is damage");
	memcpy(img, base, UIMKEY_MEMORY_SIZE);
	memset(img + UK_RECS_OFF, UIMKEY_MEMORY_ERASED,
	    UK_RECS_END - UK_RECS_OFF);
	check(recover_image(img) == UK_ERR_CORRUPT,
	    "erased records are damage, not empty records");
	memcpy(img, base, UIMKEY_MEMORY_SIZE);
	memset(img + UK_JHDR_OFF, UIMKEY_MEMORY_ERASED,
	    UK_JHDR_LEN + UK_JDATA_LEN);
	check(recover_image(img) == UK_OK && jhdr_erased(),
	    "an erased journal is no commit");
	uk_put_be32(img + UK_JHDR_OFF, UK_JHDR_MAGIC);
	uk_put_be32(img + UK_JHDR_OFF + UK_JH_MARK, UK_JHDR_MARK);
	check(recover_image(img) == UK_ERR_CORRUPT,
	    "magic and mark around an erased header are damage");

	/* An image of a record from before a reset put back after it. */
	ram_memory_load(&ps, base, 0);
	boot();
	take(s_old);
	t_wipe();
	memcpy(img, ps.mem, UIMKEY_MEMORY_SIZE);
	memcpy(img + k0, base + k0, UK_KEY_ROOM);
	check(recover_image(img) == UK_ERR_CORRUPT && memcmp(ps.mem + k0,
	    base + k0, UK_KEY_ROOM) == 0, "a record's image from before a "
	    "reset put back is damage, and is left as it is");
}

/* Cut t_several at write n; 1 when it was cut. */
static int
several_cut_at(unsigned long n, int tear)
{
	ram_memory_load(&ps, base, 0);
	boot();
	ram_memory_arm_cut(&ps, n, tear, RAM_PREFIX);
	t_several();
	return ps.cut;
}

static void
test_damaged_journal(uint8_t *img)
{
	size_t k0 = uk_home_off(UK_REC_KEY(0));
	size_t k1 = uk_home_off(UK_REC_KEY(1));
	unsigned long n;

	ram_memory_load(&ps, base, 0);
	boot();
	take(s_old);
	memcpy(s_want, s_old, sizeof(*s_want));
	e_several(s_want);
	for (n = 1; several_cut_at(n, RAM_TEAR_NONE) && !jhdr_committed(); n++)
		;
	check(jhdr_committed(), "a cut right after the commit point leaves "
	    "a committed journal");
	memcpy(img, ps.mem, UIMKEY_MEMORY_SIZE);
	check(recover_image(img) == UK_OK && take(s_cur) &&
	    same(s_cur, s_want) && jhdr_erased(), "which the start replays");
	check(recover_flipped(img, UK_JHDR_OFF + 15) ==
	    UK_ERR_CORRUPT && recover_flipped(img, UK_JHDR_OFF +
	    5) == UK_ERR_CORRUPT && recover_flipped(img,
	    UK_JHDR_OFF + 22) == UK_ERR_CORRUPT,
	    "a byte flipped in a committed journal header is damage");
	check(recover_flipped(img, UK_JDATA_OFF + 20) ==
	    UK_ERR_CORRUPT, "so is one in its entries");
	check(recover_flipped(img, k0 + 40) == UK_OK && take(s_cur) &&
	    same(s_cur, s_want), "a torn record the journal rewrites is no "
	    "damage");
	check(recover_flipped(img, k1 + 40) == UK_ERR_CORRUPT,
	    "one the journal does not rewrite is");

	several_cut_at(n - 1, RAM_TEAR_NONE);
	memcpy(img, ps.mem, UIMKEY_MEMORY_SIZE);
	check(recover_flipped(img, UK_JHDR_OFF + 10) == UK_OK &&
	    take(s_cur) && same(s_cur, s_old) && recover_flipped(img,
	    UK_JDATA_OFF + 20) == UK_OK && take(s_cur) &&
	    same(s_cur, s_old), "in an uncommitted journal a flipped byte is "
	    "ignored: the old state");
	several_cut_at(n - 1, RAM_TEAR_ALL_BUT_ONE);
	memcpy(img, ps.mem, UIMKEY_MEMORY_SIZE);
	check(uk_get_be32(img + UK_JHDR_OFF) == UK_JHDR_MAGIC &&
	    recover_image(img) == UK_OK && take(s_cur) &&
	    same(s_cur, s_old) && jhdr_erased() &&
	    recover_flipped(img, UK_JHDR_OFF + 6) == UK_OK,
	    "a torn journal header (no mark) is ignored, flipped or not");
}

static void
test_corruption(void)
{
	uint8_t *img = malloc(UIMKEY_MEMORY_SIZE);

	if (img == NULL)
		return;
	test_damaged_records();
	test_odd_stores(img);
	test_damaged_journal(img);
	free(img);
}

int
main(void)
{
	if (!fixture_init())
		return 2;
	test_api();
	test_rec_write();
	test_failures();
	test_pending();
	test_corruption();
	fixture_done();
	return check_done();
}
