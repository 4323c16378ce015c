/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Helpers of the keys and attestation unit tests (test_keys*.c,
 * test_attest.c): the card of card_fixture.h (APDUs as extended APDUs
 * with every 61xx part collected, store snapshots, every answer scanned
 * for the private key bytes a test registered), the PIN and the
 * management key of admin_fixture.h, and refusals that write nothing.
 */
#ifndef UIMKEY_TEST_KEY_HELPERS_H
#define UIMKEY_TEST_KEY_HELPERS_H

/* clock_gettime() for the timings (now_ms); this header comes first. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <stdio.h>
#include <string.h>

#include <bearssl/bearssl.h>

#include "tests/unit/admin_fixture.h"

static inline void
fresh_card(void)
{
	card_fresh(7);
}

/* A refusal: the status word, nothing answered, nothing stored. */
static inline int
refused(uint16_t sw, uint16_t want)
{
	if (sw != want)
		printf("# sw %04X, want %04X\n", sw, want);
	return sw == want && ans_len == 0 && unchanged();
}

/* From a snapshot(): INS with the data in hex, refused with want. */
static inline void
check_refused(uint8_t ins, uint8_t p1, uint8_t p2, const char *hex,
    uint16_t want, const char *name)
{
	snapshot();
	check(refused(sendx(ins, p1, p2, hex), want), name);
}

/* GET METADATA of a slot. */
static inline uint16_t
meta(uint8_t slot)
{
	return xsend(UIMKEY_INS_GET_METADATA, 0x00, slot, NULL, 0);
}

#endif
