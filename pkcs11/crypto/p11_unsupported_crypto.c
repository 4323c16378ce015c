/* SPDX-License-Identifier: BSD-2-Clause */
/* Not offered: signatures with recovery, dual-function operations,
 * secret key generation, wrapping, and random numbers (the card has no
 * command that gives them).  See p11_unsupported.h. */
#include "pkcs11/p11_unsupported.h"

#define IN   P11_IN
#define OUT  P11_OUT

/* An operation's Init: a mechanism is required. */
#define UNSUPPORTED_INIT(name) \
P11_EXPORT CK_RV \
name(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, \
    CK_OBJECT_HANDLE hKey) \
{ \
	(void)hKey; \
	return p11_not_yet(hSession, OUT(pMechanism)); \
}

/* One-part and update calls: input in, output with a length pointer. */
#define UNSUPPORTED_DATA(name) \
P11_EXPORT CK_RV \
name(CK_SESSION_HANDLE hSession, CK_BYTE_PTR in, CK_ULONG in_len, \
    CK_BYTE_PTR out, CK_ULONG_PTR out_len) \
{ \
	(void)out; \
	return p11_not_yet(hSession, IN(in, in_len) && OUT(out_len)); \
}

UNSUPPORTED_INIT(C_SignRecoverInit)
UNSUPPORTED_DATA(C_SignRecover)
UNSUPPORTED_INIT(C_VerifyRecoverInit)
UNSUPPORTED_DATA(C_VerifyRecover)

/* Dual-function operations: no PIV card can run two at once; these
 * stay unsupported. */
UNSUPPORTED_DATA(C_DigestEncryptUpdate)
UNSUPPORTED_DATA(C_DecryptDigestUpdate)
UNSUPPORTED_DATA(C_SignEncryptUpdate)
UNSUPPORTED_DATA(C_DecryptVerifyUpdate)

/* Key management. */
P11_EXPORT CK_RV
C_GenerateKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
    CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount, CK_OBJECT_HANDLE_PTR phKey)
{
	return p11_not_yet(hSession, OUT(pMechanism) &&
	    IN(pTemplate, ulCount) && OUT(phKey));
}

P11_EXPORT CK_RV
C_WrapKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
    CK_OBJECT_HANDLE hWrappingKey, CK_OBJECT_HANDLE hKey,
    CK_BYTE_PTR pWrappedKey, CK_ULONG_PTR pulWrappedKeyLen)
{
	(void)hWrappingKey;
	(void)hKey;
	(void)pWrappedKey;
	return p11_not_yet(hSession, OUT(pMechanism) &&
	    OUT(pulWrappedKeyLen));
}

P11_EXPORT CK_RV
C_UnwrapKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
    CK_OBJECT_HANDLE hUnwrappingKey, CK_BYTE_PTR pWrappedKey,
    CK_ULONG ulWrappedKeyLen, CK_ATTRIBUTE_PTR pTemplate,
    CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey)
{
	(void)hUnwrappingKey;
	return p11_not_yet(hSession, OUT(pMechanism) &&
	    IN(pWrappedKey, ulWrappedKeyLen) &&
	    IN(pTemplate, ulAttributeCount) && OUT(phKey));
}

/* Legacy parallel-function calls: PKCS#11 v2.40 says they simply return
 * CKR_FUNCTION_NOT_PARALLEL. */
P11_EXPORT CK_RV
C_GetFunctionStatus(CK_SESSION_HANDLE hSession)
{
	(void)hSession;
	return p11_live() ? CKR_FUNCTION_NOT_PARALLEL :
	    CKR_CRYPTOKI_NOT_INITIALIZED;
}

P11_EXPORT CK_RV
C_CancelFunction(CK_SESSION_HANDLE hSession)
{
	(void)hSession;
	return p11_live() ? CKR_FUNCTION_NOT_PARALLEL :
	    CKR_CRYPTOKI_NOT_INITIALIZED;
}
