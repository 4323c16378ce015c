/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * RSA encodings done on the host around the card's raw private
 * operation (RFC 8017): PKCS#1 v1.5 signature and encryption blocks,
 * PSS, OAEP.  BearSSL 0.6 has no public PSS, and keeps its OAEP and
 * v1.5 padding inside its private-key functions, so they are here.
 * Decoders run in constant time up to the final verdict.
 */
#ifndef P11_RSA_H
#define P11_RSA_H

#include <stddef.h>
#include <stdint.h>

#include "pkcs11/p11.h"

/* EM = 00 01 FF.. 00 t, k bytes.  CKR_DATA_LEN_RANGE when t is long. */
CK_RV p11_rsa_pkcs1_sig(uint8_t *em, size_t k, const uint8_t *t,
    size_t t_len);
/* EM = 00 02 random-nonzero.. 00 m. */
CK_RV p11_rsa_pkcs1_enc(uint8_t *em, size_t k, const uint8_t *m,
    size_t m_len);
/* m out of a v1.5 encryption block; out holds k bytes. */
CK_RV p11_rsa_pkcs1_dec(const uint8_t *em, size_t k, uint8_t *out,
    size_t *out_len);

/* PSS of mhash (hash h, MGF1 with mgf, salt of s_len random bytes) for
 * a modulus of mod_bits; em gets k = ceil(mod_bits / 8) bytes. */
CK_RV p11_rsa_pss_enc(uint8_t *em, size_t mod_bits, int h, int mgf,
    size_t salt_len, const uint8_t *mhash);
/* 1 when em (k bytes) is a PSS encoding of mhash. */
int p11_rsa_pss_check(const uint8_t *em, size_t mod_bits, int h, int mgf,
    size_t salt_len, const uint8_t *mhash);

CK_RV p11_rsa_oaep_enc(uint8_t *em, size_t k, int h, int mgf,
    const uint8_t *label, size_t label_len, const uint8_t *m, size_t m_len);
/* em is overwritten; out holds k bytes. */
CK_RV p11_rsa_oaep_dec(uint8_t *em, size_t k, int h, int mgf,
    const uint8_t *label, size_t label_len, uint8_t *out, size_t *out_len);

/* len random bytes. */
int p11_random(uint8_t *buf, size_t len);

#endif
