/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_p11_template: the PKCS#11 module's handling of what applications
 * pass it: attribute templates (C_FindObjectsInit, C_GetAttributeValue,
 * C_CreateObject, C_GenerateKeyPair, C_SetAttributeValue, C_CopyObject,
 * C_DeriveKey, C_GenerateKey, C_UnwrapKey), mechanisms and their
 * parameters, object handles.
 *
 * The module is linked in whole, its context given the fuzz transport
 * (-Wl,--wrap=uimkey_ctx_open, fz_io.c) over the real card core in
 * process, restored before each input to a personalized card (keys in
 * 9A 9C 9D 9E 82 83 84, certificates, issuer key: fz_card.c).  No
 * change to pkcs11/ is needed.
 *
 * Input: byte 0: login (mod 4: none, user PIN 123456, SO with the
 * factory management key, SO with the PUK); then operations, each an op
 * byte and its arguments (templates as fz_p11.h reads them), until the
 * input ends.  Every buffer handed to the module has exactly the size
 * the call says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fz_card.h"
#include "fuzz/fz_io.h"
#include "fuzz/fz_p11.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HANDLES 64

static CK_FUNCTION_LIST_PTR f;
static CK_OBJECT_HANDLE handles[HANDLES];
static size_t nhandles;

static const CK_MECHANISM_TYPE mechs[] = {
	CKM_ECDSA, CKM_ECDSA_SHA1, CKM_ECDSA_SHA256, CKM_ECDSA_SHA384,
	CKM_ECDSA_SHA512, CKM_RSA_PKCS, CKM_RSA_X_509, CKM_RSA_PKCS_PSS,
	CKM_SHA256_RSA_PKCS, CKM_SHA384_RSA_PKCS_PSS, CKM_RSA_PKCS_OAEP,
	CKM_ECDH1_DERIVE, CKM_EC_KEY_PAIR_GEN, CKM_RSA_PKCS_KEY_PAIR_GEN,
	CKM_SHA256, CKM_SHA_1, CKM_AES_KEY_GEN, CKM_GENERIC_SECRET_KEY_GEN,
	CKM_SHA224_RSA_PKCS, CKM_SHA512_RSA_PKCS_PSS, CKM_ECDSA_SHA224,
};

static void
keep(CK_OBJECT_HANDLE h)
{
	if (h != CK_INVALID_HANDLE && nhandles < HANDLES)
		handles[nhandles++] = h;
}

static CK_OBJECT_HANDLE
handle(struct fz_in *in)
{
	uint8_t b = fz_u8(in);

	if (b & 0x80)
		return (CK_OBJECT_HANDLE)fz_u8(in) << 24 |
		    (CK_OBJECT_HANDLE)fz_u8(in) << 16 |
		    (CK_OBJECT_HANDLE)fz_u8(in) << 8 | fz_u8(in);
	return nhandles == 0 ? CK_INVALID_HANDLE : handles[b % nhandles];
}

/* Bytes from the input in a buffer of exactly their size. */
static void *
blob(struct fz_in *in, size_t n, size_t *got)
{
	const uint8_t *b = fz_bytes(in, n, got);
	void *p = malloc(*got);

	if (p == NULL && *got > 0)
		abort();
	if (*got > 0)
		memcpy(p, b, *got);
	return p;
}

/*
 * A mechanism: type byte (index, or FF and 4 raw bytes), param mode:
 * 0 none; 1 raw bytes (length byte); 2 PSS; 3 OAEP; 4 ECDH1.  Params and
 * their pointers live in *hold (freed by the caller).
 */
struct hold {
	void *p[3];
};

static void
mechanism(struct fz_in *in, CK_MECHANISM *m, struct hold *h)
{
	uint8_t t = fz_u8(in), pm = fz_u8(in);
	size_t got;

	memset(m, 0, sizeof(*m));
	memset(h, 0, sizeof(*h));
	if (t == 0xFF)
		m->mechanism = (CK_ULONG)fz_u8(in) << 8 | fz_u8(in);
	else
		m->mechanism = mechs[t % (sizeof(mechs) / sizeof(mechs[0]))];
	switch (pm % 5) {
	case 1:
		h->p[0] = blob(in, fz_u8(in), &got);
		m->pParameter = h->p[0];
		m->ulParameterLen = got;
		break;
	case 2: {
		CK_RSA_PKCS_PSS_PARAMS *pss = malloc(sizeof(*pss));
		if (pss == NULL)
			abort();
		pss->hashAlg = mechs[fz_u8(in) % 21];
		pss->mgf = fz_u8(in);
		pss->sLen = fz_u8(in);
		h->p[0] = pss;
		m->pParameter = pss;
		m->ulParameterLen = fz_u8(in) & 1 ? sizeof(*pss) : sizeof(*pss) - 1;
		break;
	}
	case 3: {
		CK_RSA_PKCS_OAEP_PARAMS *oaep = malloc(sizeof(*oaep));
		if (oaep == NULL)
			abort();
		oaep->hashAlg = mechs[fz_u8(in) % 21];
		oaep->mgf = fz_u8(in);
		oaep->source = fz_u8(in) & 1 ? CKZ_DATA_SPECIFIED : 0;
		h->p[1] = blob(in, fz_u8(in), &got);
		oaep->pSourceData = fz_u8(in) & 1 ? NULL : h->p[1];
		oaep->ulSourceDataLen = got;
		h->p[0] = oaep;
		m->pParameter = oaep;
		m->ulParameterLen = sizeof(*oaep);
		break;
	}
	case 4: {
		CK_ECDH1_DERIVE_PARAMS *e = malloc(sizeof(*e));
		if (e == NULL)
			abort();
		e->kdf = fz_u8(in) % 11;
		h->p[1] = blob(in, fz_u8(in), &got);
		e->pSharedData = h->p[1];
		e->ulSharedDataLen = got;
		h->p[2] = blob(in, fz_u8(in), &got);
		e->pPublicData = h->p[2];
		e->ulPublicDataLen = got;
		h->p[0] = e;
		m->pParameter = e;
		m->ulParameterLen = sizeof(*e);
		break;
	}
	default:
		break;
	}
}

static void
unhold(struct hold *h)
{
	free(h->p[0]);
	free(h->p[1]);
	free(h->p[2]);
}

static void
op(CK_SESSION_HANDLE s, struct fz_in *in)
{
	struct fz_tmpl t, t2;
	CK_MECHANISM m;
	struct hold hd;
	CK_OBJECT_HANDLE h, h2, found[8];
	CK_ULONG n, i, len;
	uint8_t o = fz_u8(in), *buf, *data;
	size_t got;

	switch (o % 14) {
	case 0:
		fz_tmpl_read(in, &t, 0);
		if (f->C_FindObjectsInit(s, t.a, t.n) == CKR_OK) {
			n = 0;
			(void)f->C_FindObjects(s, found, fz_u8(in) % 9, &n);
			for (i = 0; i < n && i < 8; i++)
				keep(found[i]);
			(void)f->C_FindObjectsFinal(s);
		}
		fz_tmpl_free(&t);
		break;
	case 1:
		h = handle(in);
		fz_tmpl_read(in, &t, 1);
		(void)f->C_GetAttributeValue(s, h, t.a, t.n);
		fz_tmpl_free(&t);
		break;
	case 2:
		fz_tmpl_read(in, &t, 0);
		h = CK_INVALID_HANDLE;
		if (f->C_CreateObject(s, t.a, t.n, &h) == CKR_OK)
			keep(h);
		fz_tmpl_free(&t);
		break;
	case 3:
		mechanism(in, &m, &hd);
		fz_tmpl_read(in, &t, 0);
		fz_tmpl_read(in, &t2, 0);
		h = h2 = CK_INVALID_HANDLE;
		if (f->C_GenerateKeyPair(s, &m, t.a, t.n, t2.a, t2.n, &h, &h2) ==
		    CKR_OK) {
			keep(h);
			keep(h2);
		}
		fz_tmpl_free(&t);
		fz_tmpl_free(&t2);
		unhold(&hd);
		break;
	case 4:
		h = handle(in);
		fz_tmpl_read(in, &t, 0);
		(void)f->C_SetAttributeValue(s, h, t.a, t.n);
		fz_tmpl_free(&t);
		break;
	case 5:
		h = handle(in);
		fz_tmpl_read(in, &t, 0);
		h2 = CK_INVALID_HANDLE;
		if (f->C_CopyObject(s, h, t.a, t.n, &h2) == CKR_OK)
			keep(h2);
		fz_tmpl_free(&t);
		break;
	case 6:
		(void)f->C_DestroyObject(s, handle(in));
		break;
	case 7:
		len = 0;
		(void)f->C_GetObjectSize(s, handle(in), &len);
		break;
	case 8:
		mechanism(in, &m, &hd);
		h = handle(in);
		fz_tmpl_read(in, &t, 0);
		h2 = CK_INVALID_HANDLE;
		if (f->C_DeriveKey(s, &m, h, t.a, t.n, &h2) == CKR_OK)
			keep(h2);
		fz_tmpl_free(&t);
		unhold(&hd);
		break;
	case 9:
	case 10:
	case 11:
		mechanism(in, &m, &hd);
		h = handle(in);
		data = blob(in, fz_u8(in) * 2, &got);
		len = fz_u8(in) * 3;
		buf = malloc(len);
		if (buf == NULL && len > 0)
			abort();
		if (o % 14 == 9 && f->C_SignInit(s, &m, h) == CKR_OK)
			(void)f->C_Sign(s, data, got, len ? buf : NULL, &len);
		else if (o % 14 == 10 && f->C_DecryptInit(s, &m, h) == CKR_OK)
			(void)f->C_Decrypt(s, data, got, len ? buf : NULL, &len);
		else if (o % 14 == 11 && f->C_VerifyInit(s, &m, h) == CKR_OK)
			(void)f->C_Verify(s, data, got / 2, data + got / 2,
			    got - got / 2);
		free(buf);
		free(data);
		unhold(&hd);
		break;
	case 12:
		mechanism(in, &m, &hd);
		fz_tmpl_read(in, &t, 0);
		h = CK_INVALID_HANDLE;
		if (f->C_GenerateKey(s, &m, t.a, t.n, &h) == CKR_OK)
			keep(h);
		fz_tmpl_free(&t);
		unhold(&hd);
		break;
	default:
		mechanism(in, &m, &hd);
		h = handle(in);
		data = blob(in, fz_u8(in), &got);
		fz_tmpl_read(in, &t, 0);
		h2 = CK_INVALID_HANDLE;
		if (f->C_UnwrapKey(s, &m, h, data, got, t.a, t.n, &h2) == CKR_OK)
			keep(h2);
		fz_tmpl_free(&t);
		free(data);
		unhold(&hd);
		break;
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (fz_setup() != 0 || C_GetFunctionList(&f) != CKR_OK) {
		fprintf(stderr, "fuzz_p11_template: setup failed\n");
		abort();
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static CK_UTF8CHAR pin[] = "123456", puk[] = "12345678";
	static CK_UTF8CHAR so[] =
	    "010203040506070801020304050607080102030405060708";
	struct fz_in in = { data, data + size };
	struct fz_io io;
	CK_SLOT_ID slot;
	CK_ULONG n = 1;
	CK_SESSION_HANDLE s;
	int ops = 0;

	if (size < 1)
		return 0;
	fz_start(FZ_PERSO);
	fz_io_init(&io, 1);
	fz_io_wrap_all = &io;
	fz_random_next = 0x5A;
	nhandles = 0;
	if (f->C_Initialize(NULL) != CKR_OK)
		abort();
	if (f->C_GetSlotList(CK_TRUE, &slot, &n) != CKR_OK || n != 1 ||
	    f->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL,
	    NULL, &s) != CKR_OK) {
		fprintf(stderr, "fuzz_p11_template: no token\n");
		abort();
	}
	switch (fz_u8(&in) % 4) {
	case 1:
		(void)f->C_Login(s, CKU_USER, pin, 6);
		break;
	case 2:
		(void)f->C_Login(s, CKU_SO, so, 48);
		break;
	case 3:
		(void)f->C_Login(s, CKU_SO, puk, 8);
		break;
	default:
		break;
	}
	while (in.p < in.end && ops++ < 64)
		op(s, &in);
	(void)f->C_CloseSession(s);
	(void)f->C_Finalize(NULL);
	fz_io_wrap_all = NULL;
	return 0;
}
