/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The PKCS#11 stress programs' helpers: load a module as applications do
 * (dlopen, C_GetFunctionList), find the token, its keys and their public
 * halves, and verify signatures with BearSSL (ECDSA r||s, RSA PKCS#1
 * v1.5 with SHA-256).  Static inline: each program uses what it needs.
 */
#ifndef UIMKEY_STRESS_P11UTIL_H
#define UIMKEY_STRESS_P11UTIL_H

#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bearssl/bearssl_ec.h>
#include <bearssl/bearssl_hash.h>
#include <bearssl/bearssl_rsa.h>
#include <p11-kit/pkcs11.h>

static CK_FUNCTION_LIST_PTR p11;
/* The step of the last p11_sign() (for diagnostics; per thread). */
static _Thread_local const char *p11_sign_step;

/* A token's key pair, found by CKA_ID. */
struct p11_key {
	CK_BYTE id;
	CK_OBJECT_HANDLE priv;
	CK_KEY_TYPE type;
	int always;                     /* CKA_ALWAYS_AUTHENTICATE */
	/* EC: curve and point; RSA: n and e */
	int curve;
	CK_BYTE point[200];
	size_t point_len;
	CK_BYTE n[600], e[8];
	size_t n_len, e_len;
};

static inline const char *
p11_rv_name(CK_RV rv)
{
	switch (rv) {
	case CKR_OK: return "CKR_OK";
	case CKR_GENERAL_ERROR: return "CKR_GENERAL_ERROR";
	case CKR_DEVICE_ERROR: return "CKR_DEVICE_ERROR";
	case CKR_DEVICE_REMOVED: return "CKR_DEVICE_REMOVED";
	case CKR_SESSION_HANDLE_INVALID: return "CKR_SESSION_HANDLE_INVALID";
	case CKR_SESSION_CLOSED: return "CKR_SESSION_CLOSED";
	case CKR_TOKEN_NOT_PRESENT: return "CKR_TOKEN_NOT_PRESENT";
	case CKR_SLOT_ID_INVALID: return "CKR_SLOT_ID_INVALID";
	case CKR_USER_NOT_LOGGED_IN: return "CKR_USER_NOT_LOGGED_IN";
	case CKR_USER_ALREADY_LOGGED_IN: return "CKR_USER_ALREADY_LOGGED_IN";
	case CKR_KEY_HANDLE_INVALID: return "CKR_KEY_HANDLE_INVALID";
	case CKR_OBJECT_HANDLE_INVALID: return "CKR_OBJECT_HANDLE_INVALID";
	case CKR_OPERATION_NOT_INITIALIZED:
		return "CKR_OPERATION_NOT_INITIALIZED";
	case CKR_OPERATION_ACTIVE: return "CKR_OPERATION_ACTIVE";
	case CKR_PIN_INCORRECT: return "CKR_PIN_INCORRECT";
	case CKR_DATA_INVALID: return "CKR_DATA_INVALID";
	case CKR_DATA_LEN_RANGE: return "CKR_DATA_LEN_RANGE";
	case CKR_FUNCTION_REJECTED: return "CKR_FUNCTION_REJECTED";
	case CKR_FUNCTION_FAILED: return "CKR_FUNCTION_FAILED";
	case CKR_CRYPTOKI_NOT_INITIALIZED:
		return "CKR_CRYPTOKI_NOT_INITIALIZED";
	default: return "(other)";
	}
}

/* dlopen the module and take its function list; 0 or -1 (printed). */
static inline int
p11_load(const char *path)
{
	CK_RV (*get)(CK_FUNCTION_LIST_PTR_PTR);
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);

	if (h == NULL) {
		printf("# dlopen %s: %s\n", path, dlerror());
		return -1;
	}
	*(void **)(&get) = dlsym(h, "C_GetFunctionList");
	if (get == NULL || get(&p11) != CKR_OK) {
		printf("# %s: no C_GetFunctionList\n", path);
		return -1;
	}
	return 0;
}

/* C_Initialize with OS locking (threads) or none (one thread). */
static inline CK_RV
p11_init(int threads)
{
	CK_C_INITIALIZE_ARGS a;

	memset(&a, 0, sizeof(a));
	a.flags = CKF_OS_LOCKING_OK;
	return p11->C_Initialize(threads ? &a : NULL);
}

/* The application's mutex functions, counted, for a module initialised
 * without OS locking: every mutex it makes must be destroyed. */
struct p11_app_locks {
	atomic_int creates, destroys, locks, unlocks;
};

static inline struct p11_app_locks *
p11_app_locks(void)
{
	static struct p11_app_locks counts;

	return &counts;
}

static inline CK_RV
p11_app_create(void **mutexp)
{
	pthread_mutex_t *m;

	if ((m = malloc(sizeof(*m))) == NULL)
		return CKR_HOST_MEMORY;
	pthread_mutex_init(m, NULL);
	atomic_fetch_add(&p11_app_locks()->creates, 1);
	*mutexp = m;
	return CKR_OK;
}

static inline CK_RV
p11_app_destroy(void *mutex)
{
	pthread_mutex_destroy(mutex);
	free(mutex);
	atomic_fetch_add(&p11_app_locks()->destroys, 1);
	return CKR_OK;
}

static inline CK_RV
p11_app_lock(void *mutex)
{
	pthread_mutex_lock(mutex);
	atomic_fetch_add(&p11_app_locks()->locks, 1);
	return CKR_OK;
}

static inline CK_RV
p11_app_unlock(void *mutex)
{
	atomic_fetch_add(&p11_app_locks()->unlocks, 1);
	pthread_mutex_unlock(mutex);
	return CKR_OK;
}

/* C_Initialize with the counted mutex functions and no OS locking. */
static inline CK_RV
p11_init_app_locks(void)
{
	CK_C_INITIALIZE_ARGS a;

	memset(&a, 0, sizeof(a));
	a.CreateMutex = p11_app_create;
	a.DestroyMutex = p11_app_destroy;
	a.LockMutex = p11_app_lock;
	a.UnlockMutex = p11_app_unlock;
	return p11->C_Initialize(&a);
}

/* 1 when the slot is the reader of that whole name: its description is
 * the name padded with blanks (cut at the field's end when longer).  A
 * part of a name is no match, as it could be another reader (vpcd gives
 * each card two, "... 00 00" and "... 00 01"). */
static inline int
p11_slot_named(const CK_SLOT_INFO *si, const char *reader)
{
	size_t len = sizeof(si->slotDescription), n = strlen(reader), i;

	if (n > len)
		n = len;
	if (memcmp(si->slotDescription, reader, n) != 0)
		return 0;
	for (i = n; i < len; i++)
		if (si->slotDescription[i] != ' ')
			return 0;
	return 1;
}

/* The first slot with a token in the reader of that name (NULL: any).
 * CKR_OK and *slot, or an error. */
static inline CK_RV
p11_find_slot(const char *reader, CK_SLOT_ID *slot)
{
	CK_SLOT_ID ids[16];
	CK_SLOT_INFO si;
	CK_ULONG n = 16, i;
	CK_RV rv;

	if ((rv = p11->C_GetSlotList(CK_TRUE, ids, &n)) != CKR_OK)
		return rv;
	for (i = 0; i < n; i++) {
		if (p11->C_GetSlotInfo(ids[i], &si) != CKR_OK)
			continue;
		if (reader == NULL || p11_slot_named(&si, reader)) {
			*slot = ids[i];
			return CKR_OK;
		}
	}
	return CKR_TOKEN_NOT_PRESENT;
}

static inline CK_RV
p11_find(CK_SESSION_HANDLE s, CK_OBJECT_CLASS cls, CK_BYTE id,
    CK_OBJECT_HANDLE *h)
{
	CK_ATTRIBUTE t[] = {
		{ CKA_CLASS, &cls, sizeof(cls) },
		{ CKA_ID, &id, 1 },
	};
	CK_ULONG n = 0;
	CK_RV rv;

	if ((rv = p11->C_FindObjectsInit(s, t, 2)) != CKR_OK)
		return rv;
	rv = p11->C_FindObjects(s, h, 1, &n);
	(void)p11->C_FindObjectsFinal(s);
	if (rv == CKR_OK && n != 1)
		rv = CKR_OBJECT_HANDLE_INVALID;
	return rv;
}

/* How many objects of class cls the session sees. */
static inline CK_RV
p11_count(CK_SESSION_HANDLE s, CK_OBJECT_CLASS cls, CK_ULONG *count)
{
	CK_ATTRIBUTE t[] = { { CKA_CLASS, &cls, sizeof(cls) } };
	CK_OBJECT_HANDLE h[64];
	CK_ULONG n = 0;
	CK_RV rv;

	*count = 0;
	if ((rv = p11->C_FindObjectsInit(s, t, 1)) != CKR_OK)
		return rv;
	do {
		rv = p11->C_FindObjects(s, h, 64, &n);
		*count += n;
	} while (rv == CKR_OK && n == 64);
	(void)p11->C_FindObjectsFinal(s);
	return rv;
}

/* The private key of CKA_ID id (after login) and its public half. */
static inline CK_RV
p11_key_load(CK_SESSION_HANDLE s, CK_BYTE id, struct p11_key *k)
{
	static const CK_BYTE p256[] = { 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE,
	    0x3D, 0x03, 0x01, 0x07 };
	static const CK_BYTE p384[] = { 0x06, 0x05, 0x2B, 0x81, 0x04, 0x00,
	    0x22 };
	CK_OBJECT_HANDLE pub;
	CK_BBOOL always = CK_FALSE;
	CK_BYTE params[32], point[200];
	CK_ATTRIBUTE ta[] = {
		{ CKA_KEY_TYPE, &k->type, sizeof(k->type) },
		{ CKA_ALWAYS_AUTHENTICATE, &always, sizeof(always) },
	};
	CK_ATTRIBUTE te[] = {
		{ CKA_EC_PARAMS, params, sizeof(params) },
		{ CKA_EC_POINT, point, sizeof(point) },
	};
	CK_ATTRIBUTE tr[] = {
		{ CKA_MODULUS, k->n, sizeof(k->n) },
		{ CKA_PUBLIC_EXPONENT, k->e, sizeof(k->e) },
	};
	CK_RV rv;

	memset(k, 0, sizeof(*k));
	k->id = id;
	if ((rv = p11_find(s, CKO_PRIVATE_KEY, id, &k->priv)) != CKR_OK ||
	    (rv = p11->C_GetAttributeValue(s, k->priv, ta, 2)) != CKR_OK ||
	    (rv = p11_find(s, CKO_PUBLIC_KEY, id, &pub)) != CKR_OK)
		return rv;
	k->always = always == CK_TRUE;
	if (k->type == CKK_EC) {
		if ((rv = p11->C_GetAttributeValue(s, pub, te, 2)) != CKR_OK)
			return rv;
		if (te[0].ulValueLen == sizeof(p256) &&
		    memcmp(params, p256, sizeof(p256)) == 0)
			k->curve = BR_EC_secp256r1;
		else if (te[0].ulValueLen == sizeof(p384) &&
		    memcmp(params, p384, sizeof(p384)) == 0)
			k->curve = BR_EC_secp384r1;
		else
			return CKR_GENERAL_ERROR;
		/* DER OCTET STRING { 04 X Y } */
		if (te[1].ulValueLen < 3 || point[0] != 0x04 ||
		    point[1] + 2u != te[1].ulValueLen)
			return CKR_GENERAL_ERROR;
		k->point_len = point[1];
		memcpy(k->point, point + 2, k->point_len);
		return CKR_OK;
	}
	if ((rv = p11->C_GetAttributeValue(s, pub, tr, 2)) != CKR_OK)
		return rv;
	k->n_len = tr[0].ulValueLen;
	k->e_len = tr[1].ulValueLen;
	return CKR_OK;
}

static inline CK_MECHANISM_TYPE
p11_key_mech(const struct p11_key *k)
{
	return k->type == CKK_EC ? CKM_ECDSA_SHA256 : CKM_SHA256_RSA_PKCS;
}

/* 1 when sig is the key's signature of data (SHA-256). */
static inline int
p11_key_verify(const struct p11_key *k, const CK_BYTE *data, size_t len,
    const CK_BYTE *sig, size_t sig_len)
{
	br_sha256_context c;
	uint8_t hash[32], out[32];
	br_ec_public_key ec;
	br_rsa_public_key rsa;

	br_sha256_init(&c);
	br_sha256_update(&c, data, len);
	br_sha256_out(&c, hash);
	if (k->type == CKK_EC) {
		ec.curve = k->curve;
		ec.q = (unsigned char *)(uintptr_t)k->point;
		ec.qlen = k->point_len;
		return br_ecdsa_i31_vrfy_raw(br_ec_get_default(), hash, 32,
		    &ec, sig, sig_len) == 1;
	}
	rsa.n = (unsigned char *)(uintptr_t)k->n;
	rsa.nlen = k->n_len;
	rsa.e = (unsigned char *)(uintptr_t)k->e;
	rsa.elen = k->e_len;
	return br_rsa_i31_pkcs1_vrfy(sig, sig_len, BR_HASH_OID_SHA256, 32,
	    &rsa, out) == 1 && memcmp(out, hash, 32) == 0;
}

/* One signature: C_SignInit, the PIN again for a key of PIN policy
 * "always", C_Sign. */
static inline CK_RV
p11_sign(CK_SESSION_HANDLE s, const struct p11_key *k, const char *pin,
    const CK_BYTE *data, size_t len, CK_BYTE *sig, CK_ULONG *sig_len)
{
	CK_MECHANISM m = { p11_key_mech(k), NULL, 0 };
	CK_RV rv;

	p11_sign_step = "C_SignInit";
	if ((rv = p11->C_SignInit(s, &m, k->priv)) != CKR_OK)
		return rv;
	p11_sign_step = "C_Login(CKU_CONTEXT_SPECIFIC)";
	if (k->always && (rv = p11->C_Login(s, CKU_CONTEXT_SPECIFIC,
	    (CK_UTF8CHAR_PTR)(uintptr_t)pin, strlen(pin))) != CKR_OK) {
		CK_BYTE junk[600];
		CK_ULONG jl = sizeof(junk);

		/* End the operation (it fails without the login). */
		(void)p11->C_Sign(s, (CK_BYTE_PTR)(uintptr_t)data, len, junk,
		    &jl);
		return rv;
	}
	p11_sign_step = "C_Sign";
	return p11->C_Sign(s, (CK_BYTE_PTR)(uintptr_t)data, len, sig,
	    sig_len);
}

#endif
