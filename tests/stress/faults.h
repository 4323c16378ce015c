/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The storage-fault program's parts (faults.c: plumbing, checks and
 * main; faults_ops.c: the state-changing commands it cuts).
 */
#ifndef UIMKEY_STRESS_FAULTS_H
#define UIMKEY_STRESS_FAULTS_H

#include <stddef.h>
#include <stdint.h>

#include "host/uimkey.h"
#include "tests/stress/cardstate.h"
#include "tests/stress/stress.h"

#define CERT_LEN       2600     /* chained PUT DATA */

struct f {
	const char *reader, *fault_file, *env_dir;
	int card;
	char store[512], log[512];
	uimkey_ctx_t *ctx;
	uimkey_dev_t *dev;
	struct st_rng rng;
	uint32_t serial;
	char pin[9], puk[9];
	uint8_t mgmt[32];
	size_t mgmt_len;
	uint8_t mgmt_alg;
	struct cs_issuer iss;
	uint32_t lock_counter;
	/* what an op would make current if it lands */
	char new_pin[9], new_puk[9];
	uint8_t new_mgmt[32];
	size_t new_mgmt_len;
	uint8_t new_mgmt_alg;
	uint32_t new_counter;
	/* figures */
	unsigned long injected, points, errors_6581, late_ok, restarts;
	unsigned long kills, kills_new, unknown_new;
	unsigned long sticky_injected;
	unsigned long probes;
};

/*
 * An op: prepare (unfaulted) puts the card where the op can run, run
 * sends the one state-changing command and fills want with the state it
 * makes and normal with its normal result; adopt takes the new secrets
 * once the new state is seen.  presents: the counter a try may be spent
 * from when the op answers 6581 (0 none, 1 PIN, 2 PUK).
 */
struct op {
	const char *name;
	int presents;
	int (*prepare)(struct f *, const struct cs_state *);
	int (*run)(struct f *, struct cs_state *want, int *normal);
	void (*adopt)(struct f *);
};

/* The commands, in the order they are tried. */
extern const struct op fault_ops[];
extern const size_t fault_ops_n;

/* Ops the checks name (faults_ops.c). */
void adopt_pin(struct f *f);
void adopt_puk(struct f *f);
void adopt_mgmt(struct f *f);
int prep_full_pin(struct f *f, const struct cs_state *b);
int run_change_pin(struct f *f, struct cs_state *want, int *normal);

/* Plumbing (faults.c). */
void arm(struct f *f, const char *spec);
unsigned long injected(const struct f *f);
int connect_card(struct f *f);
int restart_card(struct f *f);
int probe_state(struct f *f, struct cs_state *st);
int auth(struct f *f);
void new_secret(struct f *f, char out[9], const char *avoid);

#endif
