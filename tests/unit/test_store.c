/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The journaled record store under power cuts: every transaction (one
 * record, by the three calls and by uk_rec_write, several, a delete, a
 * reset keeping records, two that overflow, one putting a record twice),
 * formatting, and a whole command, each cut at every one of its writes,
 * torn in five ways, with and without the writes since the last sync.
 * After each: the old or the new state, the answer told the truth,
 * nothing replaced is left, the next transaction works.  Ends with
 * "# cut points: N".
 */
#define _GNU_SOURCE     /* memmem(), for the search of left-over bytes */
#include "tests/unit/hex.h"
#include "tests/unit/store_fixture.h"

/* What the power-cut callbacks share. */
struct cut_ctx {
	const struct txn *t;
	const uint8_t *image;           /* the store before */
	const struct snap *old, *new;
	struct snap *cur;
	int rc;                         /* commit's answer in this run */
	int tear;                       /* the plan's */
	int poke;                       /* leave a torn journal header */
	unsigned long shown;            /* failures described so far */
};

#define SHOW_MAX    5           /* failures described per plan */

static const struct txn txns[] = {
	{ "one record", t_single, e_single },
	{ "one record by uk_rec_write", t_write, e_single },
	{ "several records", t_several, e_several },
	{ "a delete", t_delete, e_delete },
	{ "a reset keeping records", t_wipe, e_wipe },
	{ "too many bytes", t_overflow, e_nothing },
	{ "too many records", t_toomany, e_nothing },
	{ "a record put twice", t_twice, e_twice },
};
#define TXN_COUNT (sizeof(txns) / sizeof(txns[0]))

/* --- every cut of every transaction --- */

static void
cut_build(struct ram_memory *s, void *vctx)
{
	struct cut_ctx *c = vctx;

	ram_memory_load(s, c->image, 0);
	if (boot() != UIMKEY_CARD_OK)
		printf("# build: the card does not start\n");
	/* A clear of the journal header torn after 8 bytes, as no start
	 * leaves it: the next header, torn too, must not meet its mark. */
	if (c->poke) {
		uk_put_be32(s->mem + UK_JHDR_OFF + UK_JH_MARK, UK_JHDR_MARK);
		memset(s->mem + UK_JHDR_OFF + 8, 0x5A, UK_JH_MARK - 8);
	}
}

static void
cut_run(struct ram_memory *s, void *vctx)
{
	struct cut_ctx *c = vctx;

	(void)s;
	c->rc = c->t->run();
}

static const char *
judge(struct cut_ctx *c, int was_cut)
{
	int is_old, is_new;

	if (boot() != UIMKEY_CARD_OK)
		return "the card does not start";
	if (!take(c->cur))
		return "a record does not read";
	if (!jhdr_erased())
		return "the journal header is left";
	is_old = same(c->cur, c->old);
	is_new = same(c->cur, c->new);
	if (!is_old && !is_new)
		return "a mix of old and new";
	if (c->rc == UK_OK && !is_new)
		return "commit said yes, the store says old";
	/* A commit point that landed whole while its write failed is the
	 * one answer no protocol can take back. */
	if (was_cut && c->rc != UK_OK && !is_old &&
	    c->tear != RAM_TEAR_WHOLE)
		return "commit said no, the store says new";
	if (is_new && !no_remnants(c->old, c->cur))
		return "old content lingers";
	return NULL;
}

/* Then a second transaction works, and leaves nothing stale behind. */
static const char *
judge_next(struct cut_ctx *c)
{
	uint8_t want[100], got[100];
	size_t len;

	fill(want, sizeof(want), UK_REC_OBJ(9), 9);
	uk_txn_begin(&card);
	uk_txn_put(&card, UK_REC_OBJ(9), want, sizeof(want));
	if (uk_txn_commit(&card) != UK_OK)
		return "the next commit fails";
	if (boot() != UIMKEY_CARD_OK ||
	    uk_rec_read(&card, UK_REC_OBJ(9), got, sizeof(got), &len) !=
	    UK_OK || len != sizeof(want) ||
	    memcmp(got, want, len) != 0 || !take(c->cur))
		return "the next commit does not stick";
	if (!no_remnants(c->old, c->cur) || !no_remnants(c->new, c->cur))
		return "uncommitted content lingers after the next commit";
	return NULL;
}

static int
cut_check(struct ram_memory *s, void *vctx, int was_cut)
{
	struct cut_ctx *c = vctx;
	const char *why = judge(c, was_cut);

	(void)s;
	if (why == NULL)
		why = judge_next(c);
	if (why != NULL && c->shown++ < SHOW_MAX)
		printf("# %s: %s (%s)\n", c->t->name, why,
		    was_cut ? "cut" : "uncut");
	return why == NULL;
}

/* The run without cuts gives what the transaction means. */
static void
reference(const struct txn *t, struct cut_ctx *c)
{
	char name[128];

	ram_memory_load(&ps, base, 0);
	boot();
	take(s_old);
	c->rc = t->run();
	check(take(s_new), "reads after the commit work");
	memcpy(s_want, s_old, sizeof(*s_want));
	t->expect(s_want);
	snprintf(name, sizeof(name), "%s: the commit gives the state meant",
	    t->name);
	check(same(s_new, s_want), name);
	snprintf(name, sizeof(name), "%s: nothing it replaced is left in the "
	    "store, before any restart", t->name);
	check(no_remnants(s_old, s_new), name);
	snprintf(name, sizeof(name), "%s: a reboot gives it again", t->name);
	check(boot() == UIMKEY_CARD_OK && take(s_cur) && same(s_cur, s_new),
	    name);
}

static unsigned long
cut_all(const struct txn *t, int poke)
{
	struct cut_ctx c = { t, NULL, NULL, NULL, NULL, 0, 0, 0, 0 };
	struct pc_plan plan = { cut_build, cut_run, cut_check, &c, 0, 0 };
	struct pc_result res;
	unsigned long cuts = 0, writes = 0, bad = 0;
	char name[160];

	reference(t, &c);
	c.poke = poke;
	c.image = base;
	c.old = s_old;
	c.new = s_new;
	c.cur = s_cur;
	for (plan.model = 0; plan.model < RAM_MODELS; plan.model++)
		for (plan.tear = 0; plan.tear < RAM_TEARS; plan.tear++) {
			c.tear = plan.tear;
			pc_every_cut(&ps, &plan, &res);
			cuts += res.cuts;
			bad += res.failures;
			writes = res.cuts;
			if (res.failures != 0)
				printf("# %s: first failure at write %lu, "
				    "tear %d, model %d\n", t->name,
				    res.first_failure, plan.tear, plan.model);
		}
	printf("# %s%s: %lu writes, %lu cut points\n", t->name,
	    poke ? " (torn header left)" : "", writes, cuts);
	snprintf(name, sizeof(name), "%s%s: a cut at each of its %lu writes "
	    "(%d tears, %d models) leaves old or new, then works", t->name,
	    poke ? " over a torn journal header" : "", writes, RAM_TEARS,
	    RAM_MODELS);
	check(bad == 0, name);
	return cuts;
}

static unsigned long
test_cuts(void)
{
	unsigned long cuts = 0;
	size_t i;

	cuts += cut_all(&txns[0], 1);
	for (i = 0; i < TXN_COUNT; i++) {
		cuts += cut_all(&txns[i], 0);
		if (txns[i].run == t_overflow || txns[i].run == t_toomany)
			check(overflow_put_rc == UK_ERR_FULL,
			    "the put over the limit is refused as FULL");
	}
	return cuts;
}

/* --- formatting under cuts --- */

/*
 * As card.c's format_store: lay out the store, then the factory state in
 * one transaction (here a few records).  The card header comes after it;
 * until then a cut leaves a blank card header, so the card formats again.
 */
static int
format_and_fill(void)
{
	int r;

	bare_card();
	if ((r = uk_boot_format(&card)) != UK_OK)
		return r;
	uk_txn_begin(&card);
	put_gen(UK_REC_CRED, 60, 12);
	put_gen(UK_REC_KEY(24), 200, 12);
	put_gen(UK_REC_OBJ(1), 90, 12);
	return uk_txn_commit(&card);
}

static void
fmt_build(struct ram_memory *s, void *vctx)
{
	(void)vctx;
	ram_memory_load(s, base, 0);
	/* Whatever an earlier life left: a card header erased by hand. */
	memset(s->mem, UIMKEY_MEMORY_ERASED, UK_LAYOUT_HDR_LEN);
}

static void
fmt_run(struct ram_memory *s, void *vctx)
{
	int *rc = vctx;

	(void)s;
	*rc = format_and_fill();
}

static int
fmt_check(struct ram_memory *s, void *vctx, int was_cut)
{
	int *rc = vctx;

	(void)s;
	if (!was_cut && *rc != UK_OK)
		return 0;
	if (was_cut && format_and_fill() != UK_OK)
		return 0;
	return uk_boot_recover(&card) == UK_OK && take(s_cur) &&
	    same(s_cur, s_want) && jhdr_erased() && no_remnants(s_old, s_cur);
}

static unsigned long
test_format_cuts(void)
{
	int rc = 0;
	struct pc_plan plan = { fmt_build, fmt_run, fmt_check, &rc, 0, 0 };
	struct pc_result res;
	unsigned long cuts = 0, bad = 0;

	ram_memory_load(&ps, base, 0);
	boot();
	take(s_old);
	memset(s_want, 0, sizeof(*s_want));
	want_gen(s_want, UK_REC_CRED, 60, 12);
	want_gen(s_want, UK_REC_KEY(24), 200, 12);
	want_gen(s_want, UK_REC_OBJ(1), 90, 12);
	for (plan.model = 0; plan.model < RAM_MODELS; plan.model++)
		for (plan.tear = 0; plan.tear < RAM_TEARS; plan.tear++) {
			pc_every_cut(&ps, &plan, &res);
			cuts += res.cuts;
			bad += res.failures;
		}
	printf("# format over a used store: %lu cut points\n", cuts);
	check(bad == 0, "a cut anywhere in formatting and the factory "
	    "transaction: formatting again gives the factory state, and "
	    "nothing of the old card is left");
	return cuts;
}

/* --- pc_every_cut on a whole command: VERIFY with a wrong PIN --- */

struct cmd_ctx {
	const uint8_t *image;   /* a factory card */
	uint16_t sw;            /* the command's answer in this run */
};

static uint16_t
send(const char *hex)
{
	uint8_t cmd[64], rsp[UIMKEY_CARD_RSP_MAX];
	size_t n = hex_parse(hex, cmd, sizeof(cmd));
	size_t r = uimkey_card_process(&card, cmd, n, rsp);

	return (uint16_t)(rsp[r - 2] << 8 | rsp[r - 1]);
}

static void
cmd_build(struct ram_memory *s, void *vctx)
{
	struct cmd_ctx *c = vctx;

	ram_memory_load(s, c->image, 0);
	boot();
	uimkey_card_power_on(&card);
}

static void
cmd_run(struct ram_memory *s, void *vctx)
{
	struct cmd_ctx *c = vctx;

	(void)s;
	c->sw = send("00 20 00 80 08 31 31 31 31 31 31 FF FF");
}

/* Tries left after the restart: 3 (old) or 2 (new), as answered. */
static int
cmd_check(struct ram_memory *s, void *vctx, int was_cut)
{
	struct cmd_ctx *c = vctx;
	uint8_t sws[4];
	char text[16];
	uint16_t left;

	(void)s;
	if (boot() != UIMKEY_CARD_OK)
		return 0;
	uimkey_card_power_on(&card);
	left = send("00 20 00 80");
	if (c->sw == 0x63C2 ? left == 0x63C2 : was_cut && c->sw == 0x6581 &&
	    (left == 0x63C3 || left == 0x63C2))
		return 1;
	sws[0] = (uint8_t)(c->sw >> 8);
	sws[1] = (uint8_t)c->sw;
	sws[2] = (uint8_t)(left >> 8);
	sws[3] = (uint8_t)left;
	hex_format(sws, sizeof(sws), text, sizeof(text));
	printf("# VERIFY answered, then status: %s\n", text);
	return 0;
}

static unsigned long
test_command_cuts(void)
{
	struct cmd_ctx c = { NULL, 0 };
	struct pc_plan plan = { cmd_build, cmd_run, cmd_check, &c, 0, 0 };
	struct pc_result res;
	unsigned long cuts = 0, bad = 0;
	uint8_t *image = malloc(UIMKEY_MEMORY_SIZE);

	if (image == NULL)
		return 0;
	ram_memory_blank(&ps, 0);
	boot();
	memcpy(image, ps.mem, UIMKEY_MEMORY_SIZE);
	c.image = image;
	for (plan.model = 0; plan.model < RAM_MODELS; plan.model++)
		for (plan.tear = 0; plan.tear < RAM_TEARS; plan.tear++) {
			pc_every_cut(&ps, &plan, &res);
			cuts += res.cuts;
			bad += res.failures;
		}
	printf("# VERIFY with a wrong PIN: %lu cut points\n", cuts);
	check(cuts > 0 && bad == 0, "pc_every_cut on a whole command: a "
	    "wrong PIN cut anywhere costs one try or none, as answered");
	free(image);
	return cuts;
}

int
main(void)
{
	unsigned long cuts;

	if (!fixture_init())
		return 2;
	printf("# RAM: sizeof(uimkey_txn_state) = %zu bytes\n",
	    sizeof(uimkey_txn_state));
	printf("# layout: journal header at %u, data %u bytes at %u, records "
	    "%u..%u of %u\n", (unsigned)UK_JHDR_OFF,
	    (unsigned)UK_JDATA_LEN, (unsigned)UK_JDATA_OFF,
	    (unsigned)UK_RECS_OFF, (unsigned)UK_RECS_END,
	    (unsigned)UIMKEY_MEMORY_SIZE);
	cuts = test_cuts();
	cuts += test_format_cuts();
	cuts += test_command_cuts();
	printf("# cut points: %lu\n", cuts);
	fixture_done();
	return check_done();
}
