/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The credentials record (UK_REC_CRED): what checks the PIN and the PUK
 * (never the values themselves), their retry counters, the sealing key,
 * the management key and the PIN policy, and its in-RAM form.  Internal
 * to the auth area.
 *
 * The PIN and the PUK each wrap the PIN domain key KP (32 random bytes,
 * auth_wrap.c): KEK = PBKDF2-HMAC-SHA-256(value as it travels, 8 bytes
 * padded with FF; salt; iterations), and KP sealed under KEK with
 * ChaCha20-Poly1305.  A value is right when its KEK opens the wrap.
 *
 * Byte layout of the record (integers big endian):
 *   0    format version (UK_CRED_VERSION)
 *   1    PIN wrap, UK_WRAP_LEN bytes (below)
 *   83   PUK wrap, UK_WRAP_LEN bytes
 *   165  sealing public key U: P-256 point, 04 X Y (65 bytes); its
 *        private scalar is derived from KP (auth_seal.c)
 *   230  management key algorithm (03, 08, 0A, 0C)
 *   231  management key, 32 bytes: the key, then zeros
 *   263  flags (UK_CRED_F_*)
 *   264  PIN policy: minimum length (6..8)
 *   265  PIN policy: rules (UK_POLICY_*)
 *   266  iterations the next PIN or PUK wrap gets (4)
 *   270  end
 * A wrap:
 *   +0   retries max (1..15)       +1  retries left (0..max)
 *   +2   salt (16)
 *   +18  PBKDF2 iterations (4)
 *   +22  nonce (12)
 *   +34  KP encrypted (32)
 *   +66  tag (16)
 *   +82  end
 * The AEAD's associated data is "uimkey KP wrap", the reference (80 or
 * 81), the salt and the iterations: a wrap opens only as what it was
 * made for.
 */
#ifndef UK_CARD_AUTH_CRED_H
#define UK_CARD_AUTH_CRED_H

#include <stdint.h>

#include "card/card.h"
#include "card/piv_rules.h"

#define UK_CRED_VERSION     2

/* A wrap of KP. */
#define UK_WRAP_SALT_LEN      16
#define UK_WRAP_NONCE_LEN     12
#define UK_WRAP_TAG_LEN       16
#define UK_WRAP_OFF_MAX       0
#define UK_WRAP_OFF_LEFT      1
#define UK_WRAP_OFF_SALT      2
#define UK_WRAP_OFF_ITER      18
#define UK_WRAP_OFF_NONCE     22
#define UK_WRAP_OFF_KP        34
#define UK_WRAP_OFF_TAG       66
#define UK_WRAP_LEN           82

/* The sealing public key: an uncompressed P-256 point. */
#define UK_SEAL_POINT_LEN     65
#define UK_SEAL_POINT_UNCOMPRESSED 0x04

#define UK_CRED_OFF_VERSION   0
#define UK_CRED_OFF_PIN       1
#define UK_CRED_OFF_PUK       83
#define UK_CRED_OFF_SEAL      165
#define UK_CRED_OFF_MGMT_ALG  230
#define UK_CRED_OFF_MGMT_KEY  231
#define UK_CRED_OFF_FLAGS     263
#define UK_CRED_OFF_PIN_MIN   264
#define UK_CRED_OFF_POLICY    265
#define UK_CRED_OFF_NEXT_ITER 266
#define UK_CRED_LEN           270

/* The most PBKDF2 iterations a wrap may ask for (some seconds a guess
 * on a PC: a card's VERIFY must still answer). */
#define UK_KDF_ITERATIONS_MAX 10000000u

/* PIN and PUK lengths, the most tries and the management keys' sizes
 * are PIV rules (card/piv_rules.h); tries a factory card gives: */
#define UK_TRIES_FACTORY    3

/* Flags (byte 263). */
#define UK_CRED_F_PIN_DEFAULT   0x01
#define UK_CRED_F_PUK_DEFAULT   0x02
#define UK_CRED_F_MGMT_DEFAULT  0x04
#define UK_CRED_F_PIN_CHANGE    0x08    /* PIN must be changed first */
#define UK_CRED_F_ALL           0x0F

/* PIN policy rules (byte 265; also the flags TLV of SET PIN POLICY). */
#define UK_POLICY_DIGITS        0x01    /* digits only */
#define UK_POLICY_NO_TRIVIAL    0x02    /* no default, same, sequence */
#define UK_POLICY_CHANGE_FIRST  0x04    /* change before first use */
#define UK_POLICY_ALL           0x07

/* PIN policy bounds: the minimum length may be set to 6..8. */
#define UK_POLICY_MIN_LOW       6
#define UK_POLICY_MIN_HIGH      8

/* Factory policy: minimum 6, reject trivial. */
#define UK_POLICY_FACTORY_MIN   6
#define UK_POLICY_FACTORY       UK_POLICY_NO_TRIVIAL

/* A PIN or PUK: its counter and its wrap of KP. */
typedef struct {
	uint8_t max;
	uint8_t left;
	uint8_t salt[UK_WRAP_SALT_LEN];
	uint32_t iterations;
	uint8_t nonce[UK_WRAP_NONCE_LEN];
	uint8_t kp[UK_KP_LEN];          /* encrypted */
	uint8_t tag[UK_WRAP_TAG_LEN];
} uk_secret;

/* The record in RAM.  Holds the management key: uk_cred_wipe() when
 * done. */
typedef struct {
	uk_secret pin;
	uk_secret puk;
	uint8_t seal_pub[UK_SEAL_POINT_LEN];
	uint8_t mgmt_alg;
	uint8_t mgmt_key[UIMKEY_MGMT_KEY_MAX];
	uint8_t flags;
	uint8_t pin_min;
	uint8_t policy;
	uint32_t next_iterations;
} uk_cred;

/* The factory PIN and PUK as they travel (padded), and the 3DES
 * management key. */
extern const uint8_t uk_cred_default_pin[UIMKEY_PIN_LEN];
extern const uint8_t uk_cred_default_puk[UIMKEY_PIN_LEN];
extern const uint8_t uk_cred_default_mgmt[24];

/*
 * Fill *cred with the factory credentials around a new KP from the
 * card's DRBG: the factory PIN and PUK wrap it at the device's
 * iterations (uk_cred_device_iterations).  9000, or 6581 when no
 * sealing key can be made of KP (*cred wiped).
 */
uint16_t uk_cred_factory(uimkey_card *card, uk_cred *cred);

/* The PIN-guess cost the device gives new credentials (card/device.h),
 * within 1..UK_KDF_ITERATIONS_MAX. */
uint32_t uk_cred_device_iterations(const uimkey_card *card);

/* Read and check the record: 9000, or 6581 when it cannot be read or is
 * not a valid credentials record (the card then refuses, fail closed). */
uint16_t uk_cred_load(uimkey_card *card, uk_cred *cred);

/* Put *cred into the open transaction: 9000 or 6581. */
uint16_t uk_cred_put(uimkey_card *card, const uk_cred *cred);

/* Begin, put, commit: 9000, or 6581 with the store unchanged. */
uint16_t uk_cred_commit(uimkey_card *card, const uk_cred *cred);

/* PIN (UIMKEY_REF_PIN) or PUK (UIMKEY_REF_PUK) of *cred; NULL for any
 * other reference. */
uk_secret *uk_cred_secret(uk_cred *cred, uint8_t ref);

/* Set the management key's "is default" flag from its value (so
 * metadata tells the truth whatever way it came back to the default);
 * the PIN's and the PUK's follow their values in uk_wrap_set. */
void uk_cred_update_mgmt_default(uk_cred *cred);

void uk_cred_wipe(uk_cred *cred);

#endif
