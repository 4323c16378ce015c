/* SPDX-License-Identifier: BSD-2-Clause */
/* A SubjectPublicKeyInfo (RFC 5280) for a public key known by its parts:
 * CKA_PUBLIC_KEY_INFO of session public keys. */
#ifndef P11_SPKI_H
#define P11_SPKI_H

#include <stddef.h>
#include <stdint.h>

#include "pkcs11/p11_obj.h"

/* Room for the largest: RSA 4096 with a long exponent. */
#define P11_SPKI_MAX  600

/* The DER of k's SubjectPublicKeyInfo in out; its length, 0 when it
 * does not fit or k is no key. */
size_t p11_spki_build(const struct p11_key *k, uint8_t *out, size_t cap);

#endif
