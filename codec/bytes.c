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

int
uk_ct_in_range(const uint8_t *a, const uint8_t *n, size_t len)
{
	uint32_t borrow = 0, acc = 0, d;
	size_t k;

	for (k = len; k-- > 0;) {
		d = (uint32_t)a[k] - n[k] - borrow;
		borrow = (d >> 31) & 1;
		acc |= a[k];
	}
	return (int)(borrow & (((0u - acc) >> 31) & 1));
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
