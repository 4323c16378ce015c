/* Not yet implemented: token and PIN administration, login, operation
 * state and objects.  See p11_unsupported.h. */
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
	p11_leave();
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

/* PINs and login (next stage). */
P11_EXPORT CK_RV
C_InitPIN(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen)
{
	return p11_not_yet(hSession, IN(pPin, ulPinLen));
}

P11_EXPORT CK_RV
C_SetPIN(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pOldPin,
    CK_ULONG ulOldLen, CK_UTF8CHAR_PTR pNewPin, CK_ULONG ulNewLen)
{
	return p11_not_yet(hSession, IN(pOldPin, ulOldLen) &&
	    IN(pNewPin, ulNewLen));
}

P11_EXPORT CK_RV
C_Login(CK_SESSION_HANDLE hSession, CK_USER_TYPE userType,
    CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen)
{
	(void)userType;
	return p11_not_yet(hSession, IN(pPin, ulPinLen));
}

P11_EXPORT CK_RV
C_Logout(CK_SESSION_HANDLE hSession)
{
	return p11_not_yet(hSession, 1);
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

/* Objects (next stage). */
P11_EXPORT CK_RV
C_CreateObject(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate,
    CK_ULONG ulCount, CK_OBJECT_HANDLE_PTR phObject)
{
	return p11_not_yet(hSession, IN(pTemplate, ulCount) && OUT(phObject));
}

P11_EXPORT CK_RV
C_CopyObject(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject,
    CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount,
    CK_OBJECT_HANDLE_PTR phNewObject)
{
	(void)hObject;
	return p11_not_yet(hSession, IN(pTemplate, ulCount) && OUT(phNewObject));
}

P11_EXPORT CK_RV
C_DestroyObject(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject)
{
	(void)hObject;
	return p11_not_yet(hSession, 1);
}

P11_EXPORT CK_RV
C_GetObjectSize(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject,
    CK_ULONG_PTR pulSize)
{
	(void)hObject;
	return p11_not_yet(hSession, OUT(pulSize));
}

P11_EXPORT CK_RV
C_GetAttributeValue(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject,
    CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount)
{
	(void)hObject;
	return p11_not_yet(hSession, OUT(pTemplate) && ulCount != 0);
}

P11_EXPORT CK_RV
C_SetAttributeValue(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject,
    CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount)
{
	(void)hObject;
	return p11_not_yet(hSession, OUT(pTemplate) && ulCount != 0);
}

P11_EXPORT CK_RV
C_FindObjectsInit(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate,
    CK_ULONG ulCount)
{
	return p11_not_yet(hSession, IN(pTemplate, ulCount));
}

P11_EXPORT CK_RV
C_FindObjects(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE_PTR phObject,
    CK_ULONG ulMaxObjectCount, CK_ULONG_PTR pulObjectCount)
{
	return p11_not_yet(hSession, IN(phObject, ulMaxObjectCount) &&
	    OUT(pulObjectCount));
}

P11_EXPORT CK_RV
C_FindObjectsFinal(CK_SESSION_HANDLE hSession)
{
	return p11_not_yet(hSession, 1);
}
