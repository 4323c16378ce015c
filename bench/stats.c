/* SPDX-License-Identifier: BSD-2-Clause */
/* Clock, percentiles, CDF files and CPU accounting for the benchmarks. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bench/stats.h"

double
bench_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void
bench_sort(double *t, size_t n)
{
	qsort(t, n, sizeof(*t), cmp_double);
}

/* Nearest rank: the smallest sample with at least p % at or below it. */
double
bench_pct(const double *sorted, size_t n, double p)
{
	size_t k;

	if (n == 0)
		return 0;
	k = (size_t)(p / 100.0 * (double)n + 0.999999);
	if (k < 1)
		k = 1;
	if (k > n)
		k = n;
	return sorted[k - 1];
}

int
bench_write_cdf(const char *path, const double *sorted, size_t n)
{
	FILE *f;
	size_t i;

	if (path == NULL || *path == '\0')
		return 0;
	if ((f = fopen(path, "w")) == NULL) {
		perror(path);
		return -1;
	}
	for (i = 0; i < n; i++)
		fprintf(f, "%.1f %.5f\n", sorted[i], (double)(i + 1) / (double)n);
	return fclose(f) == 0 ? 0 : -1;
}

static double
ticks_us(unsigned long long ticks)
{
	long hz = sysconf(_SC_CLK_TCK);

	return (double)ticks * 1e6 / (double)hz;
}

/*
 * Time on a CPU, and time runnable but waiting for one (the scheduler's
 * run delay), of every thread of pid, from /proc/PID/task/TID/schedstat:
 * nanosecond-exact, unlike the tick-sampled utime/stime.  -1 when it
 * cannot be read.
 */
static double
proc_cpu_us(pid_t pid, double *delay_us)
{
	char path[300];
	unsigned long long run, wait;
	double sum = 0, del = 0;
	struct dirent *e;
	FILE *f;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%s/schedstat",
		    (int)pid, e->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;       /* the thread just ended */
		if (fscanf(f, "%llu %llu", &run, &wait) == 2) {
			sum += (double)run / 1e3;
			del += (double)wait / 1e3;
		}
		fclose(f);
	}
	closedir(d);
	if (delay_us != NULL)
		*delay_us = del;
	return sum;
}

/* Busy time of the whole machine: all but idle and iowait. */
/* All threads of this process, ended ones too. */
static double
self_cpu_us(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

static double
box_busy_us(void)
{
	unsigned long long v[10] = { 0 }, busy = 0;
	FILE *f;
	int i, n;

	if ((f = fopen("/proc/stat", "r")) == NULL)
		return -1;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu",
	    &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8],
	    &v[9]);
	fclose(f);
	if (n < 8)
		return -1;
	/* user nice system idle iowait irq softirq steal (guest counted in
	 * user already). */
	for (i = 0; i < 8; i++)
		if (i != 3 && i != 4)
			busy += v[i];
	return ticks_us(busy);
}

int
bench_cpu_watch(bench_cpu *c, const char *spec)
{
	static char copy[256];
	char *item, *save = NULL, *eq;

	memset(c, 0, sizeof(*c));
	c->ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (spec == NULL || *spec == '\0')
		return 0;
	snprintf(copy, sizeof(copy), "%s", spec);
	for (item = strtok_r(copy, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		if ((eq = strchr(item, '=')) == NULL || c->n == BENCH_WATCH_MAX)
			return -1;
		*eq = '\0';
		c->name[c->n] = item;
		c->pid[c->n] = (pid_t)atoi(eq + 1);
		c->n++;
	}
	return 0;
}

void
bench_cpu_start(bench_cpu *c)
{
	int i;

	double d;

	c->delay0_us = 0;
	for (i = 0; i < c->n; i++) {
		c->proc0_us[i] = proc_cpu_us(c->pid[i], &d);
		c->delay0_us += d;
	}
	c->box0_us = box_busy_us();
	(void)proc_cpu_us(getpid(), &d);
	c->delay0_us += d;
	c->self0_us = self_cpu_us();
	c->t0_us = bench_now_us();
}

void
bench_cpu_stop(bench_cpu *c)
{
	double wall = bench_now_us() - c->t0_us, used, watched = 0, box, d;
	double delay;
	int i;

	c->wall_us = wall;
	(void)proc_cpu_us(getpid(), &delay);
	used = self_cpu_us() - c->self0_us;
	c->self_pct = 100.0 * used / wall;
	for (i = 0; i < c->n; i++) {
		double now = proc_cpu_us(c->pid[i], &d);

		delay += d;

		c->proc_pct[i] = now < 0 || c->proc0_us[i] < 0 ? -1 :
		    100.0 * (now - c->proc0_us[i]) / wall;
		if (c->proc_pct[i] > 0)
			watched += now - c->proc0_us[i];
	}
	c->delay_pct = 100.0 * (delay - c->delay0_us) / wall;
	box = box_busy_us() - c->box0_us;
	c->other_pct = 100.0 * (box - used - watched) / wall;
	if (c->other_pct < 0)   /* tick granularity of /proc/stat */
		c->other_pct = 0;
}

void
bench_cpu_print(const bench_cpu *c)
{
	int i;

	printf(" wall_s=%.3f cpu_self=%.1f", c->wall_us / 1e6, c->self_pct);
	for (i = 0; i < c->n; i++)
		printf(" cpu_%s=%.1f", c->name[i], c->proc_pct[i]);
	printf(" cpu_other=%.1f delay=%.1f ncpu=%d", c->other_pct, c->delay_pct,
	    c->ncpu);
}

long
bench_unhex(const char *hex, unsigned char *out, size_t cap)
{
	size_t n = 0;
	unsigned v;

	while (hex[0] != '\0' && hex[1] != '\0') {
		if (n == cap || sscanf(hex, "%2x", &v) != 1)
			return -1;
		out[n++] = (unsigned char)v;
		hex += 2;
	}
	return hex[0] == '\0' ? (long)n : -1;
}
