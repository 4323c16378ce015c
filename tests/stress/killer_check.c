/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The check after each restart (killer.c lists the invariants): the cut
 * change resolved against the card, secrets tried where the state cannot
 * tell, then the whole state compared with the model and keys signing.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <string.h>

#include "tests/stress/killer.h"

static int
try_pin(struct w *w, const char *pin)
{
	w->secret_tries++;
	return uimkey_piv_verify_pin(w->dev, pin, NULL);
}

/* The PUK is tried by changing it to itself. */
static int
try_puk(struct w *w, const char *puk)
{
	w->secret_tries++;
	return uimkey_piv_change_puk(w->dev, puk, puk, NULL);
}

/* The PIN or the PUK of the resolved model, and how to try a value. */
struct secret {
	const char *name;               /* "PIN", "PUK" */
	const char *new_try;            /* the command trying the new one */
	char *value;
	size_t size;
	int *tries;
	int total;
	int (*attempt)(struct w *w, const char *value);
};

/*
 * Which value is on the card, old or new, when the counters cannot tell:
 * try the new one, then the old one.  Updates the secret and its counter
 * from the card's answers.  -1 on a violation.
 */
static int
resolve_secret(struct w *w, const struct secret *k, const char *old_value,
    const char *new_value)
{
	int e;

	e = k->attempt(w, new_value);
	if (e == UIMKEY_OK) {
		snprintf(k->value, k->size, "%s", new_value);
		*k->tries = k->total;
		return 0;
	}
	if (e != UIMKEY_ERR_SW_WRONG_PIN && e != UIMKEY_ERR_SW_BLOCKED) {
		killer_violation(w, V_ANSWER, "%s: %s", k->new_try,
		    uimkey_strerr(e));
		return -1;
	}
	if (e == UIMKEY_ERR_SW_BLOCKED || *k->tries <= 1) {
		/* That try blocked it: the old value cannot be tried; for
		 * the PIN, the PUK sets a known one at the next steps. */
		*k->tries = 0;
		snprintf(k->value, k->size, "%s", old_value);
		return 0;
	}
	e = k->attempt(w, old_value);
	if (e != UIMKEY_OK) {
		killer_violation(w, V_SECRET, "the %s is neither the old nor "
		    "the new one (%s)", k->name, uimkey_strerr(e));
		return -1;
	}
	snprintf(k->value, k->size, "%s", old_value);
	*k->tries = k->total;
	return 0;
}

static int
resolve_pin(struct w *w, struct model *r, const char *old_pin,
    const char *new_pin)
{
	const struct secret pin = { "PIN", "VERIFY of the new PIN", r->pin,
	    sizeof(r->pin), &r->st.pin_tries, r->st.pin_total, try_pin };

	if (r->st.lock_locked) {
		/* The lock refuses VERIFY: decided once it is unlocked. */
		killer_violation(w, V_OTHER, "cannot tell the PIN on a locked "
		    "card");
		return -1;
	}
	return resolve_secret(w, &pin, old_pin, new_pin);
}

static int
resolve_puk(struct w *w, struct model *r, const char *old_puk,
    const char *new_puk)
{
	const struct secret puk = { "PUK", "CHANGE PUK with the new PUK",
	    r->puk, sizeof(r->puk), &r->st.puk_tries, r->st.puk_total,
	    try_puk };

	return resolve_secret(w, &puk, old_puk, new_puk);
}

/* A counter after a cut try: the value before, one less, or (a right
 * value presented) the maximum. */
static int
counter_ok(struct w *w, const char *name, int before, int got, int total,
    int right)
{
	if (got == before || (before > 0 && got == before - 1) ||
	    (right && got == total))
		return 1;
	if (got > before)
		killer_violation(w, V_COUNTER_UP, "%s counter %d -> %d without "
		    "a right value in flight", name, before, got);
	else
		killer_violation(w, V_COUNTER, "%s counter %d -> %d", name,
		    before, got);
	return 0;
}

/*
 * Resolve the cut change against the card's state a: r becomes the model
 * of the outcome (before or after, with the counters the card shows),
 * trying secrets where the state cannot tell.  -1 on a violation.
 */
static int
resolve(struct w *w, const struct cs_state *a, struct model *r)
{
	const struct pending *p = &w->pend;
	const struct model *b = &p->before, *af = &p->after;
	int landed = -1, ok = 1;
	char why[256];

	*r = *b;
	switch (p->kind) {
	case P_NONE:
		return 0;
	case P_VERIFY:
		ok = counter_ok(w, "PIN", b->st.pin_tries, a->pin_tries,
		    b->st.pin_total, 1);
		r->st.pin_tries = a->pin_tries;
		break;
	case P_VERIFY_BAD:
		ok = counter_ok(w, "PIN", b->st.pin_tries, a->pin_tries,
		    b->st.pin_total, 0);
		r->st.pin_tries = a->pin_tries;
		break;
	case P_PUK_BAD:
		ok = counter_ok(w, "PUK", b->st.puk_tries, a->puk_tries,
		    b->st.puk_total, 0);
		r->st.puk_tries = a->puk_tries;
		break;
	case P_CHANGE_PIN:
		if (!(ok = counter_ok(w, "PIN", b->st.pin_tries, a->pin_tries,
		    b->st.pin_total, 1)))
			break;
		if (a->pin_default != b->st.pin_default ||
		    (a->pin_tries == b->st.pin_total &&
		    b->st.pin_tries < b->st.pin_total)) {
			*r = *af;       /* it can only have landed */
			landed = 1;
		} else if (a->pin_tries < b->st.pin_total) {
			r->st.pin_tries = a->pin_tries;
			landed = 0;
		} else {
			r->st.pin_tries = a->pin_tries;
			if (resolve_pin(w, r, b->pin, af->pin) != 0)
				return -1;
			landed = strcmp(r->pin, af->pin) == 0;
			if (landed)
				r->st.pin_default = 0;
		}
		break;
	case P_CHANGE_PUK:
		if (!(ok = counter_ok(w, "PUK", b->st.puk_tries, a->puk_tries,
		    b->st.puk_total, 1)))
			break;
		r->st.puk_tries = a->puk_tries;
		if (strcmp(b->puk, af->puk) == 0) {
			landed = a->puk_tries == b->st.puk_total;
		} else if (a->puk_default != b->st.puk_default ||
		    (a->puk_tries == b->st.puk_total &&
		    b->st.puk_tries < b->st.puk_total)) {
			*r = *af;
			landed = 1;
		} else if (a->puk_tries < b->st.puk_total) {
			landed = 0;
		} else {
			if (resolve_puk(w, r, b->puk, af->puk) != 0)
				return -1;
			landed = strcmp(r->puk, af->puk) == 0;
			if (landed)
				r->st.puk_default = 0;
		}
		break;
	case P_UNBLOCK:
		/* Landed: PIN new at its maximum and the PUK at its own. */
		if (a->pin_tries == b->st.pin_total &&
		    b->st.pin_tries < b->st.pin_total) {
			landed = 1;
		} else if (a->pin_tries == b->st.pin_tries &&
		    b->st.pin_tries < b->st.pin_total) {
			landed = 0;
		} else if (a->pin_tries == b->st.pin_total) {
			r->st.puk_tries = a->puk_tries;
			if (resolve_pin(w, r, b->pin, af->pin) != 0)
				return -1;
			landed = strcmp(r->pin, af->pin) == 0;
		} else {
			killer_violation(w, V_COUNTER, "PIN counter %d -> %d "
			    "in a RESET RETRY COUNTER", b->st.pin_tries,
			    a->pin_tries);
			return -1;
		}
		if (landed == 1) {
			*r = *af;
			if (a->puk_tries != b->st.puk_total) {
				killer_violation(w, V_COUNTER, "RESET RETRY "
				    "COUNTER landed but the PUK counter is %d",
				    a->puk_tries);
				return -1;
			}
		} else {
			ok = counter_ok(w, "PUK", b->st.puk_tries,
			    a->puk_tries, b->st.puk_total, 0);
			r->st.puk_tries = a->puk_tries;
		}
		break;
	case P_SET_MGMT:
		if (a->mgmt_alg == af->mgmt_alg && a->mgmt_default == 0) {
			*r = *af;
			landed = 1;
		} else {
			landed = 0;
		}
		break;
	case P_GEN:
		if (cs_key_eq(&a->keys[p->slot], &b->st.keys[p->slot])) {
			landed = 0;
		} else if (a->keys[p->slot].present &&
		    cs_spki_ok(a->keys[p->slot].spki,
		    a->keys[p->slot].spki_len)) {
			r->st.keys[p->slot] = a->keys[p->slot];
			w->fresh_key[p->slot] = 1;
			landed = 1;
		} else {
			killer_violation(w, V_KEY, "key %02X after a cut "
			    "GENERATE is neither the old key nor a new one",
			    cs_slots[p->slot]);
			return -1;
		}
		break;
	default:
		break;
	}
	if (!ok)
		return -1;
	switch (p->kind) {
	case P_DEL_KEY:
	case P_MOVE:
	case P_PUT_CERT:
	case P_DEL_CERT:
	case P_TOKEN:
	case P_RESET:
		/* Whole-record outcomes: the state is one or the other. */
		if (!cs_diff(&af->st, a, why, sizeof(why))) {
			*r = *af;
			landed = 1;
		} else {
			landed = 0;
		}
		break;
	default:
		break;
	}
	if (landed == 1)
		w->landed++;
	else if (landed == 0)
		w->not_landed++;
	return 0;
}

/* The class of the first difference between two states. */
static enum viol
diff_class(const struct cs_state *want, const struct cs_state *got)
{
	size_t i;

	for (i = 0; i < CS_NSLOTS; i++) {
		if (!cs_key_eq(&want->keys[i], &got->keys[i]))
			return V_KEY;
		if (!cs_cert_eq(&want->certs[i], &got->certs[i]))
			return V_CERT;
	}
	if (got->pin_tries > want->pin_tries ||
	    got->puk_tries > want->puk_tries)
		return V_COUNTER_UP;
	if (got->pin_tries != want->pin_tries ||
	    got->puk_tries != want->puk_tries)
		return V_COUNTER;
	return V_OTHER;
}

/* Sign with key i and verify; -1 on a violation, GONE, or 0. */
static int
sign_check(struct w *w, int i)
{
	uint8_t hash[32], sig[UIMKEY_PIV_SIG_MAX];
	size_t len;
	int r;

	if (w->m.st.lock_locked || w->m.st.pin_tries == 0)
		return 0;
	if ((r = try_pin(w, w->m.pin)) != UIMKEY_OK) {
		if (cs_gone(r) || r == UIMKEY_ERR_BAD_RSP)
			return GONE;
		killer_violation(w, V_SECRET, "the model's PIN is refused: %s",
		    uimkey_strerr(r));
		return -1;
	}
	w->m.st.pin_tries = w->m.st.pin_total;
	st_fill(&w->rng, hash, sizeof(hash));
	r = uimkey_piv_sign(w->dev, cs_slots[i], UIMKEY_ALG_ECCP256, hash,
	    sizeof(hash), sig, sizeof(sig), &len);
	if (cs_gone(r) || r == UIMKEY_ERR_BAD_RSP)
		return GONE;
	if (r != UIMKEY_OK) {
		killer_violation(w, V_KEY, "key %02X does not sign: %s",
		    cs_slots[i], uimkey_strerr(r));
		return -1;
	}
	w->signatures++;
	if (!cs_verify(w->m.st.keys[i].spki, w->m.st.keys[i].spki_len, hash,
	    sizeof(hash), sig, len)) {
		killer_violation(w, V_SIG, "key %02X: its signature does not "
		    "verify with its public key", cs_slots[i]);
		return -1;
	}
	return 0;
}

/*
 * After a restart: resolve the cut change, then the whole state must be
 * the model's; the management key must authenticate; fresh keys (and,
 * when all is true, every key) must sign.  -1 on a violation.
 */
int
killer_check(struct w *w, int all)
{
	static struct cs_state a;
	struct model r;
	char why[256];
	size_t i;
	int e;

	w->checks++;
	if ((e = cs_read(w->dev, &a)) != UIMKEY_OK) {
		killer_violation(w, V_ANSWER, "reading the state: %s",
		    uimkey_strerr(e));
		return -1;
	}
	if (w->pend.kind != P_NONE)
		w->cut_by_kind[w->pend.kind]++;
	if (resolve(w, &a, &r) != 0)
		return -1;
	w->m = r;
	w->pend.kind = P_NONE;
	/* Resolving may have tried secrets: read again. */
	if ((e = cs_read(w->dev, &a)) != UIMKEY_OK) {
		killer_violation(w, V_ANSWER, "reading the state: %s",
		    uimkey_strerr(e));
		return -1;
	}
	if (cs_diff(&w->m.st, &a, why, sizeof(why))) {
		killer_violation(w, diff_class(&w->m.st, &a), "%s", why);
		return -1;
	}
	if (!w->m.st.lock_locked) {
		e = killer_auth(w);
		if (e != UIMKEY_OK) {
			killer_violation(w, V_SECRET, "the management key is "
			    "refused: %s", uimkey_strerr(e));
			return -1;
		}
	}
	for (i = 0; i < CS_NSLOTS; i++) {
		if (!w->m.st.keys[i].present || !(all || w->fresh_key[i]))
			continue;
		if ((e = sign_check(w, (int)i)) == GONE) {
			killer_violation(w, V_SPURIOUS, "the card went away "
			    "while kills were paused");
			return -1;
		}
		if (e != 0)
			return e;
		w->fresh_key[i] = 0;
	}
	return 0;
}

