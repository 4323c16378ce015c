/* SPDX-License-Identifier: BSD-2-Clause */
/* CRC-32 (IEEE 802.3), to tell a damaged record from a good one. */
#ifndef UK_CODEC_CRC32_H
#define UK_CODEC_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* Continue crc over len bytes; start with 0. */
uint32_t uk_crc32(uint32_t crc, const void *data, size_t len);

#endif
