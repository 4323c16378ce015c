/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kill workload (power cuts and crashes): a randomized
 * workload through pcscd while uimkey-card is killed with SIGKILL at
 * random moments and restarted with "uimkey-env card-start", then
 * checked against a model of what the card must hold.
 *
 * Workload (the main thread), through libuimkey: P-256 key generation in
 * 5 slots, key deletion and moves, signatures (verified with BearSSL),
 * PIN changes, wrong PINs (blocking it), unblocking with the PUK, PUK
 * changes and wrong PUKs, RESET once both are blocked, new management
 * keys, certificates written (PUT DATA, up to 3 KB, chained) and deleted,
 * issuer lock and unlock tokens.  Every completed command's answer is
 * checked against the model and the model follows it.
 *
 * Killer (a thread): once per cycle it waits for the workload to run,
 * then sends SIGKILL to the card process after a random delay, either
 * at any moment or aimed into a state-changing command the workload is
 * sending (it says when; the delay is drawn within that command's
 * measured duration), waits for the process to die, and restarts it
 * (uimkey-env card-stop, card-start: the store must open every time).
 *
 * After each restart (kills paused), the check: the command the kill cut
 * may have landed or not, and nothing else: its possible outcomes are
 * resolved against the card (counters, keys, certificates, lock;
 * secrets by trying them), then the whole state must equal the model:
 *   - a PIN or PUK counter never goes back up without a right value in
 *     flight (a cut try may stay spent: docs/apdu.md);
 *   - every key a completed command reported is there, same public key,
 *     and every key signs (verified with its model public key);
 *   - a certificate reads back byte-exact, or the previous one;
 *   - the PIN, PUK and management key are the old or the new value.
 * The first violation stops the run.
 *
 *   killer --card I [--reader NAME] [--kills N] [--seconds S] [--seed N]
 *          [--random-max-ms MS] [--aimed PERCENT]
 *
 * Runs inside uimkey-env (81-kill-restart.sh, soak.sh).  Prints ok/not
 * ok lines and "# figures: ..." lines.
 */
#define _DEFAULT_SOURCE
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/stress/killer.h"

#define EST_DEFAULT_MS  20.0
#define ISSUER_START    1000u

static const char *const pend_names[P_KINDS] = {
	"none", "VERIFY", "wrong VERIFY", "CHANGE PIN", "CHANGE PUK",
	"wrong PUK", "RESET RETRY COUNTER", "SET MANAGEMENT KEY",
	"GENERATE", "DELETE KEY", "MOVE KEY", "PUT DATA certificate",
	"delete certificate", "lock token", "RESET",
};

static const char *const viol_names[V_COUNT] = {
	"a counter went back up", "a counter out of its possible values",
	"a key lost or half-written", "a certificate torn or lost",
	"a secret neither old nor new", "an unexpected answer",
	"a signature that does not verify", "other state",
	"the store did not open", "PC/SC failed without a kill",
};

void
killer_violation(struct w *w, enum viol v, const char *fmt, ...)
{
	va_list ap;

	w->viol[v]++;
	w->fatal = 1;
	printf("# card%d VIOLATION (%s): ", w->card, viol_names[v]);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" [pending: %s]\n", pend_names[w->pend.kind]);
	fflush(stdout);
}

/* At the start: the card as it is becomes the model (factory state). */
static int
start(struct w *w)
{
	static const uint8_t own_mgmt[16] = { 0x6B, 0x69, 0x6C, 0x6C, 0x65,
	    0x72, 0x20, 0x6D, 0x67, 0x6D, 0x74, 0x20, 0x6B, 0x65, 0x79, 0x31 };
	int r;

	if ((r = killer_connect_card(w)) != UIMKEY_OK) {
		checkf(0, "killer card%d: the card answers (%s)", w->card,
		    uimkey_strerr(r));
		return -1;
	}
	if ((r = cs_read(w->dev, &w->m.st)) != UIMKEY_OK ||
	    !w->m.st.pin_default || !w->m.st.mgmt_default) {
		checkf(0, "killer card%d: a factory-fresh card to start "
		    "with (%s)", w->card, uimkey_strerr(r));
		return -1;
	}
	{
		struct model f0 = w->m;

		killer_factory(&w->m, &f0);
	}
	if ((r = cs_read(w->dev, &w->m.st)) != UIMKEY_OK)
		return -1;
	/* The issuer, before the killer runs (installed once for life),
	 * after a management key of the card's own: the card binds an
	 * issuer only then. */
	if ((r = uimkey_piv_auth_mgmt(w->dev, w->m.mgmt_alg, w->m.mgmt,
	    w->m.mgmt_len)) != UIMKEY_OK ||
	    (r = uimkey_piv_set_mgmt_key(w->dev, UIMKEY_ALG_AES128, own_mgmt,
	    sizeof(own_mgmt))) != UIMKEY_OK)
		goto fail;
	memcpy(w->m.mgmt, own_mgmt, sizeof(own_mgmt));
	w->m.mgmt_len = sizeof(own_mgmt);
	w->m.mgmt_alg = UIMKEY_ALG_AES128;
	if ((r = uimkey_piv_install_issuer_key(w->dev, w->iss.point,
	    ISSUER_START)) != UIMKEY_OK ||
	    (r = cs_read(w->dev, &w->m.st)) != UIMKEY_OK) {
fail:
		checkf(0, "killer card%d: issuer key installed (%s)",
		    w->card, uimkey_strerr(r));
		return -1;
	}
	return 0;
}

static void
report(struct w *w, double secs)
{
	unsigned long k, kills = w->sh.kills, total = 0, cut = 0;
	char per[1024];
	size_t used = 0;

	for (k = 0; k < V_COUNT; k++)
		total += w->viol[k];
	for (k = 1; k < P_KINDS; k++) {
		cut += w->cut_by_kind[k];
		if (w->cut_by_kind[k] == 0)
			continue;
		used += (size_t)snprintf(per + used, sizeof(per) - used,
		    "%s%s %lu", used ? ", " : "", pend_names[k],
		    w->cut_by_kind[k]);
	}
	checkf(w->sh.restart_failed == 0 && w->viol[V_STORE] == 0,
	    "killer card%d: %lu SIGKILLs at random moments (%lu aimed into a "
	    "change), and the store opened at every restart", w->card, kills,
	    w->sh.aimed_kills);
	checkf(w->viol[V_COUNTER_UP] == 0 && w->viol[V_COUNTER] == 0,
	    "killer card%d: PIN and PUK counters never went back up without "
	    "a right value (%lu checks)", w->card, w->checks);
	checkf(w->viol[V_KEY] == 0 && w->viol[V_SIG] == 0,
	    "killer card%d: every key a completed command reported is on the "
	    "card and signs (%lu generated, %lu signatures verified)",
	    w->card, w->done_by_kind[P_GEN], w->signatures);
	checkf(w->viol[V_CERT] == 0, "killer card%d: no half-written "
	    "object: certificates read back byte-exact or the previous one "
	    "(%lu written, %lu deleted)", w->card, w->done_by_kind[P_PUT_CERT],
	    w->done_by_kind[P_DEL_CERT]);
	checkf(w->viol[V_SECRET] == 0 && w->viol[V_OTHER] == 0,
	    "killer card%d: PIN, PUK, management key and issuer lock are the "
	    "old or the new value after every cut (%lu PIN changes, %lu "
	    "unblocks, %lu RESETs, %lu lock tokens)", w->card,
	    w->done_by_kind[P_CHANGE_PIN], w->done_by_kind[P_UNBLOCK],
	    w->done_by_kind[P_RESET], w->done_by_kind[P_TOKEN]);
	checkf(w->viol[V_ANSWER] == 0 && w->viol[V_SPURIOUS] == 0,
	    "killer card%d: every completed command gave its expected answer "
	    "(%lu commands)", w->card, w->ops);
	printf("# card%d cut changes: %s\n", w->card, used ? per : "none");
	printf("# figures: card%d kill-restart cycles %lu in %.0f s (restart "
	    "%.2f s each); commands %lu; changes cut %lu (landed %lu, not "
	    "%lu); checks %lu; signatures verified %lu; lost or corrupt %lu\n",
	    w->card, kills, secs, kills ? w->sh.restart_s / (double)kills : 0,
	    w->ops, cut, w->landed, w->not_landed, w->checks, w->signatures,
	    total);
}

int
main(int argc, char **argv)
{
	static struct w w;
	static char reader[64];
	const char *seed = NULL;
	const struct st_opt opts[] = {
		{ "reader", ST_OPT_STRING, &w.reader, NULL },
		{ "card", ST_OPT_INT, &w.card, NULL },
		{ "kills", ST_OPT_ULONG, &w.kills_wanted, NULL },
		{ "seconds", ST_OPT_DOUBLE, &w.seconds, NULL },
		{ "seed", ST_OPT_STRING, &seed, NULL },
		{ "random-max-ms", ST_OPT_DOUBLE, &w.random_max_ms, NULL },
		{ "aimed", ST_OPT_UNSIGNED, &w.aimed_pct, NULL },
		{ NULL, 0, NULL, NULL },
	};
	uint8_t iseed[32];
	pthread_t th;
	double t0;
	uint64_t s;
	int r = 0, i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	w.kills_wanted = 100;
	w.seconds = 90;
	w.random_max_ms = 250;
	w.aimed_pct = 60;
	if (st_parse_opts(argc, argv, opts) != 0)
		return 2;
	w.env_dir = getenv("UIMKEY_ENV_DIR");
	if (w.env_dir == NULL) {
		fprintf(stderr, "killer: run it inside uimkey-env\n");
		return 2;
	}
	if (w.reader == NULL) {
		snprintf(reader, sizeof(reader), "uimkey PCD 00 %02X", w.card);
		w.reader = reader;
	}
	s = st_seed(seed);
	printf("# killer card%d: seed %llu (--seed to repeat the choices)\n",
	    w.card, (unsigned long long)s);
	w.rng.s = s;
	w.krng.s = s ^ 0x5DEECE66Dull;
	st_fill(&w.rng, iseed, sizeof(iseed));
	if (cs_issuer_init(&w.iss, iseed) != 0)
		return 1;
	for (i = 0; i < P_KINDS; i++)
		w.est_ms[i] = EST_DEFAULT_MS;
	pthread_mutex_init(&w.sh.mu, NULL);
	pthread_cond_init(&w.sh.cv, NULL);
	if (start(&w) != 0)
		return 1;
	t0 = st_now();
	if (pthread_create(&th, NULL, killer_thread, &w) != 0)
		return 1;
	for (;;) {
		if (killer_work_until_cut(&w) != 0)
			break;
		if ((r = killer_connect_card(&w)) != UIMKEY_OK) {
			killer_violation(&w, V_STORE, "the card did not come "
			    "back: %s", uimkey_strerr(r));
			break;
		}
		killer_lock_sh(&w);
		r = w.sh.done;
		killer_unlock_sh(&w);
		if (killer_check(&w, r || w.checks % 8 == 0) != 0)
			break;
		if (r)
			break;
	}
	killer_lock_sh(&w);
	w.sh.stop = 1;
	pthread_cond_broadcast(&w.sh.cv);
	killer_unlock_sh(&w);
	pthread_join(th, NULL);
	report(&w, st_now() - t0);
	uimkey_dev_free(&w.dev);
	uimkey_ctx_free(&w.ctx);
	return check_done();
}
