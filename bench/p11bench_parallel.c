/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * p11bench's concurrent modes: scale (processes, each with its own
 * module instance; every signature's latency kept, for the median and
 * p99 over all of them) and cards (one process, threads over one or two
 * cards).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/p11bench.h"
#include "bench/stats.h"

/* --------------------------------------------------------------- scale */

struct proc_result {
	double us;
	long n;
	int ok;
};

/* One child of p11bench_mode_scale: its own module instance, ready, then
 * go; child k signs on the card of slot[k % nslot] and puts each
 * signature's latency (µs) in lat[0..n). */
static void
scale_child(const struct opts *o, long k, long n, int ready, int go, int res,
    double *lat)
{
	struct proc_result pr = { 0, n, 0 };
	struct p11 m;
	struct signer g;
	CK_SLOT_ID slot;
	double t0, t;
	int ok = -1;
	char b = 'r';
	long i;

	if (p11bench_load(&m, o->module) == 0 && p11bench_init(&m) == 0 &&
	    p11bench_find_slot(&m, o->slot[o->nslot > 0 ? k % o->nslot : 0],
	    &slot) == 0 && p11bench_signer_open(&g, &m, o, slot) == 0 &&
	    p11bench_warm_up(&g, o->warm, &ok) == 0)
		pr.ok = ok != 0;
	if (write(ready, &b, 1) != 1 || read(go, &b, 1) != 1)
		_exit(1);
	t0 = t = bench_now_us();
	for (i = 0; pr.ok && i < n; i++) {
		if (p11bench_signer_sign(&g, (uint64_t)(getpid() * 100000L + i),
		    0, NULL) != 0)
			pr.ok = 0;
		lat[i] = bench_now_us() - t;
		t += lat[i];
	}
	pr.us = bench_now_us() - t0;
	/* One more, checked: concurrent processes got their own answers. */
	if (pr.ok && (p11bench_signer_sign(&g, (uint64_t)getpid(), 1,
	    &ok) != 0 || ok == 0))
		pr.ok = 0;
	if (write(res, &pr, sizeof(pr)) != (ssize_t)sizeof(pr))
		_exit(1);
	/* Stay (and keep pcscd's thread for us) until the parent has read
	 * the CPU times: it closes go then. */
	if (read(go, &b, 1) < 0)
		pr.ok = 0;
	if (pr.ok)
		m.f->C_Finalize(NULL);
	_exit(pr.ok ? 0 : 1);
}

/* The latencies of every process, sorted: median and p99 over all, and
 * the CDF file when asked for. */
static int
scale_latency(const struct opts *o, double *lat, size_t n, double *med,
    double *p99)
{
	bench_sort(lat, n);
	*med = bench_pct(lat, n, 50);
	*p99 = bench_pct(lat, n, 99);
	return bench_write_cdf(o->cdf, lat, n);
}

/* Start the children, each with its share of lat; their pipes' ends. */
static int
scale_fork(const struct opts *o, long per, double *lat, int ready[2],
    int go[2], int res[2])
{
	long i;

	if (pipe(ready) || pipe(go) || pipe(res))
		return -1;
	fflush(stdout);
	for (i = 0; i < o->procs; i++) {
		pid_t pid = fork();

		if (pid < 0)
			return -1;
		if (pid == 0) {
			close(ready[0]);
			close(go[1]);
			close(res[0]);
			scale_child(o, i, per, ready[1], go[0], res[1],
			    lat + i * per);
		}
	}
	close(ready[1]);
	close(go[0]);
	close(res[1]);
	return 0;
}

int
p11bench_mode_scale(const struct opts *o)
{
	int ready[2], go[2], res[2], st, failed = 0;
	struct proc_result pr;
	double minr = 1e18, maxr = 0, rate, t0, wall, med, p99, *lat;
	long per = o->n / o->procs, i, total = 0;
	size_t lat_bytes = (size_t)(per * o->procs) * sizeof(*lat);
	bench_cpu cpu;
	char b;

	if (per < 1 || bench_cpu_watch(&cpu, o->watch) != 0)
		return -1;
	/* Shared with the children, who write their own parts. */
	lat = mmap(NULL, lat_bytes, PROT_READ | PROT_WRITE, MAP_SHARED |
	    MAP_ANONYMOUS, -1, 0);
	if (lat == MAP_FAILED || scale_fork(o, per, lat, ready, go, res) != 0)
		return -1;
	for (i = 0; i < o->procs; i++)
		if (read(ready[0], &b, 1) != 1)
			return -1;
	bench_cpu_start(&cpu);
	t0 = bench_now_us();
	for (i = 0; i < o->procs; i++)
		if (write(go[1], "g", 1) != 1)
			return -1;
	for (i = 0; i < o->procs; i++) {
		if (read(res[0], &pr, sizeof(pr)) != (ssize_t)sizeof(pr))
			return -1;
		if (!pr.ok) {
			failed++;
			continue;
		}
		total += pr.n;
		rate = (double)pr.n * 1e6 / pr.us;
		minr = rate < minr ? rate : minr;
		maxr = rate > maxr ? rate : maxr;
	}
	wall = bench_now_us() - t0;
	bench_cpu_stop(&cpu);
	close(go[1]);
	while (wait(&st) > 0)
		;
	if (failed) {
		fprintf(stderr, "p11bench: %d of %ld processes failed\n", failed,
		    o->procs);
		return -1;
	}
	if (scale_latency(o, lat, (size_t)(per * o->procs), &med, &p99) != 0)
		return -1;
	printf("@scale label=%s alg=%s procs=%ld cards=%d n=%ld ops=%.1f "
	    "proc_min_ops=%.1f proc_max_ops=%.1f med=%.1f p99=%.1f", o->label,
	    bench_alg_name(o->alg), o->procs, o->nslot > 1 ? o->nslot : 1,
	    total, (double)total * 1e6 / wall, minr, maxr, med, p99);
	bench_cpu_print(&cpu);
	printf("\n");
	munmap(lat, lat_bytes);
	return 0;
}

/* --------------------------------------------------------------- cards */

struct card_thread {
	const struct opts *o;
	struct p11 *m;
	pthread_barrier_t *bar;
	CK_SLOT_ID slot;
	int card;
	long n;
	double t0, t1;
	int ok;
};

static void *
card_thread(void *arg)
{
	struct card_thread *c = arg;
	struct signer g;
	int ok = -1;
	long i;

	c->ok = p11bench_signer_open(&g, c->m, c->o, c->slot) == 0 &&
	    p11bench_warm_up(&g, c->o->warm, &ok) == 0 && ok != 0;
	pthread_barrier_wait(c->bar);
	c->t0 = bench_now_us();
	for (i = 0; c->ok && i < c->n; i++)
		if (p11bench_signer_sign(&g, (uint64_t)i, 0, NULL) != 0)
			c->ok = 0;
	c->t1 = bench_now_us();
	if (c->ok && (p11bench_signer_sign(&g, (uint64_t)c->n, 1, &ok) != 0 ||
	    ok == 0))
		c->ok = 0;
	if (c->ok)
		c->m->f->C_CloseSession(g.s);
	return NULL;
}

/* The result line of the cards mode: all, per card, per thread. */
static void
cards_print(const struct opts *o, const struct card_thread *c, int nth,
    const bench_cpu *cpu)
{
	double t0 = 1e300, t1 = 0, rate, minr = 1e300, maxr = 0;
	double card_ops[CARDS_MAX] = { 0 };
	int i;

	for (i = 0; i < nth; i++) {
		t0 = c[i].t0 < t0 ? c[i].t0 : t0;
		t1 = c[i].t1 > t1 ? c[i].t1 : t1;
		rate = (double)c[i].n * 1e6 / (c[i].t1 - c[i].t0);
		card_ops[c[i].card] += rate;
		minr = rate < minr ? rate : minr;
		maxr = rate > maxr ? rate : maxr;
	}
	printf("@cards label=%s alg=%s cards=%d threads=%d n=%ld ops=%.1f "
	    "thread_min_ops=%.1f thread_max_ops=%.1f", o->label,
	    bench_alg_name(o->alg), o->nslot, nth, o->n * nth,
	    (double)(o->n * nth) * 1e6 / (t1 - t0), minr, maxr);
	for (i = 0; i < o->nslot; i++)
		printf(" card%d_ops=%.1f", i, card_ops[i]);
	bench_cpu_print(cpu);
	printf("\n");
}

/* One process, o->threads threads (one per card by default), thread k
 * signing on card k % cards, each with its own session. */
int
p11bench_mode_cards(const struct opts *o)
{
	struct card_thread c[THREADS_MAX];
	pthread_t th[THREADS_MAX];
	CK_SLOT_ID slot[CARDS_MAX];
	pthread_barrier_t bar;
	struct p11 m;
	bench_cpu cpu;
	int i, ok = 1, nth = o->threads > 0 ? (int)o->threads : o->nslot;

	if (nth > THREADS_MAX || bench_cpu_watch(&cpu, o->watch) != 0 ||
	    p11bench_load(&m, o->module) || p11bench_init(&m))
		return -1;
	for (i = 0; i < o->nslot; i++)
		if (p11bench_find_slot(&m, o->slot[i], &slot[i]) != 0)
			return -1;
	pthread_barrier_init(&bar, NULL, (unsigned)nth + 1);
	for (i = 0; i < nth; i++) {
		memset(&c[i], 0, sizeof(c[i]));
		c[i].o = o;
		c[i].m = &m;
		c[i].bar = &bar;
		c[i].n = o->n;
		c[i].card = i % o->nslot;
		c[i].slot = slot[c[i].card];
		pthread_create(&th[i], NULL, card_thread, &c[i]);
	}
	pthread_barrier_wait(&bar);
	bench_cpu_start(&cpu);
	for (i = 0; i < nth; i++)
		pthread_join(th[i], NULL);
	bench_cpu_stop(&cpu);
	for (i = 0; i < nth; i++)
		ok &= c[i].ok;
	if (!ok) {
		fprintf(stderr, "p11bench: a card thread failed\n");
		return -1;
	}
	cards_print(o, c, nth, &cpu);
	m.f->C_Finalize(NULL);
	return 0;
}
