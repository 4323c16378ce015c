/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The asymmetric algorithms of the key slots (PIV algorithm ids) and the
 * BearSSL engines that serve them.  Keys area only.
 */
#ifndef UK_CARD_KEY_ALG_H
#define UK_CARD_KEY_ALG_H

#include <stddef.h>
#include <stdint.h>

#include <bearssl/bearssl_ec.h>
#include <bearssl/bearssl_hash.h>
#include <bearssl/bearssl_rsa.h>

#include "card/piv_rules.h"

/* The only RSA public exponent the card generates or accepts. */
#define UK_RSA_EXPONENT     65537u
#define UK_RSA_EXPONENT_LEN 3

/* Which algorithms a slot holds, and their sizes, are PIV rules
 * (card/piv_rules.h); here is what BearSSL needs beyond them. */

/* EC: BearSSL's curve id; 0 when alg is no EC algorithm. */
int uk_alg_curve(uint8_t alg);

/* EC: the hash class whose output length is the curve's (RFC 6979
 * nonces); NULL for other algorithms. */
const br_hash_class *uk_alg_ec_hash(uint8_t alg);

/* The BearSSL engines the card uses (constant-time ones). */
const br_ec_impl *uk_ec_impl(void);
br_rsa_private uk_rsa_private(void);
br_rsa_public uk_rsa_public(void);

#endif
