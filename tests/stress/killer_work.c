/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The workload (killer.c describes it): connecting, the bookkeeping of
 * a change in flight, the PIN and PUK commands, and the choice of the
 * next step.  Commands under the management key are in killer_admin.c.
 */
#define _DEFAULT_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "tests/stress/killer.h"

#define RECONNECT_S     30.0

int
killer_connect_card(struct w *w)
{
	double end = st_now() + RECONNECT_S;
	int r;

	uimkey_dev_free(&w->dev);
	w->dev = uimkey_dev_new();
	if (w->dev == NULL)
		return UIMKEY_ERR_NOMEM;
	if (w->ctx == NULL) {
		if ((w->ctx = uimkey_ctx_new()) == NULL)
			return UIMKEY_ERR_NOMEM;
		while ((r = uimkey_ctx_open(w->ctx)) != UIMKEY_OK &&
		    st_now() < end)
			st_sleep_ms(20);
		if (r != UIMKEY_OK)
			return r;
	}
	while ((r = uimkey_dev_open(w->dev, w->ctx, w->reader)) !=
	    UIMKEY_OK && st_now() < end)
		st_sleep_ms(10);
	if (r == UIMKEY_OK)
		r = uimkey_dev_serial(w->dev, &w->serial);
	return r;
}

/* Before a state-changing command: record it, tell the killer. */
void
killer_begin_change(struct w *w, enum pend_kind k, const struct model *after,
    int slot, int slot2)
{
	w->pend.kind = k;
	w->pend.before = w->m;
	w->pend.after = after != NULL ? *after : w->m;
	w->pend.slot = slot;
	w->pend.slot2 = slot2;
	if (k == P_NONE)
		return;         /* nothing to aim at */
	killer_lock_sh(w);
	w->sh.aimed = 1;
	w->sh.aim_est_ms = w->est_ms[k];
	pthread_cond_broadcast(&w->sh.cv);
	killer_unlock_sh(w);
}

void
killer_end_change(struct w *w, enum pend_kind k, double t0)
{
	double ms = (st_now() - t0) * 1000;

	killer_lock_sh(w);
	w->sh.aimed = 0;
	killer_unlock_sh(w);
	w->est_ms[k] = 0.8 * w->est_ms[k] + 0.2 * ms;
}

/*
 * Run one change: r is the command's result, want its normal one.
 * Returns GONE when the card went away (the change stays pending),
 * 0 when it completed as expected (the model takes after), -1 on a
 * violation.
 */
int
killer_judge(struct w *w, int r, int want, const char *what)
{
	/* vpcd answers a command the card died in with no bytes at all,
	 * which libuimkey calls a malformed answer: a cut, if a kill came
	 * (killer_work_until_cut() checks that one did). */
	if (cs_gone(r) || r == UIMKEY_ERR_BAD_RSP)
		return GONE;
	if (r != want) {
		killer_violation(w, V_ANSWER, "%s answered %s, want %s", what,
		    uimkey_strerr(r), uimkey_strerr(want));
		return -1;
	}
	w->done_by_kind[w->pend.kind]++;
	w->m = w->pend.after;
	w->pend.kind = P_NONE;
	w->ops++;
	return 0;
}

int
killer_auth(struct w *w)
{
	return uimkey_piv_auth_mgmt(w->dev, w->m.mgmt_alg, w->m.mgmt,
	    w->m.mgmt_len);
}

/* A non-trivial 8-digit value, other than avoid. */
static void
new_secret(struct w *w, char out[9], const char *avoid)
{
	unsigned i;

	/* Two different steps between the first digits: never a run of
	 * equal, ascending or descending digits (the card's policy). */
	do {
		for (i = 0; i < 8; i++)
			out[i] = (char)('0' + st_below(&w->rng, 10));
		out[8] = '\0';
	} while (strcmp(out, avoid) == 0 ||
	    out[1] - out[0] == out[2] - out[1]);
}

static int
op_verify(struct w *w)
{
	struct model a = w->m;
	double t0 = st_now();
	int r, want;

	if (w->m.st.lock_locked) {
		killer_begin_change(w, P_NONE, NULL, 0, 0);
		r = uimkey_piv_verify_pin(w->dev, w->m.pin, NULL);
		killer_end_change(w, P_NONE, t0);
		return killer_judge(w, r, UIMKEY_ERR_SW_LOCKED,
		    "VERIFY (locked)");
	}
	a.st.pin_tries = a.st.pin_total;
	want = UIMKEY_OK;
	killer_begin_change(w, P_VERIFY, &a, 0, 0);
	r = uimkey_piv_verify_pin(w->dev, w->m.pin, NULL);
	killer_end_change(w, P_VERIFY, t0);
	return killer_judge(w, r, want, "VERIFY");
}

static int
op_verify_bad(struct w *w)
{
	struct model a = w->m;
	char wrong[9];
	double t0 = st_now();
	int r, want;

	new_secret(w, wrong, w->m.pin);
	if (w->m.st.lock_locked) {
		want = UIMKEY_ERR_SW_LOCKED;
	} else if (a.st.pin_tries == 0) {
		want = UIMKEY_ERR_SW_BLOCKED;
	} else {
		a.st.pin_tries--;
		want = UIMKEY_ERR_SW_WRONG_PIN;
	}
	killer_begin_change(w, want == UIMKEY_ERR_SW_WRONG_PIN ? P_VERIFY_BAD :
	    P_NONE, &a, 0, 0);
	r = uimkey_piv_verify_pin(w->dev, wrong, NULL);
	killer_end_change(w, P_VERIFY_BAD, t0);
	return killer_judge(w, r, want, "wrong VERIFY");
}

static int
op_sign(struct w *w)
{
	uint8_t hash[32], sig[UIMKEY_PIV_SIG_MAX];
	size_t len, i, n = 0, idx[CS_NSLOTS];
	double t0;
	int r;

	for (i = 0; i < CS_NSLOTS; i++)
		if (w->m.st.keys[i].present)
			idx[n++] = i;
	if (n == 0 || w->m.st.pin_tries == 0 || w->m.st.lock_locked)
		return op_verify(w);
	i = idx[st_below(&w->rng, (uint32_t)n)];
	/* The PIN just before: 9C's key wants it for each signature. */
	if ((r = op_verify(w)) != 0)
		return r;
	st_fill(&w->rng, hash, sizeof(hash));
	t0 = st_now();
	killer_begin_change(w, P_NONE, NULL, 0, 0);
	r = uimkey_piv_sign(w->dev, cs_slots[i], UIMKEY_ALG_ECCP256, hash,
	    sizeof(hash), sig, sizeof(sig), &len);
	killer_end_change(w, P_NONE, t0);
	if ((r = killer_judge(w, r, UIMKEY_OK, "a signature")) != 0)
		return r;
	w->signatures++;
	if (!cs_verify(w->m.st.keys[i].spki, w->m.st.keys[i].spki_len, hash,
	    sizeof(hash), sig, len)) {
		killer_violation(w, V_SIG, "the signature of key %02X does not "
		    "verify", cs_slots[i]);
		return -1;
	}
	return 0;
}

static int
op_change_pin(struct w *w)
{
	struct model a = w->m;
	double t0 = st_now();
	int r, want = UIMKEY_OK;
	enum pend_kind k = P_CHANGE_PIN;

	new_secret(w, a.pin, w->m.pin);
	if (w->m.st.lock_locked) {
		want = UIMKEY_ERR_SW_LOCKED;
		a = w->m;
		k = P_NONE;
	} else if (w->m.st.pin_tries == 0) {
		want = UIMKEY_ERR_SW_BLOCKED;
		a = w->m;
		k = P_NONE;
	} else {
		a.st.pin_tries = a.st.pin_total;
		a.st.pin_default = 0;
	}
	killer_begin_change(w, k, &a, 0, 0);
	r = uimkey_piv_change_pin(w->dev, w->m.pin, a.pin, NULL);
	killer_end_change(w, P_CHANGE_PIN, t0);
	if (want == UIMKEY_ERR_SW_LOCKED)
		return killer_judge(w, r, want, "CHANGE PIN (locked)");
	return killer_judge(w, r, want, "CHANGE PIN");
}

/* PUK: to a new value, or to itself (which restores its counter). */
static int
op_change_puk(struct w *w, int same)
{
	struct model a = w->m;
	double t0 = st_now();
	int r, want = UIMKEY_OK;
	enum pend_kind k = P_CHANGE_PUK;

	if (!same)
		new_secret(w, a.puk, w->m.puk);
	if (w->m.st.lock_locked || w->m.st.puk_tries == 0) {
		want = w->m.st.lock_locked ? UIMKEY_ERR_SW_LOCKED :
		    UIMKEY_ERR_SW_BLOCKED;
		a = w->m;
		k = P_NONE;
	} else {
		a.st.puk_tries = a.st.puk_total;
		if (!same)
			a.st.puk_default = 0;
	}
	killer_begin_change(w, k, &a, 0, 0);
	r = uimkey_piv_change_puk(w->dev, w->m.puk, a.puk, NULL);
	killer_end_change(w, P_CHANGE_PUK, t0);
	return killer_judge(w, r, want, "CHANGE PUK");
}

static int
op_puk_bad(struct w *w)
{
	struct model a = w->m;
	char wrong[9];
	double t0 = st_now();
	int r, want;
	enum pend_kind k = P_PUK_BAD;

	new_secret(w, wrong, w->m.puk);
	if (w->m.st.lock_locked) {
		want = UIMKEY_ERR_SW_LOCKED;
		k = P_NONE;
	} else if (a.st.puk_tries == 0) {
		want = UIMKEY_ERR_SW_BLOCKED;
		k = P_NONE;
	} else {
		a.st.puk_tries--;
		want = UIMKEY_ERR_SW_WRONG_PIN;
	}
	killer_begin_change(w, k, &a, 0, 0);
	r = uimkey_piv_change_puk(w->dev, wrong, wrong, NULL);
	killer_end_change(w, P_PUK_BAD, t0);
	return killer_judge(w, r, want, "wrong PUK");
}

static int
op_unblock(struct w *w)
{
	struct model a = w->m;
	double t0 = st_now();
	int r, want = UIMKEY_OK;
	enum pend_kind k = P_UNBLOCK;

	new_secret(w, a.pin, w->m.pin);
	if (w->m.st.lock_locked || w->m.st.puk_tries == 0) {
		want = w->m.st.lock_locked ? UIMKEY_ERR_SW_LOCKED :
		    UIMKEY_ERR_SW_BLOCKED;
		a = w->m;
		k = P_NONE;
	} else {
		a.st.pin_tries = a.st.pin_total;
		a.st.puk_tries = a.st.puk_total;
		a.st.pin_default = 0;
	}
	killer_begin_change(w, k, &a, 0, 0);
	r = uimkey_piv_unblock_pin(w->dev, w->m.puk, a.pin, NULL);
	killer_end_change(w, P_UNBLOCK, t0);
	return killer_judge(w, r, want, "RESET RETRY COUNTER");
}


/* From the factory (or a RESET): a PIN and management key of our own
 * (the PIN is not blocked here). */
static int
personalize_step(struct w *w)
{
	if (w->m.st.pin_default)
		return op_change_pin(w);
	return killer_op_set_mgmt(w);
}

/* One workload step. */
int
killer_workload_step(struct w *w)
{
	const struct cs_state *s = &w->m.st;
	uint32_t x;

	if (s->lock_locked) {
		/* Mostly unlock; sometimes prove that changes are refused. */
		if (st_below(&w->rng, 10) < 7)
			return killer_op_token(w, UIMKEY_LOCK_ACTION_UNLOCK);
		switch (st_below(&w->rng, 4)) {
		case 0: return op_verify(w);
		case 1: return op_change_pin(w);
		case 2: return op_verify_bad(w);
		default: return op_unblock(w);
		}
	}
	if (s->pin_tries == 0 && s->puk_tries == 0)
		return killer_op_reset(w);
	if (s->pin_tries == 0) {
		/* Blocked: unblock, or now and then go on to block the PUK
		 * too and RESET the card. */
		if (st_below(&w->rng, 100) < 15)
			return op_puk_bad(w);
		return op_unblock(w);
	}
	if (s->pin_default || s->mgmt_default)
		return personalize_step(w);
	if (s->puk_tries < s->puk_total && st_below(&w->rng, 2) == 0)
		return op_change_puk(w, 1);
	x = st_below(&w->rng, 1000);
	if (x < 200)
		return op_sign(w);
	if (x < 290)
		return op_verify_bad(w);
	if (x < 380)
		return op_change_pin(w);
	if (x < 410)
		return op_change_puk(w, 0);
	if (x < 425)
		return op_puk_bad(w);
	if (x < 445)
		return op_unblock(w);
	if (x < 590)
		return killer_op_generate(w);
	if (x < 620)
		return killer_op_delete_key(w);
	if (x < 650)
		return killer_op_move_key(w);
	if (x < 800)
		return killer_op_put_cert(w);
	if (x < 840)
		return killer_op_delete_cert(w);
	if (x < 900)
		return killer_op_set_mgmt(w);
	if (x < 960)
		return killer_op_token(w, UIMKEY_LOCK_ACTION_LOCK);
	return op_verify(w);
}

