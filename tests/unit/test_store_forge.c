/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The record store against runs of bytes overwritten and images moved,
 * exhaustively (test_store_auth.c flips single bytes): a 16-byte run
 * zeroed, or erased (FF), at every 16th offset of the store and
 * at every offset of every image header (card header, manifest,
 * records) and of a committed journal's header and entries; the image
 * headers of any two records swapped; the whole images of any two
 * records of the same capacity swapped.  Every start is refused (damage,
 * rollback, another format) or gives every record exactly as it was:
 * never a card whose PIN tries, PIN, lock state or key (all of them
 * record contents) changed.  The card runs on a device with a counter,
 * as uimkey-card does: a commit dropped is a rollback, refused.
 *
 * A magic erased makes the header say the card was never formatted: on
 * a device whose counter is past the factory commit that is refused
 * too, the store left as it is; only at the factory commit (a format cut
 * short) does a new card start, with none of the old records.
 */
#define _GNU_SOURCE     /* memmem() */
#include "card/store/store_home.h"
#include "tests/unit/store_fixture.h"

#define RUN 16

static struct test_device cdev;
static uint64_t ctr0;           /* the counter the image was left with */
static uint8_t img_erased[UIMKEY_MEMORY_SIZE]; /* the store, its magic erased */
static const struct snap *want; /* the records a start must give */

struct tally {
	unsigned long tried, refused, same, bad;
};

static void
judge(struct tally *t, size_t off, const char *what)
{
	int r;

	cdev.counter = ctr0;
	test_rng_init(&rng, 1);
	r = uimkey_card_init(&card, &ps.vtable, &rng.vtable, &cdev.vtable);
	t->tried++;
	if (r == UIMKEY_CARD_ERR_CORRUPT || r == UIMKEY_CARD_ERR_ROLLBACK ||
	    r == UIMKEY_CARD_ERR_FORMAT) {
		t->refused++;
		return;
	}
	if (r == UIMKEY_CARD_OK && take(s_cur) && same(s_cur, want)) {
		t->same++;
		return;
	}
	if (++t->bad <= 5)
		printf("# %s at %zu: start %d, %s\n", what, off, r,
		    r == UIMKEY_CARD_OK ? "records changed" : "not a refusal");
}

/* The judge tells a start with a record changed (by a commit) from one
 * as before. */
static void
test_judge(void)
{
	struct tally t = { 0 };
	uint64_t keep = ctr0;

	ram_memory_load(&ps, base, 0);
	judge(&t, 0, "untouched");
	check(t.same == 1 && t_single() == UK_OK, "the base as it is starts "
	    "as before; a commit changes key 2");
	ctr0 = card.txn.seq;
	judge(&t, 0, "control: key 2 changed");
	ctr0 = keep;
	check(t.bad == 1 && t.same == 1, "(the judge counts that start as "
	    "neither refused nor as before)");
}

static void
report(const struct tally *t, const char *what)
{
	printf("# %s: %lu starts, %lu refused, %lu as before, %lu neither\n",
	    what, t->tried, t->refused, t->same, t->bad);
}

/* image with RUN bytes at off (clipped to the memory) set to fill. */
static void
run_at(const uint8_t *image, size_t off, uint8_t fill, struct tally *t)
{
	size_t n = UIMKEY_MEMORY_SIZE - off < RUN ? UIMKEY_MEMORY_SIZE - off :
	    RUN;

	ram_memory_load(&ps, image, 0);
	memset(ps.mem + off, fill, n);
	/* A run over bytes that hold its fill already is no cut. */
	if (memcmp(ps.mem + off, image + off, n) != 0)
		judge(t, off, fill ? "erased run" : "zeroed run");
}

/* The magic is where a blank header differs: judged on its own. */
static int
hits_magic(size_t off, uint8_t fill)
{
	return fill == UIMKEY_MEMORY_ERASED && off < UK_LAYOUT_MAGIC_LEN;
}

static void
runs_every(const uint8_t *image, size_t from, size_t to, size_t step,
    uint8_t fill, struct tally *t)
{
	size_t off;

	for (off = from; off < to; off += step)
		if (!hits_magic(off, fill))
			run_at(image, off, fill, t);
}

/* Every offset of every image header: the card's, the manifest's, and
 * each record's. */
static void
runs_headers(uint8_t fill, struct tally *t)
{
	unsigned id;

	runs_every(base, UK_LAYOUT_HDR_OFF, UK_LAYOUT_HDR_END, 1, fill, t);
	for (id = 0; id <= UK_META_ID; id++)
		runs_every(base, uk_home_off(id), uk_home_off(id) +
		    UK_HOME_HDR_LEN, 1, fill, t);
}

static void
test_runs(void)
{
	struct tally z = { 0 }, f = { 0 }, hz = { 0 }, hf = { 0 };

	runs_every(base, 0, UK_RECS_END, RUN, 0x00, &z);
	runs_every(base, 0, UK_RECS_END, RUN, 0xFF, &f);
	/* Past the records, a sample: nothing reads there. */
	runs_every(base, UK_RECS_END, UIMKEY_MEMORY_SIZE, RUN * RUN, 0x00, &z);
	report(&z, "16 bytes zeroed at every 16th offset");
	report(&f, "16 bytes erased at every 16th offset");
	check(z.bad == 0 && z.tried > UK_RECS_END / RUN,
	    "16 bytes zeroed at every 16th offset of the card header, the "
	    "manifest, the journal and the records (and at every 256th "
	    "after them): refused, or every record as it was");
	check(f.bad == 0, "erased (FF) likewise");
	check(z.refused > UK_REC_COUNT && z.same > 0 && f.refused >
	    UK_REC_COUNT && f.same > 0, "(some runs hit what is checked, some "
	    "what means nothing: bytes past a content, the unused end)");
	runs_headers(0x00, &hz);
	runs_headers(0xFF, &hf);
	report(&hz, "16 bytes zeroed at every offset of an image header");
	report(&hf, "16 bytes erased at every offset of an image header");
	check(hz.tried > UK_REC_COUNT * UK_HOME_HDR_LEN &&
	    hz.refused == hz.tried && hf.refused == hf.tried,
	    "16 bytes zeroed or erased from every offset of the card header, "
	    "the manifest's and every record's image header: refused");
}

/* The base cut right after the commit point of t_several on cdev: the
 * image in img and the state the commit makes in s_new; 0 when no cut
 * leaves a committed journal. */
static int
committed(uint8_t *img)
{
	test_device_init(&cdev, 0x5D, 1);
	if (!cut_at_commit(img, &cdev, 0))
		return 0;
	ctr0 = cdev.counter;
	memcpy(s_new, s_old, sizeof(*s_new));
	e_several(s_new);
	return 1;
}

static void
test_journal(uint8_t *img)
{
	struct tally z = { 0 }, f = { 0 };
	size_t end;

	check(committed(img), "a commit cut right after its commit point");
	ram_memory_load(&ps, img, 0);
	want = s_new;
	judge(&z, 0, "untouched");
	check(z.same == 1 && ctr0 == card.txn.seq, "starts with the commit's "
	    "records (the counter at its sequence number)");
	z.same = 0;
	z.tried = 0;
	end = UK_JDATA_OFF + uk_get_be32(img + UK_JHDR_OFF + UK_JH_BYTES);
	runs_every(img, UK_JHDR_OFF, end, 1, 0x00, &z);
	runs_every(img, UK_JHDR_OFF, end, 1, 0xFF, &f);
	report(&z, "16 bytes zeroed at every offset of the journal");
	report(&f, "16 bytes erased at every offset of the journal");
	check(z.tried > end - UK_JHDR_OFF - RUN && z.refused == z.tried &&
	    f.refused == f.tried, "16 bytes zeroed or erased from "
	    "every offset of its header and entries: refused (a commit "
	    "dropped is older than the counter)");
}

/* Swap len bytes at a and b in the image at ps. */
static void
swap(size_t a, size_t b, size_t len)
{
	static uint8_t t[UK_OBJ_ROOM];

	memcpy(t, ps.mem + a, len);
	memcpy(ps.mem + a, ps.mem + b, len);
	memcpy(ps.mem + b, t, len);
}

/* Every pair of ids in [lo, hi) swapped, len bytes from their homes. */
static void
swap_pairs(unsigned lo, unsigned hi, size_t len, struct tally *t)
{
	unsigned a, b;

	for (a = lo; a < hi; a++)
		for (b = a + 1; b < hi; b++) {
			ram_memory_load(&ps, base, 0);
			swap(uk_home_off(a), uk_home_off(b), len);
			judge(t, uk_home_off(a), "swap");
		}
}

static void
test_swaps(void)
{
	struct tally h = { 0 }, w = { 0 };
	unsigned nk = UIMKEY_SLOT_COUNT, no = UK_OBJ_COUNT;

	swap_pairs(0, UK_META_ID + 1, UK_HOME_HDR_LEN, &h);
	report(&h, "image headers of two records swapped");
	check(h.refused == h.tried && h.tried == (UK_META_ID + 1) *
	    UK_META_ID / 2, "the image headers of any two records (manifest "
	    "included) swapped: refused");
	swap_pairs(UK_REC_KEY(0), UK_REC_KEY(nk), UK_KEY_ROOM, &w);
	swap_pairs(UK_REC_OBJ(0), UK_REC_OBJ(no), UK_OBJ_ROOM, &w);
	ram_memory_load(&ps, base, 0);
	swap(uk_home_off(UK_REC_CRED), uk_home_off(UK_REC_ISSUER),
	    UK_HOME_HDR_LEN + UK_REC_ISSUER_MAX);
	judge(&w, uk_home_off(UK_REC_CRED), "swap");
	report(&w, "whole images of two records swapped");
	check(w.refused == w.tried && w.tried == nk * (nk - 1) / 2 +
	    no * (no - 1) / 2 + 1, "the whole images of any two key slots, "
	    "of any two data objects, of the credentials and the issuer "
	    "record (full or empty) swapped: refused");
}

static void
test_magic_erased(void)
{
	size_t n = 0;

	ram_memory_load(&ps, base, 0);
	memset(ps.mem, UIMKEY_MEMORY_ERASED, UK_LAYOUT_MAGIC_LEN);
	memcpy(img_erased, ps.mem, UIMKEY_MEMORY_SIZE);
	cdev.counter = ctr0;
	test_rng_init(&rng, 2);
	check(ctr0 > UK_SEQ_FACTORY && uimkey_card_init(&card, &ps.vtable,
	    &rng.vtable, &cdev.vtable) == UIMKEY_CARD_ERR_ROLLBACK &&
	    memcmp(ps.mem, img_erased, UIMKEY_MEMORY_SIZE) == 0 &&
	    cdev.counter == ctr0,
	    "the magic erased, the counter past the factory commit: refused "
	    "as a rollback, the store and counter left as they were");
	/* A device at the factory commit; another random source than the
	 * base card's: its own factory records (serial, attestation key). */
	cdev.counter = UK_SEQ_FACTORY;
	check(uimkey_card_init(&card, &ps.vtable, &rng.vtable, &cdev.vtable) ==
	    UIMKEY_CARD_OK && take(s_cur) && s_cur->len[UK_REC_KEY(0)] == 0 &&
	    s_cur->len[UK_REC_KEY(1)] == 0 && s_cur->len[UK_REC_OBJ(0)] == 0 &&
	    s_cur->len[UK_REC_ISSUER] == 0,
	    "the counter at the factory commit (a format cut short): a new "
	    "card is formatted over the store, with none of the old records "
	    "(keys, objects, issuer record)");
	for (; n < UK_REC_COUNT; n++)
		if (s_cur->len[n] != 0 && s_old->len[n] == s_cur->len[n] &&
		    memcmp(s_cur->data[n], s_old->data[n], s_cur->len[n]) == 0)
			break;
	check(n == UK_REC_COUNT, "no record holds what it held before");
}

int
main(void)
{
	uint8_t *img = malloc(UIMKEY_MEMORY_SIZE);

	if (img == NULL || !fixture_init())
		return 2;
	test_device_init(&cdev, 0x5D, 1);
	ram_memory_load(&ps, base, 0);
	check(boot() == UIMKEY_CARD_OK && take(s_old),
	    "the base card starts: its records");
	ctr0 = card.txn.seq;
	want = s_old;
	test_judge();
	test_runs();
	test_swaps();
	test_magic_erased();
	test_journal(img);
	free(img);
	fixture_done();
	return check_done();
}
