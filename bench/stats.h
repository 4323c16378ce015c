/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What every benchmark program of bench/ shares: a monotonic clock,
 * medians and percentiles, latency sample files for the plot, and the
 * CPU accounting that tells a quiet run from a noisy one.
 */
#ifndef BENCH_STATS_H
#define BENCH_STATS_H

#include <stddef.h>
#include <sys/types.h>

#define BENCH_WATCH_MAX  4

/* Microseconds on the monotonic clock. */
double bench_now_us(void);

/* Sort t[0..n) ascending; then the p-th percentile (0..100) of it. */
void bench_sort(double *t, size_t n);
double bench_pct(const double *sorted, size_t n, double p);

/* Write the sorted samples, one "latency_us fraction" line each (the
 * empirical CDF gnuplot draws), to path; 0 on success. */
int bench_write_cdf(const char *path, const double *sorted, size_t n);

/*
 * CPU accounting over one measured span: this process and up to
 * BENCH_WATCH_MAX others by pid (the card, pcscd), all threads, exact
 * (schedstat), and the whole machine (/proc/stat, in ticks).  "other" is
 * what the machine spent beyond the watched processes and us: other
 * programs on the box, the noise; "delay" is how long ours were
 * runnable but waited for a CPU.  Each is a percentage of the wall time
 * (of one CPU: up to ncpu x 100).
 */
typedef struct {
	int n;
	const char *name[BENCH_WATCH_MAX];
	pid_t pid[BENCH_WATCH_MAX];
	double t0_us, self0_us, proc0_us[BENCH_WATCH_MAX], box0_us, delay0_us;
	double wall_us, self_pct, proc_pct[BENCH_WATCH_MAX], other_pct;
	double delay_pct;       /* ours runnable but not running */
	int ncpu;
} bench_cpu;

/* spec: "name=pid,name=pid" (may be NULL or empty). 0 on success. */
int bench_cpu_watch(bench_cpu *c, const char *spec);
void bench_cpu_start(bench_cpu *c);
void bench_cpu_stop(bench_cpu *c);
/* " cpu_self=.. cpu_NAME=.. cpu_other=.." appended to a result line. */
void bench_cpu_print(const bench_cpu *c);

/* Hex string to bytes; the number of bytes, or -1. */
long bench_unhex(const char *hex, unsigned char *out, size_t cap);

#endif
