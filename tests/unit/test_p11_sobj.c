/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey-pkcs11.so's session objects (C_CreateObject with CKA_TOKEN
 * false): the template rules and their CKR codes, C_SetAttributeValue all
 * or nothing, CKA_DESTROYABLE, C_GetObjectSize, operations whose key was
 * destroyed, derived keys in the same store, the limits, private objects
 * across sessions.
 *
 *   test_p11_sobj path/to/uimkey-pkcs11.so
 *
 * Next to a card with an EC P-256 key in 9A (id 1) and an RSA key in 9D
 * (id 3): tests/integration/98-pkcs11-session-objects.sh.  Without a
 * token only the handle checks run.
 */
#define _POSIX_C_SOURCE 200809L

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <p11-kit/pkcs11.h>

#include "tests/support/check.h"
#include "tests/unit/p11_load.h"

#define BAD_SESSION  ((CK_SESSION_HANDLE)0x7357)
#define VALUE_MAX    (64 * 1024)        /* P11_SOBJ_VALUE_MAX */

static CK_FUNCTION_LIST_PTR p11;
static CK_BYTE pin[] = "123456";
static CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
static CK_OBJECT_CLASS data_c = CKO_DATA, pub_c = CKO_PUBLIC_KEY,
    cert_c = CKO_CERTIFICATE, secret_c = CKO_SECRET_KEY;
static CK_KEY_TYPE ec_k = CKK_EC, rsa_k = CKK_RSA;
static CK_BYTE l_a[] = "a", l_e[] = "e", l_x[] = "x", l_old[] = "old",
    l_new[] = "new", l_newer[] = "newer", l_mine[] = "mine", l_v[] = "v",
    date[] = "20240102";

/* The token's EC key of id 1 and RSA key of id 3, as read. */
static CK_BYTE params[16], point[80], spki[128], modulus[512], expo[8];
static CK_ULONG params_len, point_len, spki_len, modulus_len, expo_len;

static CK_OBJECT_HANDLE
find_one(CK_SESSION_HANDLE s, CK_ATTRIBUTE *t, CK_ULONG n)
{
	CK_OBJECT_HANDLE h[2] = { CK_INVALID_HANDLE, CK_INVALID_HANDLE };
	CK_ULONG got = 0;

	if (p11->C_FindObjectsInit(s, t, n) != CKR_OK)
		return CK_INVALID_HANDLE;
	(void)p11->C_FindObjects(s, h, 2, &got);
	(void)p11->C_FindObjectsFinal(s);
	return got == 1 ? h[0] : CK_INVALID_HANDLE;
}

static CK_OBJECT_HANDLE
token_key(CK_SESSION_HANDLE s, CK_OBJECT_CLASS cls, CK_BYTE id)
{
	CK_ATTRIBUTE t[] = { { CKA_CLASS, &cls, sizeof(cls) },
		{ CKA_ID, &id, 1 }, { CKA_TOKEN, &yes, sizeof(yes) } };

	return find_one(s, t, 3);
}

/* One attribute into buf (cap bytes); its length, 0 when unreadable. */
static CK_ULONG
get(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h, CK_ATTRIBUTE_TYPE type,
    void *buf, CK_ULONG cap)
{
	CK_ATTRIBUTE a = { type, buf, cap };

	return p11->C_GetAttributeValue(s, h, &a, 1) == CKR_OK ?
	    a.ulValueLen : 0;
}

static CK_RV
create(CK_SESSION_HANDLE s, CK_ATTRIBUTE *t, CK_ULONG n, CK_OBJECT_HANDLE *h)
{
	*h = CK_INVALID_HANDLE;
	return p11->C_CreateObject(s, t, n, h);
}

/* An EC public key template of the token's point, with extra
 * attributes in its last two entries (CKA_LABEL by default). */
#define EC_TMPL(t, a1, a2) \
	CK_ATTRIBUTE t[] = { { CKA_CLASS, &pub_c, sizeof(pub_c) }, \
		{ CKA_KEY_TYPE, &ec_k, sizeof(ec_k) }, \
		{ CKA_EC_PARAMS, params, params_len }, \
		{ CKA_EC_POINT, point, point_len }, a1, a2 }

/* A template C_CreateObject refuses, and the check's name. */
struct bad_template {
	const char *name;
	CK_ATTRIBUTE *t;
	CK_ULONG n;
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define TMPL(a) (a), COUNT(a)

/* C_CreateObject of each case: refused with want. */
static void
check_refused_templates(CK_SESSION_HANDLE s, const struct bad_template *c,
    size_t n, CK_RV want)
{
	CK_OBJECT_HANDLE h;
	size_t i;

	for (i = 0; i < n; i++)
		check_rv(create(s, c[i].t, c[i].n, &h), want, c[i].name);
}

static void
template_checks(CK_SESSION_HANDLE s)
{
	static CK_BYTE explicit_curve[] = { 0x30, 0x03, 0x02, 0x01, 0x01 };
	static CK_BYTE junk_params[] = { 0x04, 0x01, 0x00 };
	static CK_BYTE not_oid[] = { 0x04, 0x02, 0x2A, 0x03 };
	static CK_BYTE bad_date[] = "2024-01";
	CK_ULONG category = 7, wtls = CKC_WTLS, x509 = CKC_X_509, dsa = CKK_DSA,
	    bits = 2048, bits_wrong = 2047;
	CK_BYTE tiny = 1, even_mod[512], even_e[] = { 0x01, 0x00, 0x00 },
	    spki_bad[128];
	CK_OBJECT_HANDLE h;
	CK_ATTRIBUTE lab = { CKA_LABEL, l_a, 1 };
	EC_TMPL(twice, lab, lab);
	EC_TMPL(copyable, lab, ((CK_ATTRIBUTE){ CKA_COPYABLE, &yes, 1 }));
	EC_TMPL(trusted, lab, ((CK_ATTRIBUTE){ CKA_TRUSTED, &yes, 1 }));
	EC_TMPL(token4, lab, ((CK_ATTRIBUTE){ CKA_TOKEN, &bits, sizeof(bits) }));
	EC_TMPL(null_value, lab, ((CK_ATTRIBUTE){ CKA_ID, NULL, 5 }));
	EC_TMPL(spki_same, lab, ((CK_ATTRIBUTE){ CKA_PUBLIC_KEY_INFO, spki,
	    0 }));
	EC_TMPL(spki_other, lab, ((CK_ATTRIBUTE){ CKA_PUBLIC_KEY_INFO, spki_bad,
	    0 }));
	CK_ATTRIBUTE cls1[] = { { CKA_CLASS, &tiny, 1 } };
	CK_ATTRIBUTE no_type[] = { { CKA_CLASS, &pub_c, sizeof(pub_c) },
		{ CKA_EC_POINT, point, 0 } };
	CK_ATTRIBUTE dsa_t[] = { { CKA_CLASS, &pub_c, sizeof(pub_c) },
		{ CKA_KEY_TYPE, &dsa, sizeof(dsa) } };
	CK_ATTRIBUTE ec_explicit[] = { { CKA_CLASS, &pub_c, sizeof(pub_c) },
		{ CKA_KEY_TYPE, &ec_k, sizeof(ec_k) },
		{ CKA_EC_PARAMS, explicit_curve, sizeof(explicit_curve) },
		{ CKA_EC_POINT, point, 0 } };
	CK_ATTRIBUTE ec_junk[] = { { CKA_CLASS, &pub_c, sizeof(pub_c) },
		{ CKA_KEY_TYPE, &ec_k, sizeof(ec_k) },
		{ CKA_EC_PARAMS, junk_params, sizeof(junk_params) },
		{ CKA_EC_POINT, point, 0 } };
	CK_ATTRIBUTE data_oid[] = { { CKA_CLASS, &data_c, sizeof(data_c) },
		{ CKA_OBJECT_ID, not_oid, sizeof(not_oid) } };
	CK_ATTRIBUTE cert_wtls[] = { { CKA_CLASS, &cert_c, sizeof(cert_c) },
		{ CKA_CERTIFICATE_TYPE, &wtls, sizeof(wtls) },
		{ CKA_VALUE, spki, 0 } };
	CK_ATTRIBUTE cert_cat[] = { { CKA_CLASS, &cert_c, sizeof(cert_c) },
		{ CKA_CERTIFICATE_TYPE, &x509, sizeof(x509) },
		{ CKA_CERTIFICATE_CATEGORY, &category, sizeof(category) },
		{ CKA_VALUE, spki, 0 } };
	CK_ATTRIBUTE cert_date[] = { { CKA_CLASS, &cert_c, sizeof(cert_c) },
		{ CKA_START_DATE, bad_date, 7 } };
	CK_ATTRIBUTE rsa_bits[] = { { CKA_CLASS, &pub_c, sizeof(pub_c) },
		{ CKA_KEY_TYPE, &rsa_k, sizeof(rsa_k) },
		{ CKA_MODULUS, modulus, modulus_len },
		{ CKA_PUBLIC_EXPONENT, expo, expo_len },
		{ CKA_MODULUS_BITS, &bits, sizeof(bits) } };
	CK_ATTRIBUTE rsa_even[] = { { CKA_CLASS, &pub_c, sizeof(pub_c) },
		{ CKA_KEY_TYPE, &rsa_k, sizeof(rsa_k) },
		{ CKA_MODULUS, even_mod, modulus_len },
		{ CKA_PUBLIC_EXPONENT, expo, expo_len } };

	const struct bad_template bad_attributes[] = {
		{ "CKA_COPYABLE true (no C_CopyObject): "
		    "CKR_ATTRIBUTE_VALUE_INVALID", TMPL(copyable) },
		{ "CKA_TRUSTED true (the SO's): CKR_ATTRIBUTE_VALUE_INVALID",
		    TMPL(trusted) },
		{ "CKA_TOKEN of 8 bytes: CKR_ATTRIBUTE_VALUE_INVALID",
		    TMPL(token4) },
		{ "a NULL value of length 5: CKR_ATTRIBUTE_VALUE_INVALID",
		    TMPL(null_value) },
		{ "CKA_CLASS of 1 byte: CKR_ATTRIBUTE_VALUE_INVALID",
		    TMPL(cls1) },
	};
	const struct bad_template bad_values[] = {
		{ "CKA_EC_PARAMS not DER: CKR_ATTRIBUTE_VALUE_INVALID",
		    TMPL(ec_junk) },
		{ "CKA_OBJECT_ID not an OID: CKR_ATTRIBUTE_VALUE_INVALID",
		    TMPL(data_oid) },
		{ "a WTLS certificate: CKR_ATTRIBUTE_VALUE_INVALID",
		    TMPL(cert_wtls) },
		{ "CKA_CERTIFICATE_CATEGORY 7: CKR_ATTRIBUTE_VALUE_INVALID",
		    TMPL(cert_cat) },
		{ "CKA_START_DATE of 7 bytes: CKR_ATTRIBUTE_VALUE_INVALID",
		    TMPL(cert_date) },
	};

	cert_wtls[2].ulValueLen = spki_len;
	cert_cat[3].ulValueLen = spki_len;
	check_rv(create(s, twice, 6, &h), CKR_TEMPLATE_INCONSISTENT,
	    "an attribute twice: CKR_TEMPLATE_INCONSISTENT");
	check_refused_templates(s, bad_attributes, COUNT(bad_attributes),
	    CKR_ATTRIBUTE_VALUE_INVALID);
	check_rv(create(s, no_type, 2, &h), CKR_TEMPLATE_INCOMPLETE,
	    "a public key without CKA_KEY_TYPE: CKR_TEMPLATE_INCOMPLETE");
	check_rv(create(s, dsa_t, 2, &h), CKR_ATTRIBUTE_VALUE_INVALID,
	    "a DSA public key: CKR_ATTRIBUTE_VALUE_INVALID");
	ec_explicit[3].ulValueLen = point_len;
	ec_junk[3].ulValueLen = point_len;
	check_rv(create(s, ec_explicit, 4, &h), CKR_CURVE_NOT_SUPPORTED,
	    "explicit curve parameters: CKR_CURVE_NOT_SUPPORTED");
	check_refused_templates(s, bad_values, COUNT(bad_values),
	    CKR_ATTRIBUTE_VALUE_INVALID);
	spki_same[5].ulValueLen = spki_len;
	check_rv(create(s, spki_same, 6, &h), CKR_OK,
	    "CKA_PUBLIC_KEY_INFO given as the module makes it: taken");
	memcpy(spki_bad, spki, spki_len);
	spki_bad[spki_len - 1] ^= 1;
	spki_other[5].ulValueLen = spki_len;
	check_rv(create(s, spki_other, 6, &h), CKR_ATTRIBUTE_READ_ONLY,
	    "another CKA_PUBLIC_KEY_INFO: CKR_ATTRIBUTE_READ_ONLY");
	check_rv(create(s, rsa_bits, 5, &h), CKR_OK,
	    "RSA: CKA_MODULUS_BITS given right: taken");
	rsa_bits[4].pValue = &bits_wrong;
	check_rv(create(s, rsa_bits, 5, &h), CKR_ATTRIBUTE_READ_ONLY,
	    "RSA: CKA_MODULUS_BITS given wrong: CKR_ATTRIBUTE_READ_ONLY");
	memcpy(even_mod, modulus, modulus_len);
	even_mod[modulus_len - 1] &= 0xFE;
	check_rv(create(s, rsa_even, 4, &h), CKR_ATTRIBUTE_VALUE_INVALID,
	    "RSA: an even modulus: CKR_ATTRIBUTE_VALUE_INVALID");
	rsa_even[2].pValue = modulus;
	rsa_even[3].pValue = even_e;
	rsa_even[3].ulValueLen = sizeof(even_e);
	check_rv(create(s, rsa_even, 4, &h), CKR_ATTRIBUTE_VALUE_INVALID,
	    "RSA: an even exponent: CKR_ATTRIBUTE_VALUE_INVALID");
}

static void
set_checks(CK_SESSION_HANDLE s)
{
	static CK_BYTE bad_oid[] = { 0x06, 0x05, 0x2A };
	CK_BYTE label[16];
	CK_ULONG n, size = 0;
	CK_OBJECT_HANDLE h, fixed;
	CK_ATTRIBUTE mixed[] = { { CKA_LABEL, l_new, 3 },
		{ CKA_OBJECT_ID, bad_oid, sizeof(bad_oid) } };
	CK_ATTRIBUTE ro_attr[] = { { CKA_LABEL, l_new, 3 },
		{ CKA_PRIVATE, &yes, 1 } };
	CK_ATTRIBUTE twice[] = { { CKA_LABEL, l_new, 3 },
		{ CKA_LABEL, l_newer, 5 } };
	CK_ATTRIBUTE good[] = { { CKA_LABEL, l_new, 3 },
		{ CKA_APPLICATION, l_v, 1 } };
	CK_ATTRIBUTE dated[] = { { CKA_START_DATE, date, 8 } };
	CK_ATTRIBUTE t[] = { { CKA_CLASS, &data_c, sizeof(data_c) },
		{ CKA_LABEL, l_old, 3 }, { CKA_VALUE, l_v, 1 },
		{ CKA_DESTROYABLE, &no, sizeof(no) } };

	check_rv(create(s, t, 3, &h), CKR_OK, "a data object");
	check_rv(p11->C_SetAttributeValue(s, h, mixed, 2),
	    CKR_ATTRIBUTE_VALUE_INVALID,
	    "C_SetAttributeValue with a bad OID: CKR_ATTRIBUTE_VALUE_INVALID");
	check_rv(p11->C_SetAttributeValue(s, h, ro_attr, 2),
	    CKR_ATTRIBUTE_READ_ONLY, "CKA_PRIVATE: CKR_ATTRIBUTE_READ_ONLY");
	check_rv(p11->C_SetAttributeValue(s, h, twice, 2),
	    CKR_TEMPLATE_INCONSISTENT, "CKA_LABEL twice: TEMPLATE_INCONSISTENT");
	n = get(s, h, CKA_LABEL, label, sizeof(label));
	check(n == 3 && memcmp(label, "old", 3) == 0,
	    "a refused C_SetAttributeValue changed nothing (not the label)");
	check_rv(p11->C_SetAttributeValue(s, h, dated, 1),
	    CKR_ATTRIBUTE_TYPE_INVALID,
	    "CKA_START_DATE on a data object: CKR_ATTRIBUTE_TYPE_INVALID");
	check_rv(p11->C_SetAttributeValue(s, h, good, 2), CKR_OK,
	    "C_SetAttributeValue: label and application");
	n = get(s, h, CKA_LABEL, label, sizeof(label));
	check(n == 3 && memcmp(label, "new", 3) == 0, "the label changed");
	check_rv(p11->C_GetObjectSize(s, h, &size), CKR_OK, "C_GetObjectSize");
	check(size > 0 && size < 256, "... the session object's bytes");
	check_rv(create(s, t, 4, &fixed), CKR_OK,
	    "a data object with CKA_DESTROYABLE false");
	check_rv(p11->C_DestroyObject(s, fixed), CKR_ACTION_PROHIBITED,
	    "C_DestroyObject of it: CKR_ACTION_PROHIBITED");
	check_rv(p11->C_DestroyObject(s, h), CKR_OK, "the other one goes");
	check_rv(p11->C_DestroyObject(s, h), CKR_OBJECT_HANDLE_INVALID,
	    "... once");
}

/* Operations whose session key is destroyed under them. */
static void
gone_key_checks(CK_SESSION_HANDLE s)
{
	CK_MECHANISM ecdsa = { CKM_ECDSA, NULL, 0 };
	CK_MECHANISM rsa = { CKM_RSA_PKCS, NULL, 0 };
	CK_BYTE buf[512], hash[32] = { 1 };
	CK_ULONG n = sizeof(buf);
	CK_OBJECT_HANDLE ek, rk;
	EC_TMPL(ec, ((CK_ATTRIBUTE){ CKA_LABEL, l_e, 1 }),
	    ((CK_ATTRIBUTE){ CKA_ID, l_e, 1 }));
	CK_ATTRIBUTE rt[] = { { CKA_CLASS, &pub_c, sizeof(pub_c) },
		{ CKA_KEY_TYPE, &rsa_k, sizeof(rsa_k) },
		{ CKA_MODULUS, modulus, modulus_len },
		{ CKA_PUBLIC_EXPONENT, expo, expo_len } };

	if (create(s, ec, 6, &ek) != CKR_OK || create(s, rt, 4, &rk) !=
	    CKR_OK) {
		check(0, "session keys for the destroyed-key checks");
		return;
	}
	check_rv(p11->C_VerifyInit(s, &ecdsa, ek), CKR_OK, "C_VerifyInit");
	check_rv(p11->C_DestroyObject(s, ek), CKR_OK, "... its key destroyed");
	memset(buf, 1, 64);
	check_rv(p11->C_Verify(s, hash, sizeof(hash), buf, 64),
	    CKR_KEY_HANDLE_INVALID, "C_Verify then: CKR_KEY_HANDLE_INVALID");
	check_rv(p11->C_EncryptInit(s, &rsa, rk), CKR_OK, "C_EncryptInit");
	check_rv(p11->C_DestroyObject(s, rk), CKR_OK, "... its key destroyed");
	check_rv(p11->C_Encrypt(s, hash, sizeof(hash), buf, &n),
	    CKR_KEY_HANDLE_INVALID, "C_Encrypt then: CKR_KEY_HANDLE_INVALID");
	check_rv(p11->C_EncryptInit(s, &rsa, rk), CKR_KEY_HANDLE_INVALID,
	    "C_EncryptInit with the destroyed key: CKR_KEY_HANDLE_INVALID");
}

/* A derived ECDH key is a session object too. */
static void
derived_checks(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE priv)
{
	CK_ECDH1_DERIVE_PARAMS p = { CKD_NULL, 0, NULL, 0, point + 2 };
	CK_MECHANISM ecdh = { CKM_ECDH1_DERIVE, &p, sizeof(p) };
	CK_ULONG gen = CKK_GENERIC_SECRET;
	CK_ATTRIBUTE t[] = { { CKA_CLASS, &secret_c, sizeof(secret_c) },
		{ CKA_KEY_TYPE, &gen, sizeof(gen) },
		{ CKA_SENSITIVE, &no, sizeof(no) } };
	CK_ATTRIBUTE set[] = { { CKA_LABEL, l_x, 1 } };
	CK_BYTE z[64], cls[sizeof(CK_OBJECT_CLASS)];
	CK_OBJECT_HANDLE h, hs;
	CK_ATTRIBUTE v = { CKA_VALUE, z, sizeof(z) };

	p.ulPublicDataLen = point_len - 2;
	check_rv(p11->C_DeriveKey(s, &ecdh, priv, t, 3, &h), CKR_OK,
	    "C_DeriveKey: an extractable secret");
	check(get(s, h, CKA_VALUE, z, sizeof(z)) == 32,
	    "... its CKA_VALUE is read (32 bytes)");
	check(get(s, h, CKA_CLASS, cls, sizeof(cls)) == sizeof(cls) &&
	    memcmp(cls, &secret_c, sizeof(cls)) == 0, "... a CKO_SECRET_KEY");
	check_rv(p11->C_SetAttributeValue(s, h, set, 1), CKR_ACTION_PROHIBITED,
	    "... not modifiable: CKR_ACTION_PROHIBITED");
	t[2].pValue = &yes;
	check_rv(p11->C_DeriveKey(s, &ecdh, priv, t, 3, &hs), CKR_OK,
	    "C_DeriveKey: a sensitive secret");
	check_rv(p11->C_GetAttributeValue(s, hs, &v, 1),
	    CKR_ATTRIBUTE_SENSITIVE, "... its CKA_VALUE: CKR_ATTRIBUTE_SENSITIVE");
	check_rv(p11->C_DestroyObject(s, hs), CKR_OK, "... destroyed");
}

/* 4 MiB of values in all: 64 KiB values until the store is full. */
static void
limit_checks(CK_SESSION_HANDLE s)
{
	static CK_BYTE big[VALUE_MAX + 1];
	CK_OBJECT_HANDLE h[80];
	CK_ATTRIBUTE t[] = { { CKA_CLASS, &data_c, sizeof(data_c) },
		{ CKA_VALUE, big, VALUE_MAX } };
	CK_RV rv = CKR_OK;
	size_t n = 0, i;

	while (n < 80 && (rv = create(s, t, 2, &h[n])) == CKR_OK)
		n++;
	check_rv(rv, CKR_HOST_MEMORY, "past 4 MiB of session values: "
	    "CKR_HOST_MEMORY");
	check(n >= 56 && n < 64, "... after some 60 values of 64 KiB");
	for (i = 0; i < n; i++)
		(void)p11->C_DestroyObject(s, h[i]);
	check_rv(create(s, t, 2, &h[0]), CKR_OK,
	    "once they are destroyed, there is room again");
	(void)p11->C_DestroyObject(s, h[0]);
	t[1].ulValueLen = VALUE_MAX + 1;
	check_rv(create(s, t, 2, &h[0]), CKR_HOST_MEMORY,
	    "a value over 64 KiB: CKR_HOST_MEMORY");
}

/* Private objects: every session of the application sees them while
 * the user is in; the login's end destroys them. */
static void
private_checks(CK_SLOT_ID slot, CK_SESSION_HANDLE a)
{
	CK_SESSION_HANDLE b;
	CK_OBJECT_HANDLE h;
	CK_ATTRIBUTE t[] = { { CKA_CLASS, &data_c, sizeof(data_c) },
		{ CKA_PRIVATE, &yes, sizeof(yes) },
		{ CKA_LABEL, l_mine, 4 } };
	CK_ATTRIBUTE q[] = { { CKA_LABEL, l_mine, 4 } };
	CK_BYTE buf[8];

	if (p11->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &b) !=
	    CKR_OK) {
		check(0, "a second session");
		return;
	}
	check_rv(create(a, t, 3, &h), CKR_OK, "a private data object");
	check(find_one(b, q, 1) == h, "another session sees it");
	check_rv(p11->C_Logout(b), CKR_OK, "C_Logout in that session");
	check(find_one(a, q, 1) == CK_INVALID_HANDLE,
	    "the private object is gone for every session");
	check(get(a, h, CKA_LABEL, buf, sizeof(buf)) == 0,
	    "its handle is invalid");
	check_rv(create(a, t, 3, &h), CKR_USER_NOT_LOGGED_IN,
	    "logged out: CKR_USER_NOT_LOGGED_IN");
	(void)p11->C_CloseSession(b);
}

static int
read_keys(CK_SESSION_HANDLE s)
{
	CK_OBJECT_HANDLE ec = token_key(s, CKO_PUBLIC_KEY, 1);
	CK_OBJECT_HANDLE rsa = token_key(s, CKO_PUBLIC_KEY, 3);

	params_len = get(s, ec, CKA_EC_PARAMS, params, sizeof(params));
	point_len = get(s, ec, CKA_EC_POINT, point, sizeof(point));
	spki_len = get(s, ec, CKA_PUBLIC_KEY_INFO, spki, sizeof(spki));
	modulus_len = get(s, rsa, CKA_MODULUS, modulus, sizeof(modulus));
	expo_len = get(s, rsa, CKA_PUBLIC_EXPONENT, expo, sizeof(expo));
	return params_len > 0 && point_len == 67 && spki_len > 0 &&
	    modulus_len == 256 && expo_len > 0;
}

static void
with_token(CK_SLOT_ID slot)
{
	CK_SESSION_HANDLE s;
	CK_OBJECT_HANDLE priv;

	if (p11->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &s) !=
	    CKR_OK) {
		check(0, "open a read-only session");
		return;
	}
	if (!read_keys(s)) {
		check(0, "the token's keys of id 1 (EC P-256) and 3 (RSA)");
		return;
	}
	template_checks(s);
	set_checks(s);
	gone_key_checks(s);
	limit_checks(s);
	check_rv(p11->C_Login(s, CKU_USER, pin, 6), CKR_OK, "user login");
	priv = token_key(s, CKO_PRIVATE_KEY, 1);
	derived_checks(s, priv);
	private_checks(slot, s);
	check_rv(p11->C_CloseSession(s), CKR_OK, "C_CloseSession");
	if (p11->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &s) ==
	    CKR_OK) {
		CK_ATTRIBUTE any[] = { { CKA_TOKEN, &no, sizeof(no) } };
		CK_OBJECT_HANDLE h[4];
		CK_ULONG n = 1;

		(void)p11->C_FindObjectsInit(s, any, 1);
		(void)p11->C_FindObjects(s, h, 4, &n);
		(void)p11->C_FindObjectsFinal(s);
		check(n == 0, "closing the session destroyed all its objects, "
		    "undestroyable and derived ones too");
		(void)p11->C_CloseSession(s);
	}
}

int
main(int argc, char **argv)
{
	CK_SLOT_ID slots[8];
	CK_ULONG n = 8;
	CK_OBJECT_HANDLE h;
	int rc;

	if ((rc = p11_load(argc, argv, &p11)) != 0)
		return rc;
	check_rv(p11->C_CreateObject(BAD_SESSION, NULL, 0, &h),
	    CKR_SESSION_HANDLE_INVALID, "C_CreateObject: bad session");
	if (p11->C_GetSlotList(CK_TRUE, slots, &n) == CKR_OK && n > 0)
		with_token(slots[0]);
	else
		printf("ok - token checks # SKIP no token present\n");
	check_rv(p11->C_Finalize(NULL), CKR_OK, "C_Finalize");
	printf("# %d failure(s)\n", check_failures);
	return check_done();
}
