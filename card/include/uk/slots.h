/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card's key slots (PIV key references) and the certificate object of
 * each.  Index 0..UK_SLOT_COUNT-1 is the slot's place in the store.
 */
#ifndef UK_CARD_SLOTS_H
#define UK_CARD_SLOTS_H

#include <stdint.h>

#define UK_SLOT_AUTH        0x9A    /* PIV authentication */
#define UK_SLOT_MGMT        0x9B    /* card management key (not a key slot) */
#define UK_SLOT_SIGN        0x9C    /* digital signature */
#define UK_SLOT_KEYMGMT     0x9D    /* key management */
#define UK_SLOT_CARDAUTH    0x9E    /* card authentication */
#define UK_SLOT_RETIRED1    0x82    /* retired key management 1..20 */
#define UK_SLOT_RETIRED20   0x95
#define UK_SLOT_ATTEST      0xF9    /* attestation (Yubico) */

/* 9A 9C 9D 9E, 82..95, F9 */
#define UK_SLOT_COUNT       25

/* Index of a key slot, or -1 when ref names no key slot. */
int uk_slot_index(uint8_t ref);

/* Key reference of slot index i (0 <= i < UK_SLOT_COUNT). */
uint8_t uk_slot_ref(int i);

/* The 3-byte object tag (5FC1xx / 5FFF01) of the slot's certificate. */
uint32_t uk_slot_cert_tag(int i);

#endif
