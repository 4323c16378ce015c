/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ISO 7816-4 command APDU parsing: the four cases, short and extended.
 */
#ifndef UK_CARD_APDU_H
#define UK_CARD_APDU_H

#include <stddef.h>
#include <stdint.h>

/* Ne of a short APDU whose Le byte is 00, and of an extended one whose
 * Le is 0000. */
#define UK_APDU_NE_SHORT_MAX   256u
#define UK_APDU_NE_EXT_MAX     65536u

typedef struct {
	uint8_t cla, ins, p1, p2;
	const uint8_t *data;     /* Lc bytes (lc 0 when Lc is absent;
	                          * never NULL) */
	size_t lc;
	size_t ne;               /* bytes the client accepts; 0 if Le absent */
	uint8_t has_le;
	uint8_t extended;
} uk_apdu;

/*
 * Split buf into its parts.  Returns 9000, or 6700 when the
 * length fields do not match the length of buf (data is not copied: the
 * result points into buf).
 */
uint16_t uk_apdu_parse(uk_apdu *apdu, const uint8_t *buf, size_t len);

#endif
