/* SPDX-License-Identifier: BSD-2-Clause */
/* Not offered: token initialisation and operation state.  See
 * p11_unsupported.h. */
#include "pkcs11/p11_session.h"
#include "pkcs11/p11_slot.h"
#include "pkcs11/p11_unsupported.h"

#define IN   P11_IN
#define OUT  P11_OUT

CK_RV
p11_not_yet(CK_SESSION_HANDLE h, int args_ok)
{
	struct p11_session *s;
	CK_RV rv;

	if ((rv = p11_session_enter(h, &s)) != CKR_OK)
		return rv;
	p11_session_leave(s);
	return args_ok ? CKR_FUNCTION_NOT_SUPPORTED : CKR_ARGUMENTS_BAD;
}

/* Token initialisation: a PIV card is reset with RESET, not C_InitToken;
 * this may stay unsupported. */
P11_EXPORT CK_RV
C_InitToken(CK_SLOT_ID slotID, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen,
    CK_UTF8CHAR_PTR pLabel)
{
	CK_RV rv;

	if ((rv = p11_enter()) != CKR_OK)
		return rv;
	if (p11_slot_get(slotID) == NULL)
		rv = CKR_SLOT_ID_INVALID;
	else if (!OUT(pLabel) || !IN(pPin, ulPinLen))
		rv = CKR_ARGUMENTS_BAD;
	else
		rv = CKR_FUNCTION_NOT_SUPPORTED;
	p11_leave();
	return rv;
}

/* Operation state: cannot be saved for a card operation; stays so. */
P11_EXPORT CK_RV
C_GetOperationState(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pOperationState,
    CK_ULONG_PTR pulOperationStateLen)
{
	(void)pOperationState;
	return p11_not_yet(hSession, OUT(pulOperationStateLen));
}

P11_EXPORT CK_RV
C_SetOperationState(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pOperationState,
    CK_ULONG ulOperationStateLen, CK_OBJECT_HANDLE hEncryptionKey,
    CK_OBJECT_HANDLE hAuthenticationKey)
{
	(void)hEncryptionKey;
	(void)hAuthenticationKey;
	return p11_not_yet(hSession, IN(pOperationState, ulOperationStateLen) &&
	    ulOperationStateLen != 0);
}

