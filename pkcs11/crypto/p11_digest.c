/* SPDX-License-Identifier: BSD-2-Clause */
/* C_Digest*: SHA-1 and SHA-2 on the host (BearSSL). */
#define _DEFAULT_SOURCE
#include <string.h>

#include "pkcs11/p11_hash.h"
#include "pkcs11/p11_part.h"
#include "pkcs11/p11_util.h"

P11_EXPORT CK_RV
C_DigestInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism)
{
	struct p11_session *s;
	const struct p11_mech *m;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	if (pMechanism == NULL)
		rv = CKR_ARGUMENTS_BAD;
	else if (s->digest.active)
		rv = CKR_OPERATION_ACTIVE;
	else if ((m = p11_mech_get(pMechanism->mechanism)) == NULL ||
	    m->kind != P11_MK_DIGEST)
		rv = CKR_MECHANISM_INVALID;
	else {
		memset(&s->digest, 0, sizeof(s->digest));
		s->digest.mech = m;
		p11_hash_init(m->hash, &s->digest.hc);
		s->digest.active = 1;
	}
	p11_session_leave(s);
	return rv;
}

/*
 * Size query, short buffer, or the digest (ending the operation).  The
 * one-part call's data is hashed only when the digest is given out: a
 * size query is followed by the same call again.
 */
static CK_RV
digest_out(struct p11_session *s, struct p11_op *op, const uint8_t *data,
    size_t len, CK_BYTE_PTR out, CK_ULONG_PTR out_len, int *keep)
{
	size_t need = p11_hash_len(op->mech->hash);
	CK_RV rv;

	(void)s;
	if ((rv = p11_out_room(out, out_len, need, keep)) != CKR_OK || *keep)
		return rv;
	if (data != NULL && len > 0)
		op->hc.vtable->update(&op->hc.vtable, data, len);
	op->hc.vtable->out(&op->hc.vtable, out);
	*out_len = need;
	return CKR_OK;
}

P11_EXPORT CK_RV
C_Digest(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
    CK_BYTE_PTR pDigest, CK_ULONG_PTR pulDigestLen)
{
	return p11_part_one(hSession, P11_OP_DIGEST, digest_out, pData,
	    ulDataLen, pDigest, pulDigestLen);
}

P11_EXPORT CK_RV
C_DigestKey(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hKey)
{
	struct p11_session *s;
	CK_RV rv;

	(void)hKey;
	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	/* Only secret keys can be digested, and theirs are sensitive or
	 * session objects the caller can read itself. */
	rv = s->digest.active ? CKR_KEY_INDIGESTIBLE :
	    CKR_OPERATION_NOT_INITIALIZED;
	p11_session_leave(s);
	return rv;
}

P11_EXPORT CK_RV
C_DigestUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart,
    CK_ULONG ulPartLen)
{
	return p11_part_update(hSession, P11_OP_DIGEST, pPart, ulPartLen);
}

P11_EXPORT CK_RV
C_DigestFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pDigest,
    CK_ULONG_PTR pulDigestLen)
{
	return p11_part_final(hSession, P11_OP_DIGEST, digest_out, pDigest,
	    pulDigestLen);
}
