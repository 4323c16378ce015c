/* SPDX-License-Identifier: BSD-2-Clause */
/* Small helpers shared by the PKCS#11 module. */
#ifndef P11_UTIL_H
#define P11_UTIL_H

#include <stddef.h>

#include "pkcs11/p11.h"

/*
 * Copy src into a fixed PKCS#11 text field of len bytes: blank-padded,
 * never NUL-terminated, cut at a UTF-8 character boundary when too long.
 */
void p11_pad(CK_UTF8CHAR *dst, size_t len, const char *src);

/* The CK_RV an application should see for a libuimkey error. */
CK_RV p11_rv_from_err(int err);

/*
 * PKCS#11 v2.40 5.2 for a result of need bytes: a size query (out NULL:
 * CKR_OK) or a buffer too short (CKR_BUFFER_TOO_SMALL) learns need in
 * *out_len and keeps the operation for the call again (*keep 1).
 * Otherwise *keep is 0, CKR_OK, and the caller writes the result.
 */
CK_RV p11_out_room(CK_BYTE_PTR out, CK_ULONG_PTR out_len, size_t need,
    int *keep);

#endif
