/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Removal through the PKCS#11 module: the card's process killed
 * in the middle of signatures and started again; pcscd restarted (idle,
 * and killed in the middle of signatures); pcscd down for a while.  At
 * each step the module must answer with PKCS#11's errors for a token
 * gone (CKR_DEVICE_REMOVED, CKR_SESSION_HANDLE_INVALID,
 * CKR_SESSION_CLOSED, CKR_TOKEN_NOT_PRESENT), never hang (every call has
 * a deadline: a watchdog ends the program with "not ok" when one is
 * passed), and serve new sessions once the token is back: log in, sign,
 * the signature verifies.  The old session stays dead.
 *
 *   p11_removal --module SO --pin PIN --id 01 [--cycles N] [--seed N]
 *
 * Runs inside uimkey-env (84-p11-removal.sh): it kills the card from
 * $UIMKEY_ENV_DIR/card0.pid and runs "uimkey-env card-stop/card-start 0"
 * and "uimkey-env pcscd-restart".  Prints ok/not ok lines and a
 * "# figures: ..." line.
 */
#define _DEFAULT_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/stress/p11util.h"
#include "tests/stress/stress.h"

#define CALL_LIMIT_S   10.0     /* no PKCS#11 call may take longer */
#define GONE_WITHIN_S  5.0      /* the token seen gone */
#define BACK_WITHIN_S  15.0     /* and back */

static struct {
	const char *module, *pin, *reader;
	CK_BYTE id;
	int cycles;
	struct st_rng rng;
} opt;

/* --id: the key's CKA_ID, one hex byte. */
static int
parse_id(const char *s)
{
	opt.id = (CK_BYTE)strtoul(s, NULL, 16);
	return 0;
}

/* The watchdog: the call in progress and when it started. */
static _Atomic double call_start;
static const char *_Atomic call_name;
static atomic_int watchdog_stop;
static double max_call_s;

static void *
watchdog(void *arg)
{
	double t;

	(void)arg;
	while (!atomic_load(&watchdog_stop)) {
		st_sleep_ms(100);
		t = atomic_load(&call_start);
		if (t > 0 && st_now() - t > CALL_LIMIT_S) {
			printf("not ok - removal: %s did not return within %.0f "
			    "s (hung)\n", atomic_load(&call_name), CALL_LIMIT_S);
			fflush(stdout);
			_exit(1);
		}
	}
	return NULL;
}

static void
call_begin(const char *name)
{
	atomic_store(&call_name, name);
	atomic_store(&call_start, st_now());
}

static void
call_end(void)
{
	double d = st_now() - atomic_load(&call_start);

	atomic_store(&call_start, 0.0);
	if (d > max_call_s)
		max_call_s = d;
}

#define P11(name, expr) (call_begin(name), rv__ = (expr), call_end(), rv__)
static CK_RV rv__;

/* The PKCS#11 answers for a token that went away. */
static int
gone_rv(CK_RV rv)
{
	return rv == CKR_DEVICE_REMOVED || rv == CKR_SESSION_HANDLE_INVALID ||
	    rv == CKR_SESSION_CLOSED || rv == CKR_TOKEN_NOT_PRESENT;
}

/* Errors seen, by value, for the figures. */
static struct {
	CK_RV rv;
	unsigned long n;
} seen[16];

static void
saw(CK_RV rv)
{
	int i;

	for (i = 0; i < 16; i++) {
		if (seen[i].n == 0 || seen[i].rv == rv) {
			seen[i].rv = rv;
			seen[i].n++;
			return;
		}
	}
}

static int
run_env(const char *a1, const char *a2, const char *a3)
{
	char c0[] = "uimkey-env", b1[32], b2[32], b3[32];
	char *argv[5] = { c0, b1, NULL, NULL, NULL };

	snprintf(b1, sizeof(b1), "%s", a1);
	if (a2 != NULL) {
		snprintf(b2, sizeof(b2), "%s", a2);
		argv[2] = b2;
	}
	if (a3 != NULL) {
		snprintf(b3, sizeof(b3), "%s", a3);
		argv[3] = b3;
	}
	return st_run(argv, -1, 60);
}

static void
kill_card(void)
{
	char path[512], line[32];
	const char *dir = getenv("UIMKEY_ENV_DIR");
	FILE *fp;
	long pid = 0;

	snprintf(path, sizeof(path), "%s/card0.pid", dir != NULL ? dir : ".");
	if ((fp = fopen(path, "r")) != NULL) {
		if (fgets(line, sizeof(line), fp) != NULL)
			pid = strtol(line, NULL, 10);
		fclose(fp);
	}
	if (pid > 1)
		kill((pid_t)pid, SIGKILL);
}

/* Is the token in the slot list?  1, 0, or -1 when the call failed. */
static int
token_listed(CK_SLOT_ID *slot)
{
	CK_SLOT_ID ids[16];
	CK_ULONG n = 16;
	CK_SLOT_INFO si;
	CK_ULONG i;

	if (P11("C_GetSlotList", p11->C_GetSlotList(CK_TRUE, ids, &n)) !=
	    CKR_OK)
		return -1;
	for (i = 0; i < n; i++) {
		if (P11("C_GetSlotInfo", p11->C_GetSlotInfo(ids[i], &si)) !=
		    CKR_OK)
			continue;
		if (p11_slot_named(&si, opt.reader)) {
			*slot = ids[i];
			return 1;
		}
	}
	return 0;
}

/* Wait (polling the slot list, as applications do) for the token to be
 * listed (want 1) or not (want 0). */
static int
wait_token(int want, double within, CK_SLOT_ID *slot)
{
	double end = st_now() + within;
	CK_SLOT_ID s;
	int r;

	do {
		r = token_listed(&s);
		if (r == want) {
			if (want && slot != NULL)
				*slot = s;
			return 0;
		}
		st_sleep_ms(50);
	} while (st_now() < end);
	return -1;
}

/* A session that logs in and signs once, verified: the token works. */
static int
fresh_session(CK_SLOT_ID slot, CK_SESSION_HANDLE *sp, struct p11_key *k,
    const char *what)
{
	CK_BYTE data[100], sig[600];
	CK_ULONG sl = sizeof(sig);
	CK_SESSION_HANDLE s;
	CK_RV rv;

	st_fill(&opt.rng, data, sizeof(data));
	if ((rv = P11("C_OpenSession", p11->C_OpenSession(slot,
	    CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &s))) != CKR_OK ||
	    (rv = P11("C_Login", p11->C_Login(s, CKU_USER,
	    (CK_UTF8CHAR_PTR)(uintptr_t)opt.pin, strlen(opt.pin)))) !=
	    CKR_OK ||
	    (rv = P11("finding the key", p11_key_load(s, opt.id, k))) !=
	    CKR_OK ||
	    (rv = P11("C_Sign", p11_sign(s, k, opt.pin, data, sizeof(data),
	    sig, &sl))) != CKR_OK) {
		printf("# %s: a new session: %s\n", what, p11_rv_name(rv));
		return -1;
	}
	if (!p11_key_verify(k, data, sizeof(data), sig, sl)) {
		printf("# %s: the signature does not verify\n", what);
		return -1;
	}
	*sp = s;
	return 0;
}

struct bg {
	int what;               /* 0 kill the card, 1 kill pcscd and restart
				   it, 2 stop pcscd for 2 s */
	double delay_ms;
	int rc;
};

static void *
background(void *arg)
{
	struct bg *b = arg;

	st_sleep_ms(b->delay_ms);
	if (b->what == 0) {
		kill_card();
		b->rc = 0;
	} else if (b->what == 1) {
		b->rc = run_env("pcscd-restart", "--kill", NULL);
	} else {
		b->rc = run_env("pcscd-restart", "--down", "2");
	}
	return NULL;
}

/*
 * Sign until an error comes (the background thread pulls the token out
 * under us); that error must be a "gone" one.  Returns it.
 */
static CK_RV
sign_until_cut(CK_SESSION_HANDLE s, const struct p11_key *k,
    unsigned long *sigs)
{
	CK_BYTE data[100], sig[600];
	CK_ULONG sl;
	double end = st_now() + 20;
	CK_RV rv;

	do {
		st_fill(&opt.rng, data, sizeof(data));
		sl = sizeof(sig);
		rv = P11("C_Sign", p11_sign(s, k, opt.pin, data, sizeof(data),
		    sig, &sl));
		if (rv == CKR_OK) {
			(*sigs)++;
			if (!p11_key_verify(k, data, sizeof(data), sig, sl))
				return CKR_GENERAL_ERROR;
		}
	} while (rv == CKR_OK && st_now() < end);
	return rv;
}

/*
 * After the cut: the old session answers "gone" (never CKR_OK) until the
 * module has closed it (CKR_SESSION_HANDLE_INVALID), within GONE_WITHIN_S
 * of the token leaving the slot list.
 */
static int
old_session_dead(CK_SESSION_HANDLE s, CK_RV *last)
{
	CK_SESSION_INFO si;
	double end = st_now() + GONE_WITHIN_S;
	CK_RV rv;

	do {
		rv = P11("C_GetSessionInfo", p11->C_GetSessionInfo(s, &si));
		*last = rv;
		if (rv == CKR_SESSION_HANDLE_INVALID)
			return 0;
		if (rv != CKR_OK && !gone_rv(rv))
			return -1;
		/* Applications look at the slots; that notices removals. */
		(void)token_listed(&(CK_SLOT_ID){ 0 });
		st_sleep_ms(20);
	} while (st_now() < end);
	return -1;
}

static void
card_cycles(CK_SLOT_ID slot, unsigned long *removals)
{
	struct p11_key k;
	CK_SESSION_HANDLE s, s2;
	CK_RV rv, last;
	CK_SLOT_ID back;
	pthread_t th;
	struct bg b;
	unsigned long sigs = 0, bad = 0, device_error = 0;
	int i, failed;
	char why[256];

	for (i = 0; i < opt.cycles; i++) {
		failed = 0;
		why[0] = '\0';
		if (fresh_session(slot, &s, &k, "before the removal") != 0) {
			snprintf(why, sizeof(why), "cycle %d: no working session",
			    i);
			bad++;
			break;
		}
		b.what = 0;
		b.delay_ms = 30 + st_below(&opt.rng, 300);
		pthread_create(&th, NULL, background, &b);
		rv = sign_until_cut(s, &k, &sigs);
		pthread_join(th, NULL);
		saw(rv);
		if (rv == CKR_DEVICE_ERROR)
			device_error++;
		if (!gone_rv(rv) && rv != CKR_DEVICE_ERROR) {
			snprintf(why, sizeof(why), "cycle %d: the cut signature "
			    "answered %s", i, p11_rv_name(rv));
			failed = 1;
		}
		/* pcscd sees the card gone; so must the module. */
		if (!failed && run_env("card-stop", "0", NULL) != 0) {
			snprintf(why, sizeof(why), "cycle %d: card-stop", i);
			failed = 1;
		}
		if (!failed && wait_token(0, GONE_WITHIN_S, NULL) != 0) {
			snprintf(why, sizeof(why), "cycle %d: the token stays "
			    "listed", i);
			failed = 1;
		}
		if (!failed && old_session_dead(s, &last) != 0) {
			snprintf(why, sizeof(why), "cycle %d: the old session "
			    "answers %s", i, p11_rv_name(last));
			failed = 1;
		}
		if (!failed && (rv = P11("C_OpenSession", p11->C_OpenSession(
		    slot, CKF_SERIAL_SESSION, NULL, NULL, &s2))) !=
		    CKR_TOKEN_NOT_PRESENT) {
			snprintf(why, sizeof(why), "cycle %d: C_OpenSession on "
			    "the empty slot: %s", i, p11_rv_name(rv));
			failed = 1;
		}
		if (run_env("card-start", "0", NULL) != 0 && !failed) {
			snprintf(why, sizeof(why), "cycle %d: card-start", i);
			failed = 1;
		}
		if (!failed && wait_token(1, BACK_WITHIN_S, &back) != 0) {
			snprintf(why, sizeof(why), "cycle %d: the token does "
			    "not come back", i);
			failed = 1;
		}
		if (!failed && fresh_session(back, &s2, &k,
		    "after re-insertion") != 0) {
			snprintf(why, sizeof(why), "cycle %d: no new session "
			    "after re-insertion", i);
			failed = 1;
		}
		if (!failed) {
			rv = P11("C_GetSessionInfo", p11->C_GetSessionInfo(s,
			    &(CK_SESSION_INFO){ 0 }));
			if (rv != CKR_SESSION_HANDLE_INVALID) {
				snprintf(why, sizeof(why), "cycle %d: the old "
				    "session came back (%s)", i,
				    p11_rv_name(rv));
				failed = 1;
			}
			(void)P11("C_CloseSession", p11->C_CloseSession(s2));
			slot = back;
		}
		if (failed) {
			printf("# %s\n", why);
			bad++;
			break;
		}
		(*removals)++;
	}
	checkf(bad == 0, "removal: %d times the card killed in the middle "
	    "of signatures (%lu signed): the cut call and the old session "
	    "answered with removal errors, the empty slot "
	    "CKR_TOKEN_NOT_PRESENT, and after card-start a new session "
	    "logged in and signed", opt.cycles, sigs);
	checkf(device_error == 0, "removal: a signature cut by the card's "
	    "death answers CKR_DEVICE_REMOVED, not CKR_DEVICE_ERROR (%lu of "
	    "%d were CKR_DEVICE_ERROR)", device_error, opt.cycles);
}

/* pcscd restarted under an open, logged-in session. */
static void
pcscd_cycles(unsigned long *removals)
{
	struct p11_key k;
	CK_SESSION_HANDLE s, s2;
	CK_SLOT_ID slot;
	CK_RV rv = CKR_OK, last;
	pthread_t th;
	struct bg b;
	unsigned long sigs = 0;
	int mode, failed = 0;
	const char *names[] = { "pcscd restarted (SIGTERM) under an idle "
	    "session", "pcscd killed (SIGKILL) in the middle of signatures",
	    "pcscd down for 2 s" };
	char why[256];

	for (mode = 0; mode < 3; mode++) {
		why[0] = '\0';
		failed = 0;
		if (wait_token(1, BACK_WITHIN_S, &slot) != 0 ||
		    fresh_session(slot, &s, &k, names[mode]) != 0) {
			snprintf(why, sizeof(why), "no working session first");
			failed = 1;
		} else if (mode == 0) {
			if (run_env("pcscd-restart", NULL, NULL) != 0)
				snprintf(why, sizeof(why), "pcscd-restart");
			rv = P11("C_Sign", p11_sign(s, &k, opt.pin,
			    (const CK_BYTE *)"data", 4, (CK_BYTE[600]){ 0 },
			    &(CK_ULONG){ 600 }));
		} else if (mode == 1) {
			b.what = 1;
			b.delay_ms = 50 + st_below(&opt.rng, 300);
			pthread_create(&th, NULL, background, &b);
			rv = sign_until_cut(s, &k, &sigs);
			pthread_join(th, NULL);
			if (b.rc != 0)
				snprintf(why, sizeof(why), "pcscd-restart --kill");
		} else {
			/* While it is down, the module answers at once. */
			double t0;
			int listed = -2;

			b.what = 2;
			pthread_create(&th, NULL, background, &b);
			st_sleep_ms(700);
			t0 = st_now();
			listed = token_listed(&slot);
			if (st_now() - t0 > 1.0 || listed == 1)
				snprintf(why, sizeof(why), "with pcscd down the "
				    "slot list took %.1f s and %s the token",
				    st_now() - t0, listed == 1 ? "listed" :
				    "did not list");
			pthread_join(th, NULL);
			if (b.rc != 0)
				snprintf(why, sizeof(why), "pcscd-restart "
				    "--down 2");
			rv = P11("C_Sign", p11_sign(s, &k, opt.pin,
			    (const CK_BYTE *)"data", 4, (CK_BYTE[600]){ 0 },
			    &(CK_ULONG){ 600 }));
		}
		if (!failed && why[0] == '\0') {
			saw(rv);
			if (!gone_rv(rv) && rv != CKR_DEVICE_ERROR)
				snprintf(why, sizeof(why), "the old session's "
				    "signature: %s", p11_rv_name(rv));
			else if (old_session_dead(s, &last) != 0)
				snprintf(why, sizeof(why), "the old session "
				    "answers %s", p11_rv_name(last));
			else if (wait_token(1, BACK_WITHIN_S, &slot) != 0)
				snprintf(why, sizeof(why), "the token is not "
				    "listed again");
			else if (fresh_session(slot, &s2, &k, names[mode]) != 0)
				snprintf(why, sizeof(why), "no new session");
			else
				(void)P11("C_CloseSession",
				    p11->C_CloseSession(s2));
		}
		if (why[0] != '\0')
			printf("# %s: %s\n", names[mode], why);
		else
			(*removals)++;
		checkf(why[0] == '\0', "removal: %s: removal errors, no "
		    "hang, and new sessions work after", names[mode]);
	}
}

int
main(int argc, char **argv)
{
	const char *seed = NULL;
	const struct st_opt opts[] = {
		{ "module", ST_OPT_STRING, &opt.module, NULL },
		{ "pin", ST_OPT_STRING, &opt.pin, NULL },
		{ "reader", ST_OPT_STRING, &opt.reader, NULL },
		{ "id", ST_OPT_CALL, NULL, parse_id },
		{ "cycles", ST_OPT_INT, &opt.cycles, NULL },
		{ "seed", ST_OPT_STRING, &seed, NULL },
		{ NULL, 0, NULL, NULL },
	};
	pthread_t wd;
	CK_SLOT_ID slot;
	unsigned long removals = 0;
	uint64_t s;
	int i;
	CK_RV rv;

	setvbuf(stdout, NULL, _IOLBF, 0);
	opt.reader = "uimkey PCD 00 00";
	opt.id = 1;
	opt.cycles = 10;
	if (st_parse_opts(argc, argv, opts) != 0)
		return 2;
	if (opt.module == NULL || opt.pin == NULL) {
		fprintf(stderr, "usage: p11_removal --module SO --pin PIN "
		    "[--id 01] [--cycles N] [--seed N]\n");
		return 2;
	}
	s = st_seed(seed);
	opt.rng.s = s;
	printf("# p11_removal: seed %llu\n", (unsigned long long)s);
	pthread_create(&wd, NULL, watchdog, NULL);
	if (p11_load(opt.module) != 0)
		return 1;
	rv = P11("C_Initialize", p11_init(1));
	if (rv != CKR_OK || wait_token(1, BACK_WITHIN_S, &slot) != 0) {
		checkf(0, "removal: the token is there to start with (%s)",
		    p11_rv_name(rv));
		return 1;
	}
	card_cycles(slot, &removals);
	pcscd_cycles(&removals);
	rv = P11("C_Finalize", p11->C_Finalize(NULL));
	checkf(rv == CKR_OK, "removal: C_Finalize at the end (%s)",
	    p11_rv_name(rv));
	printf("# errors seen from cut calls:");
	for (i = 0; i < 16 && seen[i].n > 0; i++)
		printf(" %s x%lu", p11_rv_name(seen[i].rv), seen[i].n);
	printf("\n# figures: removals survived %lu; longest PKCS#11 call "
	    "%.2f s\n", removals, max_call_s);
	atomic_store(&watchdog_stop, 1);
	pthread_join(wd, NULL);
	return check_done();
}
