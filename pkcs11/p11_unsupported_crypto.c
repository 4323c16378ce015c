/* Not yet implemented: cryptographic operations, key management and the
 * random number generator.  See p11_unsupported.h. */
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
C_EncryptInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
    CK_OBJECT_HANDLE hKey)
{
	(void)hKey;
	return op_init(hSession, pMechanism);
}

P11_EXPORT CK_RV
C_Encrypt(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
    CK_BYTE_PTR pEncryptedData, CK_ULONG_PTR pulEncryptedDataLen)
{
	(void)pEncryptedData;
	return op_data(hSession, pData, ulDataLen, pulEncryptedDataLen);
}

P11_EXPORT CK_RV
C_EncryptUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart,
    CK_ULONG ulPartLen, CK_BYTE_PTR pEncryptedPart,
    CK_ULONG_PTR pulEncryptedPartLen)
{
	(void)pEncryptedPart;
	return op_data(hSession, pPart, ulPartLen, pulEncryptedPartLen);
}

P11_EXPORT CK_RV
C_EncryptFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastEncryptedPart,
    CK_ULONG_PTR pulLastEncryptedPartLen)
{
	(void)pLastEncryptedPart;
	return p11_not_yet(hSession, OUT(pulLastEncryptedPartLen));
}

P11_EXPORT CK_RV
C_DecryptInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
    CK_OBJECT_HANDLE hKey)
{
	(void)hKey;
	return op_init(hSession, pMechanism);
}

P11_EXPORT CK_RV
C_Decrypt(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedData,
    CK_ULONG ulEncryptedDataLen, CK_BYTE_PTR pData, CK_ULONG_PTR pulDataLen)
{
	(void)pData;
	return op_data(hSession, pEncryptedData, ulEncryptedDataLen,
	    pulDataLen);
}

P11_EXPORT CK_RV
C_DecryptUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart,
    CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart, CK_ULONG_PTR pulPartLen)
{
	(void)pPart;
	return op_data(hSession, pEncryptedPart, ulEncryptedPartLen,
	    pulPartLen);
}

P11_EXPORT CK_RV
C_DecryptFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastPart,
    CK_ULONG_PTR pulLastPartLen)
{
	(void)pLastPart;
	return p11_not_yet(hSession, OUT(pulLastPartLen));
}

P11_EXPORT CK_RV
C_DigestInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism)
{
	return op_init(hSession, pMechanism);
}

P11_EXPORT CK_RV
C_Digest(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
    CK_BYTE_PTR pDigest, CK_ULONG_PTR pulDigestLen)
{
	(void)pDigest;
	return op_data(hSession, pData, ulDataLen, pulDigestLen);
}

P11_EXPORT CK_RV
C_DigestUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart,
    CK_ULONG ulPartLen)
{
	return p11_not_yet(hSession, IN(pPart, ulPartLen));
}

P11_EXPORT CK_RV
C_DigestKey(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hKey)
{
	(void)hKey;
	return p11_not_yet(hSession, 1);
}

P11_EXPORT CK_RV
C_DigestFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pDigest,
    CK_ULONG_PTR pulDigestLen)
{
	(void)pDigest;
	return p11_not_yet(hSession, OUT(pulDigestLen));
}

P11_EXPORT CK_RV
C_SignInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
    CK_OBJECT_HANDLE hKey)
{
	(void)hKey;
	return op_init(hSession, pMechanism);
}

P11_EXPORT CK_RV
C_Sign(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
    CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen)
{
	(void)pSignature;
	return op_data(hSession, pData, ulDataLen, pulSignatureLen);
}

P11_EXPORT CK_RV
C_SignUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart,
    CK_ULONG ulPartLen)
{
	return p11_not_yet(hSession, IN(pPart, ulPartLen));
}

P11_EXPORT CK_RV
C_SignFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature,
    CK_ULONG_PTR pulSignatureLen)
{
	(void)pSignature;
	return p11_not_yet(hSession, OUT(pulSignatureLen));
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
C_VerifyInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
    CK_OBJECT_HANDLE hKey)
{
	(void)hKey;
	return op_init(hSession, pMechanism);
}

P11_EXPORT CK_RV
C_Verify(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
    CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen)
{
	return p11_not_yet(hSession, IN(pData, ulDataLen) &&
	    IN(pSignature, ulSignatureLen));
}

P11_EXPORT CK_RV
C_VerifyUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart,
    CK_ULONG ulPartLen)
{
	return p11_not_yet(hSession, IN(pPart, ulPartLen));
}

P11_EXPORT CK_RV
C_VerifyFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature,
    CK_ULONG ulSignatureLen)
{
	return p11_not_yet(hSession, IN(pSignature, ulSignatureLen));
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
C_GenerateKeyPair(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
    CK_ATTRIBUTE_PTR pPublicKeyTemplate, CK_ULONG ulPublicKeyAttributeCount,
    CK_ATTRIBUTE_PTR pPrivateKeyTemplate,
    CK_ULONG ulPrivateKeyAttributeCount, CK_OBJECT_HANDLE_PTR phPublicKey,
    CK_OBJECT_HANDLE_PTR phPrivateKey)
{
	return p11_not_yet(hSession, OUT(pMechanism) &&
	    IN(pPublicKeyTemplate, ulPublicKeyAttributeCount) &&
	    IN(pPrivateKeyTemplate, ulPrivateKeyAttributeCount) &&
	    OUT(phPublicKey) && OUT(phPrivateKey));
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

P11_EXPORT CK_RV
C_DeriveKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
    CK_OBJECT_HANDLE hBaseKey, CK_ATTRIBUTE_PTR pTemplate,
    CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey)
{
	(void)hBaseKey;
	return p11_not_yet(hSession, OUT(pMechanism) &&
	    IN(pTemplate, ulAttributeCount) && OUT(phKey));
}

/* Random numbers (next stage: the card's GET CHALLENGE). */
P11_EXPORT CK_RV
C_SeedRandom(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSeed, CK_ULONG ulSeedLen)
{
	return p11_not_yet(hSession, IN(pSeed, ulSeedLen));
}

P11_EXPORT CK_RV
C_GenerateRandom(CK_SESSION_HANDLE hSession, CK_BYTE_PTR RandomData,
    CK_ULONG ulRandomLen)
{
	return p11_not_yet(hSession, IN(RandomData, ulRandomLen));
}

/* Legacy parallel-function calls: PKCS#11 v2.40 says they simply return
 * CKR_FUNCTION_NOT_PARALLEL. */
P11_EXPORT CK_RV
C_GetFunctionStatus(CK_SESSION_HANDLE hSession)
{
	(void)hSession;
	return p11_mod.initialized ? CKR_FUNCTION_NOT_PARALLEL :
	    CKR_CRYPTOKI_NOT_INITIALIZED;
}

P11_EXPORT CK_RV
C_CancelFunction(CK_SESSION_HANDLE hSession)
{
	(void)hSession;
	return p11_mod.initialized ? CKR_FUNCTION_NOT_PARALLEL :
	    CKR_CRYPTOKI_NOT_INITIALIZED;
}
