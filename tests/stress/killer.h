/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kill workload's private header (killer.c describes the program):
 * the model of the card, the change in flight, the state shared with the
 * killer thread, and the functions its files share.
 *
 *   killer.c         main, options, the start and the figures
 *   killer_kill.c    the killer thread, restarts, the cycle's wait
 *   killer_work.c    the workload: PIN and PUK commands, the step chooser
 *   killer_admin.c   commands under the management key, tokens, RESET
 *   killer_check.c   resolving a cut change, the invariants after restart
 */
#ifndef UIMKEY_STRESS_KILLER_H
#define UIMKEY_STRESS_KILLER_H

#include <pthread.h>

#include "tests/stress/cardstate.h"
#include "tests/stress/stress.h"

#define GONE 1          /* an op's result: the card went away */

/* ---------------------------------------------------------- the model */

struct model {
	struct cs_state st;
	char pin[9], puk[9];
	uint8_t mgmt[32];
	size_t mgmt_len;
	uint8_t mgmt_alg;
};

/* The state-changing command in flight (its outcome unknown when cut). */
enum pend_kind {
	P_NONE,         /* nothing that changes state */
	P_VERIFY,       /* the right PIN */
	P_VERIFY_BAD,   /* a wrong PIN */
	P_CHANGE_PIN,
	P_CHANGE_PUK,   /* new may equal old */
	P_PUK_BAD,      /* CHANGE REFERENCE DATA with a wrong PUK */
	P_UNBLOCK,
	P_SET_MGMT,
	P_GEN,
	P_DEL_KEY,
	P_MOVE,
	P_PUT_CERT,
	P_DEL_CERT,
	P_TOKEN,
	P_RESET,
	P_KINDS
};

struct pending {
	enum pend_kind kind;
	struct model before;
	struct model after;     /* if it lands (a generated key: unknown) */
	int slot, slot2;        /* indexes into cs_slots */
};

/* Violation classes: the figures' "lost or corrupt". */
enum viol {
	V_COUNTER_UP, V_COUNTER, V_KEY, V_CERT, V_SECRET, V_ANSWER, V_SIG,
	V_OTHER, V_STORE, V_SPURIOUS, V_COUNT
};

/* --------------------------------------------------- shared with killer */

enum phase { PH_CHECK, PH_WORK, PH_KILLED };

struct shared {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	enum phase phase;
	unsigned long gen;      /* restarts done */
	int aimed;              /* the workload is sending a change */
	double aim_est_ms;      /* its measured duration */
	double kill_time;
	int done, stop, restart_failed;
	unsigned long kills, aimed_kills;
	double restart_s;       /* total time of restarts */
};

struct w {
	const char *reader, *env_dir;
	int card;
	unsigned long kills_wanted;
	double seconds, random_max_ms;
	unsigned aimed_pct;
	struct st_rng rng, krng;
	uimkey_ctx_t *ctx;
	uimkey_dev_t *dev;
	uint32_t serial;
	struct model m;
	struct pending pend;
	struct cs_issuer iss;
	int fatal;
	double est_ms[P_KINDS];
	/* keys the last cut may have made: signed with at the check */
	int fresh_key[CS_NSLOTS];
	/* figures */
	unsigned long ops, done_by_kind[P_KINDS], cut_by_kind[P_KINDS];
	unsigned long landed, not_landed, checks, signatures, secret_tries;
	unsigned long viol[V_COUNT];
	struct shared sh;
};

/* killer.c */
__attribute__((format(printf, 3, 4)))
void killer_violation(struct w *w, enum viol v, const char *fmt, ...);

/* killer_kill.c */
void killer_lock_sh(struct w *w);
void killer_unlock_sh(struct w *w);
void *killer_thread(void *arg);
int killer_work_until_cut(struct w *w);

/* killer_work.c */
int killer_connect_card(struct w *w);
void killer_begin_change(struct w *w, enum pend_kind k,
    const struct model *after, int slot, int slot2);
void killer_end_change(struct w *w, enum pend_kind k, double t0);
int killer_judge(struct w *w, int r, int want, const char *what);
int killer_auth(struct w *w);
int killer_workload_step(struct w *w);

/* killer_admin.c */
int killer_op_set_mgmt(struct w *w);
int killer_op_generate(struct w *w);
int killer_op_delete_key(struct w *w);
int killer_op_move_key(struct w *w);
int killer_op_put_cert(struct w *w);
int killer_op_delete_cert(struct w *w);
int killer_op_token(struct w *w, uint8_t action);
void killer_factory(struct model *a, const struct model *b);
int killer_op_reset(struct w *w);

/* killer_check.c */
int killer_check(struct w *w, int all);

#endif
