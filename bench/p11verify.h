/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Signature inputs and checks for p11bench, with BearSSL: the hash (or
 * DigestInfo) each mechanism signs, and the verification of what came
 * back against the public key, so that no benchmark counts a wrong
 * signature as a fast one.
 */
#ifndef BENCH_P11VERIFY_H
#define BENCH_P11VERIFY_H

#include <stddef.h>
#include <stdint.h>

enum bench_alg { ALG_P256, ALG_P384, ALG_RSA_PKCS, ALG_RSA_PSS, ALG_COUNT };

#define BENCH_IN_MAX    64      /* DigestInfo of SHA-256: 51 bytes */
#define BENCH_SIG_MAX   512
#define BENCH_HASH_MAX  48

typedef struct {
	int ec;
	uint8_t q[1 + 2 * 48];  /* EC: the uncompressed point */
	size_t qlen;
	uint8_t n[512], e[8];   /* RSA */
	size_t nlen, elen;
} bench_pub;

/* "p256", "p384", "rsa-pkcs", "rsa-pss": the enum value, or -1. */
int bench_alg_parse(const char *name);
const char *bench_alg_name(int alg);
int bench_alg_is_ec(int alg);

/* The message hash for iteration i (SHA-256, SHA-384 for P-384) into
 * hash, and the mechanism's input (the hash, or the DigestInfo for
 * RSA PKCS#1) into in; returns the input's length. */
size_t bench_input(int alg, uint64_t i, uint8_t *hash, uint8_t *in);
size_t bench_hash_len(int alg);

/* An EC point as PKCS#11 gives it (raw, or in a DER OCTET STRING) into
 * pk; 0 on success. */
int bench_pub_ec(bench_pub *pk, int alg, const uint8_t *v, size_t len);
/* RSA modulus and exponent (big-endian) into pk; 0 on success. */
int bench_pub_rsa(bench_pub *pk, const uint8_t *n, size_t nlen,
    const uint8_t *e, size_t elen);

/* 1 when sig is a valid signature of hash under pk for alg. */
int bench_verify(const bench_pub *pk, int alg, const uint8_t *hash,
    const uint8_t *sig, size_t siglen);

#endif
