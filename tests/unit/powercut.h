/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One command under every power cut, for tests of "old or new, never a
 * mix": pc_every_cut() runs it with a cut at each of its writes in turn
 * (tests/support/ram_memory.h: the tears and the models of what lands),
 * rebooting and checking after each, until it completes uncut.
 */
#ifndef UIMKEY_TEST_POWERCUT_H
#define UIMKEY_TEST_POWERCUT_H

#include <stdint.h>
#include <string.h>

#include "tests/support/ram_memory.h"

/* A command doing more writes than this is taken as running away. */
#define PC_WRITES_MAX       100000ul

/* One command under every cut (see pc_every_cut). */
struct pc_plan {
	/* Put a card on s, fresh: ram_memory_blank() or ram_memory_load(), then
	 * the card's own start.  Called before every run. */
	void (*build)(struct ram_memory *s, void *ctx);
	/* Run the command (its writes may fail: the power is gone). */
	void (*run)(struct ram_memory *s, void *ctx);
	/* After the reboot, on what landed: 1 when the state is whole (the
	 * old or the new).  was_cut: 0 for the final, uncut run. */
	int (*check)(struct ram_memory *s, void *ctx, int was_cut);
	void *ctx;
	int tear, model;
};

struct pc_result {
	unsigned long cuts;             /* cut points run and checked */
	unsigned long failures;         /* checks that failed, the uncut too */
	unsigned long first_failure;    /* write index of the first (1-based) */
};

/*
 * For n = 1, 2, ...: build, cut at the run's n-th write, run, reboot,
 * check; until a run completes before its n-th write, which is rebooted
 * and checked too.  Every cut point of the command is covered once.
 */
static inline void
pc_every_cut(struct ram_memory *s, const struct pc_plan *plan,
    struct pc_result *res)
{
	unsigned long n;
	int was_cut;

	memset(res, 0, sizeof(*res));
	for (n = 1; n <= PC_WRITES_MAX; n++) {
		plan->build(s, plan->ctx);
		ram_memory_arm_cut(s, n, plan->tear, plan->model);
		plan->run(s, plan->ctx);
		was_cut = s->cut;
		ram_memory_reboot(s);
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
