/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The record store against someone who can read and write it but has
 * not the device key: every byte that means something is authenticated
 * (a flip of any of them stops the start with UIMKEY_CARD_ERR_CORRUPT),
 * records cannot be moved or put back from an older image, an older
 * image of the whole store is refused by the device counter, a commit
 * whose counter raise was cut off catches the counter up, and no
 * plaintext of a record is in the store at any write of a commit.
 */
#define _GNU_SOURCE     /* memmem() */
#include "card/auth/auth_cred.h"
#include "card/store/store_home.h"
#include "tests/unit/store_fixture.h"

/* A device with the fixture's key (test_device_default's) and a counter. */
static struct test_device cdev;

static int
boot_with(const uimkey_device_class **dev)
{
	test_rng_init(&rng, 1);
	return uimkey_card_init(&card, &ps.vtable, &rng.vtable, dev);
}

/* image with one byte flipped, started: what uimkey_card_init says. */
static int
start_flipped(const uint8_t *image, size_t off,
    const uimkey_device_class **dev)
{
	ram_memory_load(&ps, image, 0);
	ps.mem[off] ^= 0x40;
	return boot_with(dev);
}

/* Every byte of [off, off + len) flipped in turn is refused as damage. */
static int
all_corrupt(const uint8_t *image, size_t off, size_t len, size_t step)
{
	size_t i;
	int ok = 1;

	for (i = 0; i < len; i += step)
		ok &= start_flipped(image, off + i, test_device_default()) ==
		    UIMKEY_CARD_ERR_CORRUPT;
	return ok;
}

static void
test_record_bytes(void)
{
	size_t k0 = uk_home_off(UK_REC_KEY(0)), k9 = uk_home_off(UK_REC_KEY(9));
	size_t last = uk_home_off(UK_REC_OBJ(UK_OBJ_COUNT - 1));

	ram_memory_load(&ps, base, 0);
	check(boot() == UIMKEY_CARD_OK && uk_rec_len(&card, UK_REC_KEY(0)) ==
	    2000 && uk_rec_len(&card, UK_REC_KEY(9)) == 0,
	    "the base card starts: key 0 holds 2000 bytes, key 9 none");
	check(all_corrupt(base, k0 + UK_HOME_HDR_VER, 8, 1) &&
	    all_corrupt(base, k9 + UK_HOME_HDR_VER, 8, 1),
	    "a byte flipped in a record's version (full or empty): CORRUPT");
	check(all_corrupt(base, k0 + UK_HOME_HDR_LEN_AT, 4, 1) &&
	    all_corrupt(base, k9 + UK_HOME_HDR_LEN_AT, 4, 1),
	    "in its length: CORRUPT");
	check(all_corrupt(base, k0 + UK_HOME_HDR_NONCE, UK_NONCE_LEN, 1) &&
	    all_corrupt(base, k9 + UK_HOME_HDR_NONCE, UK_NONCE_LEN, 1),
	    "in its nonce: CORRUPT");
	check(all_corrupt(base, k0 + UK_HOME_HDR_TAG, UK_TAG_LEN, 1) &&
	    all_corrupt(base, k9 + UK_HOME_HDR_TAG, UK_TAG_LEN, 1),
	    "in its tag: CORRUPT");
	check(all_corrupt(base, k0 + UK_HOME_HDR_LEN, 2000, 37) &&
	    all_corrupt(base, k0 + UK_HOME_HDR_LEN + 1999, 1, 1) &&
	    all_corrupt(base, last + UK_HOME_HDR_LEN + UK_REC_OBJ_MAX - 1, 1,
	    1), "in its ciphertext (first, every 37th, last byte): CORRUPT");
	check(all_corrupt(base, UK_META_OFF, UK_META_ROOM, 1),
	    "any byte of the manifest (header, sequence, counter, versions): "
	    "CORRUPT");
	check(all_corrupt(base, UK_LAYOUT_HDR_OFF, UK_LAYOUT_HDR_END, 1),
	    "any byte of the card header (magic, format, serial, nonce, tag): "
	    "CORRUPT");
	ram_memory_load(&ps, base, 0);
	ps.mem[k0 + UK_HOME_HDR_LEN + 2000] ^= 0x40;
	check(boot() == UIMKEY_CARD_OK, "while a byte past a record's content, "
	    "which means nothing, does not stop the start (so the flips above "
	    "are judged by what they hit)");
}

static void
test_journal_bytes(uint8_t *img)
{
	uint32_t bytes;
	size_t man;

	check(cut_at_commit(img, NULL, 0) &&
	    recover_image(img) == UK_OK && take(s_cur),
	    "a commit cut right after its commit point replays");
	bytes = uk_get_be32(img + UK_JHDR_OFF + UK_JH_BYTES);
	man = UK_JDATA_OFF + bytes - UK_JMAN_LEN;
	check(all_corrupt(img, UK_JHDR_OFF + UK_JH_SEQ,
	    UK_JH_MARK - UK_JH_SEQ, 1), "a byte flipped in the committed "
	    "journal header (sequence, count, size, nonce, tag): CORRUPT");
	check(all_corrupt(img, UK_JDATA_OFF, UK_JENT_HDR_LEN +
	    UK_HOME_HDR_LEN, 1), "in an entry's header (record id, image "
	    "header): CORRUPT");
	check(all_corrupt(img, UK_JDATA_OFF + UK_JENT_HDR_LEN +
	    UK_HOME_HDR_LEN, UK_REC_CRED_MAX, 11),
	    "in an entry's ciphertext: CORRUPT");
	check(all_corrupt(img, man, UK_JMAN_LEN, 13) &&
	    all_corrupt(img, man + UK_JMAN_LEN - 1, 1, 1),
	    "in the manifest's entry: CORRUPT");
}

/*
 * The journal's magic and mark: a flip makes a commit look cut short, as
 * a power cut leaves one, and the commit is dropped.  With a counter the
 * drop is an older store: refused.
 */
static void
test_journal_frame(uint8_t *img)
{
	test_device_init(&cdev, 0x5D, 1);
	check(cut_at_commit(img, &cdev, 0), "a committed journal on a "
	    "card with a counter");
	check(start_flipped(img, UK_JHDR_OFF + UK_JH_MAGIC + 1,
	    &cdev.vtable) == UIMKEY_CARD_ERR_ROLLBACK &&
	    start_flipped(img, UK_JHDR_OFF + UK_JH_MARK + 2, &cdev.vtable) ==
	    UIMKEY_CARD_ERR_ROLLBACK, "its magic or mark flipped: the commit "
	    "is lost, and the store older than the counter is refused");
	check(memcmp(ps.mem, img, UK_JHDR_OFF + UK_JH_MARK + 2) == 0,
	    "and nothing was written before the refusal");
}

/* Swap the rooms at a and b (len bytes each) in the image at ps. */
static void
swap(size_t a, size_t b, size_t len)
{
	uint8_t t[UK_OBJ_ROOM];

	memcpy(t, ps.mem + a, len);
	memcpy(ps.mem + a, ps.mem + b, len);
	memcpy(ps.mem + b, t, len);
}

static void
test_moved(uint8_t *img)
{
	size_t k0 = uk_home_off(UK_REC_KEY(0)), k1 = uk_home_off(UK_REC_KEY(1));
	size_t o0 = uk_home_off(UK_REC_OBJ(0)), o5 = uk_home_off(UK_REC_OBJ(5));
	int r1, r2;

	ram_memory_load(&ps, base, 0);
	swap(k0, k1, UK_KEY_ROOM);
	r1 = boot();
	ram_memory_load(&ps, base, 0);
	swap(o0, o5, UK_OBJ_ROOM);
	r2 = boot();
	check(r1 == UIMKEY_CARD_ERR_CORRUPT && r2 == UIMKEY_CARD_ERR_CORRUPT,
	    "two records' images swapped (two keys, two objects): CORRUPT");

	ram_memory_load(&ps, base, 0);
	boot();
	check(t_single() == UK_OK, "a commit changes key 2");
	memcpy(img, ps.mem, UIMKEY_MEMORY_SIZE);
	memcpy(ps.mem + uk_home_off(UK_REC_KEY(2)),
	    base + uk_home_off(UK_REC_KEY(2)), UK_KEY_ROOM);
	check(boot() == UIMKEY_CARD_ERR_CORRUPT, "key 2's older image put "
	    "back (a good tag, of an older version): CORRUPT");
	ram_memory_load(&ps, img, 0);
	memcpy(ps.mem + UK_META_OFF, base + UK_META_OFF, UK_META_ROOM);
	check(boot() == UIMKEY_CARD_ERR_CORRUPT, "the older manifest put "
	    "back: CORRUPT");
	ram_memory_load(&ps, base, 0);
	test_device_init(&cdev, 0x11, 0);
	check(boot_with(&cdev.vtable) == UIMKEY_CARD_ERR_CORRUPT,
	    "the store under another device key: CORRUPT");
}

static void
test_rollback(uint8_t *img)
{
	uint64_t seq;

	test_device_init(&cdev, 0x5D, 1);
	ram_memory_load(&ps, base, 0);
	check(boot_with(&cdev.vtable) == UIMKEY_CARD_OK &&
	    cdev.counter == card.txn.seq && cdev.counter > 0,
	    "a counter behind the store is caught up at start");
	seq = card.txn.seq;
	memcpy(img, ps.mem, UIMKEY_MEMORY_SIZE);
	check(t_several() == UK_OK && cdev.counter == seq + 1,
	    "a commit raises the counter to its sequence number");
	ram_memory_load(&ps, img, 0);
	check(boot_with(&cdev.vtable) == UIMKEY_CARD_ERR_ROLLBACK &&
	    ps.writes == 0 && memcmp(ps.mem, img, UIMKEY_MEMORY_SIZE) == 0,
	    "the whole older image put back: ROLLBACK, and left as it was");
	check(boot_with(test_device_default()) == UIMKEY_CARD_OK,
	    "(the same image starts on a device without counter)");

	/* A cut between the commit and the counter's raise. */
	ram_memory_load(&ps, img, 0);
	cdev.counter = seq;
	boot_with(&cdev.vtable);
	check(t_several() == UK_OK, "a commit");
	cdev.counter = seq;
	check(boot_with(&cdev.vtable) == UIMKEY_CARD_OK &&
	    cdev.counter == seq + 1 && card.txn.seq == seq + 1,
	    "its counter raise lost: the next start raises it");
	check(cut_at_commit(img, &cdev, seq) && (cdev.counter = seq,
	    boot_with(&cdev.vtable)) == UIMKEY_CARD_OK && jhdr_erased() &&
	    cdev.counter == seq + 1, "cut after the commit point, before "
	    "the raise: the start replays and raises it");
	cdev.fail_counter = 1;
	check(boot_with(&cdev.vtable) == UIMKEY_CARD_ERR_DEVICE,
	    "a counter that cannot be read: the card does not start");
	cdev.fail_counter = 0;
	boot_with(&cdev.vtable);
	cdev.fail_counter = 1;
	check(t_single() == UK_OK && uk_rec_len(&card, UK_REC_KEY(2)) ==
	    UK_ERR_IO, "a counter that cannot be raised: the commit stands, "
	    "the store stops until a restart");
	cdev.fail_counter = 0;
	check(boot_with(&cdev.vtable) == UIMKEY_CARD_OK &&
	    cdev.counter == card.txn.seq && uk_rec_len(&card,
	    UK_REC_KEY(2)) == 1500, "which raises it");
}

/* --- no plaintext in any image --- */

static const char marker[] = "uimkey plaintext marker: never in the store";
#define MARK_LEN (sizeof(marker) - 1)

struct plain_ctx {
	unsigned long images, found;
	const uint8_t *mgmt;
};

static int
holds_plain(const uint8_t *mem, const uint8_t *mgmt)
{
	return memmem(mem, UIMKEY_MEMORY_SIZE, marker, MARK_LEN) != NULL ||
	    memmem(mem, UIMKEY_MEMORY_SIZE, mgmt, 24) != NULL;
}

static void
pl_build(struct ram_memory *s, void *vctx)
{
	(void)vctx;
	ram_memory_load(s, base, 0);
	boot();
}

/* An object and a key record holding the marker, in one transaction. */
static void
pl_run(struct ram_memory *s, void *vctx)
{
	uint8_t v[600];

	(void)s;
	(void)vctx;
	memset(v, 0x33, sizeof(v));
	memcpy(v + 100, marker, MARK_LEN);
	uk_txn_begin(&card);
	uk_txn_put(&card, UK_REC_OBJ(11), v, sizeof(v));
	uk_txn_put(&card, UK_REC_KEY(7), v, 300);
	uk_txn_commit(&card);
}

static int
pl_check(struct ram_memory *s, void *vctx, int was_cut)
{
	struct plain_ctx *c = vctx;

	(void)was_cut;
	c->images++;
	c->found += (unsigned long)holds_plain(s->mem, c->mgmt);
	return 1;
}

static void
fm_build(struct ram_memory *s, void *vctx)
{
	(void)vctx;
	ram_memory_blank(s, 0);
}

static void
fm_run(struct ram_memory *s, void *vctx)
{
	(void)s;
	(void)vctx;
	boot();
}

static void
test_no_plaintext(void)
{
	static const uint8_t mgmt[24] = UIMKEY_DEFAULT_MGMT_KEY;
	struct plain_ctx c = { 0, 0, mgmt };
	struct pc_plan plan = { pl_build, pl_run, pl_check, &c, RAM_TEAR_WHOLE,
	    RAM_PREFIX };
	struct pc_plan fplan = { fm_build, fm_run, pl_check, &c,
	    RAM_TEAR_WHOLE, RAM_PREFIX };
	struct pc_result res;
	uint8_t cred[UK_REC_CRED_MAX], v[700];
	size_t len;

	ram_memory_blank(&ps, 0);
	check(boot() == UIMKEY_CARD_OK && uk_rec_read(&card, UK_REC_CRED, cred,
	    sizeof(cred), &len) == UK_OK && len == UK_CRED_LEN &&
	    cred[UK_CRED_OFF_VERSION] == UK_CRED_VERSION &&
	    memcmp(cred + UK_CRED_OFF_MGMT_KEY, mgmt, sizeof(mgmt)) == 0,
	    "a factory card's credentials record holds the default management "
	    "key in the clear, where its layout puts it");
	check(!holds_plain(ps.mem, mgmt), "which is nowhere in its store");
	pc_every_cut(&ps, &fplan, &res);
	printf("# %lu store images, one at each write of a factory format; "
	    "the default management key in %lu\n", c.images, c.found);
	check(res.failures == 0 && c.images > 50 && c.found == 0, "nor at "
	    "any write of the format and its factory commit");
	c.images = 0;
	pc_every_cut(&ps, &plan, &res);
	check(res.failures == 0 && uk_rec_read(&card, UK_REC_OBJ(11), v,
	    sizeof(v), &len) == UK_OK && memmem(v, len, marker, MARK_LEN) !=
	    NULL, "an object and a key record holding a marker are committed "
	    "(and read back in plaintext)");
	printf("# %lu store images, one at each write of the commit\n",
	    c.images);
	check(c.images > 10 && c.found == 0, "the marker is in none of the "
	    "store's images, at any write of the commit nor after it");
	ram_memory_load(&ps, base, 0);
	memcpy(ps.mem + 5000, marker, MARK_LEN);
	check(holds_plain(ps.mem, mgmt), "(the search finds the marker where "
	    "it is)");
}

int
main(void)
{
	uint8_t *img = malloc(UIMKEY_MEMORY_SIZE);

	if (img == NULL || !fixture_init())
		return 2;
	test_record_bytes();
	test_journal_bytes(img);
	test_journal_frame(img);
	test_moved(img);
	test_rollback(img);
	test_no_plaintext();
	free(img);
	fixture_done();
	return check_done();
}
