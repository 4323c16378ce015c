/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Helpers shared by the stress programs (tests/stress/): the checks of
 * tests/support/check.h (checkf, check_done), clocks, a seeded random
 * generator (every run prints its seed: rerun with --seed to repeat the
 * workload's choices), running a command with a deadline, and the
 * programs' long options read by a table.
 * Everything is static inline: each program takes what it uses.
 */
#ifndef UIMKEY_STRESS_H
#define UIMKEY_STRESS_H

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/support/check.h"

/* A "# ..." diagnostic line (ignored by run.sh, kept in the log). */
__attribute__((format(printf, 1, 2)))
static inline void
st_note(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static inline double
st_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline void
st_sleep_ms(double ms)
{
	struct timespec ts;

	if (ms <= 0)
		return;
	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)((ms - (double)ts.tv_sec * 1000) * 1e6);
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* splitmix64: small, seedable, good enough to pick operations. */
struct st_rng {
	uint64_t s;
};

static inline uint64_t
st_rand(struct st_rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n) (n > 0). */
static inline uint32_t
st_below(struct st_rng *r, uint32_t n)
{
	return (uint32_t)(st_rand(r) % n);
}

/* Uniform in [0, 1). */
static inline double
st_unit(struct st_rng *r)
{
	return (double)(st_rand(r) >> 11) / 9007199254740992.0;
}

static inline void
st_fill(struct st_rng *r, void *buf, size_t len)
{
	uint8_t *p = buf;
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (i % 8 == 0)
			v = st_rand(r);
		p[i] = (uint8_t)(v >> (8 * (i % 8)));
	}
}

/* A seed from the kernel when none is given. */
static inline uint64_t
st_seed(const char *given)
{
	uint64_t s = 0;

	if (given != NULL)
		return strtoull(given, NULL, 0);
	if (getrandom(&s, sizeof(s), 0) != (ssize_t)sizeof(s))
		s = (uint64_t)time(NULL) ^ (uint64_t)getpid();
	return s;
}

/*
 * Run argv (PATH searched) with stdout and stderr sent to out_fd (or
 * kept when out_fd < 0), and wait at most timeout_s for it: killed then.
 * The exit status, 128 + signal, or -1 when it could not run or timed out.
 */
static inline int
st_run(char *const argv[], int out_fd, double timeout_s)
{
	double end = st_now() + timeout_s;
	int status;
	pid_t pid, w;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (out_fd >= 0) {
			dup2(out_fd, 1);
			dup2(out_fd, 2);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	for (;;) {
		w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR)
			return -1;
		if (st_now() > end) {
			kill(pid, SIGKILL);
			(void)waitpid(pid, &status, 0);
			return -1;
		}
		st_sleep_ms(5);
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return -1;
}

/* hex of len bytes (at most 64 shown) into out (130 bytes). */
static inline const char *
st_hex(const uint8_t *p, size_t len, char out[130])
{
	static const char d[] = "0123456789abcdef";
	size_t i, n = len < 64 ? len : 64;

	for (i = 0; i < n; i++) {
		out[2 * i] = d[p[i] >> 4];
		out[2 * i + 1] = d[p[i] & 15];
	}
	out[2 * n] = '\0';
	return out;
}

/* How an option's argument lands in the variable its st_opt points to. */
enum st_opt_kind {
	ST_OPT_STRING,          /* const char *: the argument itself */
	ST_OPT_INT,             /* int: atoi */
	ST_OPT_UNSIGNED,        /* unsigned: atoi */
	ST_OPT_ULONG,           /* unsigned long: strtoul, decimal */
	ST_OPT_DOUBLE,          /* double: atof */
	ST_OPT_FLAG,            /* int set to 1; no argument */
	ST_OPT_CALL,            /* call(argument); nonzero refuses it */
};

struct st_opt {
	const char *name;       /* --name; NULL ends the table */
	enum st_opt_kind kind;
	void *to;               /* the variable, unless ST_OPT_CALL */
	int (*call)(const char *arg);
};

#define ST_OPTS_MAX     16
#define ST_OPT_VAL0     256     /* getopt_long's answers: above any char */

/*
 * Reads argv's long options (no short ones) into the table's variables,
 * as getopt_long does: an unknown option or a missing argument gets its
 * message on stderr.  0, or 2 (the exit status for a bad command line).
 */
static inline int
st_parse_opts(int argc, char **argv, const struct st_opt *opts)
{
	struct option longopts[ST_OPTS_MAX + 1];
	const struct st_opt *o;
	int c, n;

	memset(longopts, 0, sizeof(longopts));
	for (n = 0; opts[n].name != NULL; n++) {
		if (n == ST_OPTS_MAX)
			return 2;
		longopts[n].name = opts[n].name;
		longopts[n].has_arg = opts[n].kind == ST_OPT_FLAG ?
		    no_argument : required_argument;
		longopts[n].val = ST_OPT_VAL0 + n;
	}
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c < ST_OPT_VAL0 || c >= ST_OPT_VAL0 + n)
			return 2;
		o = &opts[c - ST_OPT_VAL0];
		switch (o->kind) {
		case ST_OPT_STRING: *(const char **)o->to = optarg; break;
		case ST_OPT_INT: *(int *)o->to = atoi(optarg); break;
		case ST_OPT_UNSIGNED:
			*(unsigned *)o->to = (unsigned)atoi(optarg);
			break;
		case ST_OPT_ULONG:
			*(unsigned long *)o->to = strtoul(optarg, NULL, 10);
			break;
		case ST_OPT_DOUBLE: *(double *)o->to = atof(optarg); break;
		case ST_OPT_FLAG: *(int *)o->to = 1; break;
		case ST_OPT_CALL:
			if (o->call(optarg) != 0)
				return 2;
			break;
		}
	}
	return 0;
}

#endif
