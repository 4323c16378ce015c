/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Concurrency through the PKCS#11 module and the real pcscd:
 *
 *   p11_stress --module SO --pin PIN --ids 01,02,03 --sigs N
 *              (--procs P | --threads T) [--logout] [--hog] [--kill-one]
 *              [--deadline S] [--seed N]
 *
 * --procs P: P processes, each loading the module itself, logging in and
 *   signing N times, turning through the keys of the given CKA_IDs (one
 *   may be of PIN policy "always": C_Login(CKU_CONTEXT_SPECIFIC) before
 *   each of its signatures); every signature is verified with BearSSL
 *   against the key's public object.
 * --logout: every other process logs out now and then, and must then be
 *   public: session state public, no private key found, no signature
 *   with a key handle from before, although the card itself holds the
 *   PIN verified by the other processes; then it logs in again.
 * --threads T: one process, the module initialised with CKF_OS_LOCKING_OK,
 *   one login, T threads each with its own session, signing N times.
 * --hog: a process takes a PC/SC transaction on the card and holds it
 *   while the signers run (they must stall), and is SIGKILLed: the
 *   others must go on.
 * --kill-one: one signer is SIGKILLed in the middle of its work (most of
 *   its time is inside a PC/SC transaction): the others must finish.
 * --split: signer 0 signs with the first key only (give an RSA key: its
 *   signature is several APDUs, chained parts and GET RESPONSE, that
 *   nothing may come between), the others with the rest.
 *
 * Prints ok/not ok lines and a "# figures: ..." line.
 */
#define _DEFAULT_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <winscard.h>

#include "tests/stress/p11util.h"
#include "tests/stress/stress.h"

#define MAX_WORKERS 32
#define MAX_KEYS    8
#define LOGOUT_EVERY 40

struct stats {
	volatile unsigned long done, verified, failed, badsig;
	volatile unsigned long logouts, login_leaks;
	volatile unsigned long first_rv;
	volatile int finished;
	char why[256];
};

static struct {
	const char *module, *pin, *reader;
	CK_BYTE ids[MAX_KEYS];
	int nids;
	unsigned long sigs;
	int procs, threads, logout, hog, kill_one, split;
	double deadline;
	uint64_t seed;
} opt;

static struct stats *stats;     /* shared (MAP_SHARED) */

static void
fail_once(struct stats *s, CK_RV rv, const char *why)
{
	if (s->first_rv == 0 && s->why[0] == '\0') {
		s->first_rv = rv;
		snprintf(s->why, sizeof(s->why), "%.200s: %s (0x%lx)", why,
		    p11_rv_name(rv), (unsigned long)rv);
	}
}

static int
load_keys(CK_SESSION_HANDLE s, struct p11_key *keys, struct stats *st)
{
	CK_RV rv;
	int i;

	for (i = 0; i < opt.nids; i++) {
		if ((rv = p11_key_load(s, opt.ids[i], &keys[i])) != CKR_OK) {
			fail_once(st, rv, "finding a key");
			return -1;
		}
	}
	return 0;
}

static int
state_is(CK_SESSION_HANDLE s, CK_STATE want)
{
	CK_SESSION_INFO si;

	return p11->C_GetSessionInfo(s, &si) == CKR_OK && si.state == want;
}

/* Logged out while the others are logged in: nothing private. */
static void
logout_round(CK_SESSION_HANDLE s, struct p11_key *keys, struct stats *st,
    CK_ULONG public_privs)
{
	CK_MECHANISM m;
	CK_BYTE data[32] = { 1 }, sig[600];
	CK_ULONG n, sl = sizeof(sig);
	CK_RV rv;
	int i;

	if ((rv = p11->C_Logout(s)) != CKR_OK) {
		st->failed++;
		fail_once(st, rv, "C_Logout");
		return;
	}
	st->logouts++;
	if (!state_is(s, CKS_RW_PUBLIC_SESSION)) {
		st->login_leaks++;
		fail_once(st, 0, "a logged-out session is not public");
	}
	if (p11_count(s, CKO_PRIVATE_KEY, &n) != CKR_OK || n != public_privs) {
		st->login_leaks++;
		fail_once(st, 0, "private keys visible while logged out");
	}
	for (i = 0; i < opt.nids; i++) {
		if (keys[i].always)
			continue;
		m.mechanism = p11_key_mech(&keys[i]);
		m.pParameter = NULL;
		m.ulParameterLen = 0;
		rv = p11->C_SignInit(s, &m, keys[i].priv);
		if (rv == CKR_OK) {
			sl = sizeof(sig);
			rv = p11->C_Sign(s, data, sizeof(data), sig, &sl);
			if (rv == CKR_OK) {
				st->login_leaks++;
				fail_once(st, 0, "signed while logged out (the "
				    "card's PIN state of another process)");
			}
		}
		if (rv != CKR_USER_NOT_LOGGED_IN &&
		    rv != CKR_KEY_HANDLE_INVALID &&
		    rv != CKR_OBJECT_HANDLE_INVALID && rv != CKR_OK) {
			st->failed++;
			fail_once(st, rv, "signing while logged out");
		}
	}
	rv = p11->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)(uintptr_t)opt.pin,
	    strlen(opt.pin));
	if (rv != CKR_OK) {
		st->failed++;
		fail_once(st, rv, "C_Login again");
		return;
	}
	if (load_keys(s, keys, st) != 0)
		st->failed++;
}

/* Sign n times through session s, turning through the keys. */
static void
sign_loop(CK_SESSION_HANDLE s, struct p11_key *keys, int idx,
    struct stats *st, int logout, CK_ULONG public_privs)
{
	struct st_rng rng = { opt.seed + 7919u * (unsigned)idx };
	CK_BYTE data[1024], sig[600];
	CK_ULONG sl;
	unsigned long i;
	size_t len;
	CK_RV rv;
	struct p11_key *k;

	for (i = 0; i < opt.sigs; i++) {
		/* --split: signer 0 uses the first key only (an RSA key: a
		 * chained command and GET RESPONSE, several APDUs), the
		 * others turn through the rest. */
		if (opt.split && opt.nids > 1)
			k = idx == 0 ? &keys[0] : &keys[1 + (i +
			    (unsigned long)idx) % (unsigned long)(opt.nids - 1)];
		else
			k = &keys[(i + (unsigned long)idx) %
			    (unsigned long)opt.nids];
		len = 16 + st_below(&rng, sizeof(data) - 16);
		st_fill(&rng, data, len);
		sl = sizeof(sig);
		rv = p11_sign(s, k, opt.pin, data, len, sig, &sl);
		if (rv != CKR_OK) {
			char what[128];

			snprintf(what, sizeof(what), "signature %lu, key %02X "
			    "(%s%s), %s, %zu bytes", i, k->id, k->type == CKK_EC ?
			    "EC" : "RSA", k->always ? ", PIN always" : "",
			    p11_sign_step, len);
			if (st->failed < 3)
				printf("# signer %d: %s: %s (0x%lx)\n", idx, what,
				    p11_rv_name(rv), (unsigned long)rv);
			st->failed++;
			fail_once(st, rv, what);
			if (rv == CKR_DEVICE_REMOVED ||
			    rv == CKR_SESSION_HANDLE_INVALID ||
			    rv == CKR_CRYPTOKI_NOT_INITIALIZED)
				break;
		} else if (!p11_key_verify(k, data, len, sig, sl)) {
			st->badsig++;
			fail_once(st, 0, "a signature that does not verify");
		} else {
			st->verified++;
		}
		st->done = i + 1;
		if (i % 25 == 0 && !state_is(s, CKS_RW_USER_FUNCTIONS)) {
			st->login_leaks++;
			fail_once(st, 0, "the session is not logged in");
		}
		if (logout && i % LOGOUT_EVERY == LOGOUT_EVERY - 1)
			logout_round(s, keys, st, public_privs);
	}
}

static int
open_session(CK_SESSION_HANDLE *s, struct stats *st)
{
	CK_SLOT_ID slot;
	CK_RV rv;

	if ((rv = p11_find_slot(opt.reader, &slot)) != CKR_OK ||
	    (rv = p11->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION,
	    NULL, NULL, s)) != CKR_OK) {
		fail_once(st, rv, "opening a session");
		return -1;
	}
	return 0;
}

/* One signing process. */
static int
worker(int idx)
{
	struct stats *st = &stats[idx];
	struct p11_key keys[MAX_KEYS];
	CK_SESSION_HANDLE s;
	CK_ULONG public_privs = 0;
	CK_RV rv;

	if (p11_load(opt.module) != 0)
		return 1;
	if ((rv = p11_init(0)) != CKR_OK) {
		fail_once(st, rv, "C_Initialize");
		return 1;
	}
	if (open_session(&s, st) != 0)
		return 1;
	(void)p11_count(s, CKO_PRIVATE_KEY, &public_privs);
	rv = p11->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)(uintptr_t)opt.pin,
	    strlen(opt.pin));
	if (rv != CKR_OK) {
		fail_once(st, rv, "C_Login");
		return 1;
	}
	if (load_keys(s, keys, st) != 0)
		return 1;
	sign_loop(s, keys, idx, st, opt.logout && idx % 2 == 1,
	    public_privs);
	(void)p11->C_CloseSession(s);
	(void)p11->C_Finalize(NULL);
	st->finished = 1;
	return st->failed || st->badsig || st->login_leaks ? 1 : 0;
}

static CK_SLOT_ID thread_slot;

static void *
thread_main(void *arg)
{
	int idx = (int)(intptr_t)arg;
	struct stats *st = &stats[idx];
	struct p11_key keys[MAX_KEYS];
	CK_SESSION_HANDLE s;
	CK_RV rv;

	rv = p11->C_OpenSession(thread_slot, CKF_SERIAL_SESSION |
	    CKF_RW_SESSION, NULL, NULL, &s);
	if (rv != CKR_OK) {
		fail_once(st, rv, "C_OpenSession");
		st->failed++;
		return NULL;
	}
	/* The login belongs to the application: this session shares it. */
	if (!state_is(s, CKS_RW_USER_FUNCTIONS)) {
		st->login_leaks++;
		fail_once(st, 0, "a thread's new session is not logged in");
	}
	if (load_keys(s, keys, st) == 0)
		sign_loop(s, keys, idx, st, 0, 0);
	else
		st->failed++;
	(void)p11->C_CloseSession(s);
	st->finished = 1;
	return NULL;
}

/* Holds a PC/SC transaction until killed; says so on fd. */
static void
hog(int fd)
{
	SCARDCONTEXT c;
	SCARDHANDLE h;
	DWORD proto;
	char reader[128];

	snprintf(reader, sizeof(reader), "%s", opt.reader != NULL ?
	    opt.reader : "uimkey PCD 00 00");
	if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &c) !=
	    SCARD_S_SUCCESS ||
	    SCardConnect(c, reader, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T1 |
	    SCARD_PROTOCOL_T0, &h, &proto) != SCARD_S_SUCCESS ||
	    SCardBeginTransaction(h) != SCARD_S_SUCCESS)
		_exit(1);
	if (write(fd, "h", 1) != 1)
		_exit(1);
	for (;;)
		pause();
}

static unsigned long
total_done(int n)
{
	unsigned long t = 0;
	int i;

	for (i = 0; i < n; i++)
		t += stats[i].done;
	return t;
}

static int
parse_ids(const char *s)
{
	char *end;
	unsigned long v;

	opt.nids = 0;           /* the last --ids wins */
	while (*s != '\0' && opt.nids < MAX_KEYS) {
		v = strtoul(s, &end, 16);
		if (end == s || v > 0xFF)
			return -1;
		opt.ids[opt.nids++] = (CK_BYTE)v;
		s = *end == ',' ? end + 1 : end;
	}
	return opt.nids > 0 ? 0 : -1;
}

static void
report(int n, const char *what, double secs, int hog_ok, unsigned long
    during, unsigned long after, int killed)
{
	unsigned long verified = 0, failed = 0, badsig = 0, leaks = 0,
	    logouts = 0;
	int i, unfinished = 0;

	for (i = 0; i < n; i++) {
		verified += stats[i].verified;
		failed += stats[i].failed;
		badsig += stats[i].badsig;
		leaks += stats[i].login_leaks;
		logouts += stats[i].logouts;
		if (i == killed)
			continue;
		if (!stats[i].finished || stats[i].done != opt.sigs)
			unfinished++;
		if (stats[i].why[0] != '\0')
			printf("# %s %d: %s\n", what, i, stats[i].why);
	}
	checkf(failed == 0 && badsig == 0 && unfinished == 0,
	    "concurrency: %d %s signed in parallel, %lu signatures each "
	    "(keys turning, one of PIN policy always): %lu verified, %lu "
	    "failed, %lu wrong, %d unfinished", n, what, opt.sigs, verified,
	    failed, badsig, unfinished);
	checkf(leaks == 0, "concurrency: no %s saw another's login state "
	    "(%lu logout rounds while others were logged in)",
	    what[0] == 't' ? "thread" : "process", logouts);
	if (opt.hog)
		checkf(hog_ok, "concurrency: a process holding a PC/SC "
		    "transaction was SIGKILLed: the signers stalled while it "
		    "held it (%lu signatures) and went on after (%lu)", during,
		    after);
	if (opt.kill_one)
		checkf(killed >= 0 && unfinished == 0, "concurrency: signer "
		    "%d was SIGKILLed mid-work (after %lu signatures); the "
		    "other %d finished", killed, killed >= 0 ?
		    stats[killed].done : 0, n - 1);
	printf("# figures: concurrent signatures verified %lu (%d %s x %lu) "
	    "in %.1f s; failed %lu; wrong %lu\n", verified, n, what,
	    opt.sigs, secs, failed, badsig);
}

static int
run_procs(void)
{
	pid_t pids[MAX_WORKERS], hp = -1;
	int i, n = opt.procs, status, fds[2], hog_ok = !opt.hog, killed = -1;
	unsigned long during = 0, after = 0, t1;
	double t0 = st_now(), end = t0 + opt.deadline, kill_at;
	struct st_rng rng = { opt.seed };
	char c;

	for (i = 0; i < n; i++) {
		fflush(stdout);
		if ((pids[i] = fork()) == 0)
			_exit(worker(i));
	}
	if (opt.hog) {
		/* Once the signers are under way. */
		while (total_done(n) < (unsigned long)n && st_now() < end)
			st_sleep_ms(10);
		if (pipe(fds) == 0 && (hp = fork()) == 0) {
			close(fds[0]);
			hog(fds[1]);
		}
		close(fds[1]);
		if (read(fds[0], &c, 1) == 1) {
			st_sleep_ms(300);       /* a signature in flight ends */
			t1 = total_done(n);
			st_sleep_ms(1500);
			during = total_done(n) - t1;
			kill(hp, SIGKILL);
			(void)waitpid(hp, &status, 0);
			t1 = total_done(n);
			st_sleep_ms(1500);
			after = total_done(n) - t1;
			hog_ok = during == 0 && after > 0;
		} else {
			printf("# the hog got no transaction\n");
		}
		close(fds[0]);
	}
	if (opt.kill_one) {
		killed = n - 1;
		kill_at = (double)(opt.sigs / 5);
		kill_at += st_below(&rng, (uint32_t)(opt.sigs / 3 + 1));
		while (stats[killed].done < (unsigned long)kill_at &&
		    !stats[killed].finished && st_now() < end)
			st_sleep_ms(1);
		kill(pids[killed], SIGKILL);
	}
	for (i = 0; i < n; i++) {
		while (waitpid(pids[i], &status, WNOHANG) == 0) {
			if (st_now() > end) {
				printf("# deadline: process %d still runs "
				    "(%lu signatures)\n", i, stats[i].done);
				kill(pids[i], SIGKILL);
			}
			st_sleep_ms(20);
		}
	}
	report(n, "processes", st_now() - t0, hog_ok, during, after, killed);
	return 0;
}

static int
run_threads(void)
{
	pthread_t th[MAX_WORKERS];
	CK_SESSION_HANDLE s;
	double t0 = st_now();
	int i, n = opt.threads;
	CK_RV rv;

	if (p11_load(opt.module) != 0)
		return 1;
	if ((rv = p11_init(1)) != CKR_OK ||
	    (rv = p11_find_slot(opt.reader, &thread_slot)) != CKR_OK ||
	    (rv = p11->C_OpenSession(thread_slot, CKF_SERIAL_SESSION |
	    CKF_RW_SESSION, NULL, NULL, &s)) != CKR_OK ||
	    (rv = p11->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)(uintptr_t)opt.pin,
	    strlen(opt.pin))) != CKR_OK) {
		checkf(0, "concurrency: threads: setting up (%s)",
		    p11_rv_name(rv));
		return 1;
	}
	for (i = 0; i < n; i++)
		pthread_create(&th[i], NULL, thread_main, (void *)(intptr_t)i);
	for (i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	report(n, "threads", st_now() - t0, 1, 0, 0, -1);
	(void)p11->C_CloseSession(s);
	rv = p11->C_Finalize(NULL);
	checkf(rv == CKR_OK, "concurrency: C_Finalize after the threads "
	    "(%s)", p11_rv_name(rv));
	return 0;
}

int
main(int argc, char **argv)
{
	const char *seed = NULL;
	const struct st_opt opts[] = {
		{ "module", ST_OPT_STRING, &opt.module, NULL },
		{ "pin", ST_OPT_STRING, &opt.pin, NULL },
		{ "reader", ST_OPT_STRING, &opt.reader, NULL },
		{ "ids", ST_OPT_CALL, NULL, parse_ids },
		{ "sigs", ST_OPT_ULONG, &opt.sigs, NULL },
		{ "procs", ST_OPT_INT, &opt.procs, NULL },
		{ "threads", ST_OPT_INT, &opt.threads, NULL },
		{ "logout", ST_OPT_FLAG, &opt.logout, NULL },
		{ "hog", ST_OPT_FLAG, &opt.hog, NULL },
		{ "kill-one", ST_OPT_FLAG, &opt.kill_one, NULL },
		{ "split", ST_OPT_FLAG, &opt.split, NULL },
		{ "deadline", ST_OPT_DOUBLE, &opt.deadline, NULL },
		{ "seed", ST_OPT_STRING, &seed, NULL },
		{ NULL, 0, NULL, NULL },
	};
	int n;

	setvbuf(stdout, NULL, _IOLBF, 0);
	opt.sigs = 300;
	opt.deadline = 240;
	if (st_parse_opts(argc, argv, opts) != 0)
		return 2;
	n = opt.procs > 0 ? opt.procs : opt.threads;
	if (opt.module == NULL || opt.pin == NULL || opt.nids == 0 || n < 1 ||
	    n > MAX_WORKERS || (opt.procs > 0) == (opt.threads > 0)) {
		fprintf(stderr, "usage: p11_stress --module SO --pin PIN --ids "
		    "01,02 --sigs N (--procs P | --threads T) [--logout] "
		    "[--hog] [--kill-one] [--deadline S] [--seed N]\n");
		return 2;
	}
	opt.seed = st_seed(seed);
	printf("# p11_stress: seed %llu\n", (unsigned long long)opt.seed);
	stats = mmap(NULL, sizeof(*stats) * MAX_WORKERS, PROT_READ |
	    PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (stats == MAP_FAILED)
		return 1;
	memset(stats, 0, sizeof(*stats) * MAX_WORKERS);
	if (opt.procs > 0)
		run_procs();
	else
		run_threads();
	return check_done();
}
