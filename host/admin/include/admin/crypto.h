/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * BearSSL helpers: private keys from files, hashes, PKCS#1 v1.5
 * padding for the card's raw RSA operation, and signature checks against
 * a SubjectPublicKeyInfo.
 */
#ifndef UIMKEY_ADMIN_CRYPTO_H
#define UIMKEY_ADMIN_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include <bearssl.h>

#include "codec/x509.h"

#define ADM_HASH_MAX 48         /* SHA-384 */

/* A private key read from a file (PEM or DER; PKCS#8, SEC1 or PKCS#1,
 * unencrypted).  The decoder holds the key: wipe it with adm_skey_free. */
struct adm_skey {
	br_skey_decoder_context dc;
	int type;                    /* BR_KEYTYPE_RSA or BR_KEYTYPE_EC */
	uint8_t alg;                 /* UIMKEY_ALG_* of the key, 0 if none */
	const br_rsa_private_key *rsa;
	const br_ec_private_key *ec;
};
int adm_skey_load(const char *path, struct adm_skey *k);
void adm_skey_free(struct adm_skey *k);
/* Sign data with the key, as alg says; the signature as X.509 wants it
 * (ECDSA: DER SEQUENCE { r, s }; RSA: PKCS#1 v1.5).  0 or -1. */
int adm_skey_sign(const struct adm_skey *k, uk_x509_sig_alg alg,
    const uint8_t *data, size_t len, uint8_t *sig, size_t cap,
    size_t *sig_len);

/* The signature algorithm we use for a key algorithm. */
uk_x509_sig_alg adm_sig_alg_for(uint8_t key_alg);
/* Hash data as alg's hash; the hash length, 0 for an unknown alg. */
size_t adm_hash(uk_x509_sig_alg alg, const uint8_t *data, size_t len,
    uint8_t out[ADM_HASH_MAX]);
/* EMSA-PKCS1-v1_5 of a SHA-256 hash, em_len bytes (the modulus). */
int adm_pkcs1_pad(const uint8_t *hash, size_t hash_len, uint8_t *em,
    size_t em_len);
/*
 * 0 when sig is a good alg signature over data by the key of spki;
 * -1 when it is not; -2 when spki or alg is not one we can check.
 */
int adm_sig_verify(const uint8_t *spki, size_t spki_len,
    uk_x509_sig_alg alg, const uint8_t *data, size_t len,
    const uint8_t *sig, size_t sig_len);
/* 1 when two SubjectPublicKeyInfos hold the same public key. */
int adm_same_key(const uint8_t *a, size_t alen, const uint8_t *b,
    size_t blen);

#endif
