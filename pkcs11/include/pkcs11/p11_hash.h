/* SPDX-License-Identifier: BSD-2-Clause */
/* Hashes (BearSSL) by PKCS#11 name: digests, DigestInfo, MGF1. */
#ifndef P11_HASH_H
#define P11_HASH_H

#include <stddef.h>
#include <stdint.h>

#include <bearssl.h>

#include "pkcs11/p11.h"

enum {
	P11_HASH_NONE = 0,
	P11_SHA1,
	P11_SHA224,
	P11_SHA256,
	P11_SHA384,
	P11_SHA512
};
#define P11_HASH_MAX  64

const br_hash_class *p11_hash_class(int h);
size_t p11_hash_len(int h);
/* CKM_SHA_1 .. CKM_SHA512 to P11_*; P11_HASH_NONE for others. */
int p11_hash_of_mech(CK_MECHANISM_TYPE m);
/* CKG_MGF1_SHA1 .. CKG_MGF1_SHA512 to P11_*. */
int p11_hash_of_mgf(CK_RSA_PKCS_MGF_TYPE mgf);
/* The DER DigestInfo prefix of PKCS#1 v1.5 signatures. */
const uint8_t *p11_hash_prefix(int h, size_t *len);

/* Start hash h in hc. */
void p11_hash_init(int h, br_hash_compat_context *hc);

/* out = hash of in (one shot). */
void p11_hash(int h, const void *in, size_t len, uint8_t *out);

/* MGF1 with hash h: mask (mask_len bytes) xored into out. */
void p11_mgf1_xor(int h, const uint8_t *seed, size_t seed_len,
    uint8_t *out, size_t out_len);

#endif
