/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The PIV rules uimkey's card, libuimkey, the command line and the
 * PKCS#11 module all follow, written once: key slots and their
 * certificates, key algorithms and their sizes, management keys, PIN and
 * PUK lengths and tries.  Numbers on the wire are card/wire.h's.
 *
 * Header only (static inline, tables inside functions), freestanding: the
 * card core uses it without libc, the host's programs without linking
 * anything.
 */
#ifndef UIMKEY_CARD_PIV_RULES_H
#define UIMKEY_CARD_PIV_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "card/wire.h"

/* Key references (SP 800-73-4 part 1 table 4; F9 is Yubico's). */
#define UIMKEY_SLOT_AUTH        0x9A    /* PIV authentication */
#define UIMKEY_SLOT_MGMT        0x9B    /* card management key (not a key slot) */
#define UIMKEY_SLOT_SIGN        0x9C    /* digital signature */
#define UIMKEY_SLOT_KEYMGMT     0x9D    /* key management */
#define UIMKEY_SLOT_CARDAUTH    0x9E    /* card authentication */
#define UIMKEY_SLOT_RETIRED1    0x82    /* retired key management 1..20 */
#define UIMKEY_SLOT_RETIRED20   0x95
#define UIMKEY_SLOT_ATTEST      0xF9    /* attestation */

/* The slots that hold keys, indexed 0 .. UIMKEY_SLOT_COUNT - 1: 9A 9C 9D
 * 9E, 82 .. 95, F9.  The index is what the card's records and the
 * module's CKA_ID (index + 1) are numbered by. */
#define UIMKEY_SLOT_COUNT       25

/* The key reference of slot index i (0 <= i < UIMKEY_SLOT_COUNT), 0 for
 * another i. */
static inline uint8_t
uimkey_slot_ref(int i)
{
	static const uint8_t main_refs[4] = {
		UIMKEY_SLOT_AUTH, UIMKEY_SLOT_SIGN, UIMKEY_SLOT_KEYMGMT,
		UIMKEY_SLOT_CARDAUTH,
	};

	if (i >= 0 && i < 4)
		return main_refs[i];
	if (i >= 4 && i < UIMKEY_SLOT_COUNT - 1)
		return (uint8_t)(UIMKEY_SLOT_RETIRED1 + (i - 4));
	if (i == UIMKEY_SLOT_COUNT - 1)
		return UIMKEY_SLOT_ATTEST;
	return 0;
}

/* The index of key reference ref, -1 for one that is not a key slot. */
static inline int
uimkey_slot_index(uint8_t ref)
{
	int i;

	for (i = 0; i < UIMKEY_SLOT_COUNT; i++)
		if (uimkey_slot_ref(i) == ref)
			return i;
	return -1;
}

/* The tag of the certificate object of key reference ref (SP 800-73-4
 * part 1 table 3: retired 82..95 are 5FC10D..5FC120; F9's is Yubico's
 * 5FFF01), 0 for one that is not a key slot. */
static inline uint32_t
uimkey_slot_cert_tag(uint8_t ref)
{
	switch (ref) {
	case UIMKEY_SLOT_AUTH:
		return 0x5FC105;
	case UIMKEY_SLOT_SIGN:
		return 0x5FC10A;
	case UIMKEY_SLOT_KEYMGMT:
		return 0x5FC10B;
	case UIMKEY_SLOT_CARDAUTH:
		return 0x5FC101;
	case UIMKEY_SLOT_ATTEST:
		return 0x5FFF01;
	default:
		if (ref >= UIMKEY_SLOT_RETIRED1 && ref <= UIMKEY_SLOT_RETIRED20)
			return 0x5FC10Du + (uint32_t)(ref - UIMKEY_SLOT_RETIRED1);
		return 0;
	}
}

/* 1 for the slots a user's key goes in: 9A 9C 9D 9E and 82..95 (F9 is
 * the card's own attestation key). */
static inline int
uimkey_slot_is_key(uint8_t ref)
{
	return ref != UIMKEY_SLOT_ATTEST && uimkey_slot_index(ref) >= 0;
}

/* 1 for the four slots of SP 800-73-4's own keys: 9A 9C 9D 9E. */
static inline int
uimkey_slot_is_main(uint8_t ref)
{
	return ref == UIMKEY_SLOT_AUTH || ref == UIMKEY_SLOT_SIGN ||
	    ref == UIMKEY_SLOT_KEYMGMT || ref == UIMKEY_SLOT_CARDAUTH;
}

/* PIN policy of a key that was given none: 9C asks the PIN for every
 * use, 9E and F9 never, every other slot once per session. */
static inline uint8_t
uimkey_slot_default_pin_policy(uint8_t ref)
{
	if (ref == UIMKEY_SLOT_SIGN)
		return UIMKEY_PIN_POLICY_ALWAYS;
	if (ref == UIMKEY_SLOT_CARDAUTH || ref == UIMKEY_SLOT_ATTEST)
		return UIMKEY_PIN_POLICY_NEVER;
	return UIMKEY_PIN_POLICY_ONCE;
}

/* 1 for the slots whose keys decrypt and agree keys (9D and the retired
 * key management slots), 0 for the others. */
static inline int
uimkey_slot_deciphers(uint8_t ref)
{
	return ref == UIMKEY_SLOT_KEYMGMT ||
	    (ref >= UIMKEY_SLOT_RETIRED1 && ref <= UIMKEY_SLOT_RETIRED20);
}

/* Key algorithms a slot can hold: EC P-256 and P-384, RSA 2048, 3072 and
 * 4096 (RSA 1024 is too weak to offer). */
static inline int
uimkey_alg_is_ec(uint8_t alg)
{
	return alg == UIMKEY_ALG_ECCP256 || alg == UIMKEY_ALG_ECCP384;
}

/* Bits of an RSA algorithm's modulus, 0 for another algorithm. */
static inline unsigned
uimkey_alg_rsa_bits(uint8_t alg)
{
	switch (alg) {
	case UIMKEY_ALG_RSA2048:
		return 2048;
	case UIMKEY_ALG_RSA3072:
		return 3072;
	case UIMKEY_ALG_RSA4096:
		return 4096;
	default:
		return 0;
	}
}

static inline int
uimkey_alg_is_rsa(uint8_t alg)
{
	return uimkey_alg_rsa_bits(alg) != 0;
}

/* Bytes of a coordinate (and of a private scalar) of an EC algorithm's
 * curve, 0 for another algorithm. */
static inline size_t
uimkey_alg_ec_bytes(uint8_t alg)
{
	if (alg == UIMKEY_ALG_ECCP256)
		return 32;
	if (alg == UIMKEY_ALG_ECCP384)
		return 48;
	return 0;
}

/* Bytes of a key of alg: of a coordinate for EC, of the modulus for RSA;
 * 0 for another algorithm. */
static inline size_t
uimkey_alg_bytes(uint8_t alg)
{
	return uimkey_alg_is_ec(alg) ? uimkey_alg_ec_bytes(alg) :
	    uimkey_alg_rsa_bits(alg) / 8;
}

/* Bits of a key of alg (the curve's size for EC), 0 for another. */
static inline unsigned
uimkey_alg_bits(uint8_t alg)
{
	return (unsigned)(8 * uimkey_alg_bytes(alg));
}

/* The RSA algorithm of a modulus of bits, 0 for none. */
static inline uint8_t
uimkey_alg_from_rsa_bits(unsigned bits)
{
	switch (bits) {
	case 2048:
		return UIMKEY_ALG_RSA2048;
	case 3072:
		return UIMKEY_ALG_RSA3072;
	case 4096:
		return UIMKEY_ALG_RSA4096;
	default:
		return 0;
	}
}

/* Management keys: 3DES (24 bytes, 8-byte blocks) and AES-128, -192,
 * -256 (16-byte blocks). */
#define UIMKEY_MGMT_KEY_MAX     32

/* Bytes of a management key of alg, 0 for another algorithm. */
static inline unsigned
uimkey_mgmt_key_len(uint8_t alg)
{
	switch (alg) {
	case UIMKEY_ALG_3DES:
		return 24;
	case UIMKEY_ALG_AES128:
		return 16;
	case UIMKEY_ALG_AES192:
		return 24;
	case UIMKEY_ALG_AES256:
		return 32;
	default:
		return 0;
	}
}

/* Bytes of a cipher block of a management key of alg, 0 for another. */
static inline unsigned
uimkey_mgmt_block_len(uint8_t alg)
{
	if (alg == UIMKEY_ALG_3DES)
		return 8;
	return uimkey_mgmt_key_len(alg) != 0 ? 16 : 0;
}

/* 1 when two DES keys are the same but for their parity bits. */
static inline int
uimkey_des_same(const uint8_t *a, const uint8_t *b)
{
	unsigned d = 0;
	int i;

	for (i = 0; i < 8; i++)
		d |= (unsigned)(a[i] ^ b[i]) & 0xFEu;
	return d == 0;
}

/* 1 for a management key of alg the card refuses as weak: a 3DES key
 * whose K1 equals K2 or K2 equals K3 is single DES. */
static inline int
uimkey_mgmt_key_weak(uint8_t alg, const uint8_t *key)
{
	return alg == UIMKEY_ALG_3DES && (uimkey_des_same(key, key + 8) ||
	    uimkey_des_same(key + 8, key + 16));
}

/* PIN and PUK: 6 to 8 bytes, sent padded with FF to 8; tries 1 to 15. */
#define UIMKEY_PIN_MIN          6
#define UIMKEY_PIN_LEN          8
#define UIMKEY_PIN_PAD          0xFF
#define UIMKEY_TRIES_MAX        15

/* A factory card's credentials (a YubiKey's). */
#define UIMKEY_DEFAULT_PIN      "123456"
#define UIMKEY_DEFAULT_PUK      "12345678"
#define UIMKEY_DEFAULT_MGMT_KEY { \
	1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8 }
#define UIMKEY_DEFAULT_MGMT_ALG UIMKEY_ALG_3DES

/* 1 when the len bytes of v (len <= UIMKEY_PIN_LEN) are a PIN nobody
 * should choose: the factory PIN or PUK, one character repeated, or a
 * run up or down ("234567", "87654321").  The comparison with the
 * factory values takes the same time whatever v holds. */
static inline int
uimkey_pin_trivial(const uint8_t *v, size_t len)
{
	static const uint8_t factory[2][UIMKEY_PIN_LEN] = {
		{ '1', '2', '3', '4', '5', '6', UIMKEY_PIN_PAD, UIMKEY_PIN_PAD },
		{ '1', '2', '3', '4', '5', '6', '7', '8' },
	};
	unsigned d0 = 0, d1 = 0;
	int same = 1, up = 1, down = 1;
	size_t i;

	for (i = 0; i < UIMKEY_PIN_LEN; i++) {
		uint8_t c = i < len ? v[i] : UIMKEY_PIN_PAD;

		d0 |= (unsigned)(c ^ factory[0][i]);
		d1 |= (unsigned)(c ^ factory[1][i]);
	}
	for (i = 1; i < len; i++) {
		int step = (int)v[i] - (int)v[i - 1];

		same &= step == 0;
		up &= step == 1;
		down &= step == -1;
	}
	return d0 == 0 || d1 == 0 || same || up || down;
}

#endif
