/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The class byte of a command on a logical channel (docs/apdu.md,
 * "Logical channels"), for the tests that speak to the card core or
 * watch what libuimkey sends: written apart from libuimkey's own, so
 * that the two check each other.
 */
#ifndef UIMKEY_TEST_CHANNEL_CLA_H
#define UIMKEY_TEST_CHANNEL_CLA_H

#include <stdint.h>

#include "card/wire.h"

/* cla (00, or 10 for a chained part) on channel ch (0 to 19). */
static inline uint8_t
cla_for(uint8_t cla, unsigned ch)
{
	if (ch <= UIMKEY_CLA_FIRST_MAX)
		return (uint8_t)(cla | ch);
	return (uint8_t)(UIMKEY_CLA_FURTHER | cla |
	    (ch - UIMKEY_CLA_FIRST_MAX - 1));
}

#endif
