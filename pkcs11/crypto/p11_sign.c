/* SPDX-License-Identifier: BSD-2-Clause */
/* C_Sign* and C_Verify*: single and multi-part. */
#define _DEFAULT_SOURCE
#include <string.h>

#include "pkcs11/p11_hash.h"
#include "pkcs11/p11_op.h"
#include "pkcs11/p11_util.h"

#define IN(p, n)  ((p) != NULL || (n) == 0)

static struct p11_op *
sign_op(struct p11_session *s)
{
	return &s->sign;
}

static struct p11_op *
verify_op(struct p11_session *s)
{
	return &s->verify;
}

/* C_SignUpdate and C_VerifyUpdate: one more part of a multi-part
 * operation; any error ends the operation, as the spec says. */
static CK_RV
op_update(CK_SESSION_HANDLE h, struct p11_op *(*op_of)(struct p11_session *),
    CK_BYTE_PTR part, CK_ULONG len)
{
	struct p11_session *s;
	struct p11_op *op;
	CK_RV rv;

	if ((rv = p11_session_enter(h, &s)) != CKR_OK)
		return rv;
	op = op_of(s);
	if (!op->active) {
		rv = CKR_OPERATION_NOT_INITIALIZED;
		goto out;
	}
	if (op->single) {
		/* C_Sign gave the length: the operation stays for it. */
		rv = CKR_OPERATION_ACTIVE;
		goto out;
	}
	op->multi = 1;
	if (!IN(part, len))
		rv = CKR_ARGUMENTS_BAD;
	else if (len > 0)
		rv = p11_op_update(op, part, len);
	if (rv != CKR_OK)
		p11_op_end(s, op);
out:
	p11_leave();
	return rv;
}

P11_EXPORT CK_RV
C_SignInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
    CK_OBJECT_HANDLE hKey)
{
	struct p11_session *s;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	rv = p11_op_init(s, &s->sign, pMechanism, hKey, CKF_SIGN);
	p11_leave();
	return rv;
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
	static const uint8_t none[1];
	struct p11_session *s;
	int keep = 0;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	if (!s->sign.active) {
		rv = CKR_OPERATION_NOT_INITIALIZED;
		goto out;
	}
	if (!IN(pData, ulDataLen) || pulSignatureLen == NULL)
		rv = CKR_ARGUMENTS_BAD;
	else if (s->sign.multi)
		rv = CKR_OPERATION_ACTIVE;
	else
		rv = sign_out(s, &s->sign, pData == NULL ? none : pData,
		    ulDataLen, pSignature, pulSignatureLen, &keep);
	s->sign.single = keep;
	if (!keep)
		p11_op_end(s, &s->sign);
out:
	p11_leave();
	return rv;
}

P11_EXPORT CK_RV
C_SignUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart,
    CK_ULONG ulPartLen)
{
	return op_update(hSession, sign_op, pPart, ulPartLen);
}

P11_EXPORT CK_RV
C_SignFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature,
    CK_ULONG_PTR pulSignatureLen)
{
	struct p11_session *s;
	int keep = 0;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	if (!s->sign.active) {
		rv = CKR_OPERATION_NOT_INITIALIZED;
		goto out;
	}
	if (s->sign.single) {
		/* Never the signature of nothing for a C_Sign in progress. */
		rv = CKR_OPERATION_ACTIVE;
		keep = 1;
	} else if (pulSignatureLen == NULL) {
		rv = CKR_ARGUMENTS_BAD;
	} else {
		rv = sign_out(s, &s->sign, NULL, 0, pSignature,
		    pulSignatureLen, &keep);
	}
	if (!keep)
		p11_op_end(s, &s->sign);
out:
	p11_leave();
	return rv;
}

P11_EXPORT CK_RV
C_VerifyInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
    CK_OBJECT_HANDLE hKey)
{
	struct p11_session *s;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	rv = p11_op_init(s, &s->verify, pMechanism, hKey, CKF_VERIFY);
	p11_leave();
	return rv;
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

P11_EXPORT CK_RV
C_Verify(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
    CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen)
{
	static const uint8_t none[1];
	struct p11_session *s;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	if (!s->verify.active) {
		rv = CKR_OPERATION_NOT_INITIALIZED;
		goto out;
	}
	if (!IN(pData, ulDataLen) || !IN(pSignature, ulSignatureLen))
		rv = CKR_ARGUMENTS_BAD;
	else if (s->verify.multi)
		rv = CKR_OPERATION_ACTIVE;
	else
		rv = verify_end(s, pData == NULL ? none : pData, ulDataLen,
		    pSignature, ulSignatureLen);
	p11_op_end(s, &s->verify);
out:
	p11_leave();
	return rv;
}

P11_EXPORT CK_RV
C_VerifyUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart,
    CK_ULONG ulPartLen)
{
	return op_update(hSession, verify_op, pPart, ulPartLen);
}

P11_EXPORT CK_RV
C_VerifyFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature,
    CK_ULONG ulSignatureLen)
{
	struct p11_session *s;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	if (!s->verify.active) {
		rv = CKR_OPERATION_NOT_INITIALIZED;
		goto out;
	}
	if (!IN(pSignature, ulSignatureLen))
		rv = CKR_ARGUMENTS_BAD;
	else
		rv = verify_end(s, NULL, 0, pSignature, ulSignatureLen);
	p11_op_end(s, &s->verify);
out:
	p11_leave();
	return rv;
}
