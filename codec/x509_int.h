/* SPDX-License-Identifier: BSD-2-Clause */
/* Private to codec/: what the X.509 writers share.  Included by bare name
 * from codec/'s own files; no include path names this folder. */
#ifndef UK_CODEC_X509_INT_H
#define UK_CODEC_X509_INT_H

#include <stddef.h>

/* 1 when the len bytes of s are all in PrintableString's alphabet
 * (X.680 41.4). */
int uk_x509_printable_ok(const char *s, size_t len);

#endif
