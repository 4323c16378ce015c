/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Random source service of the card core.  The core seeds its own
 * HMAC-DRBG from it; the platform gives true randomness (getrandom on a
 * host, a TRNG on a chip).
 */
#ifndef UIMKEY_CARD_RNG_H
#define UIMKEY_CARD_RNG_H

#include <stddef.h>

typedef struct uimkey_rng_class_ uimkey_rng_class;

struct uimkey_rng_class_ {
	/* Fill buf with len random bytes.  0 on success, -1 on failure. */
	int (*fill)(const uimkey_rng_class **ctx, void *buf, size_t len);
};

#endif
