/* SPDX-License-Identifier: BSD-2-Clause */
#include <string.h>

#include "codec/der.h"
#include "codec/tlv.h"

#define DER_SHORT_LEN_MAX   0x7F
#define DER_LONG_LEN_FLAG   0x80
#define DER_UINT32_BYTES    4

void
uk_der_init(uk_der *w, uint8_t *buf, size_t cap)
{
	memset(w, 0, sizeof(*w));
	w->buf = buf;
	w->cap = cap;
}

/* 1 when n more bytes fit; otherwise the error sticks. */
static int
der_room(uk_der *w, size_t n)
{
	if (w->err != 0)
		return 0;
	if (n > w->cap - w->len) {
		w->err = UK_DER_ERR_ROOM;
		return 0;
	}
	return 1;
}

static void
der_bytes(uk_der *w, const void *p, size_t n)
{
	if (!der_room(w, n))
		return;
	if (n > 0)
		memcpy(w->buf + w->len, p, n);
	w->len += n;
}

size_t
uk_der_len_size(size_t len)
{
	size_t n = 1;

	if (len <= DER_SHORT_LEN_MAX)
		return 1;
	while (len > 0) {
		len >>= 8;
		n++;
	}
	return n <= UK_DER_LEN_BYTES_MAX ? n : 0;
}

void
uk_der_len_put(uint8_t *p, size_t len, size_t size)
{
	size_t i;

	if (size == 1) {
		p[0] = (uint8_t)len;
		return;
	}
	p[0] = (uint8_t)(DER_LONG_LEN_FLAG | (size - 1));
	for (i = size - 1; i > 0; i--) {
		p[i] = (uint8_t)len;
		len >>= 8;
	}
}

static void
der_header(uk_der *w, uint8_t tag, size_t len)
{
	uint8_t h[1 + UK_DER_LEN_BYTES_MAX];
	size_t size = uk_der_len_size(len);

	if (size == 0) {
		if (w->err == 0)
			w->err = UK_DER_ERR_VALUE;
		return;
	}
	h[0] = tag;
	uk_der_len_put(h + 1, len, size);
	der_bytes(w, h, 1 + size);
}

void
uk_der_open(uk_der *w, uint8_t tag)
{
	static const uint8_t no_unused_bits = 0x00;

	if (w->err != 0)
		return;
	if (w->depth >= UK_DER_DEPTH_MAX) {
		w->err = UK_DER_ERR_NESTING;
		return;
	}
	/* One length byte is reserved; close widens it if needed. */
	der_header(w, tag, 0);
	if (w->err != 0)
		return;
	w->open[w->depth++] = w->len;
	if (tag == UK_DER_BIT_STRING)
		der_bytes(w, &no_unused_bits, 1);
}

void
uk_der_close(uk_der *w)
{
	size_t start, n, size;

	if (w->err != 0)
		return;
	if (w->depth == 0) {
		w->err = UK_DER_ERR_NESTING;
		return;
	}
	start = w->open[w->depth - 1];
	n = w->len - start;
	size = uk_der_len_size(n);
	if (size == 0) {
		w->err = UK_DER_ERR_VALUE;
		return;
	}
	if (!der_room(w, size - 1))
		return;
	memmove(w->buf + start + size - 1, w->buf + start, n);
	uk_der_len_put(w->buf + start - 1, n, size);
	w->len += size - 1;
	w->depth--;
}

/* Order of two encodings for SET OF: the shorter one is compared as if
 * padded with zero bytes at its end. */
static int
der_cmp(const uint8_t *a, size_t la, const uint8_t *b, size_t lb)
{
	size_t m = la < lb ? la : lb, i;
	int r = memcmp(a, b, m);

	if (r != 0)
		return r;
	for (i = m; i < la; i++)
		if (a[i] != 0)
			return 1;
	for (i = m; i < lb; i++)
		if (b[i] != 0)
			return -1;
	return 0;
}

static void
der_reverse(uint8_t *p, size_t n)
{
	uint8_t t;
	size_t i;

	for (i = 0; i < n / 2; i++) {
		t = p[i];
		p[i] = p[n - 1 - i];
		p[n - 1 - i] = t;
	}
}

/* Swap the adjacent ranges [p, p+la) and [p+la, p+la+lb) in place. */
static void
der_swap(uint8_t *p, size_t la, size_t lb)
{
	der_reverse(p, la + lb);
	der_reverse(p, lb);
	der_reverse(p + lb, la);
}

/* Length of the whole TLV at p, 0 when it is not one. */
static size_t
der_elem(const uint8_t *p, const uint8_t *end)
{
	const uint8_t *q = p;
	uk_tlv t;

	if (uk_tlv_next(&q, end, &t) != 0)
		return 0;
	return (size_t)(q - p);
}

/* Bubble sort: a SET OF in a certificate has a handful of elements. */
static int
der_sort(uint8_t *p0, uint8_t *end)
{
	uint8_t *p;
	size_t la, lb;
	int swapped;

	if (p0 == end)
		return 0;
	do {
		swapped = 0;
		p = p0;
		if ((la = der_elem(p, end)) == 0)
			return -1;
		while (p + la < end) {
			if ((lb = der_elem(p + la, end)) == 0)
				return -1;
			if (der_cmp(p, la, p + la, lb) > 0) {
				der_swap(p, la, lb);
				p += lb;
				swapped = 1;
			} else {
				p += la;
				la = lb;
			}
		}
	} while (swapped);
	return 0;
}

void
uk_der_close_sorted(uk_der *w)
{
	if (w->err != 0)
		return;
	if (w->depth == 0) {
		w->err = UK_DER_ERR_NESTING;
		return;
	}
	if (der_sort(w->buf + w->open[w->depth - 1], w->buf + w->len) != 0) {
		w->err = UK_DER_ERR_VALUE;
		return;
	}
	uk_der_close(w);
}

void
uk_der_put(uk_der *w, uint8_t tag, const void *v, size_t len)
{
	der_header(w, tag, len);
	der_bytes(w, v, len);
}

void
uk_der_uint(uk_der *w, const uint8_t *mag, size_t len)
{
	static const uint8_t zero = 0x00;

	while (len > 0 && mag[0] == 0) {
		mag++;
		len--;
	}
	if (len == 0) {
		uk_der_put(w, UK_DER_INTEGER, &zero, 1);
		return;
	}
	if (mag[0] & 0x80) {
		der_header(w, UK_DER_INTEGER, len + 1);
		der_bytes(w, &zero, 1);
	} else {
		der_header(w, UK_DER_INTEGER, len);
	}
	der_bytes(w, mag, len);
}

void
uk_der_small_uint(uk_der *w, uint32_t v)
{
	uint8_t b[DER_UINT32_BYTES];

	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
	uk_der_uint(w, b, sizeof(b));
}

void
uk_der_oid(uk_der *w, const uint8_t *oid, size_t len)
{
	uk_der_put(w, UK_DER_OID, oid, len);
}

void
uk_der_raw(uk_der *w, const void *der, size_t len)
{
	der_bytes(w, der, len);
}

size_t
uk_der_finish(uk_der *w)
{
	if (w->err == 0 && w->depth != 0)
		w->err = UK_DER_ERR_NESTING;
	return w->err == 0 ? w->len : 0;
}
