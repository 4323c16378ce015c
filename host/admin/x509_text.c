/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Certificates as a person reads them: names as RFC 4514 strings (most
 * specific first, as openssl -nameopt RFC2253 prints them), times as
 * "YYYY-MM-DD HH:MM:SS UTC".
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "codec/der_read.h"
#include "codec/x509.h"
#include "admin/x509_text.h"

#define RDN_MAX 32

static const struct {
	const char *name;
	uint8_t oid[10];
	size_t len;
} attr_names[] = {
	{ "CN", { 0x55, 0x04, 0x03 }, 3 },
	{ "C", { 0x55, 0x04, 0x06 }, 3 },
	{ "L", { 0x55, 0x04, 0x07 }, 3 },
	{ "ST", { 0x55, 0x04, 0x08 }, 3 },
	{ "O", { 0x55, 0x04, 0x0A }, 3 },
	{ "OU", { 0x55, 0x04, 0x0B }, 3 },
	{ "serialNumber", { 0x55, 0x04, 0x05 }, 3 },
	{ "DC", { 0x09, 0x92, 0x26, 0x89, 0x93, 0xF2, 0x2C, 0x64, 0x01, 0x19 },
	  10 },
	{ "emailAddress", { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09,
	  0x01 }, 9 },
};

struct sbuf {
	char *p;
	size_t cap, len;
	int err;
};

static void
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->err)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= b->cap - b->len) {
		b->err = 1;
		return;
	}
	b->len += (size_t)n;
}

/* An OID in dotted form. */
static void
put_oid(struct sbuf *b, const uint8_t *o, size_t len)
{
	unsigned long v = 0;
	size_t i;
	int first = 1;

	for (i = 0; i < len; i++) {
		v = v << 7 | (o[i] & 0x7F);
		if (o[i] & 0x80)
			continue;
		if (first) {
			sb_printf(b, "%lu.%lu", v < 80 ? v / 40 : 2,
			    v < 80 ? v % 40 : v - 80);
			first = 0;
		} else {
			sb_printf(b, ".%lu", v);
		}
		v = 0;
	}
}

static void
put_hex(struct sbuf *b, const uint8_t *p, size_t len)
{
	size_t i;

	sb_printf(b, "#");
	for (i = 0; i < len; i++)
		sb_printf(b, "%02x", p[i]);
}

/* A string value, escaped as RFC 4514 2.4 asks. */
static void
put_value(struct sbuf *b, const uint8_t *v, size_t len)
{
	size_t i;
	uint8_t c;

	for (i = 0; i < len; i++) {
		c = v[i];
		if ((c != 0 && strchr(",+\"\\<>;", c) != NULL) ||
		    (i == 0 && (c == '#' || c == ' ')) ||
		    (i == len - 1 && c == ' '))
			sb_printf(b, "\\%c", c);
		else if (c < 0x20 || c == 0x7F)
			sb_printf(b, "\\%02X", c);
		else
			sb_printf(b, "%c", c);
	}
}

static int
put_atv(struct sbuf *b, const uk_tlv *atv)
{
	const uint8_t *p = atv->value, *end = atv->value + atv->len;
	uk_tlv oid, val;
	size_t i;

	if (uk_der_expect(&p, end, 0x06, &oid) != 0 ||
	    uk_der_next(&p, end, &val) != 0 || p != end)
		return -1;
	for (i = 0; i < sizeof(attr_names) / sizeof(attr_names[0]); i++)
		if (attr_names[i].len == oid.len &&
		    memcmp(attr_names[i].oid, oid.value, oid.len) == 0)
			break;
	if (i < sizeof(attr_names) / sizeof(attr_names[0]))
		sb_printf(b, "%s=", attr_names[i].name);
	else {
		put_oid(b, oid.value, oid.len);
		sb_printf(b, "=");
	}
	switch (val.tag) {
	case 0x0C: case 0x13: case 0x16: case 0x14:
		put_value(b, val.value, val.len);
		break;
	default:
		put_hex(b, val.value, val.len);
		break;
	}
	return 0;
}

int
adm_dn_string(const uint8_t *name, size_t len, char *out, size_t cap)
{
	const uint8_t *p, *end, *q, *qend;
	uk_tlv seq, rdn[RDN_MAX], atv;
	struct sbuf b = { out, cap, 0, 0 };
	size_t n = 0;
	int first = 1;

	if (cap == 0)
		return -1;
	out[0] = '\0';
	if (uk_der_whole(name, len, 0x30, &seq) != 0)
		return -1;
	p = seq.value;
	end = seq.value + seq.len;
	while (p < end) {
		if (n == RDN_MAX || uk_der_expect(&p, end, 0x31, &rdn[n]) != 0)
			return -1;
		n++;
	}
	while (n-- > 0) {
		if (!first)
			sb_printf(&b, ",");
		first = 0;
		q = rdn[n].value;
		qend = q + rdn[n].len;
		if (q == qend)
			return -1;
		while (q < qend) {
			if (uk_der_expect(&q, qend, 0x30, &atv) != 0 ||
			    put_atv(&b, &atv) != 0)
				return -1;
			if (q < qend)
				sb_printf(&b, "+");
		}
	}
	return b.err ? -1 : 0;
}

static int
digits(const uint8_t *p, size_t n, int *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		*v = *v * 10 + (p[i] - '0');
	}
	return 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static long long
days_from_civil(long long y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* One Time value: seconds since 1970 and text. */
static int
read_time(const uint8_t **p, const uint8_t *end, long long *epoch,
    char *text, size_t cap)
{
	uk_tlv t;
	const uint8_t *s;
	int y, mo, d, h, mi, sec, ylen;

	if (uk_der_next(p, end, &t) != 0)
		return -1;
	if (t.tag == 0x17 && t.len == 13)
		ylen = 2;
	else if (t.tag == 0x18 && t.len == 15)
		ylen = 4;
	else
		return -1;
	s = t.value;
	if (digits(s, (size_t)ylen, &y) != 0 ||
	    digits(s + ylen, 2, &mo) != 0 || digits(s + ylen + 2, 2, &d) != 0 ||
	    digits(s + ylen + 4, 2, &h) != 0 ||
	    digits(s + ylen + 6, 2, &mi) != 0 ||
	    digits(s + ylen + 8, 2, &sec) != 0 || s[ylen + 10] != 'Z')
		return -1;
	if (ylen == 2)
		y += y < 50 ? 2000 : 1900;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60)
		return -1;
	*epoch = days_from_civil(y, mo, d) * 86400LL + h * 3600LL + mi * 60LL +
	    sec;
	if (text != NULL)
		snprintf(text, cap, "%04d-%02d-%02d %02d:%02d:%02d UTC", y, mo, d,
		    h, mi, sec);
	return 0;
}

int
adm_cert_info(const uint8_t *cert, size_t len, struct adm_cert_info *ci)
{
	uk_x509_parts parts;
	const uint8_t *p, *end;
	long long from;

	memset(ci, 0, sizeof(*ci));
	if (uk_x509_cert_parts(cert, len, &parts) != 0)
		return -1;
	if (adm_dn_string(parts.subject.der, parts.subject.len, ci->subject,
	    sizeof(ci->subject)) != 0 ||
	    adm_dn_string(parts.issuer.der, parts.issuer.len, ci->issuer,
	    sizeof(ci->issuer)) != 0)
		return -1;
	p = parts.validity.der;
	end = p + parts.validity.len;
	if (read_time(&p, end, &from, ci->not_before,
	    sizeof(ci->not_before)) != 0 ||
	    read_time(&p, end, &ci->not_after_epoch, ci->not_after,
	    sizeof(ci->not_after)) != 0)
		return -1;
	ci->self_issued = parts.issuer.len == parts.subject.len &&
	    memcmp(parts.issuer.der, parts.subject.der, parts.issuer.len) == 0;
	return 0;
}
