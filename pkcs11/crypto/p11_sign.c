/* SPDX-License-Identifier: BSD-2-Clause */
/* C_Sign* and C_Verify*: single and multi-part. */
#define _DEFAULT_SOURCE
#include <string.h>

#include "pkcs11/p11_hash.h"
#include "pkcs11/p11_op.h"
#include "pkcs11/p11_part.h"
#include "pkcs11/p11_util.h"

#define IN(p, n)  ((p) != NULL || (n) == 0)

P11_EXPORT CK_RV
C_SignInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
    CK_OBJECT_HANDLE hKey)
{
	return p11_part_init(hSession, P11_OP_SIGN, pMechanism, hKey, CKF_SIGN);
}

/* The end of a signature: size query, short buffer, or the card. */
static CK_RV
sign_out(struct p11_session *s, struct p11_op *op, const uint8_t *data,
    size_t len, CK_BYTE_PTR sig, CK_ULONG_PTR sig_len, int *keep)
{
	uint8_t hash[P11_HASH_MAX], out[UIMKEY_PIV_SIG_MAX];
	size_t need = p11_op_out_len(s, op), got = 0;
	CK_RV rv;

	if (need == 0) {
		*keep = 0;
		return CKR_KEY_HANDLE_INVALID;  /* deleted meanwhile */
	}
	if ((rv = p11_out_room(sig, sig_len, need, keep)) != CKR_OK || *keep)
		return rv;
	if (data == NULL) {
		p11_op_data(op, &data, &len, hash);
	} else if (op->mech->hash != P11_HASH_NONE) {
		p11_hash(op->mech->hash, data, len, hash);
		data = hash;
		len = p11_hash_len(op->mech->hash);
	}
	if ((rv = p11_op_sign(s, op, data, len, out, &got)) == CKR_OK) {
		memcpy(sig, out, got);
		*sig_len = got;
	}
	explicit_bzero(hash, sizeof(hash));
	explicit_bzero(out, sizeof(out));
	return rv;
}

P11_EXPORT CK_RV
C_Sign(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
    CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen)
{
	return p11_part_one(hSession, P11_OP_SIGN, sign_out, pData, ulDataLen,
	    pSignature, pulSignatureLen);
}

P11_EXPORT CK_RV
C_SignUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart,
    CK_ULONG ulPartLen)
{
	return p11_part_update(hSession, P11_OP_SIGN, pPart, ulPartLen);
}

P11_EXPORT CK_RV
C_SignFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature,
    CK_ULONG_PTR pulSignatureLen)
{
	return p11_part_final(hSession, P11_OP_SIGN, sign_out, pSignature,
	    pulSignatureLen);
}

P11_EXPORT CK_RV
C_VerifyInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
    CK_OBJECT_HANDLE hKey)
{
	return p11_part_init(hSession, P11_OP_VERIFY, pMechanism, hKey,
	    CKF_VERIFY);
}

static CK_RV
verify_end(struct p11_session *s, const uint8_t *data, size_t len,
    const uint8_t *sig, size_t sig_len)
{
	struct p11_op *op = &s->verify;
	uint8_t hash[P11_HASH_MAX];

	if (data == NULL) {
		p11_op_data(op, &data, &len, hash);
	} else if (op->mech->hash != P11_HASH_NONE) {
		p11_hash(op->mech->hash, data, len, hash);
		data = hash;
		len = p11_hash_len(op->mech->hash);
	}
	return p11_op_verify(s, op, data, len, sig, sig_len);
}

/* C_Verify (one_part) and C_VerifyFinal: either ends the operation. */
static CK_RV
verify_call(CK_SESSION_HANDLE h, int one_part, CK_BYTE_PTR data,
    CK_ULONG len, CK_BYTE_PTR sig, CK_ULONG sig_len)
{
	static const uint8_t none[1];
	struct p11_session *s;
	struct p11_op *op;
	CK_RV rv;

	if ((rv = p11_part_enter(h, P11_OP_VERIFY, &s, &op)) != CKR_OK)
		return rv;
	if (!IN(data, len) || !IN(sig, sig_len))
		rv = CKR_ARGUMENTS_BAD;
	else if (one_part && op->multi)
		rv = CKR_OPERATION_ACTIVE;
	else
		rv = verify_end(s, one_part && data == NULL ? none : data, len,
		    sig, sig_len);
	p11_op_end(s, op);
	p11_session_leave(s);
	return rv;
}

P11_EXPORT CK_RV
C_Verify(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
    CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen)
{
	return verify_call(hSession, 1, pData, ulDataLen, pSignature,
	    ulSignatureLen);
}

P11_EXPORT CK_RV
C_VerifyUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart,
    CK_ULONG ulPartLen)
{
	return p11_part_update(hSession, P11_OP_VERIFY, pPart, ulPartLen);
}

P11_EXPORT CK_RV
C_VerifyFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature,
    CK_ULONG ulSignatureLen)
{
	return verify_call(hSession, 0, NULL, 0, pSignature, ulSignatureLen);
}
