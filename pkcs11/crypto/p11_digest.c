/* SPDX-License-Identifier: BSD-2-Clause */
/* C_Digest*: SHA-1 and SHA-2 on the host (BearSSL). */
#define _DEFAULT_SOURCE
#include <string.h>

#include "pkcs11/p11_hash.h"
#include "pkcs11/p11_session.h"
#include "pkcs11/p11_util.h"

#define IN(p, n)  ((p) != NULL || (n) == 0)

static void
digest_end(struct p11_digest *d)
{
	explicit_bzero(d, sizeof(*d));
}

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
		s->digest.hash = m->hash;
		p11_hash_init(m->hash, &s->digest.hc);
		s->digest.active = 1;
	}
	p11_leave();
	return rv;
}

/* Size query, short buffer, or the digest (ending the operation). */
static CK_RV
digest_out(struct p11_digest *d, CK_BYTE_PTR out, CK_ULONG_PTR out_len,
    int *keep)
{
	size_t need = p11_hash_len(d->hash);
	CK_RV rv;

	if ((rv = p11_out_room(out, out_len, need, keep)) != CKR_OK || *keep)
		return rv;
	d->hc.vtable->out(&d->hc.vtable, out);
	*out_len = need;
	return CKR_OK;
}

P11_EXPORT CK_RV
C_Digest(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
    CK_BYTE_PTR pDigest, CK_ULONG_PTR pulDigestLen)
{
	struct p11_session *s;
	int keep = 0;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	if (!s->digest.active) {
		rv = CKR_OPERATION_NOT_INITIALIZED;
		goto out;
	}
	if (!IN(pData, ulDataLen) || pulDigestLen == NULL) {
		rv = CKR_ARGUMENTS_BAD;
	} else if (s->digest.multi) {
		rv = CKR_OPERATION_ACTIVE;
	} else {
		/* Hash only when the digest is given out: a size query
		 * is followed by the same call again. */
		if (pDigest != NULL && *pulDigestLen >=
		    p11_hash_len(s->digest.hash) && ulDataLen > 0)
			s->digest.hc.vtable->update(&s->digest.hc.vtable,
			    pData, ulDataLen);
		rv = digest_out(&s->digest, pDigest, pulDigestLen, &keep);
		s->digest.single = keep;
	}
	if (!keep)
		digest_end(&s->digest);
out:
	p11_leave();
	return rv;
}

P11_EXPORT CK_RV
C_DigestUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart,
    CK_ULONG ulPartLen)
{
	struct p11_session *s;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	if (!s->digest.active) {
		rv = CKR_OPERATION_NOT_INITIALIZED;
	} else if (s->digest.single) {
		/* After C_Digest gave the length, only C_Digest may come:
		 * the operation stays for it. */
		rv = CKR_OPERATION_ACTIVE;
	} else if (!IN(pPart, ulPartLen)) {
		rv = CKR_ARGUMENTS_BAD;
		digest_end(&s->digest);
	} else {
		s->digest.multi = 1;
		if (ulPartLen > 0)
			s->digest.hc.vtable->update(&s->digest.hc.vtable,
			    pPart, ulPartLen);
	}
	p11_leave();
	return rv;
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
	p11_leave();
	return rv;
}

P11_EXPORT CK_RV
C_DigestFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pDigest,
    CK_ULONG_PTR pulDigestLen)
{
	struct p11_session *s;
	int keep = 0;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	if (!s->digest.active) {
		rv = CKR_OPERATION_NOT_INITIALIZED;
		goto out;
	}
	if (s->digest.single) {
		/* Never the digest of nothing for a C_Digest in progress. */
		rv = CKR_OPERATION_ACTIVE;
		keep = 1;
	} else if (pulDigestLen == NULL) {
		rv = CKR_ARGUMENTS_BAD;
	} else {
		rv = digest_out(&s->digest, pDigest, pulDigestLen, &keep);
	}
	if (!keep)
		digest_end(&s->digest);
out:
	p11_leave();
	return rv;
}
