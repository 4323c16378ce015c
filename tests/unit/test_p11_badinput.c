/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey-pkcs11.so and bad input: NULL pointers, invalid handles, the
 * wrong session state, short buffers and invalid templates, each with the
 * CKR code PKCS#11 v2.40 gives it.
 *
 *   test_p11_badinput path/to/uimkey-pkcs11.so
 *
 * Without a token (no private PC/SC stack) only the checks that need none
 * run; tests/integration/98-pkcs11-badinput.sh runs it next to a card,
 * where it generates the keys it needs (management key: the factory's).
 */
#define _POSIX_C_SOURCE 200809L

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <p11-kit/pkcs11.h>

#include "tests/support/check.h"
#include "tests/unit/p11_load.h"

#define BAD_SESSION  ((CK_SESSION_HANDLE)0x7357)
#define BAD_OBJECT   ((CK_OBJECT_HANDLE)0xdead)
#define SO_KEY       "010203040506070801020304050607080102030405060708"

static CK_FUNCTION_LIST_PTR p11;

/* This file's name for check_rv(). */
static void
rv_is(CK_RV got, CK_RV want, const char *name)
{
	check_rv(got, want, name);
}

static CK_BBOOL no = CK_FALSE;
static CK_BYTE so_key[] = SO_KEY;
static CK_BYTE p256[] = { 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03,
	0x01, 0x07 };
static CK_BYTE pin[] = "123456";
static CK_MECHANISM ecdsa = { CKM_ECDSA_SHA256, NULL, 0 };
static CK_MECHANISM sha256 = { CKM_SHA256, NULL, 0 };

/* Checks that need no token. */
static void
without_token(void)
{
	CK_SLOT_ID slot;
	CK_ULONG n;
	CK_BYTE buf[64];
	CK_ATTRIBUTE a = { CKA_CLASS, buf, sizeof(buf) };
	CK_OBJECT_HANDLE h;

	rv_is(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, NULL, NULL),
	    CKR_ARGUMENTS_BAD, "C_WaitForSlotEvent(pSlot NULL)");
	rv_is(p11->C_GetSlotList(CK_FALSE, NULL, NULL), CKR_ARGUMENTS_BAD,
	    "C_GetSlotList(pulCount NULL)");
	rv_is(p11->C_Login(BAD_SESSION, CKU_USER, pin, 6),
	    CKR_SESSION_HANDLE_INVALID, "C_Login: bad session");
	rv_is(p11->C_Logout(BAD_SESSION), CKR_SESSION_HANDLE_INVALID,
	    "C_Logout: bad session");
	rv_is(p11->C_SetPIN(BAD_SESSION, pin, 6, pin, 6),
	    CKR_SESSION_HANDLE_INVALID, "C_SetPIN: bad session");
	rv_is(p11->C_InitPIN(BAD_SESSION, pin, 6), CKR_SESSION_HANDLE_INVALID,
	    "C_InitPIN: bad session");
	rv_is(p11->C_FindObjectsInit(BAD_SESSION, NULL, 0),
	    CKR_SESSION_HANDLE_INVALID, "C_FindObjectsInit: bad session");
	rv_is(p11->C_FindObjects(BAD_SESSION, &h, 1, &n),
	    CKR_SESSION_HANDLE_INVALID, "C_FindObjects: bad session");
	rv_is(p11->C_GetAttributeValue(BAD_SESSION, 1, &a, 1),
	    CKR_SESSION_HANDLE_INVALID, "C_GetAttributeValue: bad session");
	rv_is(p11->C_DestroyObject(BAD_SESSION, 1), CKR_SESSION_HANDLE_INVALID,
	    "C_DestroyObject: bad session");
	rv_is(p11->C_CreateObject(BAD_SESSION, &a, 1, &h),
	    CKR_SESSION_HANDLE_INVALID, "C_CreateObject: bad session");
	rv_is(p11->C_SignInit(BAD_SESSION, &ecdsa, 1),
	    CKR_SESSION_HANDLE_INVALID, "C_SignInit: bad session");
	n = sizeof(buf);
	rv_is(p11->C_Sign(BAD_SESSION, buf, 4, buf, &n),
	    CKR_SESSION_HANDLE_INVALID, "C_Sign: bad session");
	rv_is(p11->C_VerifyInit(BAD_SESSION, &ecdsa, 1),
	    CKR_SESSION_HANDLE_INVALID, "C_VerifyInit: bad session");
	rv_is(p11->C_DecryptInit(BAD_SESSION, &ecdsa, 1),
	    CKR_SESSION_HANDLE_INVALID, "C_DecryptInit: bad session");
	rv_is(p11->C_EncryptInit(BAD_SESSION, &ecdsa, 1),
	    CKR_SESSION_HANDLE_INVALID, "C_EncryptInit: bad session");
	rv_is(p11->C_DigestInit(BAD_SESSION, &sha256),
	    CKR_SESSION_HANDLE_INVALID, "C_DigestInit: bad session");
	rv_is(p11->C_GenerateKeyPair(BAD_SESSION, &ecdsa, NULL, 0, NULL, 0, &h,
	    &h), CKR_SESSION_HANDLE_INVALID, "C_GenerateKeyPair: bad session");
	rv_is(p11->C_DeriveKey(BAD_SESSION, &ecdsa, 1, NULL, 0, &h),
	    CKR_SESSION_HANDLE_INVALID, "C_DeriveKey: bad session");
	(void)slot;
}

static CK_OBJECT_HANDLE
find_one(CK_SESSION_HANDLE s, CK_OBJECT_CLASS cls, CK_BYTE id)
{
	CK_ATTRIBUTE t[] = { { CKA_CLASS, &cls, sizeof(cls) },
		{ CKA_ID, &id, 1 } };
	CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;
	CK_ULONG n = 0;

	if (p11->C_FindObjectsInit(s, t, 2) != CKR_OK)
		return CK_INVALID_HANDLE;
	(void)p11->C_FindObjects(s, &h, 1, &n);
	(void)p11->C_FindObjectsFinal(s);
	return n == 1 ? h : CK_INVALID_HANDLE;
}

/* As the SO: keys for the rest, and bad templates. */
static void
so_checks(CK_SESSION_HANDLE rw)
{
	CK_MECHANISM ecgen = { CKM_EC_KEY_PAIR_GEN, NULL, 0 };
	CK_MECHANISM rsagen = { CKM_RSA_PKCS_KEY_PAIR_GEN, NULL, 0 };
	CK_BYTE id1 = 1, id3 = 3, junk[] = { 0x30, 0x03, 0x02, 0x01, 0x01 };
	CK_BBOOL yes = CK_TRUE;
	CK_BYTE bad_oid[] = { 0x06, 0x03, 0x2B, 0x65, 0x70 };
	CK_ULONG bits = 1024, bits2 = 2048;
	CK_OBJECT_CLASS cert = CKO_CERTIFICATE, privc = CKO_PRIVATE_KEY;
	CK_ATTRIBUTE ec_pub[] = { { CKA_EC_PARAMS, p256, sizeof(p256) },
		{ CKA_ID, &id1, 1 } };
	CK_ATTRIBUTE ec_none[] = { { CKA_ID, &id1, 1 } };
	CK_ATTRIBUTE ec_bad[] = { { CKA_EC_PARAMS, bad_oid, sizeof(bad_oid) } };
	CK_ATTRIBUTE ec_tok[] = { { CKA_EC_PARAMS, p256, sizeof(p256) },
		{ CKA_TOKEN, &no, sizeof(no) } };
	CK_ATTRIBUTE rsa_small[] = { { CKA_MODULUS_BITS, &bits, sizeof(bits) } };
	CK_ATTRIBUTE rsa_pub[] = { { CKA_MODULUS_BITS, &bits2, sizeof(bits2) },
		{ CKA_ID, &id3, 1 } };
	CK_ATTRIBUTE c_novalue[] = { { CKA_CLASS, &cert, sizeof(cert) },
		{ CKA_ID, &id1, 1 }, { CKA_TOKEN, &yes, sizeof(yes) } };
	CK_ATTRIBUTE c_junk[] = { { CKA_CLASS, &cert, sizeof(cert) },
		{ CKA_VALUE, junk, sizeof(junk) }, { CKA_ID, &id1, 1 },
		{ CKA_TOKEN, &yes, sizeof(yes) } };
	CK_ATTRIBUTE c_unknown[] = { { CKA_CLASS, &cert, sizeof(cert) },
		{ CKA_MODULUS, junk, sizeof(junk) },
		{ CKA_TOKEN, &yes, sizeof(yes) } };
	CK_ATTRIBUTE c_priv[] = { { CKA_CLASS, &privc, sizeof(privc) } };
	CK_OBJECT_HANDLE pub, priv;

	rv_is(p11->C_GenerateKeyPair(rw, &ecgen, ec_pub, 2, NULL, 0, NULL,
	    &priv), CKR_ARGUMENTS_BAD, "C_GenerateKeyPair(phPublicKey NULL)");
	rv_is(p11->C_GenerateKeyPair(rw, &ecdsa, ec_pub, 2, NULL, 0, &pub,
	    &priv), CKR_MECHANISM_INVALID, "C_GenerateKeyPair: not a keygen");
	rv_is(p11->C_GenerateKeyPair(rw, &ecgen, ec_none, 1, NULL, 0, &pub,
	    &priv), CKR_TEMPLATE_INCOMPLETE, "EC keygen without CKA_EC_PARAMS");
	rv_is(p11->C_GenerateKeyPair(rw, &ecgen, ec_bad, 1, NULL, 0, &pub,
	    &priv), CKR_ATTRIBUTE_VALUE_INVALID, "EC keygen on Ed25519's OID");
	rv_is(p11->C_GenerateKeyPair(rw, &ecgen, ec_tok, 2, NULL, 0, &pub,
	    &priv), CKR_TEMPLATE_INCONSISTENT, "keygen with CKA_TOKEN false");
	rv_is(p11->C_GenerateKeyPair(rw, &rsagen, rsa_small, 1, NULL, 0, &pub,
	    &priv), CKR_ATTRIBUTE_VALUE_INVALID, "RSA 1024 keygen refused");
	rv_is(p11->C_GenerateKeyPair(rw, &ecgen, ec_pub, 2, NULL, 0, &pub,
	    &priv), CKR_OK, "EC P-256 keygen in id 1 (9A)");
	rv_is(p11->C_GenerateKeyPair(rw, &rsagen, rsa_pub, 2, NULL, 0, &pub,
	    &priv), CKR_OK, "RSA 2048 keygen in id 3 (9D)");
	rv_is(p11->C_CreateObject(rw, c_novalue, 3, &pub),
	    CKR_TEMPLATE_INCOMPLETE, "C_CreateObject: certificate without value");
	rv_is(p11->C_CreateObject(rw, c_junk, 4, &pub),
	    CKR_ATTRIBUTE_VALUE_INVALID, "C_CreateObject: not a certificate");
	rv_is(p11->C_CreateObject(rw, c_unknown, 3, &pub),
	    CKR_ATTRIBUTE_TYPE_INVALID, "C_CreateObject: CKA_MODULUS on a cert");
	rv_is(p11->C_CreateObject(rw, c_priv, 1, &pub),
	    CKR_TEMPLATE_INCONSISTENT, "C_CreateObject: a private key");
	rv_is(p11->C_CreateObject(rw, c_novalue, 2, NULL), CKR_ARGUMENTS_BAD,
	    "C_CreateObject(phObject NULL)");
}

static void
attribute_checks(CK_SESSION_HANDLE ro, CK_OBJECT_HANDLE priv,
    CK_OBJECT_HANDLE pub)
{
	CK_BYTE id = 0, point[8], big[128];
	CK_ATTRIBUTE t[] = { { CKA_ID, &id, 1 }, { CKA_VALUE, big, sizeof(big) },
		{ 0x7FFFF000UL, big, sizeof(big) } };
	CK_ATTRIBUTE q[] = { { CKA_EC_POINT, NULL, 0 } };
	CK_ATTRIBUTE s[] = { { CKA_EC_POINT, point, sizeof(point) },
		{ CKA_ID, &id, 1 } };
	CK_ATTRIBUTE set[] = { { CKA_LABEL, big, 4 } };
	CK_OBJECT_HANDLE h;
	CK_ULONG size;

	rv_is(p11->C_GetAttributeValue(ro, priv, NULL, 1), CKR_ARGUMENTS_BAD,
	    "C_GetAttributeValue(pTemplate NULL)");
	rv_is(p11->C_GetAttributeValue(ro, BAD_OBJECT, t, 1),
	    CKR_OBJECT_HANDLE_INVALID, "C_GetAttributeValue: bad object");
	rv_is(p11->C_GetAttributeValue(ro, priv, t, 3),
	    CKR_ATTRIBUTE_SENSITIVE, "private CKA_VALUE: CKR_ATTRIBUTE_SENSITIVE");
	check(id == 1, "... while CKA_ID is still filled");
	check(t[1].ulValueLen == CK_UNAVAILABLE_INFORMATION &&
	    t[2].ulValueLen == CK_UNAVAILABLE_INFORMATION,
	    "... and the others marked CK_UNAVAILABLE_INFORMATION");
	t[1].type = CKA_LABEL;
	t[1].ulValueLen = sizeof(big);
	t[2].ulValueLen = sizeof(big);
	rv_is(p11->C_GetAttributeValue(ro, pub, t, 3),
	    CKR_ATTRIBUTE_TYPE_INVALID, "unknown type: ATTRIBUTE_TYPE_INVALID");
	check(t[1].ulValueLen > 0 && t[1].ulValueLen != CK_UNAVAILABLE_INFORMATION,
	    "... while CKA_LABEL is still filled");
	rv_is(p11->C_GetAttributeValue(ro, pub, q, 1), CKR_OK,
	    "size query (pValue NULL)");
	check(q[0].ulValueLen == 67, "... gives CKA_EC_POINT's 67 bytes");
	rv_is(p11->C_GetAttributeValue(ro, pub, s, 2), CKR_BUFFER_TOO_SMALL,
	    "short buffer: CKR_BUFFER_TOO_SMALL");
	check(s[0].ulValueLen == CK_UNAVAILABLE_INFORMATION && id == 1,
	    "... marked unavailable, CKA_ID still filled");
	rv_is(p11->C_GetObjectSize(ro, pub, NULL), CKR_ARGUMENTS_BAD,
	    "C_GetObjectSize(pulSize NULL)");
	rv_is(p11->C_GetObjectSize(ro, BAD_OBJECT, &size),
	    CKR_OBJECT_HANDLE_INVALID, "C_GetObjectSize: bad object");
	rv_is(p11->C_SetAttributeValue(ro, pub, set, 1), CKR_ACTION_PROHIBITED,
	    "C_SetAttributeValue: CKR_ACTION_PROHIBITED");
	rv_is(p11->C_CopyObject(ro, pub, NULL, 0, &h), CKR_ACTION_PROHIBITED,
	    "C_CopyObject: CKR_ACTION_PROHIBITED");
	rv_is(p11->C_DestroyObject(ro, pub), CKR_SESSION_READ_ONLY,
	    "C_DestroyObject in a read-only session");
	rv_is(p11->C_DestroyObject(ro, BAD_OBJECT), CKR_OBJECT_HANDLE_INVALID,
	    "C_DestroyObject: bad object");
}

static void
operation_checks(CK_SESSION_HANDLE ro, CK_OBJECT_HANDLE priv,
    CK_OBJECT_HANDLE pub, CK_OBJECT_HANDLE rsa)
{
	static const CK_BYTE abc_sha256[] = { 0xba, 0x78, 0x16, 0xbf };
	CK_MECHANISM aes = { CKM_AES_ECB, NULL, 0 };
	CK_MECHANISM pss = { CKM_RSA_PKCS_PSS, NULL, 0 };
	CK_MECHANISM rsa_pkcs = { CKM_RSA_PKCS, NULL, 0 };
	CK_MECHANISM md5 = { CKM_MD5, NULL, 0 };
	CK_MECHANISM ecdh = { CKM_ECDH1_DERIVE, NULL, 0 };
	CK_BYTE sig[512], data[] = "abc", dg[64];
	CK_OBJECT_HANDLE h, found;
	CK_ULONG n;

	n = sizeof(sig);
	rv_is(p11->C_Sign(ro, data, 3, sig, &n), CKR_OPERATION_NOT_INITIALIZED,
	    "C_Sign before C_SignInit");
	rv_is(p11->C_SignUpdate(ro, data, 3), CKR_OPERATION_NOT_INITIALIZED,
	    "C_SignUpdate before C_SignInit");
	rv_is(p11->C_SignFinal(ro, sig, &n), CKR_OPERATION_NOT_INITIALIZED,
	    "C_SignFinal before C_SignInit");
	rv_is(p11->C_Verify(ro, data, 3, sig, 64),
	    CKR_OPERATION_NOT_INITIALIZED, "C_Verify before C_VerifyInit");
	rv_is(p11->C_Decrypt(ro, sig, 256, sig, &n),
	    CKR_OPERATION_NOT_INITIALIZED, "C_Decrypt before C_DecryptInit");
	rv_is(p11->C_Encrypt(ro, data, 3, sig, &n),
	    CKR_OPERATION_NOT_INITIALIZED, "C_Encrypt before C_EncryptInit");
	rv_is(p11->C_Digest(ro, data, 3, dg, &n),
	    CKR_OPERATION_NOT_INITIALIZED, "C_Digest before C_DigestInit");
	rv_is(p11->C_FindObjects(ro, &found, 1, &n),
	    CKR_OPERATION_NOT_INITIALIZED, "C_FindObjects before Init");
	rv_is(p11->C_FindObjectsFinal(ro), CKR_OPERATION_NOT_INITIALIZED,
	    "C_FindObjectsFinal before Init");
	rv_is(p11->C_FindObjectsInit(ro, NULL, 1), CKR_ARGUMENTS_BAD,
	    "C_FindObjectsInit(pTemplate NULL, 1)");
	rv_is(p11->C_FindObjectsInit(ro, NULL, 0), CKR_OK,
	    "C_FindObjectsInit with an empty template");
	rv_is(p11->C_FindObjectsInit(ro, NULL, 0), CKR_OPERATION_ACTIVE,
	    "C_FindObjectsInit twice: CKR_OPERATION_ACTIVE");
	rv_is(p11->C_FindObjects(ro, NULL, 1, &n), CKR_ARGUMENTS_BAD,
	    "C_FindObjects(phObject NULL)");
	rv_is(p11->C_FindObjects(ro, &found, 1, NULL), CKR_ARGUMENTS_BAD,
	    "C_FindObjects(pulObjectCount NULL)");
	(void)p11->C_FindObjectsFinal(ro);

	rv_is(p11->C_SignInit(ro, NULL, priv), CKR_ARGUMENTS_BAD,
	    "C_SignInit(pMechanism NULL)");
	rv_is(p11->C_SignInit(ro, &aes, priv), CKR_MECHANISM_INVALID,
	    "C_SignInit with AES-ECB: CKR_MECHANISM_INVALID");
	rv_is(p11->C_SignInit(ro, &ecdsa, BAD_OBJECT), CKR_KEY_HANDLE_INVALID,
	    "C_SignInit: bad key handle");
	rv_is(p11->C_SignInit(ro, &ecdsa, pub), CKR_KEY_FUNCTION_NOT_PERMITTED,
	    "C_SignInit with a public key");
	rv_is(p11->C_SignInit(ro, &rsa_pkcs, priv), CKR_KEY_TYPE_INCONSISTENT,
	    "C_SignInit: RSA mechanism, EC key");
	rv_is(p11->C_SignInit(ro, &pss, rsa), CKR_MECHANISM_PARAM_INVALID,
	    "C_SignInit: RSA-PSS without parameters");
	rv_is(p11->C_DecryptInit(ro, &ecdsa, rsa), CKR_MECHANISM_INVALID,
	    "C_DecryptInit with ECDSA");
	rv_is(p11->C_DeriveKey(ro, &ecdh, priv, NULL, 0, &h),
	    CKR_MECHANISM_PARAM_INVALID, "C_DeriveKey without parameters");
	rv_is(p11->C_DeriveKey(ro, NULL, priv, NULL, 0, &h), CKR_ARGUMENTS_BAD,
	    "C_DeriveKey(pMechanism NULL)");

	rv_is(p11->C_SignInit(ro, &ecdsa, priv), CKR_OK, "C_SignInit ECDSA");
	rv_is(p11->C_SignInit(ro, &ecdsa, priv), CKR_OPERATION_ACTIVE,
	    "C_SignInit twice: CKR_OPERATION_ACTIVE");
	rv_is(p11->C_Sign(ro, data, 3, sig, NULL), CKR_ARGUMENTS_BAD,
	    "C_Sign(pulSignatureLen NULL) ends the operation");
	rv_is(p11->C_SignInit(ro, &ecdsa, priv), CKR_OK, "C_SignInit again");
	n = 0;
	rv_is(p11->C_Sign(ro, data, 3, NULL, &n), CKR_OK, "C_Sign size query");
	check(n == 64, "... 64 bytes for P-256");
	n = 10;
	rv_is(p11->C_Sign(ro, data, 3, sig, &n), CKR_BUFFER_TOO_SMALL,
	    "C_Sign with a short buffer");
	check(n == 64, "... gives the size");
	n = sizeof(sig);
	rv_is(p11->C_Sign(ro, data, 3, sig, &n), CKR_OK,
	    "... and the operation is still there");
	rv_is(p11->C_VerifyInit(ro, &ecdsa, pub), CKR_OK, "C_VerifyInit");
	rv_is(p11->C_Verify(ro, data, 3, sig, 63), CKR_SIGNATURE_LEN_RANGE,
	    "C_Verify with 63 bytes: CKR_SIGNATURE_LEN_RANGE");
	rv_is(p11->C_VerifyInit(ro, &ecdsa, pub), CKR_OK, "C_VerifyInit again");
	rv_is(p11->C_Verify(ro, data, 3, sig, 64), CKR_OK, "C_Verify");
	sig[10] ^= 1;
	rv_is(p11->C_VerifyInit(ro, &ecdsa, pub), CKR_OK, "C_VerifyInit");
	rv_is(p11->C_Verify(ro, data, 3, sig, 64), CKR_SIGNATURE_INVALID,
	    "C_Verify of a changed signature: CKR_SIGNATURE_INVALID");

	rv_is(p11->C_DigestInit(ro, &md5), CKR_MECHANISM_INVALID,
	    "C_DigestInit with MD5");
	rv_is(p11->C_DigestInit(ro, &sha256), CKR_OK, "C_DigestInit SHA-256");
	rv_is(p11->C_DigestInit(ro, &sha256), CKR_OPERATION_ACTIVE,
	    "C_DigestInit twice");
	n = 31;
	rv_is(p11->C_Digest(ro, data, 3, dg, &n), CKR_BUFFER_TOO_SMALL,
	    "C_Digest with a short buffer");
	check(n == 32, "... gives 32");
	n = sizeof(dg);
	rv_is(p11->C_Digest(ro, data, 3, dg, &n), CKR_OK, "C_Digest");
	check(n == 32 && memcmp(dg, abc_sha256, 4) == 0, "SHA-256(\"abc\")");
	rv_is(p11->C_DigestInit(ro, &sha256), CKR_OK, "C_DigestInit");
	rv_is(p11->C_DigestUpdate(ro, data, 1), CKR_OK, "C_DigestUpdate");
	rv_is(p11->C_DigestUpdate(ro, data + 1, 2), CKR_OK, "C_DigestUpdate");
	rv_is(p11->C_DigestFinal(ro, dg, NULL), CKR_ARGUMENTS_BAD,
	    "C_DigestFinal(pulDigestLen NULL)");
	rv_is(p11->C_DigestInit(ro, &sha256), CKR_OK, "C_DigestInit");
	rv_is(p11->C_DigestUpdate(ro, data, 3), CKR_OK, "C_DigestUpdate");
	n = sizeof(dg);
	rv_is(p11->C_DigestFinal(ro, dg, &n), CKR_OK, "C_DigestFinal");
	check(n == 32 && memcmp(dg, abc_sha256, 4) == 0,
	    "multi-part SHA-256(\"abc\")");
}

/*
 * A single-part call's length query (output pointer NULL) leaves the
 * operation to that call (PKCS#11 v2.40 5.2): a C_*Update or C_*Final
 * in its place is CKR_OPERATION_ACTIVE, never the result of no data,
 * and the single-part call still works.
 */
static void
length_query_checks(CK_SESSION_HANDLE ro, CK_OBJECT_HANDLE priv,
    CK_OBJECT_HANDLE pub, CK_OBJECT_HANDLE rsa, CK_OBJECT_HANDLE rsa_pub)
{
	static const CK_BYTE abc_sha256[] = { 0xba, 0x78, 0x16, 0xbf };
	CK_MECHANISM pkcs = { CKM_RSA_PKCS, NULL, 0 };
	CK_BYTE data[] = "abc", out[512], enc[512];
	CK_ULONG n, m;

	rv_is(p11->C_DigestInit(ro, &sha256), CKR_OK, "C_DigestInit");
	n = 0;
	rv_is(p11->C_Digest(ro, data, 3, NULL, &n), CKR_OK,
	    "C_Digest length query");
	rv_is(p11->C_DigestUpdate(ro, data, 3), CKR_OPERATION_ACTIVE,
	    "then C_DigestUpdate: CKR_OPERATION_ACTIVE");
	n = sizeof(out);
	rv_is(p11->C_DigestFinal(ro, out, &n), CKR_OPERATION_ACTIVE,
	    "then C_DigestFinal: CKR_OPERATION_ACTIVE, not the digest of nothing");
	n = sizeof(out);
	rv_is(p11->C_Digest(ro, data, 3, out, &n), CKR_OK,
	    "the C_Digest the length was for");
	check(n == 32 && memcmp(out, abc_sha256, 4) == 0,
	    "... gives SHA-256(\"abc\")");

	rv_is(p11->C_SignInit(ro, &ecdsa, priv), CKR_OK, "C_SignInit");
	n = 0;
	rv_is(p11->C_Sign(ro, data, 3, NULL, &n), CKR_OK, "C_Sign length query");
	rv_is(p11->C_SignUpdate(ro, data, 3), CKR_OPERATION_ACTIVE,
	    "then C_SignUpdate: CKR_OPERATION_ACTIVE");
	n = sizeof(out);
	rv_is(p11->C_SignFinal(ro, out, &n), CKR_OPERATION_ACTIVE,
	    "then C_SignFinal: CKR_OPERATION_ACTIVE");
	n = sizeof(out);
	rv_is(p11->C_Sign(ro, data, 3, out, &n), CKR_OK,
	    "the C_Sign the length was for");
	rv_is(p11->C_VerifyInit(ro, &ecdsa, pub), CKR_OK, "C_VerifyInit");
	rv_is(p11->C_Verify(ro, data, 3, out, n), CKR_OK,
	    "... signs the data given to C_Sign");

	rv_is(p11->C_EncryptInit(ro, &pkcs, rsa_pub), CKR_OK, "C_EncryptInit");
	m = 0;
	rv_is(p11->C_Encrypt(ro, data, 3, NULL, &m), CKR_OK,
	    "C_Encrypt length query");
	check(m == 256, "... 256 bytes");
	n = sizeof(out);
	rv_is(p11->C_EncryptUpdate(ro, data, 3, out, &n), CKR_OPERATION_ACTIVE,
	    "then C_EncryptUpdate: CKR_OPERATION_ACTIVE");
	n = sizeof(out);
	rv_is(p11->C_EncryptFinal(ro, out, &n), CKR_OPERATION_ACTIVE,
	    "then C_EncryptFinal: CKR_OPERATION_ACTIVE");
	m = sizeof(enc);
	rv_is(p11->C_Encrypt(ro, data, 3, enc, &m), CKR_OK,
	    "the C_Encrypt the length was for");

	rv_is(p11->C_DecryptInit(ro, &pkcs, rsa), CKR_OK, "C_DecryptInit");
	n = 0;
	rv_is(p11->C_Decrypt(ro, enc, m, NULL, &n), CKR_OK,
	    "C_Decrypt length query");
	n = sizeof(out);
	rv_is(p11->C_DecryptUpdate(ro, enc, m, out, &n), CKR_OPERATION_ACTIVE,
	    "then C_DecryptUpdate: CKR_OPERATION_ACTIVE");
	n = sizeof(out);
	rv_is(p11->C_DecryptFinal(ro, out, &n), CKR_OPERATION_ACTIVE,
	    "then C_DecryptFinal: CKR_OPERATION_ACTIVE");
	n = sizeof(out);
	rv_is(p11->C_Decrypt(ro, enc, m, out, &n), CKR_OK,
	    "the C_Decrypt the length was for");
	check(n == 3 && memcmp(out, data, 3) == 0, "... gives the data back");
}

/* EC public keys carry CKA_DERIVE as their private keys do. */
static void
derive_flag_checks(CK_SESSION_HANDLE ro, CK_OBJECT_HANDLE priv,
    CK_OBJECT_HANDLE pub)
{
	CK_BBOOL d_priv = CK_FALSE, d_pub = CK_FALSE;
	CK_ATTRIBUTE a = { CKA_DERIVE, &d_priv, sizeof(d_priv) };
	CK_ATTRIBUTE b = { CKA_DERIVE, &d_pub, sizeof(d_pub) };

	rv_is(p11->C_GetAttributeValue(ro, priv, &a, 1), CKR_OK,
	    "CKA_DERIVE of the 9A private key");
	rv_is(p11->C_GetAttributeValue(ro, pub, &b, 1), CKR_OK,
	    "CKA_DERIVE of the 9A public key");
	check(d_priv == CK_TRUE && d_pub == CK_TRUE,
	    "both are true (the EC key of 9A does ECDH)");
}

static void
with_token(CK_SLOT_ID slot)
{
	CK_OBJECT_CLASS cert = CKO_CERTIFICATE;
	CK_BBOOL yes = CK_TRUE;
	CK_ATTRIBUTE tok_cert[] = { { CKA_CLASS, &cert, sizeof(cert) },
		{ CKA_TOKEN, &yes, sizeof(yes) } };
	CK_SESSION_HANDLE ro, rw;
	CK_MECHANISM_TYPE mechs[2];
	CK_MECHANISM_INFO mi;
	CK_OBJECT_HANDLE priv, pub, rsa;
	CK_ULONG n = 1;

	rv_is(p11->C_GetMechanismList(slot, NULL, NULL), CKR_ARGUMENTS_BAD,
	    "C_GetMechanismList(pulCount NULL)");
	rv_is(p11->C_GetMechanismList(slot, mechs, &n), CKR_BUFFER_TOO_SMALL,
	    "C_GetMechanismList with a short list");
	check(n > 2, "... gives the count");
	rv_is(p11->C_GetMechanismInfo(slot, CKM_ECDSA, NULL), CKR_ARGUMENTS_BAD,
	    "C_GetMechanismInfo(pInfo NULL)");
	rv_is(p11->C_GetMechanismInfo(slot, CKM_AES_ECB, &mi),
	    CKR_MECHANISM_INVALID, "C_GetMechanismInfo(AES-ECB)");
	rv_is(p11->C_GetMechanismInfo(slot, CKM_RSA_PKCS, &mi), CKR_OK,
	    "C_GetMechanismInfo(RSA-PKCS)");
	check(mi.ulMinKeySize == 2048 && mi.ulMaxKeySize == 4096 &&
	    (mi.flags & CKF_HW), "RSA-PKCS: 2048..4096 bits, CKF_HW");
	rv_is(p11->C_GetMechanismInfo(slot, CKM_SHA256, &mi), CKR_OK,
	    "C_GetMechanismInfo(SHA256)");
	check(!(mi.flags & CKF_HW), "SHA256 is the host's: no CKF_HW");
	if (p11->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &ro) !=
	    CKR_OK || p11->C_OpenSession(slot, CKF_SERIAL_SESSION |
	    CKF_RW_SESSION, NULL, NULL, &rw) != CKR_OK) {
		check(0, "open sessions");
		return;
	}
	rv_is(p11->C_Login(ro, CKU_USER, NULL, 6), CKR_ARGUMENTS_BAD,
	    "C_Login(pPin NULL)");
	rv_is(p11->C_SetPIN(rw, NULL, 6, pin, 6), CKR_ARGUMENTS_BAD,
	    "C_SetPIN(pOldPin NULL)");
	rv_is(p11->C_SetPIN(ro, pin, 6, pin, 6), CKR_SESSION_READ_ONLY,
	    "C_SetPIN in a read-only session");
	rv_is(p11->C_InitPIN(rw, NULL, 6), CKR_ARGUMENTS_BAD,
	    "C_InitPIN(pPin NULL)");
	rv_is(p11->C_InitPIN(rw, pin, 6), CKR_USER_NOT_LOGGED_IN,
	    "C_InitPIN without the SO");
	rv_is(p11->C_CreateObject(ro, tok_cert, 2, &pub), CKR_SESSION_READ_ONLY,
	    "C_CreateObject of a token object in a read-only session");
	rv_is(p11->C_CreateObject(ro, NULL, 0, &pub), CKR_TEMPLATE_INCOMPLETE,
	    "C_CreateObject of nothing (a session object): no CKA_CLASS");
	rv_is(p11->C_Logout(ro), CKR_USER_NOT_LOGGED_IN,
	    "C_Logout with nobody logged in");
	rv_is(p11->C_CloseSession(ro), CKR_OK, "close the read-only session");
	rv_is(p11->C_Login(rw, CKU_SO, so_key, sizeof(so_key) - 1),
	    CKR_OK, "SO login (management key)");
	so_checks(rw);
	rv_is(p11->C_Logout(rw), CKR_OK, "SO logout");
	if (p11->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &ro) !=
	    CKR_OK) {
		check(0, "reopen a read-only session");
		return;
	}
	rv_is(p11->C_Login(ro, CKU_USER, pin, 6), CKR_OK, "user login");
	priv = find_one(ro, CKO_PRIVATE_KEY, 1);
	pub = find_one(ro, CKO_PUBLIC_KEY, 1);
	rsa = find_one(ro, CKO_PRIVATE_KEY, 3);
	check(priv != CK_INVALID_HANDLE && pub != CK_INVALID_HANDLE &&
	    rsa != CK_INVALID_HANDLE, "the generated keys are found");
	attribute_checks(ro, priv, pub);
	operation_checks(ro, priv, pub, rsa);
	derive_flag_checks(ro, priv, pub);
	length_query_checks(ro, priv, pub, rsa, find_one(ro, CKO_PUBLIC_KEY, 3));
	rv_is(p11->C_CloseAllSessions(slot), CKR_OK, "C_CloseAllSessions");
}

int
main(int argc, char **argv)
{
	CK_SLOT_ID slots[8];
	CK_ULONG n = 8;
	int rc;

	if ((rc = p11_load(argc, argv, &p11)) != 0)
		return rc;
	without_token();
	if (p11->C_GetSlotList(CK_TRUE, slots, &n) == CKR_OK && n > 0)
		with_token(slots[0]);
	else
		printf("ok - token checks # SKIP no token present\n");
	rv_is(p11->C_Finalize(NULL), CKR_OK, "C_Finalize");
	printf("# %d failure(s)\n", check_failures);
	return check_done();
}
