/* SPDX-License-Identifier: BSD-2-Clause */
/* Public key operations on the host (BearSSL), and what they share with
 * the private ones: key sizes and the ECDSA signature formats. */
#ifndef P11_PUB_H
#define P11_PUB_H

#include <stddef.h>
#include <stdint.h>

#include "pkcs11/p11_obj.h"

/* Not a card algorithm: an RSA session public key of any size the
 * module takes (p11_sobj_pub.c). */
#define P11_ALG_RSA_HOST  0xE6

/* Bytes of an EC coordinate (ECDSA r and s) or of an RSA modulus. */
size_t p11_key_bytes(const struct p11_key *k);
/* The curve's or the modulus's size in bits. */
size_t p11_key_bits(const struct p11_key *k);
int p11_key_is_ec(const struct p11_key *k);

/* x (exactly the modulus long) ^ e mod n in place; 0 when x >= n. */
int p11_pub_rsa(const struct p11_key *k, uint8_t *x, size_t len);
/* 1 when sig (r || s) is an ECDSA signature of hash by k. */
int p11_pub_ecdsa(const struct p11_key *k, const uint8_t *hash,
    size_t hash_len, const uint8_t *sig, size_t sig_len);
/* The card's DER SEQUENCE { r, s } as PKCS#11's r || s of 2 * n bytes. */
int p11_ecdsa_der_to_raw(const uint8_t *der, size_t len, size_t n,
    uint8_t *raw);

#endif
