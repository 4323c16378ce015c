/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * p11bench: one PKCS#11 configuration measured per process, the same
 * way for every module (uimkey-pkcs11.so, OpenSC's opensc-pkcs11.so,
 * SoftHSM2), loaded with dlopen.
 *
 *   p11bench sign  -m MOD -i ID -a ALG -n N [-w WARM] [-o CDF] [-W WATCH]
 *                  [-c COUNTFILE: the card's APDU count, per signature]
 *   p11bench cold  -m MOD -i ID -a ALG -k PUBHEX
 *   p11bench apdus -m MOD -c COUNTFILE -A ID -C ID [-R ID]
 *   p11bench scale -m MOD -i ID -a ALG -n TOTAL -P PROCS [-W WATCH] [-o CDF]
 *                  (with two -s, the processes alternate between the two)
 *   p11bench cards -m MOD -i ID -a ALG -n N -s SLOT [-s SLOT] [-T THREADS]
 *                  [-W WATCH]  (one process; N signatures per thread; by
 *                  default a thread per card, else thread k on card
 *                  k % cards)
 *   p11bench pub   -m MOD -i ID -a ALG
 * common: [-s SLOT] [-p PIN] [-L LABEL]
 *
 * SLOT is a substring of the slot description or of the token label
 * (default: the first slot with a token); ID the CKA_ID in hex; ALG
 * p256, p384, rsa-pkcs or rsa-pss; WATCH "name=pid,..." processes whose
 * CPU time is reported with ours (the card, pcscd).  Results are lines
 * "@KIND key=value ..." for bench/run.sh; the rest is for people.
 *
 * The PKCS#11 calls every mode makes are in p11bench_p11.c, the
 * concurrent modes (scale, cards) in p11bench_parallel.c.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/p11bench.h"
#include "bench/stats.h"

#define OBJECTS_MAX   256
#define WARMUP        20

/* Timed: only the signature, the input is made before the clock runs. */
static int
signer_sign_timed(struct signer *g, uint64_t i, double *us)
{
	uint8_t hash[BENCH_HASH_MAX], in[BENCH_IN_MAX], sig[BENCH_SIG_MAX];
	size_t inlen = bench_input(g->o->alg, i, hash, in), siglen = 0;
	double t0 = bench_now_us();

	if (p11bench_sign_raw(g->m, g->s, g->key, g->always, g->o->pin,
	    g->o->alg, in, inlen, sig, &siglen) != 0)
		return -1;
	*us = bench_now_us() - t0;
	return 0;
}

static const char *
verdict(int ok)
{
	return ok > 0 ? "yes" : ok == 0 ? "NO" : "unchecked";
}

/* ---------------------------------------------------------------- sign */

static long apdus(const char *path);

static int
mode_sign(const struct opts *o)
{
	struct p11 m;
	struct signer g;
	bench_cpu cpu;
	CK_SLOT_ID slot;
	double *t = NULL, t0, loop;
	int ok_first = -1, ok_last = -1, r = -1;
	long i, a0, a1;

	if ((t = calloc((size_t)o->n, sizeof(*t))) == NULL ||
	    bench_cpu_watch(&cpu, o->watch) != 0 ||
	    p11bench_load(&m, o->module) || p11bench_init(&m) ||
	    p11bench_find_slot(&m, o->slot[0], &slot) ||
	    p11bench_signer_open(&g, &m, o, slot) ||
	    p11bench_warm_up(&g, o->warm, &ok_first))
		goto fail;
	a0 = o->countfile != NULL ? apdus(o->countfile) : -1;
	bench_cpu_start(&cpu);
	t0 = bench_now_us();
	for (i = 0; i < o->n; i++)
		if (signer_sign_timed(&g, (uint64_t)(o->warm + i), &t[i]) != 0)
			goto fail;
	loop = bench_now_us() - t0;
	bench_cpu_stop(&cpu);
	a1 = o->countfile != NULL ? apdus(o->countfile) : -1;
	if (p11bench_signer_sign(&g, (uint64_t)(o->warm + o->n), 1,
	    &ok_last) != 0)
		goto fail;
	bench_sort(t, (size_t)o->n);
	printf("@sign label=%s alg=%s n=%ld med=%.1f p99=%.1f min=%.1f "
	    "max=%.1f ops=%.1f always=%d verified=%s", o->label,
	    bench_alg_name(o->alg), o->n, bench_pct(t, (size_t)o->n, 50),
	    bench_pct(t, (size_t)o->n, 99), t[0], t[o->n - 1],
	    (double)o->n * 1e6 / loop, g.always, verdict(ok_first == 0 ||
	    ok_last == 0 ? 0 : ok_first > 0 && ok_last > 0 ? 1 : -1));
	if (a0 >= 0 && a1 >= a0)
		printf(" apdus_per_op=%.2f", (double)(a1 - a0) / (double)o->n);
	bench_cpu_print(&cpu);
	printf("\n");
	if (bench_write_cdf(o->cdf, t, (size_t)o->n) != 0)
		goto fail;
	m.f->C_CloseSession(g.s);
	m.f->C_Finalize(NULL);
	r = 0;
fail:
	free(t);
	return r;
}

/* ---------------------------------------------------------------- cold */

/* A new process: dlopen, then C_Initialize to the first signature
 * verified with the public key the caller gives (-k). */
static int
mode_cold(const struct opts *o)
{
	uint8_t hash[BENCH_HASH_MAX], in[BENCH_IN_MAX], sig[BENCH_SIG_MAX];
	uint8_t pub[sizeof(((bench_pub *)0)->q)];
	double t[8];
	struct p11 m;
	bench_pub pk;
	CK_SLOT_ID slot;
	CK_SESSION_HANDLE s;
	CK_OBJECT_HANDLE key;
	CK_BBOOL always = CK_FALSE;
	CK_ATTRIBUTE at = { CKA_ALWAYS_AUTHENTICATE, &always, sizeof(always) };
	size_t inlen, siglen;
	long publen;
	int ok;

	if (!bench_alg_is_ec(o->alg) || o->pubhex == NULL ||
	    (publen = bench_unhex(o->pubhex, pub, sizeof(pub))) < 0 ||
	    bench_pub_ec(&pk, o->alg, pub, (size_t)publen) != 0) {
		fprintf(stderr, "p11bench: cold needs an EC key and its point "
		    "(-k)\n");
		return -1;
	}
	inlen = bench_input(o->alg, 0, hash, in);
	t[0] = bench_now_us();
	if (p11bench_load(&m, o->module))
		return -1;
	t[1] = bench_now_us();
	if (p11bench_init(&m))
		return -1;
	t[2] = bench_now_us();
	if (p11bench_find_slot(&m, o->slot[0], &slot) ||
	    CK(&m, C_OpenSession, slot, CKF_SERIAL_SESSION, NULL, NULL, &s))
		return -1;
	t[3] = bench_now_us();
	if (p11bench_login(&m, s, CKU_USER, o->pin))
		return -1;
	t[4] = bench_now_us();
	if (p11bench_find_obj(&m, s, CKO_PRIVATE_KEY, o->id, o->idlen, &key))
		return -1;
	(void)m.f->C_GetAttributeValue(s, key, &at, 1);
	t[5] = bench_now_us();
	if (p11bench_sign_raw(&m, s, key, always == CK_TRUE, o->pin, o->alg, in,
	    inlen, sig, &siglen))
		return -1;
	t[6] = bench_now_us();
	ok = bench_verify(&pk, o->alg, hash, sig, siglen);
	t[7] = bench_now_us();
	printf("@cold label=%s alg=%s dlopen_ms=%.2f first_ms=%.2f "
	    "init_ms=%.2f slot_session_ms=%.2f login_ms=%.2f find_ms=%.2f "
	    "sign_ms=%.2f verify_ms=%.2f verified=%s\n", o->label,
	    bench_alg_name(o->alg), (t[1] - t[0]) / 1e3, (t[7] - t[1]) / 1e3,
	    (t[2] - t[1]) / 1e3, (t[3] - t[2]) / 1e3, (t[4] - t[3]) / 1e3,
	    (t[5] - t[4]) / 1e3, (t[6] - t[5]) / 1e3, (t[7] - t[6]) / 1e3,
	    verdict(ok));
	m.f->C_Finalize(NULL);
	return ok ? 0 : -1;
}

/* --------------------------------------------------------------- apdus */

/* The card's count of APDUs answered ("apdus N"); -1 if unreadable. */
static long
apdus(const char *path)
{
	FILE *f = fopen(path, "r");
	long n = -1;

	if (f == NULL)
		return -1;
	if (fscanf(f, "apdus %ld", &n) != 1)
		n = -1;
	fclose(f);
	return n;
}

static int
find_all(struct p11 *m, CK_SESSION_HANDLE s, long *count)
{
	CK_OBJECT_HANDLE h[OBJECTS_MAX];
	CK_ULONG got;
	int r = 0;

	*count = 0;
	if (CK(m, C_FindObjectsInit, s, NULL, 0))
		return -1;
	do {
		if ((r = CK(m, C_FindObjects, s, h, OBJECTS_MAX, &got)) != 0)
			break;
		*count += (long)got;
	} while (got > 0);
	if (CK(m, C_FindObjectsFinal, s))
		return -1;
	return r;
}

/* A signature with the key of id: ECDSA (raw hash) or RSA PKCS#1. */
static int
apdu_sign(struct p11 *m, CK_SESSION_HANDLE s, const char *pin,
    const uint8_t *id, size_t idlen, long *before, const char *path,
    long *used)
{
	uint8_t hash[BENCH_HASH_MAX], in[BENCH_IN_MAX], sig[BENCH_SIG_MAX];
	CK_OBJECT_HANDLE key;
	CK_KEY_TYPE kt = CKK_EC;
	CK_BBOOL always = CK_FALSE;
	CK_ATTRIBUTE t[2] = {
		{ CKA_KEY_TYPE, &kt, sizeof(kt) },
		{ CKA_ALWAYS_AUTHENTICATE, &always, sizeof(always) },
	};
	size_t inlen, siglen;
	int alg;

	*used = -1;
	if (idlen == 0)
		return 0;
	if (p11bench_find_obj(m, s, CKO_PRIVATE_KEY, id, idlen, &key) != 0)
		return -1;
	(void)m->f->C_GetAttributeValue(s, key, t, 2);
	alg = kt == CKK_RSA ? ALG_RSA_PKCS : ALG_P256;
	inlen = bench_input(alg, 7, hash, in);
	*before = apdus(path);
	if (p11bench_sign_raw(m, s, key, always == CK_TRUE, pin, alg, in, inlen,
	    sig, &siglen) != 0)
		return -1;
	*used = apdus(path) - *before;
	*before += *used;
	return 0;
}

static int
mode_apdus(const struct opts *o)
{
	const char *path = o->countfile;
	CK_SLOT_ID list[SLOTS_MAX], slot;
	CK_SESSION_HANDLE s, s2;
	CK_TOKEN_INFO ti;
	CK_ULONG n = 0;
	struct p11 m;
	long c[16], objs = 0, objs2 = 0, sign_a, sign_c, sign_r, sign_a2, x;
	int k = 0;

#define MARK()  (c[k++] = apdus(path))
	MARK();
	if (c[0] < 0) {
		fprintf(stderr, "p11bench: %s: no APDU count\n", path);
		return -1;
	}
	if (p11bench_load(&m, o->module) || p11bench_init(&m) ||
	    CK(&m, C_GetSlotList, CK_TRUE, NULL, &n) ||
	    (n = SLOTS_MAX, CK(&m, C_GetSlotList, CK_TRUE, list, &n)) ||
	    p11bench_find_slot(&m, o->slot[0], &slot))
		return -1;
	MARK();                                         /* 1 */
	if (CK(&m, C_GetTokenInfo, slot, &ti))
		return -1;
	MARK();                                         /* 2 */
	if (CK(&m, C_OpenSession, slot, CKF_SERIAL_SESSION, NULL, NULL, &s))
		return -1;
	MARK();                                         /* 3 */
	if (p11bench_login(&m, s, CKU_USER, o->pin))
		return -1;
	MARK();                                         /* 4 */
	if (find_all(&m, s, &objs))
		return -1;
	MARK();                                         /* 5 */
	if (CK(&m, C_OpenSession, slot, CKF_SERIAL_SESSION, NULL, NULL, &s2))
		return -1;
	MARK();                                         /* 6 */
	if (find_all(&m, s2, &objs2))
		return -1;
	MARK();                                         /* 7 */
	x = c[7];
	if (apdu_sign(&m, s, o->pin, o->id_a, o->id_alen, &x, path, &sign_a) ||
	    apdu_sign(&m, s, o->pin, o->id_c, o->id_clen, &x, path, &sign_c) ||
	    apdu_sign(&m, s, o->pin, o->id_r, o->id_rlen, &x, path, &sign_r) ||
	    apdu_sign(&m, s, o->pin, o->id_a, o->id_alen, &x, path, &sign_a2))
		return -1;
	MARK();                                         /* 8 */
	m.f->C_CloseSession(s2);
	m.f->C_CloseSession(s);
	m.f->C_Finalize(NULL);
	MARK();                                         /* 9 */
#undef MARK
	printf("@apdus label=%s init_slotlist=%ld token_info=%ld open=%ld "
	    "login=%ld find_all=%ld objects=%ld open_warm=%ld find_all_warm=%ld "
	    "sign_a=%ld sign_c=%ld sign_r=%ld sign_a_again=%ld close_finalize=%ld "
	    "total=%ld\n", o->label, c[1] - c[0], c[2] - c[1], c[3] - c[2],
	    c[4] - c[3], c[5] - c[4], objs, c[6] - c[5], c[7] - c[6], sign_a,
	    sign_c, sign_r, sign_a2, c[9] - c[8], c[9] - c[0]);
	(void)objs2;
	return 0;
}

/* ----------------------------------------------------------------- pub */

static int
mode_pub(const struct opts *o)
{
	struct p11 m;
	struct signer g;
	CK_SLOT_ID slot;
	size_t i;

	if (p11bench_load(&m, o->module) || p11bench_init(&m) ||
	    p11bench_find_slot(&m, o->slot[0], &slot) ||
	    p11bench_signer_open(&g, &m, o, slot))
		return -1;
	if (!g.have_pub) {
		fprintf(stderr, "p11bench: no public key object\n");
		return -1;
	}
	printf("@pub label=%s alg=%s hex=", o->label, bench_alg_name(o->alg));
	if (g.pub.ec)
		for (i = 0; i < g.pub.qlen; i++)
			printf("%02X", g.pub.q[i]);
	else
		for (i = 0; i < g.pub.nlen; i++)
			printf("%02X", g.pub.n[i]);
	printf("\n");
	m.f->C_Finalize(NULL);
	return 0;
}

/* ---------------------------------------------------------------- main */

static int
parse_id(const char *hex, uint8_t *id, size_t *len)
{
	long n = bench_unhex(hex, id, 8);

	if (n <= 0)
		return -1;
	*len = (size_t)n;
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: p11bench sign|cold|apdus|scale|cards|pub "
	    "-m MODULE [options] (see bench/p11bench.c)\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct opts o;
	int c, r;

	memset(&o, 0, sizeof(o));
	o.label = "?";
	o.pin = "123456";
	o.alg = ALG_P256;
	o.n = 1000;
	o.warm = WARMUP;
	o.procs = 1;
	if (argc < 2)
		usage();
	o.mode = argv[1];
	optind = 2;
	while ((c = getopt(argc, argv,
	    "m:s:p:L:i:a:n:w:o:W:k:c:A:C:R:P:T:")) != -1) {
		switch (c) {
		case 'm': o.module = optarg; break;
		case 's':
			if (o.nslot == CARDS_MAX)
				usage();
			o.slot[o.nslot++] = optarg;
			break;
		case 'p': o.pin = optarg; break;
		case 'L': o.label = optarg; break;
		case 'i': if (parse_id(optarg, o.id, &o.idlen)) usage(); break;
		case 'A': if (parse_id(optarg, o.id_a, &o.id_alen)) usage(); break;
		case 'C': if (parse_id(optarg, o.id_c, &o.id_clen)) usage(); break;
		case 'R': if (parse_id(optarg, o.id_r, &o.id_rlen)) usage(); break;
		case 'a': if ((o.alg = bench_alg_parse(optarg)) < 0) usage(); break;
		case 'n': o.n = atol(optarg); break;
		case 'w': o.warm = atol(optarg); break;
		case 'o': o.cdf = optarg; break;
		case 'W': o.watch = optarg; break;
		case 'k': o.pubhex = optarg; break;
		case 'c': o.countfile = optarg; break;
		case 'P': o.procs = atol(optarg); break;
		case 'T': o.threads = atol(optarg); break;
		default: usage();
		}
	}
	if (o.module == NULL || o.n < 1 || o.warm < 1 || o.procs < 1 ||
	    o.threads < 0 || o.threads > THREADS_MAX)
		usage();
	if (strcmp(o.mode, "sign") == 0 && o.idlen > 0)
		r = mode_sign(&o);
	else if (strcmp(o.mode, "cold") == 0 && o.idlen > 0)
		r = mode_cold(&o);
	else if (strcmp(o.mode, "apdus") == 0 && o.countfile != NULL)
		r = mode_apdus(&o);
	else if (strcmp(o.mode, "scale") == 0 && o.idlen > 0)
		r = p11bench_mode_scale(&o);
	else if (strcmp(o.mode, "cards") == 0 && o.idlen > 0 && o.nslot > 0)
		r = p11bench_mode_cards(&o);
	else if (strcmp(o.mode, "pub") == 0 && o.idlen > 0)
		r = mode_pub(&o);
	else
		usage();
	if (r != 0)
		fprintf(stderr, "p11bench %s (%s): failed\n", o.mode, o.label);
	return r == 0 ? 0 : 1;
}
