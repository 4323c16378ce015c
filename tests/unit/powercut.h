/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A RAM store with power cuts, for tests of "old or new, never a mix".
 *
 * Armed with n, the n-th write from then on is torn (only a prefix of its
 * bytes lands, or all of them with PC_TEAR_WHOLE) and fails, and every
 * later write and sync fails, as if power went while the card kept
 * running.  pc_reboot() then keeps exactly what
 * landed:
 *   PC_PREFIX   every write before the torn one landed (the medium kept
 *               them in order, synced or not);
 *   PC_SYNCED   only what the last sync made durable, plus the torn
 *               write: writes since the sync are lost, so a missing sync
 *               barrier shows.
 * A reboot without a cut keeps everything with PC_PREFIX and only what
 * was synced with PC_SYNCED.
 *
 * pc_every_cut() runs one command with a cut at each of its writes in
 * turn, rebooting and checking after each, until it completes uncut.
 */
#ifndef UIMKEY_TEST_POWERCUT_H
#define UIMKEY_TEST_POWERCUT_H

#include <stdint.h>
#include <string.h>

#include "card/memory.h"

/* How much of the torn write lands.  With PC_SYNCED, PC_TEAR_WHOLE is a
 * write that landed while the unsynced ones before it did not. */
#define PC_TEAR_NONE        0   /* none of it */
#define PC_TEAR_ONE         1   /* its first byte */
#define PC_TEAR_HALF        2   /* its first half */
#define PC_TEAR_ALL_BUT_ONE 3   /* all but its last byte */
#define PC_TEAR_WHOLE       4   /* all of it: the cut comes right after */
#define PC_TEARS            5

/* What else lands (see above). */
#define PC_PREFIX           0
#define PC_SYNCED           1
#define PC_MODELS           2

/* A command doing more writes than this is taken as running away. */
#define PC_WRITES_MAX       100000ul

struct pc_store {
	const uimkey_memory_class *vtable;
	uint8_t mem[UIMKEY_MEMORY_SIZE];         /* what reads see */
	uint8_t durable[UIMKEY_MEMORY_SIZE];     /* at the last sync (PC_SYNCED) */
	unsigned long writes, syncs;            /* done so far */
	unsigned long cut_at;                   /* write that tears; 0: none */
	int tear, model;
	int cut;                                /* the power is gone */
};

/* One command under every cut (see pc_every_cut). */
struct pc_plan {
	/* Put a card on s, fresh: pc_store_blank() or pc_store_load(), then
	 * the card's own start.  Called before every run. */
	void (*build)(struct pc_store *s, void *ctx);
	/* Run the command (its writes may fail: the power is gone). */
	void (*run)(struct pc_store *s, void *ctx);
	/* After the reboot, on what landed: 1 when the state is whole (the
	 * old or the new).  was_cut: 0 for the final, uncut run. */
	int (*check)(struct pc_store *s, void *ctx, int was_cut);
	void *ctx;
	int tear, model;
};

struct pc_result {
	unsigned long cuts;             /* cut points run and checked */
	unsigned long failures;         /* checks that failed, the uncut too */
	unsigned long first_failure;    /* write index of the first (1-based) */
};

static int
pc_read(const uimkey_memory_class **ctx, size_t off, void *buf, size_t len)
{
	struct pc_store *s = (struct pc_store *)(void *)ctx;

	if (off > sizeof(s->mem) || len > sizeof(s->mem) - off)
		return -1;
	memcpy(buf, s->mem + off, len);
	return 0;
}

static inline size_t
pc_landed(int tear, size_t len)
{
	switch (tear) {
	case PC_TEAR_ONE:
		return len > 1 ? 1 : 0;
	case PC_TEAR_HALF:
		return len / 2;
	case PC_TEAR_ALL_BUT_ONE:
		return len > 0 ? len - 1 : 0;
	case PC_TEAR_WHOLE:
		return len;
	default:
		return 0;
	}
}

static int
pc_write(const uimkey_memory_class **ctx, size_t off, const void *buf,
    size_t len)
{
	struct pc_store *s = (struct pc_store *)(void *)ctx;

	if (s->cut || off > sizeof(s->mem) || len > sizeof(s->mem) - off)
		return -1;
	s->writes++;
	if (s->cut_at != 0 && s->writes == s->cut_at) {
		if (s->model == PC_SYNCED)
			memcpy(s->mem, s->durable, sizeof(s->mem));
		memcpy(s->mem + off, buf, pc_landed(s->tear, len));
		s->cut = 1;
		return -1;
	}
	memcpy(s->mem + off, buf, len);
	return 0;
}

static int
pc_sync(const uimkey_memory_class **ctx)
{
	struct pc_store *s = (struct pc_store *)(void *)ctx;

	if (s->cut)
		return -1;
	if (s->model == PC_SYNCED)
		memcpy(s->durable, s->mem, sizeof(s->mem));
	s->syncs++;
	return 0;
}

static const uimkey_memory_class pc_store_vtable = {
	pc_read, pc_write, pc_sync
};

static inline void
pc_disarm(struct pc_store *s)
{
	s->cut_at = 0;
	s->cut = 0;
	s->model = PC_PREFIX;
	s->tear = PC_TEAR_NONE;
}

/* The store holding image (UIMKEY_MEMORY_SIZE bytes), all of it durable. */
static inline void
pc_store_load(struct pc_store *s, const uint8_t *image)
{
	s->vtable = &pc_store_vtable;
	memcpy(s->mem, image, sizeof(s->mem));
	memcpy(s->durable, image, sizeof(s->durable));
	s->writes = 0;
	s->syncs = 0;
	pc_disarm(s);
}

/* A never-written store. */
static inline void
pc_store_blank(struct pc_store *s)
{
	s->vtable = &pc_store_vtable;
	memset(s->mem, UIMKEY_MEMORY_ERASED, sizeof(s->mem));
	memset(s->durable, UIMKEY_MEMORY_ERASED, sizeof(s->durable));
	s->writes = 0;
	s->syncs = 0;
	pc_disarm(s);
}

/* Cut the power at the n-th write from now (n >= 1).  What is in the
 * store now counts as durable. */
static inline void
pc_arm(struct pc_store *s, unsigned long n, int tear, int model)
{
	s->cut_at = s->writes + n;
	s->tear = tear;
	s->model = model;
	s->cut = 0;
	if (model == PC_SYNCED)
		memcpy(s->durable, s->mem, sizeof(s->mem));
}

/* Power comes back: the store keeps what landed, and is whole again. */
static inline void
pc_reboot(struct pc_store *s)
{
	if (s->model == PC_SYNCED && !s->cut)
		memcpy(s->mem, s->durable, sizeof(s->mem));
	memcpy(s->durable, s->mem, sizeof(s->mem));
	pc_disarm(s);
}

/*
 * For n = 1, 2, ...: build, cut at the run's n-th write, run, reboot,
 * check; until a run completes before its n-th write, which is rebooted
 * and checked too.  Every cut point of the command is covered once.
 */
static inline void
pc_every_cut(struct pc_store *s, const struct pc_plan *plan,
    struct pc_result *res)
{
	unsigned long n;
	int was_cut;

	memset(res, 0, sizeof(*res));
	for (n = 1; n <= PC_WRITES_MAX; n++) {
		plan->build(s, plan->ctx);
		pc_arm(s, n, plan->tear, plan->model);
		plan->run(s, plan->ctx);
		was_cut = s->cut;
		pc_reboot(s);
		res->cuts += (unsigned long)was_cut;
		if (!plan->check(s, plan->ctx, was_cut) &&
		    res->failures++ == 0)
			res->first_failure = n;
		if (!was_cut)
			return;
	}
	/* Ran away: count it against the command. */
	res->failures++;
}

#endif
