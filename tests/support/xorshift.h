/* SPDX-License-Identifier: BSD-2-Clause */
/* Content a test can tell apart and make again. */
#ifndef UIMKEY_TEST_SUPPORT_XORSHIFT_H
#define UIMKEY_TEST_SUPPORT_XORSHIFT_H

#include <stddef.h>
#include <stdint.h>

/* len bytes of xorshift32 from the seed x. */
static inline void
xorshift_fill(uint8_t *p, size_t len, uint32_t x)
{
	size_t i;

	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (uint8_t)x;
	}
}

#endif
