/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ECDSA P-256 signatures in low-S form.  An ECDSA signature (r, s) has a
 * twin (r, n - s) that verifies as well: anyone can turn one valid
 * signature into another without the key.  Lock tokens therefore carry
 * only the one with s <= n/2 (as Bitcoin's BIP 62 and libsecp256k1 do):
 * the card refuses the other (card/lock/lock_token.c), and the issuer's
 * signer puts every signature in that form (host/piv/piv_lock.c).  Shared
 * by the card and libuimkey; freestanding.
 *
 * A signature here is one DER ECDSA-Sig-Value, SEQUENCE { INTEGER r,
 * INTEGER s }, strictly encoded: short lengths, minimal positive
 * INTEGERs of 1 to 32 bytes of value (a 00 before a top bit), nothing
 * after.
 */
#ifndef UK_CODEC_ECDSA_LOW_S_H
#define UK_CODEC_ECDSA_LOW_S_H

#include <stddef.h>
#include <stdint.h>

/* The longest such signature: 30 44 02 21 00 r 02 21 00 s. */
#define UK_ECDSA_P256_SIG_MAX  72

/* 1 when sig is a P-256 signature as above with 0 < s <= n/2; 0 when s
 * is above n/2 or sig is not such a signature. */
int uk_ecdsa_p256_low_s(const uint8_t *sig, size_t len);

/*
 * The low-S form of sig: sig itself when s <= n/2, else (r, n - s),
 * written to out (cap bytes; UK_ECDSA_P256_SIG_MAX is enough; out
 * may be sig).  Returns its length; 0 when sig is not a signature as
 * above, s is 0 or not below n, or out is too small (out may then hold
 * part of it).
 */
size_t uk_ecdsa_p256_to_low_s(const uint8_t *sig, size_t len,
    uint8_t *out, size_t cap);

#endif
