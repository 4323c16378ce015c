/* SPDX-License-Identifier: BSD-2-Clause */
/* PKCS#11 helpers of the fuzz targets (fz_p11.h). */
#include <stdlib.h>
#include <string.h>

#include "fuzz/fz_p11.h"

uint8_t
fz_u8(struct fz_in *in)
{
	return in->p < in->end ? *in->p++ : 0;
}

const uint8_t *
fz_bytes(struct fz_in *in, size_t n, size_t *got)
{
	const uint8_t *b = in->p;

	if (n > (size_t)(in->end - in->p))
		n = (size_t)(in->end - in->p);
	in->p += n;
	*got = n;
	return b;
}

const CK_ATTRIBUTE_TYPE fz_attr_types[] = {
	CKA_CLASS, CKA_TOKEN, CKA_PRIVATE, CKA_LABEL, CKA_ID, CKA_KEY_TYPE,
	CKA_SUBJECT, CKA_ISSUER, CKA_SERIAL_NUMBER, CKA_VALUE,
	CKA_CERTIFICATE_TYPE, CKA_CERTIFICATE_CATEGORY, CKA_TRUSTED,
	CKA_MODULUS, CKA_MODULUS_BITS, CKA_PUBLIC_EXPONENT,
	CKA_PRIVATE_EXPONENT, CKA_PRIME_1, CKA_PRIME_2, CKA_EXPONENT_1,
	CKA_EXPONENT_2, CKA_COEFFICIENT, CKA_EC_PARAMS, CKA_EC_POINT,
	CKA_SENSITIVE, CKA_EXTRACTABLE, CKA_ALWAYS_SENSITIVE,
	CKA_NEVER_EXTRACTABLE, CKA_ALWAYS_AUTHENTICATE, CKA_LOCAL,
	CKA_KEY_GEN_MECHANISM, CKA_SIGN, CKA_SIGN_RECOVER, CKA_VERIFY,
	CKA_VERIFY_RECOVER, CKA_DECRYPT, CKA_ENCRYPT, CKA_DERIVE, CKA_WRAP,
	CKA_UNWRAP, CKA_WRAP_WITH_TRUSTED, CKA_MODIFIABLE, CKA_COPYABLE,
	CKA_DESTROYABLE, CKA_START_DATE, CKA_END_DATE, CKA_CHECK_VALUE,
	CKA_PUBLIC_KEY_INFO, CKA_URL, CKA_HASH_OF_SUBJECT_PUBLIC_KEY,
	CKA_HASH_OF_ISSUER_PUBLIC_KEY, CKA_JAVA_MIDP_SECURITY_DOMAIN,
	CKA_VALUE_LEN, CKA_APPLICATION, CKA_OBJECT_ID, CKA_ALLOWED_MECHANISMS,
	CKA_WRAP_TEMPLATE, CKA_UNWRAP_TEMPLATE, CKA_DERIVE_TEMPLATE,
	CKA_VENDOR_DEFINED,
};
const size_t fz_attr_count = sizeof(fz_attr_types) / sizeof(fz_attr_types[0]);

void
fz_tmpl_read(struct fz_in *in, struct fz_tmpl *t, int out)
{
	CK_ATTRIBUTE *a;
	uint8_t ty, mode, odd, *v;
	const uint8_t *src;
	size_t len, got, k;
	CK_ULONG raw;

	memset(t, 0, sizeof(*t));
	t->n = fz_u8(in) % (FZ_TMPL_MAX + 1);
	for (k = 0; k < t->n; k++) {
		a = &t->a[k];
		ty = fz_u8(in);
		odd = ty >> 7;
		ty &= 0x7F;
		if (ty < 0x7E) {
			a->type = fz_attr_types[ty % fz_attr_count];
		} else {
			raw = (CK_ULONG)fz_u8(in) << 24 | (CK_ULONG)fz_u8(in) << 16 |
			    (CK_ULONG)fz_u8(in) << 8 | fz_u8(in);
			a->type = raw | (ty == 0x7F ? CKF_ARRAY_ATTRIBUTE : 0);
		}
		mode = fz_u8(in);
		if (mode & 0x80) {
			a->pValue = NULL;
			a->ulValueLen = mode & 0x7F;
			continue;
		}
		if (mode & 0x40) {
			a->pValue = NULL;
			a->ulValueLen = CK_UNAVAILABLE_INFORMATION;
			continue;
		}
		len = mode & 0x3F;
		if (len == 0x3F)
			len = fz_u8(in);
		/* odd: the value at an odd address (a CK_ULONG may come
		 * unaligned from a byte array); either way the buffer ends
		 * where the value does. */
		if ((v = malloc(len + odd)) == NULL)
			abort();
		t->base[k] = v;
		v += odd;
		src = out ? NULL : fz_bytes(in, len, &got);
		memset(v, 0, len);
		if (src != NULL)
			memcpy(v, src, got);
		a->pValue = v;
		a->ulValueLen = len;
	}
}

void
fz_tmpl_free(struct fz_tmpl *t)
{
	CK_ULONG k;

	for (k = 0; k < t->n; k++)
		free(t->base[k]);
	memset(t, 0, sizeof(*t));
}

/* Read every attribute of h: sizes first, then values in buffers of
 * exactly the size the module gave. */
static void
read_all(CK_FUNCTION_LIST_PTR f, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h)
{
	CK_ATTRIBUTE a[64];
	size_t i, n = fz_attr_count < 64 ? fz_attr_count : 64;

	memset(a, 0, sizeof(a));
	for (i = 0; i < n; i++)
		a[i].type = fz_attr_types[i];
	(void)f->C_GetAttributeValue(s, h, a, n);
	for (i = 0; i < n; i++) {
		if (a[i].ulValueLen == CK_UNAVAILABLE_INFORMATION ||
		    a[i].ulValueLen > 65536) {
			a[i].ulValueLen = 0;
			a[i].pValue = NULL;
			continue;
		}
		a[i].pValue = malloc(a[i].ulValueLen ? a[i].ulValueLen : 1);
	}
	(void)f->C_GetAttributeValue(s, h, a, n);
	for (i = 0; i < n; i++)
		free(a[i].pValue);
}

void
fz_p11_tour(uint8_t flags)
{
	static CK_BYTE pin[] = "123456";
	static CK_BYTE hash[32] = { 1, 2, 3 };
	CK_FUNCTION_LIST_PTR f;
	CK_SLOT_ID slots[8];
	CK_ULONG n = 8, k, got;
	CK_TOKEN_INFO ti;
	CK_SESSION_HANDLE s;
	CK_OBJECT_HANDLE h[64];
	CK_MECHANISM mech = { CKM_ECDSA, NULL, 0 };
	CK_BYTE sig[1024];
	CK_ULONG sig_len;

	if (C_GetFunctionList(&f) != CKR_OK || f->C_Initialize(NULL) != CKR_OK)
		return;
	if (f->C_GetSlotList(CK_TRUE, slots, &n) != CKR_OK || n == 0)
		goto done;
	(void)f->C_GetTokenInfo(slots[0], &ti);
	if (f->C_OpenSession(slots[0], CKF_SERIAL_SESSION | CKF_RW_SESSION,
	    NULL, NULL, &s) != CKR_OK)
		goto done;
	if (flags & 1)
		(void)f->C_Login(s, CKU_USER, pin, 6);
	if (f->C_FindObjectsInit(s, NULL, 0) == CKR_OK) {
		got = 0;
		(void)f->C_FindObjects(s, h, 64, &got);
		(void)f->C_FindObjectsFinal(s);
		for (k = 0; k < got && k < 64; k++)
			read_all(f, s, h[k]);
		if ((flags & 2) && got > 0) {
			mech.mechanism = (flags & 4) ? CKM_RSA_PKCS : CKM_ECDSA;
			if (f->C_SignInit(s, &mech, h[0]) == CKR_OK) {
				sig_len = sizeof(sig);
				(void)f->C_Sign(s, hash, sizeof(hash),
				    sig, &sig_len);
			}
		}
	}
	(void)f->C_CloseSession(s);
done:
	(void)f->C_Finalize(NULL);
}
