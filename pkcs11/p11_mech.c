/*
 * Mechanisms.  The next stage fills in the table (RSA PKCS#1 v1.5, PSS,
 * OAEP, ECDSA with host-side hashing); until then a token offers none.
 */
#include "pkcs11/p11_slot.h"

static CK_RV
slot_with_token(CK_SLOT_ID slotID)
{
	struct p11_slot *s;
	CK_RV rv;

	if ((s = p11_slot_get(slotID)) == NULL)
		return CKR_SLOT_ID_INVALID;
	if ((rv = p11_slots_refresh()) != CKR_OK)
		return rv;
	return s->card_present ? CKR_OK : CKR_TOKEN_NOT_PRESENT;
}

P11_EXPORT CK_RV
C_GetMechanismList(CK_SLOT_ID slotID, CK_MECHANISM_TYPE_PTR pMechanismList,
    CK_ULONG_PTR pulCount)
{
	CK_RV rv;

	(void)pMechanismList;
	if ((rv = p11_enter()) != CKR_OK)
		return rv;
	if (pulCount == NULL)
		rv = CKR_ARGUMENTS_BAD;
	else if ((rv = slot_with_token(slotID)) == CKR_OK)
		*pulCount = 0;
	p11_leave();
	return rv;
}

P11_EXPORT CK_RV
C_GetMechanismInfo(CK_SLOT_ID slotID, CK_MECHANISM_TYPE type,
    CK_MECHANISM_INFO_PTR pInfo)
{
	CK_RV rv;

	(void)type;
	if ((rv = p11_enter()) != CKR_OK)
		return rv;
	if (pInfo == NULL)
		rv = CKR_ARGUMENTS_BAD;
	else if ((rv = slot_with_token(slotID)) == CKR_OK)
		rv = CKR_MECHANISM_INVALID;
	p11_leave();
	return rv;
}
