/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Storage faults through the real stack: every state-changing command of
 * the card, run through pcscd while uimkey-card's file store is told to
 * fail (vsmartcard/store_fault.h, UIMKEY_CARD_FAULT_FILE): a torn store
 * write, a sync that writes half or a quarter of its bytes (EIO, ENOSPC)
 * or nothing, a failed fdatasync, a sync that fails after its bytes are
 * durable; and the card killed (SIGKILL) inside a sync after half of its
 * bytes.
 *
 * For each command and each kind of fault, the fault is put on the 1st,
 * 2nd, ... operation of its class until the command runs out of them;
 * each time:
 *   - a command that hit a fault answers either its normal result with
 *     the new state in place (the fault came after the commit point), or
 *     6581 with the previous state (a PIN or PUK presented may keep its
 *     spent try: docs/apdu.md, "how a try is counted"); never success
 *     with the old state, never anything else;
 *   - the store file, opened as the card would open it after a restart
 *     (tests/stress/probe.c), holds the state the card answers;
 *   - a failed sync puts the card out of order (6581 to what reads its
 *     store) until it is restarted: the store file then holds the new
 *     state after a normal answer, and the previous or the new one after
 *     6581 (what the failed sync left is unknown to the card, as at a
 *     power cut);
 *   - a card killed inside a sync comes back with the previous state or
 *     the new one;
 * Then the faults stay (KIND:1+, a disk that stays full): every change
 * is refused with 6581 and the state stays; once the fault is gone and
 * the card restarted (SIGKILL, uimkey-env card-start), the previous state
 * is there and the card works.
 *
 *   faults --reader NAME --card I --fault-file FILE [--seed N]
 *          [--kinds K,K... [--sticky]]
 *
 * --kinds: only those kinds (write short enospc eio fsync late kill), and
 * the faults for good only with --sticky; without it, every kind and the
 * faults for good.
 *
 * Runs inside uimkey-env; the card must have been started with
 * UIMKEY_CARD_FAULT_FILE=FILE in its environment (82-storage-faults.sh,
 * 89-sync-kill.sh).
 * Prints ok/not ok lines and a "# figures: ..." line.
 */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/stress/cardstate.h"
#include "tests/stress/probe.h"
#include "tests/stress/stress.h"
#include "tests/stress/faults.h"

#define N_MAX          400      /* fault points tried per command and kind */
#define RECONNECT_S    20.0

/* The transient kinds, then the ones that also stay (sticky). */
static const char *const kinds[] = {
	"write", "short", "enospc", "eio", "fsync", "late", "kill",
};
#define N_KINDS (sizeof(kinds) / sizeof(kinds[0]))
#define N_STICKY 6
/* ------------------------------------------------------------ plumbing */

void
arm(struct f *f, const char *spec)
{
	char tmp[600];
	FILE *fp;

	snprintf(tmp, sizeof(tmp), "%s.new", f->fault_file);
	if ((fp = fopen(tmp, "w")) == NULL) {
		perror(tmp);
		exit(1);
	}
	fprintf(fp, "%s\n", spec);
	fclose(fp);
	/* Whole, never half-read by the card. */
	if (rename(tmp, f->fault_file) != 0) {
		perror(f->fault_file);
		exit(1);
	}
}

/* Faults the card has injected so far: its log's count. */
unsigned long
injected(const struct f *f)
{
	char line[512];
	unsigned long n = 0;
	FILE *fp;

	if ((fp = fopen(f->log, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), fp) != NULL)
		if (strstr(line, "fault injected:") != NULL)
			n++;
	fclose(fp);
	return n;
}

int
connect_card(struct f *f)
{
	double end = st_now() + RECONNECT_S;
	int r;

	uimkey_dev_free(&f->dev);
	uimkey_ctx_free(&f->ctx);
	f->ctx = uimkey_ctx_new();
	f->dev = uimkey_dev_new();
	if (f->ctx == NULL || f->dev == NULL)
		return UIMKEY_ERR_NOMEM;
	while ((r = uimkey_ctx_open(f->ctx)) != UIMKEY_OK && st_now() < end)
		st_sleep_ms(50);
	if (r != UIMKEY_OK)
		return r;
	while ((r = uimkey_dev_open(f->dev, f->ctx, f->reader)) !=
	    UIMKEY_OK && st_now() < end)
		st_sleep_ms(50);
	if (r == UIMKEY_OK)
		r = uimkey_dev_serial(f->dev, &f->serial);
	return r;
}

/* SIGKILL the card and start it again, as a crash and a restart. */
int
restart_card(struct f *f)
{
	char path[600], idx[8], line[32];
	char env[] = "uimkey-env", cstop[] = "card-stop",
	    cstart[] = "card-start";
	char *stop[] = { env, cstop, idx, NULL };
	char *start[] = { env, cstart, idx, NULL };
	FILE *fp;
	long pid = 0;

	snprintf(idx, sizeof(idx), "%d", f->card);
	snprintf(path, sizeof(path), "%s/card%d.pid", f->env_dir, f->card);
	if ((fp = fopen(path, "r")) != NULL) {
		if (fgets(line, sizeof(line), fp) != NULL)
			pid = strtol(line, NULL, 10);
		fclose(fp);
	}
	if (pid > 1)
		kill((pid_t)pid, SIGKILL);
	f->restarts++;
	if (st_run(stop, -1, 30) != 0 || st_run(start, -1, 30) != 0)
		return -1;
	return connect_card(f);
}

/* The state as the store file holds it (what a restart would load). */
int
probe_state(struct f *f, struct cs_state *st)
{
	uimkey_ctx_t *ctx;
	uimkey_dev_t *dev;
	int r;

	f->probes++;
	if ((r = probe_open(f->store, &ctx, &dev)) != PROBE_OK)
		return r;
	r = cs_read(dev, st);
	probe_close(&ctx, &dev);
	return r;
}

int
auth(struct f *f)
{
	return uimkey_piv_auth_mgmt(f->dev, f->mgmt_alg, f->mgmt,
	    f->mgmt_len);
}

/* A non-trivial 8-digit PIN (or PUK) that is not avoid. */
void
new_secret(struct f *f, char out[9], const char *avoid)
{
	unsigned i;

	do {
		for (i = 0; i < 8; i++)
			out[i] = (char)('0' + st_below(&f->rng, 10));
		out[8] = '\0';
	} while (strcmp(out, avoid) == 0 ||
	    out[1] - out[0] == out[2] - out[1]);
}

/* ------------------------------------------------------------- checks */

/* b with one try spent from the counter op presents. */
static void
spent(struct cs_state *s, int presents)
{
	if (presents == 1 && s->pin_tries > 0)
		s->pin_tries--;
	if (presents == 2 && s->puk_tries > 0)
		s->puk_tries--;
}

/* Is got the state before (b) or, for a PIN op, b with a spent try? */
static int
is_before(const struct cs_state *b, const struct cs_state *got,
    int presents, char *why, size_t n)
{
	struct cs_state s;

	if (!cs_diff(b, got, why, n))
		return 1;
	if (presents == 0)
		return 0;
	s = *b;
	spent(&s, presents);
	return !cs_diff(&s, got, why, n);
}

/* A key made by a command that never answered has a public key unknown
 * to want: the one the card holds, if it is not the key before (b). */
static void
take_unknown_keys(struct cs_state *want, const struct cs_state *b,
    const struct cs_state *got)
{
	const struct cs_key *g;
	unsigned i;

	for (i = 0; i < CS_NSLOTS; i++) {
		g = &got->keys[i];
		if (want->keys[i].present && want->keys[i].spki_len == 0 &&
		    g->present && !(b->keys[i].present &&
		    b->keys[i].spki_len == g->spki_len &&
		    memcmp(b->keys[i].spki, g->spki, g->spki_len) == 0))
			want->keys[i] = *g;
	}
}

/* Does op's new secret open the store file?  Tried on the probe, so no
 * try is spent on the card: 1 yes, 0 no, -1 the file does not open. */
static int
secret_is_new(struct f *f, const struct op *op)
{
	uimkey_ctx_t *ctx;
	uimkey_dev_t *dev;
	int r;

	if (probe_open(f->store, &ctx, &dev) != PROBE_OK)
		return -1;
	if (op->adopt == adopt_pin)
		r = uimkey_piv_verify_pin(dev, f->new_pin, NULL);
	else if (op->adopt == adopt_puk)
		r = uimkey_piv_change_puk(dev, f->new_puk, f->new_puk, NULL);
	else
		r = uimkey_piv_auth_mgmt(dev, f->new_mgmt_alg, f->new_mgmt,
		    f->new_mgmt_len);
	probe_close(&ctx, &dev);
	return r == UIMKEY_OK;
}

/*
 * After a command whose outcome the card could not know (killed inside a
 * sync, or 6581 from a failed sync), the card restarted on its store
 * file holds got: the state before (b) or the new one (want), never a
 * mix.  Returns 1 for the new state, 0 for the old one.
 */
static int
old_or_new(struct f *f, const struct op *op, const struct cs_state *b,
    struct cs_state *want, const struct cs_state *got, const char *spec,
    unsigned *bad)
{
	char why[256];
	int is_new;

	take_unknown_keys(want, b, got);
	if (op->adopt == adopt_pin || op->adopt == adopt_puk ||
	    op->adopt == adopt_mgmt)
		is_new = secret_is_new(f, op);
	else
		is_new = !cs_diff(want, got, why, sizeof(why));
	if (is_new < 0) {
		st_note("%s with %s: the store file does not open", op->name,
		    spec);
		(*bad)++;
		return 0;
	}
	if (is_new ? cs_diff(want, got, why, sizeof(why)) :
	    !is_before(b, got, op->presents, why, sizeof(why))) {
		st_note("%s with %s: after the restart, a mix of the previous "
		    "state and the new one (%s secret): %s", op->name, spec,
		    is_new ? "new" : "old", why);
		(*bad)++;
	}
	return is_new;
}

/* SIGKILL came inside a sync: the card comes back old or new. */
static int
after_kill(struct f *f, const struct op *op, const char *spec,
    const struct cs_state *b, struct cs_state *want, struct cs_state *got,
    int r, unsigned *bad)
{
	int landed;

	f->kills++;
	if (!cs_gone(r)) {
		st_note("%s with %s: killed, yet it answered %s", op->name,
		    spec, uimkey_strerr(r));
		(*bad)++;
	}
	if (restart_card(f) != UIMKEY_OK || cs_read(f->dev, got) !=
	    UIMKEY_OK) {
		st_note("%s with %s: the card did not come back", op->name,
		    spec);
		return -1;
	}
	landed = old_or_new(f, op, b, want, got, spec, bad);
	f->kills_new += (unsigned long)landed;
	return landed;
}

/* The card refuses its store after a failed sync: only a restart helps
 * (a real card: a power cycle).  landed: it answered done. */
static int
after_failure(struct f *f, const struct op *op, const char *spec,
    const struct cs_state *b, struct cs_state *want, struct cs_state *got,
    const struct cs_state *disk, int landed, unsigned *bad)
{
	char why[256];

	if (restart_card(f) != UIMKEY_OK || cs_read(f->dev, got) !=
	    UIMKEY_OK) {
		st_note("%s with %s: the card did not come back", op->name,
		    spec);
		return -1;
	}
	if (cs_diff(disk, got, why, sizeof(why))) {
		st_note("%s with %s: restarted, the card differs from its "
		    "store file: %s", op->name, spec, why);
		(*bad)++;
	}
	if (!landed) {
		landed = old_or_new(f, op, b, want, got, spec, bad);
		f->unknown_new += (unsigned long)landed;
	} else if (cs_diff(want, got, why, sizeof(why))) {
		st_note("%s with %s: answered done, but after the restart the "
		    "new state is not there: %s", op->name, spec, why);
		(*bad)++;
	}
	return landed;
}

/*
 * One fault point: arm spec, run the op, judge.  Returns 1 when the
 * fault was hit, 0 when the op ran out of operations first, -1 on a
 * failure (printed).  *b is the state before, updated to the state after.
 */
static int
point(struct f *f, const struct op *op, const char *spec,
    struct cs_state *b, unsigned *bad)
{
	static struct cs_state want, got, disk;
	char why[256], why2[256];
	unsigned long before;
	int r, normal = UIMKEY_OK, hit, d, landed;

	if ((r = op->prepare(f, b)) != UIMKEY_OK) {
		st_note("%s: preparing: %s", op->name, uimkey_strerr(r));
		return -1;
	}
	if ((r = cs_read(f->dev, b)) != UIMKEY_OK) {
		st_note("%s: reading the state: %s", op->name,
		    uimkey_strerr(r));
		return -1;
	}
	want = *b;
	before = injected(f);
	arm(f, spec);
	r = op->run(f, &want, &normal);
	arm(f, "none");
	hit = injected(f) > before;
	if (hit)
		f->injected += injected(f) - before;
	if (hit && strncmp(spec, "kill", 4) == 0) {
		landed = after_kill(f, op, spec, b, &want, &got, r, bad);
		goto done;
	}
	if (cs_gone(r)) {
		st_note("%s with %s: the card went away (%s)", op->name, spec,
		    uimkey_strerr(r));
		return -1;
	}
	d = cs_read(f->dev, &got);
	if (d != UIMKEY_OK && !(hit && d == UIMKEY_ERR_SW_MEMORY)) {
		st_note("%s with %s: reading the state after: %s", op->name,
		    spec, uimkey_strerr(d));
		return -1;
	}
	landed = 0;
	if (r == normal) {
		/* Reported done: the new state must be there. */
		if (d == UIMKEY_OK && cs_diff(&want, &got, why, sizeof(why))) {
			st_note("%s with %s%s: answered %s but the new state "
			    "is not there: %s", op->name, spec,
			    hit ? "" : " (not hit)", uimkey_strerr(r), why);
			(*bad)++;
		}
		landed = 1;
		if (hit)
			f->late_ok++;
	} else if (hit && r == UIMKEY_ERR_SW_MEMORY) {
		f->errors_6581++;
		if (d == UIMKEY_OK &&
		    !is_before(b, &got, op->presents, why, sizeof(why))) {
			st_note("%s with %s: answered 6581 but the state "
			    "changed: %s%s", op->name, spec, why,
			    cs_diff(&want, &got, why2, sizeof(why2)) ? "" :
			    " (the new state is in place)");
			(*bad)++;
		}
	} else {
		st_note("%s with %s%s: answered %s (want %s%s)", op->name,
		    spec, hit ? "" : " (not hit)", uimkey_strerr(r),
		    uimkey_strerr(normal), hit ? " or 6581" : "");
		(*bad)++;
	}
	/* What a restart would find: the state the card answers. */
	if ((r = probe_state(f, &disk)) != UIMKEY_OK) {
		st_note("%s with %s: the store file does not open: %d",
		    op->name, spec, r);
		(*bad)++;
	} else if (d == UIMKEY_OK && cs_diff(&got, &disk, why, sizeof(why))) {
		st_note("%s with %s: the store file differs from what the "
		    "card answers: %s", op->name, spec, why);
		(*bad)++;
	}
	if (d != UIMKEY_OK)
		landed = after_failure(f, op, spec, b, &want, &got, &disk,
		    landed, bad);
done:
	if (landed < 0)
		return -1;
	if (landed && op->adopt != NULL)
		op->adopt(f);
	*b = got;
	return hit;
}

static void
transient(struct f *f, const struct op *op, struct cs_state *b,
    const char *const *kind, unsigned n_kinds)
{
	char spec[32], per[200];
	unsigned k, n, bad, pts = 0, total_bad = 0, kpts;
	size_t used = 0;
	int h;

	for (k = 0; k < n_kinds; k++) {
		bad = 0;
		kpts = 0;
		for (n = 1; n <= N_MAX; n++) {
			snprintf(spec, sizeof(spec), "%s:%u", kind[k], n);
			h = point(f, op, spec, b, &bad);
			if (h < 0) {
				bad++;
				break;
			}
			if (h == 0)
				break;
			pts++;
			kpts++;
		}
		used += (size_t)snprintf(per + used, sizeof(per) - used,
		    "%s%s %u", k ? ", " : "", kind[k], kpts);
		if (bad > 0)
			st_note("%s: %u wrong outcomes under %s faults",
			    op->name, bad, kind[k]);
		total_bad += bad;
	}
	st_note("%s: fault points: %s", op->name, per);
	f->points += pts;
	checkf(total_bad == 0, "storage faults: %s: %u fault points (%s), "
	    "each outcome as its answer allows (killed: the previous state "
	    "or the new one); the store file agrees", op->name, pts, per);
}

/* The kinds named in list (comma-separated) into use[]: their count, or
 * 0 when one is unknown. */
static unsigned
parse_kinds(const char *list, const char **use)
{
	const char *p = list;
	unsigned n = 0, k;
	size_t len;

	while (*p != '\0' && n < N_KINDS) {
		len = strcspn(p, ",");
		for (k = 0; k < N_KINDS; k++)
			if (strlen(kinds[k]) == len &&
			    strncmp(p, kinds[k], len) == 0)
				break;
		if (k == N_KINDS)
			return 0;
		use[n++] = kinds[k];
		p += len + (p[len] == ',');
	}
	return *p == '\0' ? n : 0;
}

/* A disk that stays full (or broken): every change refused, nothing
 * changed, and all well after the fault is gone and a restart. */
static void
sticky(struct f *f, const char *kind, struct cs_state *b)
{
	static const unsigned which[] = { 2, 5, 6, 10 };  /* PIN, key, cert, 9B */
	static struct cs_state got, disk, want;
	char spec[32], why[256];
	unsigned i, refused = 0, bad = 0;
	int r, normal;

	unsigned long before;

	snprintf(spec, sizeof(spec), "%s:1+", kind);
	if (prep_full_pin(f, b) != UIMKEY_OK || cs_read(f->dev, b) !=
	    UIMKEY_OK) {
		checkf(0, "storage faults: %s for good: preparing", kind);
		return;
	}
	before = injected(f);
	arm(f, spec);
	for (i = 0; i < sizeof(which) / sizeof(which[0]); i++) {
		want = *b;
		r = fault_ops[which[i]].run(f, &want, &normal);
		if (r == UIMKEY_ERR_SW_MEMORY) {
			refused++;
		} else {
			st_note("%s for good: %s answered %s", kind,
			    fault_ops[which[i]].name, uimkey_strerr(r));
			bad++;
		}
	}
	r = cs_read(f->dev, &got);
	if (r == UIMKEY_OK &&
	    !is_before(b, &got, 1, why, sizeof(why))) {
		st_note("%s for good: the card's state changed: %s", kind, why);
		bad++;
	}
	if ((r = probe_state(f, &disk)) != UIMKEY_OK ||
	    !is_before(b, &disk, 1, why, sizeof(why))) {
		st_note("%s for good: the store file changed: %s", kind,
		    r == UIMKEY_OK ? why : "does not open");
		bad++;
	}
	arm(f, "none");
	f->injected += injected(f) - before;
	f->sticky_injected += injected(f) - before;
	if (restart_card(f) != UIMKEY_OK ||
	    (r = cs_read(f->dev, &got)) != UIMKEY_OK) {
		st_note("%s for good: the card did not come back", kind);
		bad++;
	} else if (!is_before(b, &got, 1, why, sizeof(why))) {
		st_note("%s for good: after the restart: %s", kind, why);
		bad++;
	}
	/* And it works again. */
	want = got;
	if ((r = run_change_pin(f, &want, &normal)) != UIMKEY_OK) {
		st_note("%s for good: a PIN change after the restart: %s",
		    kind, uimkey_strerr(r));
		bad++;
	} else {
		adopt_pin(f);
	}
	if (cs_read(f->dev, b) != UIMKEY_OK)
		bad++;
	checkf(bad == 0 && refused == 4, "storage faults: %s on every "
	    "write or sync: %u changes refused with 6581, state and store "
	    "file unchanged; after a restart the card works", kind, refused);
}

/* From the factory card: PIN, PUK and management key of our own. */
static int
personalize(struct f *f)
{
	int r;

	snprintf(f->pin, sizeof(f->pin), "%s", cs_factory_pin);
	snprintf(f->puk, sizeof(f->puk), "%s", cs_factory_puk);
	memcpy(f->mgmt, cs_factory_mgmt, sizeof(cs_factory_mgmt));
	f->mgmt_len = sizeof(cs_factory_mgmt);
	f->mgmt_alg = UIMKEY_ALG_3DES;
	new_secret(f, f->new_pin, f->pin);
	if ((r = uimkey_piv_change_pin(f->dev, f->pin, f->new_pin, NULL)) !=
	    UIMKEY_OK)
		return r;
	adopt_pin(f);
	return UIMKEY_OK;
}

int
main(int argc, char **argv)
{
	static struct f f;
	static struct cs_state b;
	const char *seed = NULL;
	const char *kinds_arg = NULL, *use[N_KINDS];
	int with_sticky = 0;
	unsigned n_use = N_KINDS;
	const struct st_opt opts[] = {
		{ "reader", ST_OPT_STRING, &f.reader, NULL },
		{ "card", ST_OPT_INT, &f.card, NULL },
		{ "fault-file", ST_OPT_STRING, &f.fault_file, NULL },
		{ "seed", ST_OPT_STRING, &seed, NULL },
		{ "kinds", ST_OPT_STRING, &kinds_arg, NULL },
		{ "sticky", ST_OPT_FLAG, &with_sticky, NULL },
		{ NULL, 0, NULL, NULL },
	};
	uint8_t iseed[32];
	uint64_t s;
	unsigned i;
	int r;

	setvbuf(stdout, NULL, _IOLBF, 0);
	f.reader = "uimkey PCD 00 00";
	if (st_parse_opts(argc, argv, opts) != 0)
		return 2;
	f.env_dir = getenv("UIMKEY_ENV_DIR");
	memcpy(use, kinds, sizeof(use));
	if (kinds_arg != NULL)
		n_use = parse_kinds(kinds_arg, use);
	else
		with_sticky = 1;
	if (f.fault_file == NULL || f.env_dir == NULL || n_use == 0) {
		fprintf(stderr, "usage: faults --fault-file FILE [--reader NAME]"
		    " [--card I] [--seed N] [--kinds K,K... [--sticky]]  "
		    "(inside uimkey-env)\n");
		return 2;
	}
	snprintf(f.store, sizeof(f.store), "%s/card%d.store", f.env_dir,
	    f.card);
	snprintf(f.log, sizeof(f.log), "%s/card%d.log", f.env_dir, f.card);
	s = st_seed(seed);
	f.rng.s = s;
	st_note("faults: seed %llu", (unsigned long long)s);
	st_fill(&f.rng, iseed, sizeof(iseed));
	if (cs_issuer_init(&f.iss, iseed) != 0)
		return 1;
	arm(&f, "none");
	r = connect_card(&f);
	checkf(r == UIMKEY_OK, "storage faults: the card answers (%s)",
	    uimkey_strerr(r));
	if (r != UIMKEY_OK)
		return 1;
	r = personalize(&f);
	checkf(r == UIMKEY_OK, "storage faults: PIN personalized (%s)",
	    uimkey_strerr(r));
	if (r != UIMKEY_OK || cs_read(f.dev, &b) != UIMKEY_OK)
		return 1;
	for (i = 0; i < fault_ops_n; i++)
		transient(&f, &fault_ops[i], &b, use, n_use);
	/* Once through a real restart: the store file is what comes back. */
	{
		static struct cs_state got;
		char why[256];

		r = restart_card(&f);
		if (r == UIMKEY_OK)
			r = cs_read(f.dev, &got);
		checkf(r == UIMKEY_OK && !cs_diff(&b, &got, why, sizeof(why)),
		    "storage faults: after all that, SIGKILL and a restart "
		    "bring back the same state (%s)", r == UIMKEY_OK ? "" :
		    uimkey_strerr(r));
		if (r == UIMKEY_OK)
			b = got;
	}
	for (i = 1; i < N_STICKY && with_sticky; i++)
		sticky(&f, kinds[i], &b);
	if (with_sticky)
		sticky(&f, "write", &b);
	printf("# figures: storage faults injected %lu at %lu fault points "
	    "(and %lu with the fault for good); 6581 answers %lu; done after "
	    "a late fault %lu; new state after a 6581 and a restart %lu; "
	    "kills inside a sync %lu (new state after %lu); restarts %lu; "
	    "store files probed %lu; lost or corrupt %d\n", f.injected,
	    f.points, f.sticky_injected, f.errors_6581, f.late_ok,
	    f.unknown_new, f.kills, f.kills_new, f.restarts, f.probes,
	    check_failures);
	uimkey_dev_free(&f.dev);
	uimkey_ctx_free(&f.ctx);
	return check_done();
}
