/* SPDX-License-Identifier: BSD-2-Clause */
/* Marks libuimkey's public symbols: everything else stays inside. */
#ifndef UIMKEY_API_H
#define UIMKEY_API_H

#if defined(__GNUC__)
#define UIMKEY_API __attribute__((visibility("default")))
#else
#define UIMKEY_API
#endif

#endif
