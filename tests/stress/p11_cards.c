/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Two cards used from one process through the PKCS#11 module:
 *
 *   p11_cards --module SO --pin PIN --reader R0 --reader R1 --id 01
 *             [--always-id 02] [--threads T] [--sigs N] [--hold MS]
 *
 * - A signature with card 0's key of CKA_ID id (PIN policy once) is one
 *   exchange on the module's own logical channel: it takes no PC/SC
 *   transaction.  One with the key of --always-id (PIN policy always:
 *   VERIFY, then the signature) takes exactly one.  The program counts
 *   the transactions the module begins: it defines SCardBeginTransaction
 *   itself and exports it, so the module it loads calls this one, which
 *   calls libpcsclite's.
 * - T threads (default 8), half of them on each card, each with its own
 *   session, sign N times each with its card's key of CKA_ID id; every
 *   signature is verified with BearSSL against that card's public key
 *   (the two cards' keys differ: a signature lands on the card asked).
 * - One card's lock holds no other card: another PC/SC client (here, a
 *   context of this program's own) takes a transaction on card 0 and
 *   keeps it MS ms (default 1500).  A thread asks for card 0's token
 *   information, which needs a transaction of its own: it waits inside
 *   the module with card 0 held.  Meanwhile a thread signs on card 1,
 *   and C_GetSlotList and C_GetSlotInfo answer at once: a module that
 *   held one lock across a card exchange would stall them all.
 *
 * The module runs on the application's mutex functions (counted): every
 * lock it makes, its slots' too, must come from them and be destroyed by
 * C_Finalize.
 *
 * Prints ok/not ok lines and a "# figures: ..." line.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <winscard.h>

#include "tests/stress/p11util.h"
#include "tests/stress/stress.h"

#define MAX_THREADS    32
#define CARDS          2
/* While card 0 is held: card 1 signs at hundreds a second, an answer
 * about the slots takes milliseconds. */
#define HELD_SIGS_MIN  10
#define QUICK_S        0.5

static struct {
	const char *module, *pin, *reader[CARDS];
	int nreader, threads;
	unsigned long sigs;
	CK_BYTE id, always_id;
	double hold_ms;
} opt;

static CK_SLOT_ID slot[CARDS];
static struct p11_key key[CARDS];

struct worker {
	int card, index;
	unsigned long done, verified;
	CK_RV first_rv;
	const char *step;
	double t0, t1;
};

/* ---- the module's PC/SC transactions, counted ---- */

static LONG (*real_begin)(SCARDHANDLE);
static atomic_uint begins;

/* Exported (stress.mk links this program with it in its dynamic symbol
 * table; the build hides symbols by default): the module's calls come
 * here first. */
__attribute__((visibility("default"))) LONG
SCardBeginTransaction(SCARDHANDLE h);

LONG
SCardBeginTransaction(SCARDHANDLE h)
{
	atomic_fetch_add(&begins, 1);
	return real_begin(h);
}

static int
parse_reader(const char *s)
{
	if (opt.nreader == CARDS)
		return -1;
	opt.reader[opt.nreader++] = s;
	return 0;
}

static int
parse_id(const char *s)
{
	opt.id = (CK_BYTE)strtoul(s, NULL, 16);
	return 0;
}

static int
parse_always_id(const char *s)
{
	opt.always_id = (CK_BYTE)strtoul(s, NULL, 16);
	return 0;
}

static void
worker_fail(struct worker *w, CK_RV rv, const char *step)
{
	if (w->first_rv == CKR_OK) {
		w->first_rv = rv;
		w->step = step;
	}
}

/* A session on the worker's card, logged in (the login is the token's:
 * another thread may have made it). */
static CK_RV
open_login(int card, CK_SESSION_HANDLE *s)
{
	CK_RV rv;

	if ((rv = p11->C_OpenSession(slot[card], CKF_SERIAL_SESSION, NULL,
	    NULL, s)) != CKR_OK)
		return rv;
	rv = p11->C_Login(*s, CKU_USER, (CK_UTF8CHAR_PTR)(uintptr_t)opt.pin,
	    strlen(opt.pin));
	return rv == CKR_USER_ALREADY_LOGGED_IN ? CKR_OK : rv;
}

/* One signature with k of data made from (card, index, i), verified. */
static CK_RV
sign_with(struct worker *w, CK_SESSION_HANDLE s, const struct p11_key *k,
    unsigned long i)
{
	CK_BYTE data[64], sig[600];
	CK_ULONG sig_len = sizeof(sig);
	int len;
	CK_RV rv;

	len = snprintf((char *)data, sizeof(data), "card %d thread %d sig %lu",
	    w->card, w->index, i);
	if ((rv = p11_sign(s, k, opt.pin, data, (size_t)len, sig,
	    &sig_len)) != CKR_OK)
		return rv;
	w->done++;
	if (p11_key_verify(k, data, (size_t)len, sig, sig_len))
		w->verified++;
	return CKR_OK;
}

/* The same with the worker's card's key. */
static CK_RV
sign_one(struct worker *w, CK_SESSION_HANDLE s, unsigned long i)
{
	return sign_with(w, s, &key[w->card], i);
}

static void *
signer_main(void *arg)
{
	struct worker *w = arg;
	CK_SESSION_HANDLE s;
	unsigned long i;
	CK_RV rv;

	if ((rv = open_login(w->card, &s)) != CKR_OK) {
		worker_fail(w, rv, "C_OpenSession or C_Login");
		return NULL;
	}
	w->t0 = st_now();
	for (i = 0; i < opt.sigs; i++) {
		if ((rv = sign_one(w, s, i)) != CKR_OK) {
			worker_fail(w, rv, p11_sign_step);
			break;
		}
	}
	w->t1 = st_now();
	if ((rv = p11->C_CloseSession(s)) != CKR_OK)
		worker_fail(w, rv, "C_CloseSession");
	return NULL;
}

/* n signatures with k on card 0 in session s: the transactions the
 * module began for them, or -1 when one failed or did not verify. */
static long
begins_for(CK_SESSION_HANDLE s, const struct p11_key *k, int n)
{
	struct worker w;
	unsigned b0 = atomic_load(&begins);
	int i;

	memset(&w, 0, sizeof(w));
	for (i = 0; i < n; i++)
		if (sign_with(&w, s, k, (unsigned long)i) != CKR_OK)
			return -1;
	if (w.verified != (unsigned long)n)
		return -1;
	return (long)(atomic_load(&begins) - b0);
}

#define TX_SIGS  20

static void
run_transactions(CK_SESSION_HANDLE s0)
{
	struct p11_key always;
	long b;
	CK_RV rv;

	b = begins_for(s0, &key[0], TX_SIGS);
	checkf(b == 0, "card 0: %d signatures of a PIN-once key take no PC/SC "
	    "transaction (%ld begun)", TX_SIGS, b);
	if (opt.always_id == 0)
		return;
	if ((rv = p11_key_load(s0, opt.always_id, &always)) != CKR_OK ||
	    !always.always) {
		checkf(0, "card 0: the PIN-always key %02x (%s)", opt.always_id,
		    p11_rv_name(rv));
		return;
	}
	b = begins_for(s0, &always, TX_SIGS);
	checkf(b == TX_SIGS, "card 0: %d signatures of a PIN-always key take "
	    "one transaction each (%ld begun)", TX_SIGS, b);
}

static void
run_signers(void)
{
	struct worker w[MAX_THREADS];
	pthread_t th[MAX_THREADS];
	unsigned long done = 0, verified = 0, per[CARDS] = { 0, 0 };
	double t0 = st_now(), secs;
	int i, bad = -1;

	memset(w, 0, sizeof(w));
	for (i = 0; i < opt.threads; i++) {
		w[i].card = i % CARDS;
		w[i].index = i;
		pthread_create(&th[i], NULL, signer_main, &w[i]);
	}
	for (i = 0; i < opt.threads; i++) {
		pthread_join(th[i], NULL);
		done += w[i].done;
		verified += w[i].verified;
		per[w[i].card] += w[i].done;
		if (w[i].first_rv != CKR_OK && bad < 0)
			bad = i;
	}
	secs = st_now() - t0;
	if (bad >= 0)
		printf("# thread %d (card %d): %s: %s\n", bad, w[bad].card,
		    w[bad].step, p11_rv_name(w[bad].first_rv));
	checkf(bad < 0 && done == opt.sigs * (unsigned long)opt.threads,
	    "two cards: %d threads signed %lu times each (%lu of %lu done)",
	    opt.threads, opt.sigs, done, opt.sigs * (unsigned long)opt.threads);
	checkf(done > 0 && verified == done, "two cards: every signature "
	    "verifies with its own card's key (%lu of %lu)", verified, done);
	printf("# figures: %d threads, card 0 %lu and card 1 %lu signatures "
	    "in %.2f s, %.0f sig/s\n", opt.threads, per[0], per[1], secs,
	    (double)done / secs);
}

/* ------------------------------------------------- one card held */

struct held {
	SCARDCONTEXT ctx;
	SCARDHANDLE card;
	/* The thread waiting on card 0. */
	double wait_t0, wait_t1;
	CK_RV wait_rv;
	atomic_int waiting_done;
	/* The signer on card 1. */
	struct worker w;
	CK_SESSION_HANDLE s1;
	atomic_int stop;
	atomic_ulong sigs_in_window;
	_Atomic double window_t0;
};

/* Another PC/SC client's transaction on card 0. */
static int
hold_card0(struct held *h)
{
	DWORD proto;

	return SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL,
	    &h->ctx) == SCARD_S_SUCCESS &&
	    SCardConnect(h->ctx, opt.reader[0], SCARD_SHARE_SHARED,
	    SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &h->card, &proto) ==
	    SCARD_S_SUCCESS && SCardBeginTransaction(h->card) ==
	    SCARD_S_SUCCESS ? 0 : -1;
}

static void *
waiter_main(void *arg)
{
	struct held *h = arg;
	CK_TOKEN_INFO ti;

	h->wait_t0 = st_now();
	h->wait_rv = p11->C_GetTokenInfo(slot[0], &ti);
	h->wait_t1 = st_now();
	atomic_store(&h->waiting_done, 1);
	return NULL;
}

/* The other client lets card 0 go after the hold, whatever the calls
 * made meanwhile do (they may block: that is what is tested). */
static void *
release_main(void *arg)
{
	struct held *h = arg;

	st_sleep_ms(opt.hold_ms);
	(void)SCardEndTransaction(h->card, SCARD_LEAVE_CARD);
	return NULL;
}

static void *
card1_main(void *arg)
{
	struct held *h = arg;
	unsigned long i;
	double t;
	CK_RV rv;

	for (i = 0; !atomic_load(&h->stop); i++) {
		if ((rv = sign_one(&h->w, h->s1, i)) != CKR_OK) {
			worker_fail(&h->w, rv, p11_sign_step);
			break;
		}
		t = atomic_load(&h->window_t0);
		if (t > 0 && !atomic_load(&h->waiting_done))
			atomic_fetch_add(&h->sigs_in_window, 1);
	}
	return NULL;
}

/* C_GetSlotList and C_GetSlotInfo while card 0 is held: seconds taken. */
static double
slots_time(CK_RV *rv)
{
	CK_SLOT_ID ids[16];
	CK_SLOT_INFO si;
	CK_ULONG n = 16;
	double t0 = st_now();

	if ((*rv = p11->C_GetSlotList(CK_TRUE, ids, &n)) == CKR_OK)
		*rv = p11->C_GetSlotInfo(slot[0], &si);
	return st_now() - t0;
}

static void
run_held(void)
{
	struct held h;
	pthread_t waiter, signer, release;
	double slots_s, waited;
	CK_RV rv, slots_rv;

	memset(&h, 0, sizeof(h));
	h.w.card = 1;
	if ((rv = open_login(1, &h.s1)) != CKR_OK || hold_card0(&h) != 0) {
		checkf(0, "one card held: setting up (%s)", p11_rv_name(rv));
		return;
	}
	pthread_create(&release, NULL, release_main, &h);
	pthread_create(&signer, NULL, card1_main, &h);
	pthread_create(&waiter, NULL, waiter_main, &h);
	/* Let the waiter reach the card and block there. */
	st_sleep_ms(opt.hold_ms / 5);
	atomic_store(&h.window_t0, st_now());
	slots_s = slots_time(&slots_rv);
	pthread_join(release, NULL);
	pthread_join(waiter, NULL);
	atomic_store(&h.stop, 1);
	pthread_join(signer, NULL);
	waited = h.wait_t1 - h.wait_t0;
	checkf(h.wait_rv == CKR_OK && waited >= opt.hold_ms / 1000 / 2,
	    "one card held: a call on card 0 waits for the other client's "
	    "transaction (%.2f s, %s)", waited, p11_rv_name(h.wait_rv));
	checkf(h.w.first_rv == CKR_OK && h.w.verified == h.w.done,
	    "one card held: card 1's signatures all verify (%lu of %lu; %s)",
	    h.w.verified, h.w.done, p11_rv_name(h.w.first_rv));
	checkf(atomic_load(&h.sigs_in_window) >= HELD_SIGS_MIN,
	    "one card held: card 1 signs meanwhile (%lu signatures while "
	    "card 0 was held)", atomic_load(&h.sigs_in_window));
	checkf(slots_rv == CKR_OK && slots_s < QUICK_S, "one card held: "
	    "C_GetSlotList and C_GetSlotInfo answer meanwhile (%.3f s, %s)",
	    slots_s, p11_rv_name(slots_rv));
	(void)p11->C_CloseSession(h.s1);
	(void)SCardDisconnect(h.card, SCARD_LEAVE_CARD);
	(void)SCardReleaseContext(h.ctx);
}

/* The slots of both readers, and each card's key with a session kept
 * open (the login lasts while one is). */
static int
setup(CK_SESSION_HANDLE keep[CARDS])
{
	CK_RV rv = CKR_OK;
	int c;

	if (p11_load(opt.module) != 0 || (rv = p11_init_app_locks()) != CKR_OK) {
		checkf(0, "setting up: C_Initialize (%s)", p11_rv_name(rv));
		return -1;
	}
	for (c = 0; c < CARDS; c++) {
		if ((rv = p11_find_slot(opt.reader[c], &slot[c])) != CKR_OK ||
		    (rv = open_login(c, &keep[c])) != CKR_OK ||
		    (rv = p11_key_load(keep[c], opt.id, &key[c])) != CKR_OK) {
			checkf(0, "setting up: card %d's key (%s)", c,
			    p11_rv_name(rv));
			return -1;
		}
	}
	checkf(slot[0] != slot[1] && (key[0].point_len != key[1].point_len ||
	    memcmp(key[0].point, key[1].point, key[0].point_len) != 0 ||
	    key[0].n_len != key[1].n_len ||
	    memcmp(key[0].n, key[1].n, key[0].n_len) != 0),
	    "two slots, and each card its own key");
	return 0;
}

int
main(int argc, char **argv)
{
	const struct st_opt opts[] = {
		{ "module", ST_OPT_STRING, &opt.module, NULL },
		{ "pin", ST_OPT_STRING, &opt.pin, NULL },
		{ "reader", ST_OPT_CALL, NULL, parse_reader },
		{ "id", ST_OPT_CALL, NULL, parse_id },
		{ "always-id", ST_OPT_CALL, NULL, parse_always_id },
		{ "threads", ST_OPT_INT, &opt.threads, NULL },
		{ "sigs", ST_OPT_ULONG, &opt.sigs, NULL },
		{ "hold", ST_OPT_DOUBLE, &opt.hold_ms, NULL },
		{ NULL, 0, NULL, NULL },
	};
	struct p11_app_locks *app = p11_app_locks();
	CK_SESSION_HANDLE keep[CARDS];
	CK_RV rv;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* A hang is a failure, not a stuck test run. */
	alarm(150);
	opt.threads = 8;
	opt.sigs = 200;
	opt.hold_ms = 1500;
	if (st_parse_opts(argc, argv, opts) != 0 || opt.module == NULL ||
	    opt.pin == NULL || opt.nreader != CARDS || opt.id == 0 ||
	    opt.threads < CARDS || opt.threads > MAX_THREADS ||
	    opt.hold_ms < 100) {
		fprintf(stderr, "usage: p11_cards --module SO --pin PIN "
		    "--reader R0 --reader R1 --id 01 [--always-id 02] "
		    "[--threads T] [--sigs N] [--hold MS]\n");
		return 2;
	}
	*(void **)&real_begin = dlsym(RTLD_NEXT, "SCardBeginTransaction");
	if (real_begin == NULL || setup(keep) != 0)
		return 1;
	run_transactions(keep[0]);
	run_signers();
	run_held();
	(void)p11->C_CloseSession(keep[0]);
	(void)p11->C_CloseSession(keep[1]);
	/* The module's own lock and one per card's slot at least. */
	checkf(atomic_load(&app->creates) >= 1 + CARDS, "the application's "
	    "mutex functions make the slots' locks too (%d made)",
	    atomic_load(&app->creates));
	rv = p11->C_Finalize(NULL);
	checkf(rv == CKR_OK, "C_Finalize with two cards (%s)", p11_rv_name(rv));
	checkf(atomic_load(&app->destroys) == atomic_load(&app->creates) &&
	    atomic_load(&app->locks) == atomic_load(&app->unlocks),
	    "C_Finalize destroys every mutex made (%d of %d), every lock was "
	    "let go (%d of %d)", atomic_load(&app->destroys),
	    atomic_load(&app->creates), atomic_load(&app->unlocks),
	    atomic_load(&app->locks));
	return check_done();
}
