/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The killer thread (killer.c describes the cycle): SIGKILL to the card
 * process, at a random moment or aimed into a change in flight, then
 * its restart; and the workload's side of the cycle, which runs until
 * the card goes away and waits for the restart.
 */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

#include "tests/stress/killer.h"

#define RESTART_S       30.0
#define AIM_WAIT_S      2.0

void
killer_lock_sh(struct w *w)
{
	pthread_mutex_lock(&w->sh.mu);
}

void
killer_unlock_sh(struct w *w)
{
	pthread_mutex_unlock(&w->sh.mu);
}

static long
card_pid(const struct w *w)
{
	char path[600], line[32];
	long pid = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/card%d.pid", w->env_dir, w->card);
	if ((fp = fopen(path, "r")) != NULL) {
		if (fgets(line, sizeof(line), fp) != NULL)
			pid = strtol(line, NULL, 10);
		fclose(fp);
	}
	return pid;
}

/* Wait until the card process is gone: its store lock comes free. */
static int
wait_dead(const struct w *w, double timeout_s)
{
	char path[600];
	double end = st_now() + timeout_s;
	int fd, r = -1;

	snprintf(path, sizeof(path), "%s/card%d.store.lock", w->env_dir,
	    w->card);
	if ((fd = open(path, O_RDWR | O_CLOEXEC)) < 0)
		return -1;
	while (st_now() < end) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			flock(fd, LOCK_UN);
			r = 0;
			break;
		}
		st_sleep_ms(1);
	}
	close(fd);
	return r;
}

static void
tail_card_log(const struct w *w)
{
	char path[600], line[512];
	FILE *fp;
	long n = 0, i = 0;

	snprintf(path, sizeof(path), "%s/card%d.log", w->env_dir, w->card);
	if ((fp = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), fp) != NULL)
		n++;
	rewind(fp);
	while (fgets(line, sizeof(line), fp) != NULL)
		if (++i > n - 10)
			printf("#   card%d.log: %s", w->card, line);
	fclose(fp);
}

static int
restart(struct w *w)
{
	char idx[8], env[] = "uimkey-env", cstop[] = "card-stop",
	    cstart[] = "card-start";
	char *stop[] = { env, cstop, idx, NULL };
	char *start[] = { env, cstart, idx, NULL };
	int r;

	snprintf(idx, sizeof(idx), "%d", w->card);
	if (wait_dead(w, 10) != 0) {
		printf("# card%d: the killed card did not die\n", w->card);
		return -1;
	}
	if ((r = st_run(stop, -1, RESTART_S)) != 0) {
		printf("# card%d: card-stop: status %d\n", w->card, r);
		return -1;
	}
	if ((r = st_run(start, -1, RESTART_S)) != 0) {
		printf("# card%d: card-start: status %d (the store did not "
		    "open?)\n", w->card, r);
		tail_card_log(w);
		return -1;
	}
	return 0;
}

void *
killer_thread(void *arg)
{
	struct w *w = arg;
	double start = st_now(), t, delay;
	int aim;
	long pid;

	killer_lock_sh(w);
	while (!w->sh.stop && w->sh.kills < w->kills_wanted &&
	    st_now() - start < w->seconds) {
		while (w->sh.phase != PH_WORK && !w->sh.stop)
			pthread_cond_wait(&w->sh.cv, &w->sh.mu);
		if (w->sh.stop)
			break;
		aim = st_below(&w->krng, 100) < w->aimed_pct;
		delay = st_unit(&w->krng) * w->random_max_ms;
		if (aim) {
			/* Into the next change the workload sends. */
			struct timespec ts;
			double until = st_now() + AIM_WAIT_S;

			while (!w->sh.aimed && !w->sh.stop &&
			    st_now() < until) {
				clock_gettime(CLOCK_REALTIME, &ts);
				ts.tv_nsec += 2000000;
				if (ts.tv_nsec >= 1000000000) {
					ts.tv_sec++;
					ts.tv_nsec -= 1000000000;
				}
				pthread_cond_timedwait(&w->sh.cv, &w->sh.mu,
				    &ts);
			}
			if (w->sh.aimed) {
				delay = st_unit(&w->krng) *
				    (w->sh.aim_est_ms * 1.2);
				w->sh.aimed_kills++;
			}
		}
		killer_unlock_sh(w);
		st_sleep_ms(delay);
		pid = card_pid(w);
		killer_lock_sh(w);
		if (pid > 1)
			kill((pid_t)pid, SIGKILL);
		w->sh.kill_time = st_now();
		w->sh.phase = PH_KILLED;
		w->sh.kills++;
		killer_unlock_sh(w);
		t = st_now();
		if (restart(w) != 0) {
			killer_lock_sh(w);
			w->sh.restart_failed++;
			w->sh.stop = 1;
			pthread_cond_broadcast(&w->sh.cv);
			break;
		}
		killer_lock_sh(w);
		w->sh.restart_s += st_now() - t;
		w->sh.gen++;
		pthread_cond_broadcast(&w->sh.cv);
	}
	w->sh.done = 1;
	pthread_cond_broadcast(&w->sh.cv);
	killer_unlock_sh(w);
	return NULL;
}

/* The workload until the card goes away; then wait for its restart. */
int
killer_work_until_cut(struct w *w)
{
	unsigned long gen;
	double err_time, kill_time, end;
	int r;

	killer_lock_sh(w);
	gen = w->sh.gen;
	w->sh.phase = PH_WORK;
	pthread_cond_broadcast(&w->sh.cv);
	killer_unlock_sh(w);
	do
		r = killer_workload_step(w);
	while (r == 0);
	if (r < 0)
		return -1;
	err_time = st_now();
	/* Gone: wait for the killer's restart. */
	end = st_now() + 60;
	killer_lock_sh(w);
	while (w->sh.gen == gen && !w->sh.stop && st_now() < end) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		pthread_cond_timedwait(&w->sh.cv, &w->sh.mu, &ts);
	}
	kill_time = w->sh.kill_time;
	r = w->sh.gen != gen ? 0 : -1;
	w->sh.phase = PH_CHECK;
	killer_unlock_sh(w);
	if (r != 0) {
		if (w->sh.restart_failed)
			killer_violation(w, V_STORE, "the card did not start "
			    "again after a kill");
		else
			killer_violation(w, V_SPURIOUS, "the card went away "
			    "and no restart came");
		return -1;
	}
	if (err_time < kill_time - 0.005) {
		killer_violation(w, V_SPURIOUS, "PC/SC failed %.3f s before "
		    "the kill", kill_time - err_time);
		return -1;
	}
	return 0;
}

