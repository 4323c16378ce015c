/* SPDX-License-Identifier: BSD-2-Clause */
#include "codec/tlv.h"

#define TLV_TAG_MAX_BYTES  3
#define TLV_LEN_MAX_BYTES  3

int
uk_tlv_next(const uint8_t **p, const uint8_t *end, uk_tlv *tlv)
{
	const uint8_t *q = *p;
	unsigned tag;
	size_t len, i, n;

	if (q >= end)
		return -1;
	tag = *q++;
	if ((tag & 0x1F) == 0x1F) {             /* more tag bytes follow */
		for (i = 1; ; i++) {
			if (q >= end || i >= TLV_TAG_MAX_BYTES)
				return -1;
			tag = (tag << 8) | *q;
			if ((*q++ & 0x80) == 0)
				break;
		}
	}
	if (q >= end)
		return -1;
	len = *q++;
	if (len & 0x80) {
		n = len & 0x7F;
		if (n == 0 || n > TLV_LEN_MAX_BYTES || (size_t)(end - q) < n)
			return -1;
		for (len = 0, i = 0; i < n; i++)
			len = (len << 8) | *q++;
	}
	if ((size_t)(end - q) < len)
		return -1;
	tlv->tag = tag;
	tlv->value = q;
	tlv->len = len;
	*p = q + len;
	return 0;
}

int
uk_tlv_find(const uint8_t *buf, size_t len, unsigned tag, uk_tlv *tlv)
{
	const uint8_t *p = buf, *end = buf + len;

	while (p < end) {
		if (uk_tlv_next(&p, end, tlv) != 0)
			return -1;
		if (tlv->tag == tag)
			return 0;
	}
	return -1;
}
