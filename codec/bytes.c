/* SPDX-License-Identifier: BSD-2-Clause */
#include "codec/bytes.h"

void
uk_wipe(void *p, size_t len)
{
	volatile uint8_t *v = p;

	while (len--)
		*v++ = 0;
}

int
uk_ct_equal(const void *a, const void *b, size_t len)
{
	const uint8_t *x = a, *y = b;
	uint32_t d = 0;
	size_t i;

	for (i = 0; i < len; i++)
		d |= (uint32_t)(x[i] ^ y[i]);
	return (int)(1 & ((d - 1) >> 8));
}

void
uk_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

uint32_t
uk_get_be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	    ((uint32_t)p[2] << 8) | p[3];
}
