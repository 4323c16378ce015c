/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the power-cut tests of whole commands share (test_powercut*.c): the
 * card of card_fixture.h on the power-cut store (powercut.h), store
 * images to start from, a TLV reader, and the runner: one command cut at
 * each of its writes, with several tears and both models, the card
 * rebooted on what landed and judged through APDUs only (card_fixture.h,
 * admin_fixture.h), never by reading the store's layout (the probes are
 * in powercut_probe.h).
 *
 * cut_command() cuts at each write of the command; cut_restart() cuts
 * at each write of the command and then, on what landed, at each write
 * of the restart too (a journal replay or erase cut short), before a
 * clean restart and the judge.
 *
 * A judge returns NULL when the rebooted card shows the old or the new
 * state, whole, and the answer told no lie; otherwise why not.  The lie
 * it cannot catch: 6581 with the new state, when the commit point landed
 * whole as its write failed (the store cannot know, see test_store.c).
 */
#ifndef UIMKEY_TEST_POWERCUT_CMDS_H
#define UIMKEY_TEST_POWERCUT_CMDS_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L         /* clock_gettime() */
#endif

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/admin_fixture.h"
#include "tests/unit/powercut.h"

#define SHOW_MAX     4          /* failures described per command */
#define SEED_BUILD   1          /* the random source of every build boot */
#define SEED_OTHER   99         /* a second boot: a new draw would show */

static struct ram_memory ps;
static char why_buf[256];
/* Set while the restarts are cut too: a judge may skip its slowest
 * probes (key generation, attestation) there, not its state checks. */
static int restart_cuts;

/* --- the card --- */

static inline int
boot_seed(uint8_t seed)
{
	return card_start(&ps.vtable, seed);
}

static inline int
boot(void)
{
	return boot_seed(SEED_BUILD);
}

/* A copy of the store as it is now (all of it landed). */
static inline uint8_t *
image_take(void)
{
	uint8_t *p = malloc(UIMKEY_MEMORY_SIZE);

	if (p == NULL) {
		printf("not ok - out of memory\n");
		exit(1);
	}
	memcpy(p, ps.mem, UIMKEY_MEMORY_SIZE);
	return p;
}

/* Load image and start the card on it. */
static inline int
image_boot(const uint8_t *image)
{
	ram_memory_load(&ps, image, 0);
	return boot() == UIMKEY_CARD_OK;
}

/* A blank store, formatted by the card's own start. */
static inline uint8_t *
factory_image(void)
{
	ram_memory_blank(&ps, 0);
	if (boot() != UIMKEY_CARD_OK) {
		printf("not ok - a blank store formats\n");
		exit(1);
	}
	return image_take();
}

static inline const char *
whyf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why_buf, sizeof(why_buf), fmt, ap);
	va_end(ap);
	return why_buf;
}

/* --- TLV --- */

/* The next TLV at *p (before end): tag (up to 3 bytes), value. */
static inline int
tlv_next(const uint8_t **p, const uint8_t *end, uint32_t *tag,
    const uint8_t **v, size_t *vlen)
{
	const uint8_t *q = *p;
	size_t len, k;

	if (q >= end)
		return 0;
	*tag = *q++;
	if ((*tag & 0x1F) == 0x1F)
		do {
			if (q >= end)
				return 0;
			*tag = *tag << 8 | *q;
		} while (*q++ & 0x80);
	if (q >= end)
		return 0;
	len = *q++;
	if (len & 0x80) {
		k = len & 0x7F;
		if (k == 0 || k > 2 || (size_t)(end - q) < k)
			return 0;
		for (len = 0; k > 0; k--)
			len = len << 8 | *q++;
	}
	if ((size_t)(end - q) < len)
		return 0;
	*v = q;
	*vlen = len;
	*p = q + len;
	return 1;
}

static inline int
tlv_find(const uint8_t *buf, size_t n, uint32_t want, const uint8_t **v,
    size_t *vlen)
{
	const uint8_t *p = buf, *end = buf + n;
	uint32_t tag;

	while (tlv_next(&p, end, &tag, v, vlen))
		if (tag == want)
			return 1;
	return 0;
}

/* --- the runner --- */

struct pc_cmd {
	const char *name;
	const uint8_t *image;   /* the store before; NULL: blank, run starts */
	void (*setup)(void);    /* before the cut: proofs, chain parts */
	uint16_t (*run)(void);
	uint16_t want_sw;       /* the uncut run's answer; 0: 9000 */
	/* On the rebooted card: NULL when whole and truthful. */
	const char *(*judge)(uint16_t sw, int was_cut);
};

struct pc_ctx {
	const struct pc_cmd *cmd;
	uint16_t sw;            /* the command's answer in this run */
	unsigned long n;        /* the write cut in this run */
	unsigned long m;        /* and then that of the restart; 0: none */
	unsigned long shown;
	int setup_bad;
	int tear, model;        /* of this run (the reboot disarms ps) */
};

/* A setup: the management key authenticated before the cut. */
static inline void
setup_admin(void)
{
	if (!admin_auth())
		printf("# setup: the management key does not authenticate\n");
}

static const char *const tear_names[RAM_TEARS] = {
	"NONE", "ONE", "HALF", "ALL_BUT_ONE", "WHOLE"
};
static const char *const model_names[RAM_MODELS] = { "PREFIX", "SYNCED" };

static void
pcx_build(struct ram_memory *s, void *vctx)
{
	struct pc_ctx *c = vctx;

	c->n++;
	if (c->cmd->image == NULL) {
		ram_memory_blank(s, 0);
		return;
	}
	if (!image_boot(c->cmd->image))
		c->setup_bad++;
	if (c->cmd->setup != NULL)
		c->cmd->setup();
}

static void
pcx_run(struct ram_memory *s, void *vctx)
{
	struct pc_ctx *c = vctx;

	c->tear = s->tear;
	c->model = s->model;
	c->sw = c->cmd->run();
}

static int
pcx_check(struct ram_memory *s, void *vctx, int was_cut)
{
	struct pc_ctx *c = vctx;
	const char *why = NULL;
	int r = boot();

	(void)s;
	if (r != UIMKEY_CARD_OK)
		why = whyf("the card does not start (init %d)", r);
	else if (!was_cut && c->sw != (c->cmd->want_sw ? c->cmd->want_sw :
	    UIMKEY_SW_OK))
		why = whyf("the uncut run answered %04X", c->sw);
	else
		why = c->cmd->judge(c->sw, was_cut);
	if (why != NULL && c->shown++ < SHOW_MAX)
		printf("# %s: %s at write %lu%s%.0lu%s, tear %s, model %s, "
		    "answered %04X: %s\n", c->cmd->name, was_cut ? "cut" :
		    "no cut", c->n, c->m ? ", then at write " : "", c->m,
		    c->m ? " of the restart" : "", tear_names[c->tear],
		    model_names[c->model], c->sw, why);
	return why == NULL;
}

/*
 * cmd cut at every write, with each of the ntears tears, in both models;
 * one check per model.  Returns the cut points covered.
 */
static unsigned long
cut_command(const struct pc_cmd *cmd, const int *tears, size_t ntears)
{
	struct pc_ctx c;
	struct pc_plan plan = { pcx_build, pcx_run, pcx_check, &c, 0, 0 };
	struct pc_result res;
	unsigned long cuts = 0, model_cuts, bad, writes = 0;
	char name[256], tl[64] = "";
	double t0 = now_ms();
	size_t i;

	memset(&c, 0, sizeof(c));
	c.cmd = cmd;
	for (i = 0; i < ntears; i++)
		snprintf(tl + strlen(tl), sizeof(tl) - strlen(tl), "%s%s",
		    i ? "," : "", tear_names[tears[i]]);
	for (plan.model = 0; plan.model < RAM_MODELS; plan.model++) {
		model_cuts = bad = 0;
		for (i = 0; i < ntears; i++) {
			plan.tear = tears[i];
			c.n = 0;
			pc_every_cut(&ps, &plan, &res);
			model_cuts += res.cuts;
			bad += res.failures;
			writes = res.cuts;
		}
		snprintf(name, sizeof(name), "%s, model %s: a cut at each of "
		    "its %lu writes (tears %s; %lu cut points) leaves the old or "
		    "the new state, whole (%lu failures)", cmd->name,
		    model_names[plan.model], writes, tl, model_cuts, bad);
		check(bad == 0 && c.setup_bad == 0 && model_cuts > 0, name);
		cuts += model_cuts;
	}
	printf("# cut points %s: %lu\n", cmd->name, cuts);
	printf("# time %s: %.0f ms\n", cmd->name, now_ms() - t0);
	return cuts;
}

/* --- a second cut, while the card restarts on what the first left --- */

static uint8_t landed[UIMKEY_MEMORY_SIZE];

static void
tw_build(struct ram_memory *s, void *vctx)
{
	struct pc_ctx *c = vctx;

	c->m++;
	ram_memory_load(s, landed, 0);
}

static void
tw_run(struct ram_memory *s, void *vctx)
{
	(void)s;
	(void)vctx;
	boot();
}

/* The command was cut, whether the restart was or not. */
static int
tw_check(struct ram_memory *s, void *vctx, int was_cut)
{
	(void)was_cut;
	return pcx_check(s, vctx, 1);
}

/*
 * For each cut of the command: the restart on what landed, cut at each
 * of its own writes (replaying a journal, erasing a torn one, formatting
 * again), then a clean restart and the judge.  Returns the pairs.
 */
static unsigned long
twice_one(struct pc_ctx *c, int tear, int model, unsigned long *bad)
{
	struct pc_plan inner = { tw_build, tw_run, tw_check, c, tear, model };
	struct pc_result res;
	unsigned long cuts = 0;
	int was_cut;

	for (c->n = 0; c->n < PC_WRITES_MAX;) {
		c->m = 0;
		pcx_build(&ps, c);
		ram_memory_arm_cut(&ps, c->n, tear, model);
		pcx_run(&ps, c);
		was_cut = ps.cut;
		ram_memory_reboot(&ps);
		if (!was_cut)
			break;
		memcpy(landed, ps.mem, sizeof(landed));
		pc_every_cut(&ps, &inner, &res);
		cuts += res.cuts;
		*bad += res.failures;
	}
	c->m = 0;
	return cuts;
}

static unsigned long
cut_restart(const struct pc_cmd *cmd, const int *tears, size_t ntears)
{
	struct pc_ctx c;
	unsigned long cuts = 0, model_cuts, bad;
	char name[256];
	double t0 = now_ms();
	int model;
	size_t i;

	memset(&c, 0, sizeof(c));
	c.cmd = cmd;
	restart_cuts = 1;
	for (model = 0; model < RAM_MODELS; model++) {
		model_cuts = bad = 0;
		for (i = 0; i < ntears; i++)
			model_cuts += twice_one(&c, tears[i], model, &bad);
		snprintf(name, sizeof(name), "%s, model %s: cut again at each "
		    "write of the restart after each cut (%lu pairs) leaves the "
		    "old or the new state, whole (%lu failures)", cmd->name,
		    model_names[model], model_cuts, bad);
		check(bad == 0 && c.setup_bad == 0, name);
		cuts += model_cuts;
	}
	restart_cuts = 0;
	printf("# cut points %s, cut again while restarting: %lu\n",
	    cmd->name, cuts);
	printf("# time %s, cut again while restarting: %.0f ms\n", cmd->name,
	    now_ms() - t0);
	return cuts;
}

static const int tears_all[] = {
	RAM_TEAR_NONE, RAM_TEAR_ONE, RAM_TEAR_HALF, RAM_TEAR_ALL_BUT_ONE,
	RAM_TEAR_WHOLE
};
#define TEARS_ALL (sizeof(tears_all) / sizeof(tears_all[0]))
static const int tears_few[] = { RAM_TEAR_NONE, RAM_TEAR_HALF, RAM_TEAR_WHOLE };
#define TEARS_FEW (sizeof(tears_few) / sizeof(tears_few[0]))

/* Each of the n commands cut at every write with every tear; from
 * cmds[first_twice] on, also cut again while restarting (a few tears).
 * Adds the cut points to *single and the pairs to *twice. */
static inline void
cut_all(const struct pc_cmd *cmds, size_t n, size_t first_twice,
    unsigned long *single, unsigned long *twice)
{
	size_t k;

	for (k = 0; k < n; k++)
		*single += cut_command(&cmds[k], tears_all, TEARS_ALL);
	for (k = first_twice; k < n; k++)
		*twice += cut_restart(&cmds[k], tears_few, TEARS_FEW);
}

/* single: cut points of the commands; twice: pairs (a cut, then another
 * in the restart). */
static inline void
report_total(unsigned long single, unsigned long twice, double t0)
{
	printf("# cut points total: %lu (%lu in the commands, %lu pairs with "
	    "a second cut in the restart)\n", single + twice, single, twice);
	printf("# time total: %.0f ms\n", now_ms() - t0);
}

/* cut_all() of the n commands, then report_total() of the cuts and the
 * time since t0. */
static inline void
cut_all_report(const struct pc_cmd *cmds, size_t n, size_t first_twice,
    double t0)
{
	unsigned long single = 0, twice = 0;

	cut_all(cmds, n, first_twice, &single, &twice);
	report_total(single, twice, t0);
}

#endif
