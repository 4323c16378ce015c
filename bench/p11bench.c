/*
 * p11bench: one PKCS#11 configuration measured per process, the same
 * way for every module (uimkey-pkcs11.so, OpenSC's opensc-pkcs11.so,
 * SoftHSM2), loaded with dlopen.
 *
 *   p11bench sign  -m MOD -i ID -a ALG -n N [-w WARM] [-o CDF] [-W WATCH]
 *                  [-c COUNTFILE: the card's APDU count, per signature]
 *   p11bench cold  -m MOD -i ID -a ALG -k PUBHEX
 *   p11bench apdus -m MOD -c COUNTFILE -A ID -C ID [-R ID]
 *   p11bench scale -m MOD -i ID -a ALG -n TOTAL -P PROCS [-W WATCH]
 *                  (with two -s, the processes alternate between the two)
 *   p11bench cards -m MOD -i ID -a ALG -n N -s SLOT [-s SLOT] [-W WATCH]
 *   p11bench pub   -m MOD -i ID -a ALG
 * common: [-s SLOT] [-p PIN] [-L LABEL]
 *
 * SLOT is a substring of the slot description or of the token label
 * (default: the first slot with a token); ID the CKA_ID in hex; ALG
 * p256, p384, rsa-pkcs or rsa-pss; WATCH "name=pid,..." processes whose
 * CPU time is reported with ours (the card, pcscd).  Results are lines
 * "@KIND key=value ..." for bench/run.sh; the rest is for people.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <p11-kit/pkcs11.h>

#include "bench/p11verify.h"
#include "bench/stats.h"

#define SLOTS_MAX     32
#define OBJECTS_MAX   256
#define WARMUP        20
#define CARDS_MAX     2

struct opts {
	const char *mode, *module, *pin, *label, *cdf, *watch, *pubhex;
	const char *countfile, *slot[CARDS_MAX];
	uint8_t id[8], id_a[8], id_c[8], id_r[8];
	size_t idlen, id_alen, id_clen, id_rlen;
	int nslot, alg;
	long n, warm, procs;
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

static int
ck(const char *what, CK_RV rv)
{
	if (rv == CKR_OK)
		return 0;
	fprintf(stderr, "p11bench: %s: CKR 0x%lx\n", what, (unsigned long)rv);
	return -1;
}

#define CK(m, fn, ...)  ck(#fn, (m)->f->fn(__VA_ARGS__))

static int
p11_load(struct p11 *m, const char *path)
{
	CK_C_GetFunctionList get;
	void *sym;

	memset(m, 0, sizeof(*m));
	if ((m->dl = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		fprintf(stderr, "p11bench: %s\n", dlerror());
		return -1;
	}
	if ((sym = dlsym(m->dl, "C_GetFunctionList")) == NULL) {
		fprintf(stderr, "p11bench: %s: no C_GetFunctionList\n", path);
		return -1;
	}
	memcpy(&get, &sym, sizeof(get));
	return ck("C_GetFunctionList", get(&m->f));
}

static int
p11_init(struct p11 *m)
{
	CK_C_INITIALIZE_ARGS args;

	memset(&args, 0, sizeof(args));
	args.flags = CKF_OS_LOCKING_OK;
	return CK(m, C_Initialize, &args);
}

/* PKCS#11 pads its strings with blanks; a C string without them. */
static void
unpad(char *dst, const unsigned char *src, size_t len)
{
	memcpy(dst, src, len);
	while (len > 0 && dst[len - 1] == ' ')
		len--;
	dst[len] = '\0';
}

/* The first slot with a token whose description or label holds match
 * (any, when match is NULL).  The token label is read only if the
 * description does not decide (C_GetTokenInfo may talk to the card). */
static int
find_slot(struct p11 *m, const char *match, CK_SLOT_ID *out)
{
	CK_SLOT_ID list[SLOTS_MAX];
	CK_ULONG n = 0, i;
	CK_SLOT_INFO si;
	CK_TOKEN_INFO ti;
	char desc[65], label[33];

	if (CK(m, C_GetSlotList, CK_TRUE, NULL, &n))
		return -1;
	if (n > SLOTS_MAX)
		n = SLOTS_MAX;
	if (CK(m, C_GetSlotList, CK_TRUE, list, &n))
		return -1;
	for (i = 0; i < n; i++) {
		if (CK(m, C_GetSlotInfo, list[i], &si))
			return -1;
		unpad(desc, si.slotDescription, sizeof(si.slotDescription));
		if (match == NULL || strstr(desc, match) != NULL) {
			*out = list[i];
			return 0;
		}
	}
	for (i = 0; i < n; i++) {
		if (m->f->C_GetTokenInfo(list[i], &ti) != CKR_OK)
			continue;
		unpad(label, ti.label, sizeof(ti.label));
		if (strstr(label, match) != NULL) {
			*out = list[i];
			return 0;
		}
	}
	fprintf(stderr, "p11bench: no token in a slot matching '%s'\n",
	    match != NULL ? match : "");
	return -1;
}

static int
login(struct p11 *m, CK_SESSION_HANDLE s, CK_USER_TYPE who, const char *pin)
{
	CK_RV rv;

	rv = m->f->C_Login(s, who, (CK_UTF8CHAR_PTR)(uintptr_t)pin,
	    (CK_ULONG)strlen(pin));
	if (rv == CKR_USER_ALREADY_LOGGED_IN)
		rv = CKR_OK;
	return ck("C_Login", rv);
}

static int
open_session(struct p11 *m, CK_SLOT_ID slot, const char *pin,
    CK_SESSION_HANDLE *s)
{
	if (CK(m, C_OpenSession, slot, CKF_SERIAL_SESSION, NULL, NULL, s))
		return -1;
	return pin != NULL ? login(m, *s, CKU_USER, pin) : 0;
}

/* The one object of class cls with CKA_ID id. */
static int
find_obj(struct p11 *m, CK_SESSION_HANDLE s, CK_OBJECT_CLASS cls,
    const uint8_t *id, size_t idlen, CK_OBJECT_HANDLE *h)
{
	CK_ATTRIBUTE t[2] = {
		{ CKA_CLASS, &cls, sizeof(cls) },
		{ CKA_ID, (void *)(uintptr_t)id, (CK_ULONG)idlen },
	};
	CK_ULONG got = 0;
	int r;

	if (CK(m, C_FindObjectsInit, s, t, 2))
		return -1;
	r = CK(m, C_FindObjects, s, h, 1, &got);
	if (CK(m, C_FindObjectsFinal, s) || r != 0)
		return -1;
	return got == 1 ? 0 : -1;
}

/* The public key of id from its public key object; 0 on success. */
static int
read_pub(struct p11 *m, CK_SESSION_HANDLE s, const uint8_t *id,
    size_t idlen, int alg, bench_pub *pk)
{
	uint8_t a[600], b[16];
	CK_OBJECT_HANDLE h;
	CK_ATTRIBUTE t[2] = {
		{ CKA_EC_POINT, a, sizeof(a) },
		{ CKA_PUBLIC_EXPONENT, b, sizeof(b) },
	};

	if (find_obj(m, s, CKO_PUBLIC_KEY, id, idlen, &h) != 0)
		return -1;
	if (bench_alg_is_ec(alg)) {
		if (m->f->C_GetAttributeValue(s, h, t, 1) != CKR_OK)
			return -1;
		return bench_pub_ec(pk, alg, a, t[0].ulValueLen);
	}
	t[0].type = CKA_MODULUS;
	if (m->f->C_GetAttributeValue(s, h, t, 2) != CKR_OK)
		return -1;
	return bench_pub_rsa(pk, a, t[0].ulValueLen, b, t[1].ulValueLen);
}

static void
mechanism(int alg, CK_MECHANISM *mech, CK_RSA_PKCS_PSS_PARAMS *pss)
{
	memset(mech, 0, sizeof(*mech));
	switch (alg) {
	case ALG_RSA_PKCS:
		mech->mechanism = CKM_RSA_PKCS;
		break;
	case ALG_RSA_PSS:
		pss->hashAlg = CKM_SHA256;
		pss->mgf = CKG_MGF1_SHA256;
		pss->sLen = 32;
		mech->mechanism = CKM_RSA_PKCS_PSS;
		mech->pParameter = pss;
		mech->ulParameterLen = sizeof(*pss);
		break;
	default:
		mech->mechanism = CKM_ECDSA;
		break;
	}
}

/* C_SignInit, the context login for PIN-always keys, C_Sign. */
static int
sign_raw(struct p11 *m, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE key,
    int always, const char *pin, int alg, const uint8_t *in, size_t inlen,
    uint8_t *sig, size_t *siglen)
{
	CK_RSA_PKCS_PSS_PARAMS pss;
	CK_MECHANISM mech;
	CK_ULONG len = BENCH_SIG_MAX;

	mechanism(alg, &mech, &pss);
	if (CK(m, C_SignInit, s, &mech, key))
		return -1;
	if (always && login(m, s, CKU_CONTEXT_SPECIFIC, pin) != 0)
		return -1;
	if (CK(m, C_Sign, s, (CK_BYTE_PTR)(uintptr_t)in, (CK_ULONG)inlen, sig,
	    &len))
		return -1;
	*siglen = len;
	return 0;
}

/* Session, login, the private key of o->id and its public key. */
static int
signer_open(struct signer *g, struct p11 *m, const struct opts *o,
    CK_SLOT_ID slot)
{
	CK_BBOOL always = CK_FALSE;
	CK_ATTRIBUTE t = { CKA_ALWAYS_AUTHENTICATE, &always, sizeof(always) };

	memset(g, 0, sizeof(*g));
	g->m = m;
	g->o = o;
	if (open_session(m, slot, o->pin, &g->s) != 0)
		return -1;
	if (find_obj(m, g->s, CKO_PRIVATE_KEY, o->id, o->idlen, &g->key) != 0) {
		fprintf(stderr, "p11bench: no private key with that CKA_ID\n");
		return -1;
	}
	if (m->f->C_GetAttributeValue(g->s, g->key, &t, 1) == CKR_OK)
		g->always = always == CK_TRUE;
	g->have_pub = read_pub(m, g->s, o->id, o->idlen, o->alg, &g->pub) == 0;
	return 0;
}

/* Sign the input of iteration i; *ok tells whether it verified (-1: not
 * checked).  0 on success. */
static int
signer_sign(struct signer *g, uint64_t i, int check, int *ok)
{
	uint8_t hash[BENCH_HASH_MAX], in[BENCH_IN_MAX], sig[BENCH_SIG_MAX];
	size_t inlen = bench_input(g->o->alg, i, hash, in), siglen = 0;

	if (sign_raw(g->m, g->s, g->key, g->always, g->o->pin, g->o->alg, in,
	    inlen, sig, &siglen) != 0)
		return -1;
	if (ok != NULL)
		*ok = check && g->have_pub ? bench_verify(&g->pub, g->o->alg,
		    hash, sig, siglen) : -1;
	return 0;
}

/* Timed: only the signature, the input is made before the clock runs. */
static int
signer_sign_timed(struct signer *g, uint64_t i, double *us)
{
	uint8_t hash[BENCH_HASH_MAX], in[BENCH_IN_MAX], sig[BENCH_SIG_MAX];
	size_t inlen = bench_input(g->o->alg, i, hash, in), siglen = 0;
	double t0 = bench_now_us();

	if (sign_raw(g->m, g->s, g->key, g->always, g->o->pin, g->o->alg, in,
	    inlen, sig, &siglen) != 0)
		return -1;
	*us = bench_now_us() - t0;
	return 0;
}

static const char *
verdict(int ok)
{
	return ok > 0 ? "yes" : ok == 0 ? "NO" : "unchecked";
}

static int
warm_up(struct signer *g, long warm, int *ok)
{
	long i;

	for (i = 0; i < warm; i++)
		if (signer_sign(g, (uint64_t)i, i == 0, i == 0 ? ok : NULL) != 0)
			return -1;
	return 0;
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
	    bench_cpu_watch(&cpu, o->watch) != 0 || p11_load(&m, o->module) ||
	    p11_init(&m) || find_slot(&m, o->slot[0], &slot) ||
	    signer_open(&g, &m, o, slot) || warm_up(&g, o->warm, &ok_first))
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
	if (signer_sign(&g, (uint64_t)(o->warm + o->n), 1, &ok_last) != 0)
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
	if (p11_load(&m, o->module))
		return -1;
	t[1] = bench_now_us();
	if (p11_init(&m))
		return -1;
	t[2] = bench_now_us();
	if (find_slot(&m, o->slot[0], &slot) ||
	    CK(&m, C_OpenSession, slot, CKF_SERIAL_SESSION, NULL, NULL, &s))
		return -1;
	t[3] = bench_now_us();
	if (login(&m, s, CKU_USER, o->pin))
		return -1;
	t[4] = bench_now_us();
	if (find_obj(&m, s, CKO_PRIVATE_KEY, o->id, o->idlen, &key))
		return -1;
	(void)m.f->C_GetAttributeValue(s, key, &at, 1);
	t[5] = bench_now_us();
	if (sign_raw(&m, s, key, always == CK_TRUE, o->pin, o->alg, in, inlen,
	    sig, &siglen))
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
	if (find_obj(m, s, CKO_PRIVATE_KEY, id, idlen, &key) != 0)
		return -1;
	(void)m->f->C_GetAttributeValue(s, key, t, 2);
	alg = kt == CKK_RSA ? ALG_RSA_PKCS : ALG_P256;
	inlen = bench_input(alg, 7, hash, in);
	*before = apdus(path);
	if (sign_raw(m, s, key, always == CK_TRUE, pin, alg, in, inlen, sig,
	    &siglen) != 0)
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
	if (p11_load(&m, o->module) || p11_init(&m) ||
	    CK(&m, C_GetSlotList, CK_TRUE, NULL, &n) ||
	    (n = SLOTS_MAX, CK(&m, C_GetSlotList, CK_TRUE, list, &n)) ||
	    find_slot(&m, o->slot[0], &slot))
		return -1;
	MARK();                                         /* 1 */
	if (CK(&m, C_GetTokenInfo, slot, &ti))
		return -1;
	MARK();                                         /* 2 */
	if (CK(&m, C_OpenSession, slot, CKF_SERIAL_SESSION, NULL, NULL, &s))
		return -1;
	MARK();                                         /* 3 */
	if (login(&m, s, CKU_USER, o->pin))
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

/* --------------------------------------------------------------- scale */

struct proc_result {
	double us;
	long n;
	int ok;
};

/* One child of mode_scale: its own module instance, ready, then go;
 * child k signs on the card of slot[k % nslot]. */
static void
scale_child(const struct opts *o, long k, long n, int ready, int go, int res)
{
	struct proc_result pr = { 0, n, 0 };
	struct p11 m;
	struct signer g;
	CK_SLOT_ID slot;
	double t0;
	int ok = -1;
	char b = 'r';
	long i;

	if (p11_load(&m, o->module) == 0 && p11_init(&m) == 0 &&
	    find_slot(&m, o->slot[o->nslot > 0 ? k % o->nslot : 0], &slot) ==
	    0 && signer_open(&g, &m, o, slot) == 0 &&
	    warm_up(&g, o->warm, &ok) == 0)
		pr.ok = ok != 0;
	if (write(ready, &b, 1) != 1 || read(go, &b, 1) != 1)
		_exit(1);
	t0 = bench_now_us();
	for (i = 0; pr.ok && i < n; i++)
		if (signer_sign(&g, (uint64_t)(getpid() * 100000L + i), 0,
		    NULL) != 0)
			pr.ok = 0;
	pr.us = bench_now_us() - t0;
	/* One more, checked: concurrent processes got their own answers. */
	if (pr.ok && (signer_sign(&g, (uint64_t)getpid(), 1, &ok) != 0 ||
	    ok == 0))
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

static int
mode_scale(const struct opts *o)
{
	int ready[2], go[2], res[2], st, failed = 0;
	struct proc_result pr;
	double minr = 1e18, maxr = 0, rate, t0, wall;
	long per = o->n / o->procs, i, total = 0;
	bench_cpu cpu;
	char b;

	if (per < 1 || bench_cpu_watch(&cpu, o->watch) != 0 || pipe(ready) ||
	    pipe(go) || pipe(res))
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
			scale_child(o, i, per, ready[1], go[0], res[1]);
		}
	}
	close(ready[1]);
	close(go[0]);
	close(res[1]);
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
	printf("@scale label=%s alg=%s procs=%ld cards=%d n=%ld ops=%.1f "
	    "proc_min_ops=%.1f proc_max_ops=%.1f", o->label,
	    bench_alg_name(o->alg), o->procs, o->nslot > 1 ? o->nslot : 1,
	    total, (double)total * 1e6 / wall, minr, maxr);
	bench_cpu_print(&cpu);
	printf("\n");
	return 0;
}

/* --------------------------------------------------------------- cards */

struct card_thread {
	const struct opts *o;
	struct p11 *m;
	pthread_barrier_t *bar;
	CK_SLOT_ID slot;
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

	c->ok = signer_open(&g, c->m, c->o, c->slot) == 0 &&
	    warm_up(&g, c->o->warm, &ok) == 0 && ok != 0;
	pthread_barrier_wait(c->bar);
	c->t0 = bench_now_us();
	for (i = 0; c->ok && i < c->n; i++)
		if (signer_sign(&g, (uint64_t)i, 0, NULL) != 0)
			c->ok = 0;
	c->t1 = bench_now_us();
	if (c->ok && (signer_sign(&g, (uint64_t)c->n, 1, &ok) != 0 || ok == 0))
		c->ok = 0;
	if (c->ok)
		c->m->f->C_CloseSession(g.s);
	return NULL;
}

/* One process, one thread per card, each signing on its own card. */
static int
mode_cards(const struct opts *o)
{
	struct card_thread c[CARDS_MAX];
	pthread_t th[CARDS_MAX];
	pthread_barrier_t bar;
	struct p11 m;
	bench_cpu cpu;
	double t0 = 1e300, t1 = 0;
	int i, ok = 1;

	if (bench_cpu_watch(&cpu, o->watch) != 0 || p11_load(&m, o->module) ||
	    p11_init(&m))
		return -1;
	pthread_barrier_init(&bar, NULL, (unsigned)o->nslot + 1);
	for (i = 0; i < o->nslot; i++) {
		memset(&c[i], 0, sizeof(c[i]));
		c[i].o = o;
		c[i].m = &m;
		c[i].bar = &bar;
		c[i].n = o->n;
		if (find_slot(&m, o->slot[i], &c[i].slot) != 0)
			return -1;
		pthread_create(&th[i], NULL, card_thread, &c[i]);
	}
	pthread_barrier_wait(&bar);
	bench_cpu_start(&cpu);
	for (i = 0; i < o->nslot; i++)
		pthread_join(th[i], NULL);
	bench_cpu_stop(&cpu);
	for (i = 0; i < o->nslot; i++) {
		ok &= c[i].ok;
		t0 = c[i].t0 < t0 ? c[i].t0 : t0;
		t1 = c[i].t1 > t1 ? c[i].t1 : t1;
	}
	if (!ok) {
		fprintf(stderr, "p11bench: a card thread failed\n");
		return -1;
	}
	printf("@cards label=%s alg=%s cards=%d n=%ld ops=%.1f", o->label,
	    bench_alg_name(o->alg), o->nslot, o->n * o->nslot,
	    (double)(o->n * o->nslot) * 1e6 / (t1 - t0));
	for (i = 0; i < o->nslot; i++)
		printf(" card%d_ops=%.1f", i,
		    (double)o->n * 1e6 / (c[i].t1 - c[i].t0));
	bench_cpu_print(&cpu);
	printf("\n");
	m.f->C_Finalize(NULL);
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

	if (p11_load(&m, o->module) || p11_init(&m) ||
	    find_slot(&m, o->slot[0], &slot) || signer_open(&g, &m, o, slot))
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
	while ((c = getopt(argc, argv, "m:s:p:L:i:a:n:w:o:W:k:c:A:C:R:P:")) !=
	    -1) {
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
		default: usage();
		}
	}
	if (o.module == NULL || o.n < 1 || o.warm < 1 || o.procs < 1)
		usage();
	if (strcmp(o.mode, "sign") == 0 && o.idlen > 0)
		r = mode_sign(&o);
	else if (strcmp(o.mode, "cold") == 0 && o.idlen > 0)
		r = mode_cold(&o);
	else if (strcmp(o.mode, "apdus") == 0 && o.countfile != NULL)
		r = mode_apdus(&o);
	else if (strcmp(o.mode, "scale") == 0 && o.idlen > 0)
		r = mode_scale(&o);
	else if (strcmp(o.mode, "cards") == 0 && o.idlen > 0 && o.nslot > 0)
		r = mode_cards(&o);
	else if (strcmp(o.mode, "pub") == 0 && o.idlen > 0)
		r = mode_pub(&o);
	else
		usage();
	if (r != 0)
		fprintf(stderr, "p11bench %s (%s): failed\n", o.mode, o.label);
	return r == 0 ? 0 : 1;
}
