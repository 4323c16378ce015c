/* SPDX-License-Identifier: BSD-2-Clause */
#include "codec/der.h"
#include "codec/der_read.h"

#define DER_TAG_ONE_BYTE_MAX  0xFF

int
uk_der_next(const uint8_t **p, const uint8_t *end, uk_tlv *t)
{
	const uint8_t *q = *p;
	uk_tlv v;

	if (uk_tlv_next(&q, end, &v) != 0)
		return -1;
	/* X.509 uses no multi-byte tags, and DER wants the shortest
	 * length field: anything else is not what we wrote or expect. */
	if (v.tag > DER_TAG_ONE_BYTE_MAX)
		return -1;
	if ((size_t)(v.value - *p) != 1 + uk_der_len_size(v.len))
		return -1;
	*t = v;
	*p = q;
	return 0;
}

int
uk_der_expect(const uint8_t **p, const uint8_t *end, unsigned tag,
    uk_tlv *t)
{
	const uint8_t *q = *p;
	uk_tlv v;

	if (uk_der_next(&q, end, &v) != 0 || v.tag != tag)
		return -1;
	*t = v;
	*p = q;
	return 0;
}

int
uk_der_whole(const uint8_t *der, size_t len, unsigned tag,
    uk_tlv *t)
{
	const uint8_t *p = der;
	uk_tlv v;

	if (der == NULL || uk_der_expect(&p, der + len, tag, &v) != 0 ||
	    p != der + len)
		return -1;
	if (t != NULL)
		*t = v;
	return 0;
}
