/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The credentials record (UK_REC_CRED): PIN, PUK, their retry
 * counters, the management key and the PIN policy, and its in-RAM form.
 * Internal to the auth area.
 *
 * Byte layout of the record (all single bytes unless said):
 *   0   format version (UK_CRED_VERSION)
 *   1   PIN, 8 bytes, padded with FF
 *   9   PIN retries max (1..15)      10  PIN retries left (0..max)
 *   11  PUK, 8 bytes, padded with FF
 *   19  PUK retries max (1..15)      20  PUK retries left (0..max)
 *   21  management key algorithm (03, 08, 0A, 0C)
 *   22  management key, 32 bytes: the key, then zeros
 *   54  flags (UK_CRED_F_*)
 *   55  PIN policy: minimum length (6..8)
 *   56  PIN policy: rules (UK_POLICY_*)
 *   57  end
 */
#ifndef UK_CARD_AUTH_CRED_H
#define UK_CARD_AUTH_CRED_H

#include <stdint.h>

#include "card/card.h"
#include "card/piv_rules.h"

#define UK_CRED_VERSION     1

#define UK_CRED_OFF_VERSION   0
#define UK_CRED_OFF_PIN       1
#define UK_CRED_OFF_PIN_MAX   9
#define UK_CRED_OFF_PIN_LEFT  10
#define UK_CRED_OFF_PUK       11
#define UK_CRED_OFF_PUK_MAX   19
#define UK_CRED_OFF_PUK_LEFT  20
#define UK_CRED_OFF_MGMT_ALG  21
#define UK_CRED_OFF_MGMT_KEY  22
#define UK_CRED_OFF_FLAGS     54
#define UK_CRED_OFF_PIN_MIN   55
#define UK_CRED_OFF_POLICY    56
#define UK_CRED_LEN           57

/* PIN and PUK lengths, the most tries and the management keys' sizes
 * are PIV rules (card/piv_rules.h); tries a factory card gives: */
#define UK_TRIES_FACTORY    3

/* Flags (byte 54). */
#define UK_CRED_F_PIN_DEFAULT   0x01
#define UK_CRED_F_PUK_DEFAULT   0x02
#define UK_CRED_F_MGMT_DEFAULT  0x04
#define UK_CRED_F_PIN_CHANGE    0x08    /* PIN must be changed first */
#define UK_CRED_F_ALL           0x0F

/* PIN policy rules (byte 56; also the flags TLV of SET PIN POLICY). */
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

/* A PIN or PUK and its counter. */
typedef struct {
	uint8_t value[UIMKEY_PIN_LEN];
	uint8_t max;
	uint8_t left;
} uk_secret;

/* The record in RAM.  Holds secrets: uk_cred_wipe() when done. */
typedef struct {
	uk_secret pin;
	uk_secret puk;
	uint8_t mgmt_alg;
	uint8_t mgmt_key[UIMKEY_MGMT_KEY_MAX];
	uint8_t flags;
	uint8_t pin_min;
	uint8_t policy;
} uk_cred;

/* The factory PIN and PUK as they travel (padded), and the 3DES
 * management key. */
extern const uint8_t uk_cred_default_pin[UIMKEY_PIN_LEN];
extern const uint8_t uk_cred_default_puk[UIMKEY_PIN_LEN];
extern const uint8_t uk_cred_default_mgmt[24];

/* Fill *cred with the factory credentials. */
void uk_cred_factory(uk_cred *cred);

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

/* Set the "is default" flags from the values (so metadata tells the
 * truth whatever way a value came back to the default). */
void uk_cred_update_defaults(uk_cred *cred);

void uk_cred_wipe(uk_cred *cred);

#endif
