/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * --subject "CN=Alice,OU=Sales,O=Example\, Inc.,C=JP": an RFC 4514
 * string (most specific first, backslash escapes) made into a DER Name
 * with codec/x509_name.h.  One attribute per RDN; C and serialNumber are
 * PrintableString, the others UTF8String.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "codec/der.h"
#include "codec/x509_name.h"
#include "admin/io.h"
#include "admin/x509_text.h"

static const uint8_t oid_cn[] = { 0x55, 0x04, 0x03 };
static const uint8_t oid_c[] = UK_OID_COUNTRY;
static const uint8_t oid_l[] = UK_OID_LOCALITY;
static const uint8_t oid_st[] = UK_OID_STATE;
static const uint8_t oid_o[] = UK_OID_ORGANIZATION;
static const uint8_t oid_ou[] = UK_OID_ORG_UNIT;
static const uint8_t oid_sn[] = UK_OID_SERIAL_NUMBER;

static const struct {
	const char *name;
	const uint8_t *oid;
	size_t oid_len;
	uint8_t tag;
} types[] = {
	{ "CN", oid_cn, sizeof(oid_cn), UK_DER_UTF8_STRING },
	{ "C", oid_c, sizeof(oid_c), UK_DER_PRINTABLE },
	{ "L", oid_l, sizeof(oid_l), UK_DER_UTF8_STRING },
	{ "ST", oid_st, sizeof(oid_st), UK_DER_UTF8_STRING },
	{ "O", oid_o, sizeof(oid_o), UK_DER_UTF8_STRING },
	{ "OU", oid_ou, sizeof(oid_ou), UK_DER_UTF8_STRING },
	{ "serialNumber", oid_sn, sizeof(oid_sn), UK_DER_PRINTABLE },
};
#define TYPE_COUNT (sizeof(types) / sizeof(types[0]))

static int
hexval(char c)
{
	return isdigit((unsigned char)c) ? c - '0' :
	    isxdigit((unsigned char)c) ? tolower((unsigned char)c) - 'a' + 10 :
	    -1;
}

/* One value up to an unescaped ',' (RFC 4514 2.4 escapes); the value is
 * copied unescaped to *store.  Returns the end, NULL on a bad escape. */
static const char *
value(const char *s, char *store, size_t cap, size_t *len)
{
	int hi, lo;

	*len = 0;
	while (*s != '\0' && *s != ',') {
		if (*s == '+')
			return NULL;
		if (*s == '\\') {
			s++;
			if ((hi = hexval(s[0])) >= 0 && (lo = hexval(s[1])) >= 0) {
				if (*len == cap)
					return NULL;
				store[(*len)++] = (char)(hi << 4 | lo);
				s += 2;
				continue;
			}
			if (*s == '\0')
				return NULL;
		}
		if (*len == cap)
			return NULL;
		store[(*len)++] = *s++;
	}
	return s;
}

int
adm_subject_parse(const char *subject, uint8_t *out, size_t cap, size_t *len)
{
	static char store[UK_X509_NAME_ATTRS_MAX][UK_X509_NAME_VALUE_MAX];
	uk_x509_attr attr[UK_X509_NAME_ATTRS_MAX];
	const char *s = subject, *eq;
	size_t n = 0, i, k, vlen, tlen;

	while (*s != '\0') {
		while (*s == ' ')
			s++;
		if ((eq = strchr(s, '=')) == NULL) {
			adm_err("--subject: '%s' is not TYPE=value", s);
			return -1;
		}
		tlen = (size_t)(eq - s);
		while (tlen > 0 && s[tlen - 1] == ' ')
			tlen--;
		for (k = 0; k < TYPE_COUNT; k++)
			if (strlen(types[k].name) == tlen &&
			    strncasecmp(types[k].name, s, tlen) == 0)
				break;
		if (k == TYPE_COUNT) {
			adm_err("--subject: unknown attribute '%.*s' (CN, O, OU, C, "
			    "L, ST, serialNumber)", (int)tlen, s);
			return -1;
		}
		if (n == UK_X509_NAME_ATTRS_MAX) {
			adm_err("--subject: more than %d attributes",
			    UK_X509_NAME_ATTRS_MAX);
			return -1;
		}
		s = value(eq + 1, store[n], sizeof(store[n]), &vlen);
		if (s == NULL) {
			adm_err("--subject: a bad escape, an unescaped '+' "
			    "(multi-valued RDNs are not supported) or a value "
			    "over %d bytes", UK_X509_NAME_VALUE_MAX);
			return -1;
		}
		if (vlen == 0 || (types[k].oid == oid_c && vlen != 2)) {
			adm_err("--subject: %s needs a value%s", types[k].name,
			    types[k].oid == oid_c ? " of two letters" : "");
			return -1;
		}
		attr[n].oid = types[k].oid;
		attr[n].oid_len = types[k].oid_len;
		attr[n].tag = types[k].tag;
		attr[n].value = store[n];
		attr[n].len = vlen;
		n++;
		if (*s == ',')
			s++;
	}
	if (n == 0) {
		adm_err("--subject: empty");
		return -1;
	}
	/* RFC 4514 lists the most specific first; DER the other way. */
	for (i = 0; i < n / 2; i++) {
		uk_x509_attr t = attr[i];
		attr[i] = attr[n - 1 - i];
		attr[n - 1 - i] = t;
	}
	*len = uk_x509_name(attr, n, out, cap);
	if (*len == 0) {
		adm_err("--subject: a value is not valid UTF-8, or not printable "
		    "for C or serialNumber, or the name is too long");
		return -1;
	}
	return 0;
}
