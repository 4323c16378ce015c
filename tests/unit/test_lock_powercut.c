/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * APPLY LOCK TOKEN under power cuts (powercut.h's pc_every_cut): a lock
 * of an unlocked card and an unlock of a locked one, each cut at every
 * write, torn in five ways, with and without the writes since the last
 * sync.  After each cut the card restarts and is either in the old state
 * or the new one, never a mix: locked exactly when the counter is the
 * new token's, the gate agreeing with the metadata, the answer (9000:
 * new; 6581: either) telling no lie, and the next token applying.
 */
#include "tests/unit/powercut.h"
#include "tests/unit/test_lock_card.h"

static struct ram_memory ps;

struct lk_ctx {
	const uint8_t *image;   /* the card before the command */
	uint8_t action;         /* the token's */
	uint8_t old_state;
	uint32_t old_counter;
	uint16_t sw;            /* the answer in this run */
	unsigned long shown;
	unsigned long seen[2];  /* cut runs that left the old / new state */
};

static int
boot_pc(void)
{
	return card_start(&ps.vtable, 1);
}

static void
lk_build(struct ram_memory *s, void *vctx)
{
	struct lk_ctx *c = vctx;

	ram_memory_load(s, c->image, 0);
	if (boot_pc() != UIMKEY_CARD_OK)
		printf("# build: the card does not start\n");
}

static void
lk_run(struct ram_memory *s, void *vctx)
{
	struct lk_ctx *c = vctx;

	(void)s;
	c->sw = apply_token(serial(), c->action, c->old_counter + 1);
}

/* Which state the rebooted card shows: 0 old, 1 new, -1 neither. */
static int
shown_state(const struct lk_ctx *c)
{
	uint8_t new_state = c->action == UIMKEY_LOCK_ACTION_LOCK ?
	    UIMKEY_LOCK_STATE_LOCKED : UIMKEY_LOCK_STATE_UNLOCKED;
	const char *gate_old = c->old_state == UIMKEY_LOCK_STATE_LOCKED ?
	    "62 83" : "63 C3";
	const char *gate_new = new_state == UIMKEY_LOCK_STATE_LOCKED ?
	    "62 83" : "63 C3";

	if (lock_meta_is(c->old_state, c->old_counter))
		return xchg("00 20 00 80", gate_old) ? 0 : -1;
	if (lock_meta_is(new_state, c->old_counter + 1))
		return xchg("00 20 00 80", gate_new) ? 1 : -1;
	return -1;
}

static int
lk_check(struct ram_memory *s, void *vctx, int was_cut)
{
	struct lk_ctx *c = vctx;
	int st, ok;

	(void)s;
	if (boot_pc() != UIMKEY_CARD_OK) {
		printf("# the card does not start after the cut\n");
		return 0;
	}
	st = shown_state(c);
	if (was_cut && st >= 0)
		c->seen[st]++;
	ok = st >= 0 && (c->sw == 0x9000 ? st == 1 :
	    was_cut && c->sw == 0x6581);
	/* The store works on: a newer token applies. */
	ok = ok && apply_token(serial(), UIMKEY_LOCK_ACTION_LOCK,
	    c->old_counter + 10) == 0x9000 &&
	    lock_meta_is(UIMKEY_LOCK_STATE_LOCKED, c->old_counter + 10);
	if (!ok && c->shown++ < 4)
		printf("# cut (was_cut %d): answered %04X, state %d\n", was_cut,
		    c->sw, st);
	return ok;
}

/* The store of a card bound to iss at LT_START, locked at LT_START + 1
 * when locked; malloc'd. */
static uint8_t *
make_image(int locked)
{
	uint8_t *img = malloc(UIMKEY_MEMORY_SIZE);
	int ok;

	ram_memory_blank(&ps, 0);
	ok = img != NULL && boot_pc() == UIMKEY_CARD_OK &&
	    admin_default() == 0x9000 && own_mgmt_key() == 0x9000 &&
	    install(&iss, LT_START) == 0x9000;
	if (ok && locked)
		ok = apply_token(serial(), UIMKEY_LOCK_ACTION_LOCK,
		    LT_START + 1) == 0x9000;
	if (!ok) {
		printf("not ok - the power-cut card image\n");
		exit(1);
	}
	memcpy(img, ps.mem, UIMKEY_MEMORY_SIZE);
	return img;
}

static unsigned long
run_cuts(const char *what, uint8_t *image, uint8_t action, uint8_t state,
    uint32_t counter)
{
	struct lk_ctx c = { image, action, state, counter, 0, 0, { 0, 0 } };
	struct pc_plan plan = { lk_build, lk_run, lk_check, &c, 0, 0 };
	struct pc_result res;
	unsigned long cuts = 0, bad = 0;
	char msg[200];

	for (plan.model = 0; plan.model < RAM_MODELS; plan.model++)
		for (plan.tear = 0; plan.tear < RAM_TEARS; plan.tear++) {
			pc_every_cut(&ps, &plan, &res);
			cuts += res.cuts;
			bad += res.failures;
		}
	snprintf(msg, sizeof(msg), "%s cut at each of its writes (%lu cut "
	    "points, 5 tears, 2 models; %lu left the old state, %lu the new): "
	    "never a mix, the answer true", what, cuts, c.seen[0], c.seen[1]);
	check(cuts > 0 && bad == 0 && c.seen[0] > 0 && c.seen[1] > 0, msg);
	free(image);
	return cuts;
}

int
main(void)
{
	unsigned long cuts;

	issuer_make(&iss, "uimkey test issuer");
	issuer_make(&rogue, "someone else");
	cuts = run_cuts("APPLY LOCK TOKEN (lock, 100 -> 101)", make_image(0),
	    UIMKEY_LOCK_ACTION_LOCK, UIMKEY_LOCK_STATE_UNLOCKED, LT_START);
	cuts += run_cuts("APPLY LOCK TOKEN (unlock, 101 -> 102)",
	    make_image(1), UIMKEY_LOCK_ACTION_UNLOCK, UIMKEY_LOCK_STATE_LOCKED,
	    LT_START + 1);
	printf("# cut points: %lu\n", cuts);
	free(spy);
	return check_done();
}
