/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The asymmetric algorithms of the key slots (PIV algorithm ids) and the
 * BearSSL engines that serve them.  Keys area only.
 */
#ifndef UIMKEY_CARD_KEY_ALG_H
#define UIMKEY_CARD_KEY_ALG_H

#include <stddef.h>
#include <stdint.h>

#include <bearssl/bearssl_ec.h>
#include <bearssl/bearssl_hash.h>
#include <bearssl/bearssl_rsa.h>

/* The only RSA public exponent the card generates or accepts. */
#define UIMKEY_RSA_EXPONENT     65537u
#define UIMKEY_RSA_EXPONENT_LEN 3

/* 1 when alg is a key-slot algorithm this card supports. */
int uimkey_alg_is_ec(uint8_t alg);
int uimkey_alg_is_rsa(uint8_t alg);

/* EC: BearSSL curve id and the byte length of a scalar / coordinate;
 * 0 when alg is no EC algorithm. */
int uimkey_alg_curve(uint8_t alg);
size_t uimkey_alg_ec_len(uint8_t alg);

/* EC: the hash class whose output length is the curve's (RFC 6979
 * nonces); NULL for other algorithms. */
const br_hash_class *uimkey_alg_ec_hash(uint8_t alg);

/* RSA: modulus size in bits, 0 when alg is no RSA algorithm. */
unsigned uimkey_alg_rsa_bits(uint8_t alg);

/* The BearSSL engines the card uses (constant-time ones). */
const br_ec_impl *uimkey_ec_impl(void);
br_rsa_private uimkey_rsa_private(void);
br_rsa_public uimkey_rsa_public(void);

#endif
