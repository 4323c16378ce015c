/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the record store's tests share (test_store.c, test_store_api.c): a
 * base card on a power-cut store, snapshots of all records, content that
 * tells each record and generation apart, and the transactions under
 * test.  Define _GNU_SOURCE before including it (memmem).
 */
#ifndef UIMKEY_TEST_STORE_FIXTURE_H
#define UIMKEY_TEST_STORE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bearssl/bearssl_hash.h>

#include "card/card.h"
#include "uk/store.h"
#include "card/store/store_layout.h"
#include "codec/bytes.h"
#include "tests/support/check.h"
#include "tests/support/test_device.h"
#include "tests/support/ram_memory.h"
#include "tests/support/test_rng.h"
#include "tests/support/xorshift.h"
#include "tests/unit/powercut.h"

/* Every record of a card. */
struct snap {
	size_t len[UK_REC_COUNT];
	uint8_t data[UK_REC_COUNT][UK_REC_OBJ_MAX];
};

/* A transaction under test: run() returns what commit returned;
 * expect() turns the old state into the one it must give. */
struct txn {
	const char *name;
	int (*run)(void);
	void (*expect)(struct snap *want);
};

static struct ram_memory ps;
static struct ram_memory ms;
static struct test_rng rng;
static uimkey_card card;
static uint8_t *base;           /* the store of the base card */
static struct snap *s_old, *s_new, *s_cur, *s_want;

#define REMNANT_LEN 32          /* bytes that identify a record's content */

/* Content of record id in generation gen: bytes no other pair repeats. */
static inline void
fill(uint8_t *p, size_t len, unsigned id, unsigned gen)
{
	xorshift_fill(p, len, (id + 1) * 2654435761u ^ (gen + 1) * 40503u);
}

static inline int
put_gen(unsigned id, size_t len, unsigned gen)
{
	uint8_t buf[UK_REC_OBJ_MAX];

	fill(buf, len, id, gen);
	return uk_txn_put(&card, id, buf, len);
}

static inline void
want_gen(struct snap *w, unsigned id, size_t len, unsigned gen)
{
	w->len[id] = len;
	fill(w->data[id], len, id, gen);
}

static inline int
take(struct snap *s)
{
	unsigned id;
	int ok = 1;

	for (id = 0; id < UK_REC_COUNT; id++)
		ok &= uk_rec_read(&card, id, s->data[id],
		    sizeof(s->data[id]), &s->len[id]) == UK_OK;
	return ok;
}

static inline int
same(const struct snap *a, const struct snap *b)
{
	unsigned id;

	for (id = 0; id < UK_REC_COUNT; id++)
		if (a->len[id] != b->len[id] ||
		    memcmp(a->data[id], b->data[id], a->len[id]) != 0)
			return 0;
	return 1;
}

/* The REMNANT_LEN bytes at pat are somewhere in the store. */
static inline int
found(const uint8_t *pat)
{
	return memmem(ps.mem, sizeof(ps.mem), pat, REMNANT_LEN) != NULL;
}

/* No content of s that the card no longer holds is left in the store. */
static inline int
no_remnants(const struct snap *s, const struct snap *now)
{
	unsigned id;
	size_t n;

	for (id = 0; id < UK_REC_COUNT; id++) {
		n = s->len[id];
		if (n < REMNANT_LEN || (now->len[id] == n &&
		    memcmp(now->data[id], s->data[id], n) == 0))
			continue;
		if (found(s->data[id]) || found(s->data[id] + n - REMNANT_LEN))
			return 0;
	}
	return 1;
}

static inline int
boot(void)
{
	test_rng_init(&rng, 1);
	return uimkey_card_init(&card, &ps.vtable, &rng.vtable,
	    test_device_default());
}

/* The card on ps not started, for the store's own calls (uk_boot_*):
 * its device, the store key derived from it, a DRBG for the nonces. */
static inline void
bare_card(void)
{
	static const char seed[] = "store fixture";

	memset(&card, 0, sizeof(card));
	card.memory = &ps.vtable;
	card.device = test_device_default();
	br_hmac_drbg_init(&card.drbg, &br_sha256_vtable, seed, sizeof(seed));
	uk_store_key(&card);
}

/* The store image with nothing but recovery run on it. */
static inline int
recover_image(const uint8_t *image)
{
	ram_memory_load(&ps, image, 0);
	bare_card();
	return uk_boot_recover(&card);
}

static inline int
jhdr_erased(void)
{
	size_t i;

	for (i = 0; i < UK_JHDR_LEN; i++)
		if (ps.mem[UK_JHDR_OFF + i] != UIMKEY_MEMORY_ERASED)
			return 0;
	return 1;
}

static inline int
jhdr_committed(void)
{
	return uk_get_be32(ps.mem + UK_JHDR_OFF) == UK_JHDR_MAGIC &&
	    uk_get_be32(ps.mem + UK_JHDR_OFF + UK_JH_MARK) == UK_JHDR_MARK;
}

/* --- the transactions --- */

static inline int
t_single(void)
{
	uk_txn_begin(&card);
	put_gen(UK_REC_KEY(2), 1500, 1);
	return uk_txn_commit(&card);
}

static inline void
e_single(struct snap *w)
{
	want_gen(w, UK_REC_KEY(2), 1500, 1);
}

/* The same change by uk_rec_write, the store's one-record transaction. */
static inline int
t_write(void)
{
	uint8_t buf[1500];

	fill(buf, sizeof(buf), UK_REC_KEY(2), 1);
	return uk_rec_write(&card, UK_REC_KEY(2), buf, sizeof(buf));
}

/* Grows, shrinks (the old tail must go), fills to capacity, creates. */
static inline int
t_several(void)
{
	uk_txn_begin(&card);
	put_gen(UK_REC_CRED, UK_REC_CRED_MAX, 1);
	put_gen(UK_REC_KEY(0), UK_REC_KEY_MAX, 1);
	put_gen(UK_REC_OBJ(0), 10, 1);
	put_gen(UK_REC_OBJ(7), 200, 1);
	return uk_txn_commit(&card);
}

static inline void
e_several(struct snap *w)
{
	want_gen(w, UK_REC_CRED, UK_REC_CRED_MAX, 1);
	want_gen(w, UK_REC_KEY(0), UK_REC_KEY_MAX, 1);
	want_gen(w, UK_REC_OBJ(0), 10, 1);
	want_gen(w, UK_REC_OBJ(7), 200, 1);
}

/*
 * The base card started on d (test_device_default() when NULL; else its
 * counter put back to counter before every try) and cut right after the
 * commit point of t_several: its image in img.  0 when no cut leaves a
 * committed journal.
 */
static inline int
cut_at_commit(uint8_t *img, struct test_device *d, uint64_t counter)
{
	unsigned long n;

	for (n = 1; n < PC_WRITES_MAX; n++) {
		ram_memory_load(&ps, base, 0);
		if (d != NULL)
			d->counter = counter;
		test_rng_init(&rng, 1);
		uimkey_card_init(&card, &ps.vtable, &rng.vtable,
		    d != NULL ? &d->vtable : test_device_default());
		ram_memory_arm_cut(&ps, n, RAM_TEAR_NONE, RAM_PREFIX);
		t_several();
		if (!ps.cut)
			return 0;
		ram_memory_reboot(&ps);
		if (jhdr_committed())
			break;
	}
	memcpy(img, ps.mem, UIMKEY_MEMORY_SIZE);
	return jhdr_committed();
}

static inline int
t_delete(void)
{
	uk_txn_begin(&card);
	uk_txn_put(&card, UK_REC_KEY(0), NULL, 0);
	uk_txn_put(&card, UK_REC_OBJ(0), NULL, 0);
	return uk_txn_commit(&card);
}

static inline void
e_delete(struct snap *w)
{
	w->len[UK_REC_KEY(0)] = 0;
	w->len[UK_REC_OBJ(0)] = 0;
}

/* A put before the wipe survives; a put after a kept record wins. */
static const unsigned wipe_keep[] = {
	UK_REC_CRED, UK_REC_KEY(24), UK_REC_KEY(5),
	UK_REC_KEY(24),
};

static inline int
t_wipe(void)
{
	uk_txn_begin(&card);
	put_gen(UK_REC_ISSUER, 10, 2);
	uk_txn_wipe_all(&card, wipe_keep,
	    sizeof(wipe_keep) / sizeof(wipe_keep[0]));
	put_gen(UK_REC_OBJ(3), 700, 2);
	put_gen(UK_REC_CRED, 50, 2);
	return uk_txn_commit(&card);
}

static inline void
e_wipe(struct snap *w)
{
	size_t kept = w->len[UK_REC_KEY(24)];
	unsigned id;

	for (id = 0; id < UK_REC_COUNT; id++)
		if (id != UK_REC_KEY(24))
			w->len[id] = 0;
	w->len[UK_REC_KEY(24)] = kept;
	want_gen(w, UK_REC_ISSUER, 10, 2);
	want_gen(w, UK_REC_OBJ(3), 700, 2);
	want_gen(w, UK_REC_CRED, 50, 2);
}

static int overflow_put_rc;

/* Over UK_TXN_MAX bytes: the third put is refused, so is commit. */
static inline int
t_overflow(void)
{
	uk_txn_begin(&card);
	put_gen(UK_REC_KEY(2), UK_REC_KEY_MAX, 3);
	put_gen(UK_REC_OBJ(1), UK_REC_OBJ_MAX, 3);
	overflow_put_rc = put_gen(UK_REC_OBJ(2), UK_REC_OBJ_MAX, 3);
	return uk_txn_commit(&card);
}

/* Over UK_TXN_RECORDS_MAX puts. */
static inline int
t_toomany(void)
{
	unsigned i;

	uk_txn_begin(&card);
	for (i = 0; i < UK_TXN_RECORDS_MAX; i++)
		put_gen(UK_REC_OBJ(10 + i), 1, 4);
	overflow_put_rc = put_gen(UK_REC_OBJ(9), 1, 4);
	return uk_txn_commit(&card);
}

static inline void
e_nothing(struct snap *w)
{
	(void)w;
}

/* The same record twice: the last put wins. */
static inline int
t_twice(void)
{
	uk_txn_begin(&card);
	put_gen(UK_REC_OBJ(4), 500, 5);
	put_gen(UK_REC_KEY(3), 300, 5);
	put_gen(UK_REC_OBJ(4), 40, 6);
	return uk_txn_commit(&card);
}

static inline void
e_twice(struct snap *w)
{
	want_gen(w, UK_REC_OBJ(4), 40, 6);
	want_gen(w, UK_REC_KEY(3), 300, 5);
}

/* The base card: factory state plus records of generation 0. */
static inline void
make_base(void)
{
	ram_memory_blank(&ps, 0);
	check(boot() == UIMKEY_CARD_OK, "a blank store formats");
	uk_txn_begin(&card);
	put_gen(UK_REC_CRED, 100, 0);
	put_gen(UK_REC_ISSUER, 8, 0);
	put_gen(UK_REC_KEY(0), 2000, 0);
	put_gen(UK_REC_KEY(1), 600, 0);
	put_gen(UK_REC_KEY(24), 300, 0);
	check(uk_txn_commit(&card) == UK_OK, "base: keys");
	uk_txn_begin(&card);
	put_gen(UK_REC_OBJ(0), 3000, 0);
	put_gen(UK_REC_OBJ(5), 100, 0);
	put_gen(UK_REC_OBJ(UK_OBJ_COUNT - 1), UK_REC_OBJ_MAX, 0);
	check(uk_txn_commit(&card) == UK_OK, "base: objects");
	memcpy(base, ps.mem, sizeof(ps.mem));
}

/* Allocate the snapshots and make the base card; 0 when out of memory. */
static inline int
fixture_init(void)
{
	base = malloc(UIMKEY_MEMORY_SIZE);
	s_old = malloc(sizeof(*s_old));
	s_new = malloc(sizeof(*s_new));
	s_cur = malloc(sizeof(*s_cur));
	s_want = malloc(sizeof(*s_want));
	if (!base || !s_old || !s_new || !s_cur || !s_want)
		return 0;
	ram_memory_blank(&ms, 1);
	make_base();
	return 1;
}

static inline void
fixture_done(void)
{
	free(base);
	free(s_old);
	free(s_new);
	free(s_cur);
	free(s_want);
}

#endif
