/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * p11bench's parts (bench/p11bench*.c), private to the program: the
 * options, the module and signer the modes share, the PKCS#11 calls
 * (p11bench_p11.c) and the concurrent modes (p11bench_parallel.c).
 */
#ifndef BENCH_P11BENCH_H
#define BENCH_P11BENCH_H

#include <stddef.h>
#include <stdint.h>

#include <p11-kit/pkcs11.h>

#include "bench/p11verify.h"

#define SLOTS_MAX     32
#define CARDS_MAX     2
#define THREADS_MAX   16

struct opts {
	const char *mode, *module, *pin, *label, *cdf, *watch, *pubhex;
	const char *countfile, *slot[CARDS_MAX];
	uint8_t id[8], id_a[8], id_c[8], id_r[8];
	size_t idlen, id_alen, id_clen, id_rlen;
	int nslot, alg;
	long n, warm, procs, threads;
};

struct p11 {
	void *dl;
	CK_FUNCTION_LIST *f;
};

/* One session and key ready to sign. */
struct signer {
	struct p11 *m;
	const struct opts *o;
	CK_SESSION_HANDLE s;
	CK_OBJECT_HANDLE key;
	int always;             /* CKA_ALWAYS_AUTHENTICATE: login per use */
	int have_pub;
	bench_pub pub;
};

/* ---- p11bench_p11.c ---- */

/* 0 for CKR_OK; anything else reported (what failed) and -1. */
int p11bench_ck(const char *what, CK_RV rv);

#define CK(m, fn, ...)  p11bench_ck(#fn, (m)->f->fn(__VA_ARGS__))

int p11bench_load(struct p11 *m, const char *path);
int p11bench_init(struct p11 *m);
int p11bench_find_slot(struct p11 *m, const char *match, CK_SLOT_ID *out);
int p11bench_login(struct p11 *m, CK_SESSION_HANDLE s, CK_USER_TYPE who,
    const char *pin);
int p11bench_find_obj(struct p11 *m, CK_SESSION_HANDLE s,
    CK_OBJECT_CLASS cls, const uint8_t *id, size_t idlen,
    CK_OBJECT_HANDLE *h);
int p11bench_sign_raw(struct p11 *m, CK_SESSION_HANDLE s,
    CK_OBJECT_HANDLE key, int always, const char *pin, int alg,
    const uint8_t *in, size_t inlen, uint8_t *sig, size_t *siglen);
int p11bench_signer_open(struct signer *g, struct p11 *m,
    const struct opts *o, CK_SLOT_ID slot);
int p11bench_signer_sign(struct signer *g, uint64_t i, int check, int *ok);
/* warm signatures before the measured ones, so that none pays for a
 * first use; the first is checked (*ok as for p11bench_signer_sign). */
int p11bench_warm_up(struct signer *g, long warm, int *ok);

/* ---- p11bench_parallel.c ---- */

int p11bench_mode_scale(const struct opts *o);
int p11bench_mode_cards(const struct opts *o);

#endif
