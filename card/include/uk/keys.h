/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Private keys in their slots, as the other areas see them.  Implemented
 * in the keys area (key_*.c), which owns the key record format.
 */
#ifndef UK_CARD_KEYS_H
#define UK_CARD_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include <bearssl/bearssl_ec.h>
#include <bearssl/bearssl_rsa.h>

#include "card/card.h"
#include "card/piv_rules.h"
#include "uk/result.h"

/* Largest RSA modulus, in bytes (4096 bits). */
#define UK_RSA_MAX_BYTES   512
/* Largest EC scalar / coordinate (P-384), in bytes. */
#define UK_EC_MAX_BYTES    48

/* A key's random id: what binds its encrypted private part to it,
 * wherever MOVE KEY puts its record. */
#define UK_KEY_ID_LEN      16

/* How a key record holds the private part (key_record.c). */
#define UK_KEY_FORM_CLEAR   0   /* PIN policy never: as the store keeps it */
#define UK_KEY_FORM_KP      1   /* encrypted under a key of KP */
#define UK_KEY_FORM_SEALED  2   /* sealed to the card's sealing key */

/* A key loaded from its slot into RAM.  Wipe with uk_key_wipe(). */
typedef struct {
	uint8_t alg;            /* UIMKEY_ALG_* */
	uint8_t pin_policy;     /* UIMKEY_PIN_POLICY_NEVER/ONCE/ALWAYS */
	uint8_t touch_policy;
	uint8_t origin;         /* UIMKEY_ORIGIN_* */
	uint8_t form;           /* UK_KEY_FORM_* of the record it came from */
	uint8_t id[UK_KEY_ID_LEN];
	union {
		struct {
			br_ec_private_key sk;
			uint8_t d[UK_EC_MAX_BYTES];
			uint8_t q[1 + 2 * UK_EC_MAX_BYTES];  /* uncompressed */
			size_t q_len;
		} ec;
		struct {
			br_rsa_private_key sk;
			br_rsa_public_key pk;
			uint8_t p[UK_RSA_MAX_BYTES / 2];
			uint8_t q[UK_RSA_MAX_BYTES / 2];
			uint8_t dp[UK_RSA_MAX_BYTES / 2];
			uint8_t dq[UK_RSA_MAX_BYTES / 2];
			uint8_t iq[UK_RSA_MAX_BYTES / 2];
			uint8_t n[UK_RSA_MAX_BYTES];
			uint8_t e[4];
		} rsa;
	} u;
} uk_key;


/*
 * Load the public side of the key of slot index i (card/piv_rules.h) into
 * *key: algorithm, policies, origin, form, id and public key, the
 * private elements left zero.  Needs no PIN.  UK_OK, UK_ERR_EMPTY for
 * an empty slot, or the store's error (a record that does not hold a key
 * is UK_ERR_CORRUPT).
 */
int uk_key_load_public(uimkey_card *card, int i, uk_key *key);

/*
 * Load the whole key of slot index i, private elements too: as
 * uk_key_load_public, and for a key under the PIN (form KP or SEALED)
 * UK_ERR_ARG while KP is not in RAM (uk_auth_kp_known), UK_ERR_CORRUPT
 * when its private part fails to open.  key->form tells a caller that
 * a sealed key may now be stored under KP (uk_key_commit does it).
 */
int uk_key_load(uimkey_card *card, int i, uk_key *key);

/* Generate a new key of alg in RAM with the card's DRBG (not stored):
 * a new id, origin GENERATED, PIN policy ONCE and touch NEVER until the
 * caller sets others.  UK_OK, or UK_ERR_CRYPTO (UK_ERR_ARG for an
 * algorithm that is not a key's), and *key wiped. */
int uk_key_generate(uimkey_card *card, uint8_t alg, uk_key *key);

/*
 * Put *key as the content of slot i into the open transaction: UK_OK,
 * UK_ERR_ARG for a key that cannot be stored, or the store's error.
 * The private part goes in clear for PIN policy never, under KP when KP
 * is in RAM, sealed otherwise (the record's form, whatever key->form
 * says).
 */
int uk_key_put(uimkey_card *card, int i, const uk_key *key);

/* The same in a transaction of its own (uk_rec_write): on any failure
 * the slot keeps its old content. */
int uk_key_commit(uimkey_card *card, int i, const uk_key *key);

/*
 * The public key as SubjectPublicKeyInfo DER (for certificates) into out
 * (cap bytes); returns its length, 0 when it does not fit.
 */
size_t uk_key_spki(const uk_key *key, uint8_t *out, size_t cap);

/*
 * ECDSA over a hash with an EC key: the signature as DER
 * (SEQUENCE { r, s }) into sig (cap bytes); returns its length, 0 on
 * failure.  A hash longer than the curve's order is cut to its leftmost
 * bytes, a shorter one taken as the number it is; nonces are RFC 6979's
 * (deterministic), so card is not drawn from.
 */
size_t uk_key_ecdsa(uimkey_card *card, const uk_key *key,
    const uint8_t *hash, size_t hash_len, uint8_t *sig, size_t cap);

/* Forget a loaded key. */
void uk_key_wipe(uk_key *key);

/* Most bytes of the public key as GENERATE answers it inside 7F49 (and
 * GET METADATA inside tag 04): 81 n 82 e for RSA-4096. */
#define UK_KEY_PUB_MAX     (4 + UK_RSA_MAX_BYTES + 2 + 4)

/* Most bytes of uk_key_spki() (RSA-4096 with room). */
#define UK_KEY_SPKI_MAX    600

/*
 * The public key as the PIV card edge shows it: 86 point (EC) or
 * 81 n 82 e (RSA), into out (cap bytes); returns its length, 0 when it
 * does not fit.
 */
size_t uk_key_pub_tlv(const uk_key *key, uint8_t *out, size_t cap);


/*
 * Point the BearSSL views (sk, pk) of *key at its own buffers, after the
 * alg and the lengths in them were set.  Needed again after *key is
 * copied.
 */
void uk_key_link(uk_key *key);

/*
 * A key record of store format 1, rec (len bytes), committed to slot i
 * as today's record (a new id; under KP when it is held, sealed
 * otherwise, for PIN policy once and always).  UK_OK; UK_ERR_CORRUPT for
 * a record that is not valid; the commit's error.
 */
int uk_key_upgrade(uimkey_card *card, int i, const uint8_t *rec, size_t len);

#endif
