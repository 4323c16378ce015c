/* SPDX-License-Identifier: BSD-2-Clause */
/* Names of several attributes (codec/x509_name.h). */
#include <string.h>

#include "codec/der.h"
#include "codec/x509_name.h"
#include "x509_int.h"

int
uk_x509_printable_ok(const char *s, size_t len)
{
	static const char extra[] = " '()+,-./:=?";
	size_t i;
	char c;

	for (i = 0; i < len; i++) {
		c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || (c != '\0' &&
		    memchr(extra, c, sizeof(extra) - 1) != NULL)))
			return 0;
	}
	return 1;
}

/* Well-formed UTF-8 (RFC 3629): shortest forms, no surrogates, at most
 * U+10FFFF, no NUL. */
static int
utf8_ok(const uint8_t *s, size_t len)
{
	size_t i = 0, n, k;
	uint32_t c, min;

	while (i < len) {
		c = s[i];
		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xE0) == 0xC0) {
			n = 1; c &= 0x1F; min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			n = 2; c &= 0x0F; min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			n = 3; c &= 0x07; min = 0x10000;
		} else {
			return 0;
		}
		if (len - i - 1 < n)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			c = c << 6 | (s[i + k] & 0x3F);
		}
		if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return 0;
		i += n + 1;
	}
	return 1;
}

static int
attr_ok(const uk_x509_attr *a)
{
	if (a->oid == NULL || a->oid_len == 0 || a->value == NULL ||
	    a->len == 0 || a->len > UK_X509_NAME_VALUE_MAX)
		return 0;
	if (a->tag == UK_DER_PRINTABLE)
		return uk_x509_printable_ok(a->value, a->len);
	if (a->tag == UK_DER_UTF8_STRING)
		return utf8_ok((const uint8_t *)a->value, a->len);
	return 0;
}

size_t
uk_x509_name(const uk_x509_attr *attr, size_t count, uint8_t *out,
    size_t cap)
{
	uk_der w;
	size_t i;

	if (attr == NULL || count == 0 || count > UK_X509_NAME_ATTRS_MAX)
		return 0;
	for (i = 0; i < count; i++)
		if (!attr_ok(&attr[i]))
			return 0;
	uk_der_init(&w, out, cap);
	uk_der_open(&w, UK_DER_SEQUENCE);
	for (i = 0; i < count; i++) {
		uk_der_open(&w, UK_DER_SET);
		uk_der_open(&w, UK_DER_SEQUENCE);
		uk_der_oid(&w, attr[i].oid, attr[i].oid_len);
		uk_der_put(&w, attr[i].tag, attr[i].value, attr[i].len);
		uk_der_close(&w);
		uk_der_close(&w);
	}
	uk_der_close(&w);
	return uk_der_finish(&w);
}
