/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A small DER writer, shared by the card (attestation certificates) and
 * the host (certificate requests).  Freestanding: the caller owns the
 * buffer.  A constructed value is opened, filled, then closed; closing
 * writes its length (short or long form, minimal) and moves the contents
 * right when the length needs more than the one byte reserved at open.
 * The first error (no room, bad nesting, bad argument) sticks: later
 * calls do nothing, and uk_der_finish() reports it.
 */
#ifndef UK_CODEC_DER_H
#define UK_CODEC_DER_H

#include <stddef.h>
#include <stdint.h>

/* Deepest nesting of constructed values. */
#define UK_DER_DEPTH_MAX  12

/* Longest length field: 84 and four bytes (contents under 4 GiB). */
#define UK_DER_LEN_BYTES_MAX  5

/* Tags. */
#define UK_DER_BOOLEAN      0x01
#define UK_DER_INTEGER      0x02
#define UK_DER_BIT_STRING   0x03
#define UK_DER_OCTET_STRING 0x04
#define UK_DER_NULL         0x05
#define UK_DER_OID          0x06
#define UK_DER_UTF8_STRING  0x0C
#define UK_DER_PRINTABLE    0x13
#define UK_DER_UTC_TIME     0x17
#define UK_DER_GEN_TIME     0x18
#define UK_DER_SEQUENCE     0x30
#define UK_DER_SET          0x31
#define UK_DER_CONTEXT(n)   (0xA0 | (n))   /* [n] constructed */

/* Values of uk_der.err (0: no error). */
#define UK_DER_ERR_ROOM     1   /* the buffer is full */
#define UK_DER_ERR_NESTING  2   /* too deep, close without open,
                                       or finish with a value open */
#define UK_DER_ERR_VALUE    3   /* contents too long, or elements
                                       of a sorted SET that are not TLVs */

typedef struct {
	uint8_t *buf;
	size_t cap;
	size_t len;
	size_t open[UK_DER_DEPTH_MAX];   /* start of each open value */
	unsigned depth;
	int err;
} uk_der;

void uk_der_init(uk_der *w, uint8_t *buf, size_t cap);

/* Open / close a constructed value (SEQUENCE, SET, [n], or an OCTET or
 * BIT STRING that wraps DER — for BIT STRING the 00 unused-bits byte is
 * written first). */
void uk_der_open(uk_der *w, uint8_t tag);
void uk_der_close(uk_der *w);

/* Close a SET OF, first putting its elements in the ascending order DER
 * requires (X.690 11.6), in place. */
void uk_der_close_sorted(uk_der *w);

/* A primitive value with the given contents (v may be NULL when len
 * is 0). */
void uk_der_put(uk_der *w, uint8_t tag, const void *v, size_t len);

/* An INTEGER from an unsigned big-endian magnitude (leading zeros
 * dropped, a 00 added when the top bit is set; no bytes or all zeros
 * give 02 01 00). */
void uk_der_uint(uk_der *w, const uint8_t *mag, size_t len);
void uk_der_small_uint(uk_der *w, uint32_t v);

/* An OID from its DER contents (the bytes after 06 len). */
void uk_der_oid(uk_der *w, const uint8_t *oid, size_t len);

/* Bytes that are already DER (copied as they are; must not overlap the
 * writer's buffer). */
void uk_der_raw(uk_der *w, const void *der, size_t len);

/* Length of the DER written, or 0 when anything failed or a value is
 * still open. */
size_t uk_der_finish(uk_der *w);

/* Bytes of the minimal length field for contents of len bytes (1 to
 * UK_DER_LEN_BYTES_MAX), 0 when len is too big to encode. */
size_t uk_der_len_size(size_t len);

/* The length field of len at p, in the size bytes uk_der_len_size()
 * gave (BER-TLV lengths of ISO 7816 are the same). */
void uk_der_len_put(uint8_t *p, size_t len, size_t size);

#endif
