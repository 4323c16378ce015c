/* SPDX-License-Identifier: BSD-2-Clause */
/* Small helpers shared by the PKCS#11 module. */
#ifndef P11_UTIL_H
#define P11_UTIL_H

#include <stddef.h>

#include "p11.h"

/*
 * Copy src into a fixed PKCS#11 text field of len bytes: blank-padded,
 * never NUL-terminated, cut at a UTF-8 character boundary when too long.
 */
void p11_pad(CK_UTF8CHAR *dst, size_t len, const char *src);

/* The CK_RV an application should see for a libuimkey error. */
CK_RV p11_rv_from_err(int err);

#endif
