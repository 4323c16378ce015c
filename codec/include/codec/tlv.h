/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * BER-TLV reading (ISO 7816-4 / X.690 definite lengths), freestanding:
 * shared by the card and the host.
 */
#ifndef UK_CODEC_TLV_H
#define UK_CODEC_TLV_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	unsigned tag;             /* 1 to 3 tag bytes, big endian */
	const uint8_t *value;
	size_t len;
} uk_tlv;

/*
 * Read one TLV at *p (end is one past the last byte).  On success fills
 * tlv, advances *p past it and returns 0; returns -1 on a malformed or
 * truncated TLV (indefinite lengths and lengths over 3 bytes included).
 */
int uk_tlv_next(const uint8_t **p, const uint8_t *end, uk_tlv *tlv);

/* Find the first TLV with tag among the TLVs of [buf, buf+len); 0 when
 * found, -1 otherwise (also when a TLV before it is malformed). */
int uk_tlv_find(const uint8_t *buf, size_t len, unsigned tag,
    uk_tlv *tlv);

#endif
