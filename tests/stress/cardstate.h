/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the stress tests know of a card's persistent state, read through
 * libuimkey without changing anything (GET METADATA, GET DATA): retry
 * counters, the management key's algorithm, the public key in each
 * watched key slot, the certificate of each, the issuer lock.  Also the
 * issuer's side of lock tokens and signature checks with BearSSL.
 */
#ifndef UIMKEY_STRESS_CARDSTATE_H
#define UIMKEY_STRESS_CARDSTATE_H

#include <stddef.h>
#include <stdint.h>

#include <bearssl/bearssl_ec.h>

#include "host/uimkey.h"

/* The key slots watched: 9A, 9C (PIN always), 9D, retired 82 and 83. */
#define CS_NSLOTS 5
extern const uint8_t cs_slots[CS_NSLOTS];

/* The factory credentials. */
extern const char cs_factory_pin[];
extern const char cs_factory_puk[];
extern const uint8_t cs_factory_mgmt[24];

struct cs_key {
	int present;
	size_t spki_len;
	uint8_t spki[UIMKEY_PIV_SPKI_MAX];
};

struct cs_cert {
	int present;
	size_t len;
	uint8_t der[UIMKEY_PIV_CERT_MAX];
};

struct cs_state {
	int pin_tries, pin_total, pin_default;
	int puk_tries, puk_total, puk_default;
	uint8_t mgmt_alg;
	int mgmt_default;
	struct cs_key keys[CS_NSLOTS];
	struct cs_cert certs[CS_NSLOTS];
	int lock_installed, lock_locked;
	uint32_t lock_counter;
};

/* Read the whole state (one PC/SC transaction).  UIMKEY_OK or the first
 * error; cs_gone() tells a vanished card from a wrong answer. */
int cs_read(uimkey_dev_t *dev, struct cs_state *st);

/* 1 when err means the card or PC/SC went away (not a card's answer). */
int cs_gone(int err);

/* The parts of two states, compared: 0 when equal, else 1 with the first
 * difference described in why. */
int cs_diff(const struct cs_state *want, const struct cs_state *got,
    char *why, size_t why_len);
int cs_key_eq(const struct cs_key *a, const struct cs_key *b);
int cs_cert_eq(const struct cs_cert *a, const struct cs_cert *b);

/* 1 when sig (DER ECDSA for EC keys, raw RSA PKCS#1 v1.5 block for RSA
 * keys: then hash is a DigestInfo-less SHA-256) verifies under spki. */
int cs_verify(const uint8_t *spki, size_t spki_len, const uint8_t *hash,
    size_t hash_len, const uint8_t *sig, size_t sig_len);

/* A fresh P-256 SubjectPublicKeyInfo point check: a parsable EC key. */
int cs_spki_ok(const uint8_t *spki, size_t spki_len);

/* The issuer of lock tokens: a P-256 key made from 32 random bytes. */
struct cs_issuer {
	uint8_t x[32];
	br_ec_private_key sk;
	uint8_t point[UIMKEY_LOCK_POINT_LEN];
};
int cs_issuer_init(struct cs_issuer *iss, const uint8_t seed[32]);
/* A signed token into out (UIMKEY_LOCK_TOKEN_MAX). */
int cs_issuer_token(const struct cs_issuer *iss, uint32_t serial,
    uint8_t action, uint32_t counter, uint8_t *out, size_t *len);

/* A DER SEQUENCE of exactly len bytes (8 <= len <= UIMKEY_PIV_CERT_MAX,
 * cs_cert_len() of some length) filled from rnd: what the card takes as
 * a certificate. */
void cs_fake_cert(uint8_t *der, size_t len, const uint8_t *rnd);
/* A length DER can give a SEQUENCE (130 and 259 it cannot). */
static inline size_t
cs_cert_len(size_t len)
{
	return len == 130 || len == 259 ? len + 1 : len;
}

#endif
