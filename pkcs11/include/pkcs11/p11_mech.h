/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The mechanism table: what each mechanism does on the host (hashing,
 * padding) and which key it takes.  The card only ever does the private
 * key operation: ECDSA of a hash, RSA's raw private operation, ECDH.
 */
#ifndef P11_MECH_H
#define P11_MECH_H

#include "pkcs11/p11.h"

enum p11_mech_kind {
	P11_MK_ECDSA = 1,       /* sign / verify with an EC key */
	P11_MK_RSA,             /* sign / verify / encrypt / decrypt */
	P11_MK_DIGEST,
	P11_MK_ECDH,
	P11_MK_GEN_EC,
	P11_MK_GEN_RSA
};

enum p11_pad {
	P11_PAD_NONE = 0,
	P11_PAD_X509,           /* raw RSA */
	P11_PAD_PKCS1,          /* PKCS#1 v1.5 */
	P11_PAD_PSS,
	P11_PAD_OAEP
};

struct p11_mech {
	CK_MECHANISM_TYPE type;
	enum p11_mech_kind kind;
	int hash;               /* hashed by the module first (P11_SHA*) */
	enum p11_pad pad;
	CK_FLAGS flags;
};

/* NULL for a mechanism the module does not offer. */
const struct p11_mech *p11_mech_get(CK_MECHANISM_TYPE type);

/* Key sizes in bits.  ECDSA verifies P-521 signatures with session
 * public keys; the card's keys are P-256 and P-384. */
#define P11_EC_MIN_BITS   (8 * uimkey_alg_ec_bytes(UIMKEY_ALG_ECCP256))
#define P11_EC_MAX_BITS   (8 * uimkey_alg_ec_bytes(UIMKEY_ALG_ECCP384))
#define P11_ECDSA_MAX_BITS 521
#define P11_RSA_MIN_BITS  uimkey_alg_rsa_bits(UIMKEY_ALG_RSA2048)
#define P11_RSA_MAX_BITS  uimkey_alg_rsa_bits(UIMKEY_ALG_RSA4096)

#endif
