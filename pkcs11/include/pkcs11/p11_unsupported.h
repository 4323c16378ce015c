/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Entry points the module does not offer.  Each still checks what
 * PKCS#11 says it must (initialised, valid session or slot, no NULL where
 * the caller must pass a pointer) before CKR_FUNCTION_NOT_SUPPORTED, so
 * applications probing the module get the codes the spec promises.
 */
#ifndef P11_UNSUPPORTED_H
#define P11_UNSUPPORTED_H

#include "pkcs11/p11.h"

/* An input buffer: NULL only when empty. */
#define P11_IN(p, n)  ((p) != NULL || (n) == 0)
/* An output pointer the caller must always pass. */
#define P11_OUT(p)    ((p) != NULL)

/* CKR_SESSION_HANDLE_INVALID, CKR_ARGUMENTS_BAD unless args_ok, else
 * CKR_FUNCTION_NOT_SUPPORTED. */
CK_RV p11_not_yet(CK_SESSION_HANDLE h, int args_ok);

#endif
