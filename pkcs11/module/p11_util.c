/* SPDX-License-Identifier: BSD-2-Clause */
/* Blank padding, error mapping, the size of a result. */
#include <string.h>

#include "pkcs11/p11_util.h"

void
p11_pad(CK_UTF8CHAR *dst, size_t len, const char *src)
{
	size_t n = strlen(src);

	if (n > len) {
		/* A field is UTF-8: never leave half a character at the end. */
		n = len;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	memset(dst + n, ' ', len - n);
}

CK_RV
p11_rv_from_err(int err)
{
	switch (err) {
	case UIMKEY_OK:
		return CKR_OK;
	case UIMKEY_ERR_NOMEM:
		return CKR_HOST_MEMORY;
	case UIMKEY_ERR_NO_READER:
	case UIMKEY_ERR_NO_CARD:
		return CKR_TOKEN_NOT_PRESENT;
	case UIMKEY_ERR_CARD_REMOVED:
		return CKR_DEVICE_REMOVED;
	case UIMKEY_ERR_NOT_PIV:
		return CKR_TOKEN_NOT_RECOGNIZED;
	case UIMKEY_ERR_ARG:
	case UIMKEY_ERR_INTERNAL:
		return CKR_GENERAL_ERROR;
	case UIMKEY_ERR_SW_LOCKED:
		/* The issuer locked the card (lost or stolen): it refuses
		 * every private-key operation.  C_Sign's, C_Decrypt's and
		 * C_DeriveKey's lists offer "rejected" for exactly this. */
		return CKR_FUNCTION_REJECTED;
	default:
		/* PC/SC, transmission, sharing and card status errors. */
		return CKR_DEVICE_ERROR;
	}
}

CK_RV
p11_out_room(CK_BYTE_PTR out, CK_ULONG_PTR out_len, size_t need, int *keep)
{
	*keep = out == NULL || *out_len < need;
	if (!*keep)
		return CKR_OK;
	*out_len = need;
	return out == NULL ? CKR_OK : CKR_BUFFER_TOO_SMALL;
}
