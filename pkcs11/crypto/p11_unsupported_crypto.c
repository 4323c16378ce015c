/* SPDX-License-Identifier: BSD-2-Clause */
/* Not offered: signatures with recovery, dual-function operations,
 * secret key generation, wrapping, and random numbers (the card has no
 * command that gives them).  See p11_unsupported.h. */
#include "pkcs11/p11_unsupported.h"

#define IN   P11_IN
#define OUT  P11_OUT

/* An operation's Init: a mechanism is required. */
static CK_RV
op_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR pMechanism)
{
	return p11_not_yet(h, OUT(pMechanism));
}

/* One-part and update calls: input in, output with a length pointer. */
static CK_RV
op_data(CK_SESSION_HANDLE h, CK_BYTE_PTR in, CK_ULONG in_len,
    CK_ULONG_PTR out_len)
{
	return p11_not_yet(h, IN(in, in_len) && OUT(out_len));
}

P11_EXPORT CK_RV
C_SignRecoverInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
    CK_OBJECT_HANDLE hKey)
{
	(void)hKey;
	return op_init(hSession, pMechanism);
}

P11_EXPORT CK_RV
C_SignRecover(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData,
    CK_ULONG ulDataLen, CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen)
{
	(void)pSignature;
	return op_data(hSession, pData, ulDataLen, pulSignatureLen);
}

P11_EXPORT CK_RV
C_VerifyRecoverInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
    CK_OBJECT_HANDLE hKey)
{
	(void)hKey;
	return op_init(hSession, pMechanism);
}

P11_EXPORT CK_RV
C_VerifyRecover(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature,
    CK_ULONG ulSignatureLen, CK_BYTE_PTR pData, CK_ULONG_PTR pulDataLen)
{
	(void)pData;
	return op_data(hSession, pSignature, ulSignatureLen, pulDataLen);
}

/* Dual-function operations: no PIV card can run two at once; these
 * stay unsupported. */
P11_EXPORT CK_RV
C_DigestEncryptUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart,
    CK_ULONG ulPartLen, CK_BYTE_PTR pEncryptedPart,
    CK_ULONG_PTR pulEncryptedPartLen)
{
	(void)pEncryptedPart;
	return op_data(hSession, pPart, ulPartLen, pulEncryptedPartLen);
}

P11_EXPORT CK_RV
C_DecryptDigestUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart,
    CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart, CK_ULONG_PTR pulPartLen)
{
	(void)pPart;
	return op_data(hSession, pEncryptedPart, ulEncryptedPartLen,
	    pulPartLen);
}

P11_EXPORT CK_RV
C_SignEncryptUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart,
    CK_ULONG ulPartLen, CK_BYTE_PTR pEncryptedPart,
    CK_ULONG_PTR pulEncryptedPartLen)
{
	(void)pEncryptedPart;
	return op_data(hSession, pPart, ulPartLen, pulEncryptedPartLen);
}

P11_EXPORT CK_RV
C_DecryptVerifyUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart,
    CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart, CK_ULONG_PTR pulPartLen)
{
	(void)pPart;
	return op_data(hSession, pEncryptedPart, ulEncryptedPartLen,
	    pulPartLen);
}

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
