/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Strict DER reading on top of the BER-TLV reader (codec/tlv.h): one-byte
 * tags, definite lengths in their minimal form, every length bounds
 * checked.  Used to take certificates apart and to check that DER handed
 * to the X.509 builder is what it claims to be.
 */
#ifndef UK_CODEC_DER_READ_H
#define UK_CODEC_DER_READ_H

#include <stddef.h>
#include <stdint.h>

#include "codec/tlv.h"

/* Read the TLV at *p (end: one past the last byte); on success fill *t,
 * advance *p and return 0, else -1 (nothing changes). */
int uk_der_next(const uint8_t **p, const uint8_t *end, uk_tlv *t);

/* The same, and the tag must be tag. */
int uk_der_expect(const uint8_t **p, const uint8_t *end, unsigned tag,
    uk_tlv *t);

/* 0 when [der, der+len) is exactly one TLV with tag (t may be NULL). */
int uk_der_whole(const uint8_t *der, size_t len, unsigned tag,
    uk_tlv *t);

#endif
