/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Every OBJECT IDENTIFIER in a DER value, found by walking it: into
 * constructed values, and into OCTET STRINGs that hold a SEQUENCE
 * (extnValue).  Independent of the card's DER reader, so
 * that a test of what the card writes does not trust the card's own
 * code.  RFC 5280 asks implementations to handle arcs up to 2^28; GnuTLS
 * and python-cryptography refuse larger ones.
 */
#ifndef UIMKEY_TEST_OID_WALK_H
#define UIMKEY_TEST_OID_WALK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define OID_ARC_LIMIT  (1ul << 28)
#define OID_DEPTH_MAX  16

struct oid_walk {
	unsigned count;            /* OIDs seen */
	unsigned over;             /* ... with an arc above OID_ARC_LIMIT */
	unsigned bad;              /* malformed OIDs or DER */
	unsigned long max_arc;     /* the largest arc seen (saturated) */
	const char *want;          /* dotted OID to look for, or NULL */
	unsigned found;            /* times want was seen */
};

/*
 * The OID with contents c[0..n) in dotted form into out (cap bytes);
 * its largest arc in *max (saturated: anything past 2^56 counts as
 * 2^63).  0, or -1 when malformed (empty, a non-minimal or unfinished subidentifier).
 */
static inline int
oid_dotted(const uint8_t *c, size_t n, char *out, size_t cap,
    unsigned long *max)
{
	unsigned long v = 0, first = 1;
	size_t i, len = 0;
	int digits = 0;

	*max = 0;
	if (n == 0 || cap == 0)
		return -1;
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (digits == 0 && c[i] == 0x80)
			return -1;              /* a leading 0x80: not minimal */
		if (v >> 56)
			v = ~0ul >> 1;          /* saturate: surely over the limit */
		else
			v = v << 7 | (c[i] & 0x7F);
		digits++;
		if (c[i] & 0x80)
			continue;
		if (first) {
			unsigned long a = v < 40 ? 0 : v < 80 ? 1 : 2;
			unsigned long b = v - 40 * a;
			len += (size_t)snprintf(out + len, len < cap ? cap - len : 0,
			    "%lu.%lu", a, b);
			if (b > *max)
				*max = b;
			first = 0;
		} else {
			len += (size_t)snprintf(out + len, len < cap ? cap - len : 0,
			    ".%lu", v);
			if (v > *max)
				*max = v;
		}
		v = 0;
		digits = 0;
	}
	return digits == 0 && len < cap ? 0 : -1;
}

/* One DER TLV at *p: tag, contents and their length; 0 or -1. */
static inline int
oid_walk_tlv(const uint8_t **p, const uint8_t *end, uint8_t *tag,
    const uint8_t **v, size_t *len)
{
	size_t n, k;

	if (end - *p < 2 || ((*p)[0] & 0x1F) == 0x1F)
		return -1;
	*tag = (*p)[0];
	n = (*p)[1];
	*p += 2;
	if (n & 0x80) {
		k = n & 0x7F;
		if (k == 0 || k > 3 || (size_t)(end - *p) < k)
			return -1;
		for (n = 0; k > 0; k--, (*p)++)
			n = n << 8 | **p;
	}
	if ((size_t)(end - *p) < n)
		return -1;
	*v = *p;
	*len = n;
	*p += n;
	return 0;
}

/* 1 when [d, d+n) is exactly one SEQUENCE: an extnValue such as
 * authorityKeyIdentifier, not a key identifier's random bytes. */
static inline int
oid_walk_is_der(const uint8_t *d, size_t n)
{
	const uint8_t *p = d, *end = d + n, *v;
	uint8_t tag;
	size_t len;

	return n > 0 && oid_walk_tlv(&p, end, &tag, &v, &len) == 0 &&
	    tag == 0x30 && p == end;
}

static inline void
oid_walk_in(struct oid_walk *w, const uint8_t *d, size_t n, int depth)
{
	const uint8_t *p = d, *end = d + n, *v;
	unsigned long max;
	char text[256];
	uint8_t tag;
	size_t len;

	if (depth > OID_DEPTH_MAX) {
		w->bad++;
		return;
	}
	while (p < end) {
		if (oid_walk_tlv(&p, end, &tag, &v, &len) != 0) {
			w->bad++;
			return;
		}
		if (tag == 0x06) {
			w->count++;
			if (oid_dotted(v, len, text, sizeof(text), &max) != 0) {
				w->bad++;
				continue;
			}
			if (max > w->max_arc)
				w->max_arc = max;
			if (max > OID_ARC_LIMIT) {
				w->over++;
				printf("# OID with an arc above 2^28: %s\n", text);
			}
			if (w->want != NULL && strcmp(text, w->want) == 0)
				w->found++;
		} else if (tag & 0x20) {
			oid_walk_in(w, v, len, depth + 1);
		} else if (tag == 0x04 && oid_walk_is_der(v, len)) {
			oid_walk_in(w, v, len, depth + 1);
		}
	}
}

/* Walk der (one value or several); want may be NULL. */
static inline void
oid_walk(struct oid_walk *w, const uint8_t *der, size_t len,
    const char *want)
{
	memset(w, 0, sizeof(*w));
	w->want = want;
	oid_walk_in(w, der, len, 0);
}

#endif
