/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A P-256 private scalar derived from a secret rather than drawn: the
 * same secret and label give the same key on any card and any BearSSL.
 */
#ifndef UK_CODEC_EC_DERIVE_H
#define UK_CODEC_EC_DERIVE_H

#include <stddef.h>
#include <stdint.h>

#define UK_P256_SCALAR_LEN  32

/* d: the first HMAC-SHA-256(secret, label || i), for the one-byte
 * i = 0, 1, ..., that lies in [1, n-1].  0, or -1 (d wiped) in the
 * case, below 2^-256, that none of the first few does. */
int uk_p256_derive(const uint8_t *secret, size_t len, const char *label,
    uint8_t *d);

#endif
