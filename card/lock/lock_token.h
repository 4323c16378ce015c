/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Issuer lock tokens on the card: the TLVs of APPLY LOCK TOKEN taken
 * apart, and the issuer's signature checked.  Internal to the lock area.
 */
#ifndef UK_CARD_LOCK_TOKEN_H
#define UK_CARD_LOCK_TOKEN_H

#include <stddef.h>
#include <stdint.h>

/* A token: pointers into the command data. */
typedef struct {
	uint32_t serial;
	uint8_t action;         /* UIMKEY_LOCK_ACTION_LOCK / _UNLOCK */
	uint32_t counter;
	const uint8_t *sig;     /* DER ECDSA-Sig-Value */
	size_t sig_len;
} uk_lock_token;

/*
 * data holds exactly the four TLVs 01 serial (4), 02 action (1: 01 or
 * 02), 03 counter (4), 04 signature (UIMKEY_LOCK_SIG_MIN..MAX bytes), in
 * any order, each once, nothing else.  9000, or 6A80.
 */
uint16_t uk_lock_parse_token(const uint8_t *data, size_t len,
    uk_lock_token *tok);

/* 1 when tok's signature is the issuer's (P-256 point, 65 bytes) over
 * SHA-256(UIMKEY_LOCK_DOMAIN || serial || action || counter), in strict
 * DER and low-S form (s <= n/2).  A high-S twin is refused like a
 * signature by another key. */
int uk_lock_verify_token(const uk_lock_token *tok,
    const uint8_t *issuer);

/* 1 when point (65 bytes) is an uncompressed point on P-256. */
int uk_lock_point_valid(const uint8_t *point);

#endif
