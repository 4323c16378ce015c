/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PBKDF2 with HMAC-SHA-256 (RFC 8018 section 5.2): what one guess at the
 * PIN or the PUK costs whoever holds a copy of the store.  Internal to
 * the auth area (auth_wrap.c is its one user).
 */
#ifndef UK_CARD_AUTH_PBKDF2_H
#define UK_CARD_AUTH_PBKDF2_H

#include <stddef.h>
#include <stdint.h>

/* HMAC-SHA-256's output, one block of the derived key. */
#define UK_PBKDF2_BLOCK_LEN  32

/*
 * out_len bytes of PBKDF2-HMAC-SHA-256 of the password pw (pw_len bytes)
 * and salt at iterations (0 counts as 1) into out.  Every intermediate
 * value is wiped before it returns.
 */
void uk_pbkdf2_sha256(const void *pw, size_t pw_len, const void *salt,
    size_t salt_len, uint32_t iterations, uint8_t *out, size_t out_len);

#endif
