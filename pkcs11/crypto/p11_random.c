/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Random numbers from the card (PKCS#11 v2.40 5.15): C_GenerateRandom
 * reads the card's HMAC-DRBG through GET CHALLENGE; the card takes no
 * seed from the host.
 */
#include "pkcs11/p11.h"
#include "pkcs11/p11_session.h"
#include "pkcs11/p11_slot.h"
#include "pkcs11/p11_util.h"

P11_EXPORT CK_RV
C_SeedRandom(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSeed, CK_ULONG ulSeedLen)
{
	struct p11_session *s;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	rv = pSeed == NULL && ulSeedLen > 0 ? CKR_ARGUMENTS_BAD :
	    CKR_RANDOM_SEED_NOT_SUPPORTED;
	p11_session_leave(s);
	return rv;
}

P11_EXPORT CK_RV
C_GenerateRandom(CK_SESSION_HANDLE hSession, CK_BYTE_PTR RandomData,
    CK_ULONG ulRandomLen)
{
	struct p11_session *s;
	uimkey_dev_t *dev;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	if (RandomData == NULL && ulRandomLen > 0) {
		rv = CKR_ARGUMENTS_BAD;
		goto fail;
	}
	if (ulRandomLen == 0)
		goto fail;
	if ((rv = p11_slot_dev_get(p11_session_slot(s), &dev)) != CKR_OK)
		goto fail;
	rv = p11_rv_from_err(uimkey_piv_random(dev, RandomData, ulRandomLen));
fail:
	p11_session_leave(s);
	return rv;
}
