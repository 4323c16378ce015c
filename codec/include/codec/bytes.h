/* SPDX-License-Identifier: BSD-2-Clause */
/* Byte helpers of the card core and libuimkey: wiping, constant-time
 * comparison, big-endian integers.  Freestanding. */
#ifndef UK_CODEC_BYTES_H
#define UK_CODEC_BYTES_H

#include <stddef.h>
#include <stdint.h>

/* Overwrite len bytes with zeros in a way the compiler cannot drop. */
void uk_wipe(void *p, size_t len);

/* 1 when a and b hold the same len bytes, 0 otherwise; the time taken
 * depends on len only. */
int uk_ct_equal(const void *a, const void *b, size_t len);

/* 1 when 0 < a < n, both big endian of len bytes (a scalar of a group
 * of order n), 0 otherwise; the time taken depends on len only. */
int uk_ct_in_range(const uint8_t *a, const uint8_t *n, size_t len);

void uk_put_be32(uint8_t *p, uint32_t v);
uint32_t uk_get_be32(const uint8_t *p);

#endif
