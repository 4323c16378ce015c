/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The workload's commands that need the management key (new management
 * keys, key generation, deletion and moves, certificates), the issuer's
 * lock tokens and RESET, with the factory state it leaves.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <string.h>

#include "tests/stress/killer.h"

#define MAX_CERT        3000

/* The gate of a locked card answers every change with 6283. */
static int
locked_want(const struct w *w, int want)
{
	return w->m.st.lock_locked ? UIMKEY_ERR_SW_LOCKED : want;
}

/* Commands that need the management key: authenticate first (no state
 * change), then the change.  *r0 is set when the authentication itself
 * was refused or cut. */
static int
admin_auth(struct w *w, int *res)
{
	double t0 = st_now();
	int r;

	killer_begin_change(w, P_NONE, NULL, 0, 0);
	r = killer_auth(w);
	killer_end_change(w, P_NONE, t0);
	if (r == UIMKEY_OK)
		return 0;
	*res = killer_judge(w, r, locked_want(w, UIMKEY_OK), "management key");
	return 1;
}

int
killer_op_set_mgmt(struct w *w)
{
	static const uint8_t algs[] = { UIMKEY_ALG_AES128, UIMKEY_ALG_AES192,
	    UIMKEY_ALG_AES256, UIMKEY_ALG_3DES };
	static const size_t lens[] = { 16, 24, 32, 24 };
	struct model a = w->m;
	unsigned i = st_below(&w->rng, 4);
	double t0;
	int r;

	if (admin_auth(w, &r))
		return r;
	/* Another algorithm each time: the metadata tells old from new. */
	if (algs[i] == w->m.mgmt_alg)
		i = (i + 1) % 4;
	a.mgmt_alg = algs[i];
	a.mgmt_len = lens[i];
	st_fill(&w->rng, a.mgmt, a.mgmt_len);
	a.st.mgmt_alg = a.mgmt_alg;
	a.st.mgmt_default = 0;
	t0 = st_now();
	killer_begin_change(w, P_SET_MGMT, &a, 0, 0);
	r = uimkey_piv_set_mgmt_key(w->dev, a.mgmt_alg, a.mgmt, a.mgmt_len);
	killer_end_change(w, P_SET_MGMT, t0);
	return killer_judge(w, r, UIMKEY_OK, "SET MANAGEMENT KEY");
}

int
killer_op_generate(struct w *w)
{
	struct model a = w->m;
	int s = (int)st_below(&w->rng, CS_NSLOTS), r;
	struct cs_key *k = &a.st.keys[s];
	double t0;

	if (admin_auth(w, &r))
		return r;
	t0 = st_now();
	killer_begin_change(w, P_GEN, &a, s, 0);
	r = uimkey_piv_generate(w->dev, cs_slots[s], UIMKEY_ALG_ECCP256, 0, 0,
	    k->spki, sizeof(k->spki), &k->spki_len);
	killer_end_change(w, P_GEN, t0);
	k->present = 1;
	w->pend.after = a;
	if (r == UIMKEY_OK && !cs_spki_ok(k->spki, k->spki_len)) {
		killer_violation(w, V_ANSWER, "GENERATE answered a bad public "
		    "key");
		return -1;
	}
	return killer_judge(w, r, UIMKEY_OK, "GENERATE");
}

/*
 * DELETE KEY (P_DEL_KEY) or the deletion of a certificate (P_DEL_CERT)
 * in a random slot; an empty slot gets a key or a certificate instead.
 */
static int
delete_object(struct w *w, enum pend_kind kind)
{
	int cert = kind == P_DEL_CERT;
	struct model a = w->m;
	int s = (int)st_below(&w->rng, CS_NSLOTS), r;
	double t0;

	if (cert ? !w->m.st.certs[s].present : !w->m.st.keys[s].present)
		return cert ? killer_op_put_cert(w) : killer_op_generate(w);
	if (admin_auth(w, &r))
		return r;
	if (cert)
		memset(&a.st.certs[s], 0, sizeof(a.st.certs[s]));
	else
		memset(&a.st.keys[s], 0, sizeof(a.st.keys[s]));
	t0 = st_now();
	killer_begin_change(w, kind, &a, s, 0);
	r = cert ? uimkey_piv_delete_cert(w->dev, cs_slots[s]) :
	    uimkey_piv_delete_key(w->dev, cs_slots[s]);
	killer_end_change(w, kind, t0);
	return killer_judge(w, r, UIMKEY_OK, cert ? "delete certificate" :
	    "DELETE KEY");
}

int
killer_op_delete_key(struct w *w)
{
	return delete_object(w, P_DEL_KEY);
}

int
killer_op_move_key(struct w *w)
{
	struct model a = w->m;
	int from = (int)st_below(&w->rng, CS_NSLOTS);
	int to = (int)st_below(&w->rng, CS_NSLOTS), r;
	double t0;

	if (from == to || !w->m.st.keys[from].present ||
	    w->m.st.keys[to].present)
		return killer_op_generate(w);
	if (admin_auth(w, &r))
		return r;
	a.st.keys[to] = a.st.keys[from];
	memset(&a.st.keys[from], 0, sizeof(a.st.keys[from]));
	t0 = st_now();
	killer_begin_change(w, P_MOVE, &a, from, to);
	r = uimkey_piv_move_key(w->dev, cs_slots[from], cs_slots[to]);
	killer_end_change(w, P_MOVE, t0);
	return killer_judge(w, r, UIMKEY_OK, "MOVE KEY");
}

int
killer_op_put_cert(struct w *w)
{
	static uint8_t rnd[UIMKEY_PIV_CERT_MAX];
	static struct model a;
	int s = (int)st_below(&w->rng, CS_NSLOTS), r;
	struct cs_cert *c;
	double t0;

	if (admin_auth(w, &r))
		return r;
	a = w->m;
	c = &a.st.certs[s];
	c->len = cs_cert_len(64 + st_below(&w->rng, MAX_CERT - 64));
	st_fill(&w->rng, rnd, c->len);
	cs_fake_cert(c->der, c->len, rnd);
	c->present = 1;
	t0 = st_now();
	killer_begin_change(w, P_PUT_CERT, &a, s, 0);
	r = uimkey_piv_write_cert(w->dev, cs_slots[s], c->der, c->len);
	killer_end_change(w, P_PUT_CERT, t0);
	return killer_judge(w, r, UIMKEY_OK, "PUT DATA certificate");
}

int
killer_op_delete_cert(struct w *w)
{
	return delete_object(w, P_DEL_CERT);
}

int
killer_op_token(struct w *w, uint8_t action)
{
	uint8_t tok[UIMKEY_LOCK_TOKEN_MAX];
	struct model a = w->m;
	size_t len;
	double t0 = st_now();
	int r;

	a.st.lock_counter = w->m.st.lock_counter + 1 +
	    st_below(&w->rng, 3);
	a.st.lock_locked = action == UIMKEY_LOCK_ACTION_LOCK;
	if ((r = cs_issuer_token(&w->iss, w->serial, action,
	    a.st.lock_counter, tok, &len)) != UIMKEY_OK) {
		killer_violation(w, V_OTHER, "cannot make a token: %s",
		    uimkey_strerr(r));
		return -1;
	}
	killer_begin_change(w, P_TOKEN, &a, 0, 0);
	r = uimkey_piv_apply_lock_token(w->dev, tok, len);
	killer_end_change(w, P_TOKEN, t0);
	return killer_judge(w, r, UIMKEY_OK, "lock token");
}

/* The factory state, as RESET leaves it (the issuer lock stays). */
void
killer_factory(struct model *a, const struct model *b)
{
	memset(a, 0, sizeof(*a));
	a->st.pin_tries = a->st.pin_total = 3;
	a->st.puk_tries = a->st.puk_total = 3;
	a->st.pin_default = a->st.puk_default = 1;
	a->st.mgmt_alg = UIMKEY_ALG_3DES;
	a->st.mgmt_default = 1;
	a->st.lock_installed = b->st.lock_installed;
	a->st.lock_locked = b->st.lock_locked;
	a->st.lock_counter = b->st.lock_counter;
	snprintf(a->pin, sizeof(a->pin), "%s", cs_factory_pin);
	snprintf(a->puk, sizeof(a->puk), "%s", cs_factory_puk);
	memcpy(a->mgmt, cs_factory_mgmt, sizeof(cs_factory_mgmt));
	a->mgmt_len = sizeof(cs_factory_mgmt);
	a->mgmt_alg = UIMKEY_ALG_3DES;
}

int
killer_op_reset(struct w *w)
{
	struct model a;
	double t0 = st_now();
	int r;

	killer_factory(&a, &w->m);
	killer_begin_change(w, P_RESET, &a, 0, 0);
	r = uimkey_piv_reset(w->dev);
	killer_end_change(w, P_RESET, t0);
	return killer_judge(w, r, UIMKEY_OK, "RESET");
}
