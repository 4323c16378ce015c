/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * p11bench's way to a PKCS#11 module: load and initialize it, find the
 * slot and the key, log in, sign; the same calls for every module and
 * every mode, so that the modes measure the modules alike.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "bench/p11bench.h"

int
p11bench_ck(const char *what, CK_RV rv)
{
	if (rv == CKR_OK)
		return 0;
	fprintf(stderr, "p11bench: %s: CKR 0x%lx\n", what, (unsigned long)rv);
	return -1;
}

int
p11bench_load(struct p11 *m, const char *path)
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
	return p11bench_ck("C_GetFunctionList", get(&m->f));
}

int
p11bench_init(struct p11 *m)
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
int
p11bench_find_slot(struct p11 *m, const char *match, CK_SLOT_ID *out)
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

int
p11bench_login(struct p11 *m, CK_SESSION_HANDLE s, CK_USER_TYPE who,
    const char *pin)
{
	CK_RV rv;

	rv = m->f->C_Login(s, who, (CK_UTF8CHAR_PTR)(uintptr_t)pin,
	    (CK_ULONG)strlen(pin));
	if (rv == CKR_USER_ALREADY_LOGGED_IN)
		rv = CKR_OK;
	return p11bench_ck("C_Login", rv);
}

static int
open_session(struct p11 *m, CK_SLOT_ID slot, const char *pin,
    CK_SESSION_HANDLE *s)
{
	if (CK(m, C_OpenSession, slot, CKF_SERIAL_SESSION, NULL, NULL, s))
		return -1;
	return pin != NULL ? p11bench_login(m, *s, CKU_USER, pin) : 0;
}

/* The one object of class cls with CKA_ID id. */
int
p11bench_find_obj(struct p11 *m, CK_SESSION_HANDLE s, CK_OBJECT_CLASS cls,
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

	if (p11bench_find_obj(m, s, CKO_PUBLIC_KEY, id, idlen, &h) != 0)
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
int
p11bench_sign_raw(struct p11 *m, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE key,
    int always, const char *pin, int alg, const uint8_t *in, size_t inlen,
    uint8_t *sig, size_t *siglen)
{
	CK_RSA_PKCS_PSS_PARAMS pss;
	CK_MECHANISM mech;
	CK_ULONG len = BENCH_SIG_MAX;

	mechanism(alg, &mech, &pss);
	if (CK(m, C_SignInit, s, &mech, key))
		return -1;
	if (always && p11bench_login(m, s, CKU_CONTEXT_SPECIFIC, pin) != 0)
		return -1;
	if (CK(m, C_Sign, s, (CK_BYTE_PTR)(uintptr_t)in, (CK_ULONG)inlen, sig,
	    &len))
		return -1;
	*siglen = len;
	return 0;
}

/* Session, login, the private key of o->id and its public key. */
int
p11bench_signer_open(struct signer *g, struct p11 *m, const struct opts *o,
    CK_SLOT_ID slot)
{
	CK_BBOOL always = CK_FALSE;
	CK_ATTRIBUTE t = { CKA_ALWAYS_AUTHENTICATE, &always, sizeof(always) };

	memset(g, 0, sizeof(*g));
	g->m = m;
	g->o = o;
	if (open_session(m, slot, o->pin, &g->s) != 0)
		return -1;
	if (p11bench_find_obj(m, g->s, CKO_PRIVATE_KEY, o->id, o->idlen,
	    &g->key) != 0) {
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
int
p11bench_signer_sign(struct signer *g, uint64_t i, int check, int *ok)
{
	uint8_t hash[BENCH_HASH_MAX], in[BENCH_IN_MAX], sig[BENCH_SIG_MAX];
	size_t inlen = bench_input(g->o->alg, i, hash, in), siglen = 0;

	if (p11bench_sign_raw(g->m, g->s, g->key, g->always, g->o->pin,
	    g->o->alg, in, inlen, sig, &siglen) != 0)
		return -1;
	if (ok != NULL)
		*ok = check && g->have_pub ? bench_verify(&g->pub, g->o->alg,
		    hash, sig, siglen) : -1;
	return 0;
}

int
p11bench_warm_up(struct signer *g, long warm, int *ok)
{
	long i;

	for (i = 0; i < warm; i++)
		if (p11bench_signer_sign(g, (uint64_t)i, i == 0,
		    i == 0 ? ok : NULL) != 0)
			return -1;
	return 0;
}
