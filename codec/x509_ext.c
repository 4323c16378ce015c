/* SPDX-License-Identifier: BSD-2-Clause */
/* The small pieces a certificate is made of: extension values, key
 * identifiers, validity times, SubjectPublicKeyInfo. */
#include <string.h>

#include <bearssl/bearssl_hash.h>

#include "codec/der.h"
#include "codec/der_read.h"
#include "card/wire.h"
#include "codec/x509.h"

#define X509_BITS_PER_BYTE     8
#define X509_KU_BITS           9       /* named bits of KeyUsage */
#define X509_KU_BYTES_MAX      2
#define X509_UTC_YEAR_MIN      1950    /* RFC 5280 4.1.2.5 */
#define X509_UTC_YEAR_MAX      2049
#define X509_YEAR_MAX          9999
#define X509_TIME_CHARS_MAX    15      /* YYYYMMDDHHMMSSZ */
#define X509_EC_POINT_FORM     0x04    /* uncompressed */
#define X509_P256_POINT_LEN    65
#define X509_P384_POINT_LEN    97
#define X509_AKI_KEY_ID_TAG    0x80    /* [0] IMPLICIT KeyIdentifier */

static const uint8_t oid_basic[] = UK_OID_BASIC_CONSTRAINTS;
static const uint8_t oid_key_usage[] = UK_OID_KEY_USAGE;
static const uint8_t oid_ski[] = UK_OID_SUBJECT_KEY_ID;
static const uint8_t oid_aki[] = UK_OID_AUTHORITY_KEY_ID;
static const uint8_t oid_ec_pub[] = UK_OID_EC_PUBLIC_KEY;
static const uint8_t oid_p256[] = UK_OID_P256;
static const uint8_t oid_p384[] = UK_OID_P384;
static const uint8_t oid_rsa[] = UK_OID_RSA_ENCRYPTION;

/* BasicConstraints ::= SEQUENCE { cA BOOLEAN TRUE } */
static const uint8_t basic_ca[] = { 0x30, 0x03, 0x01, 0x01, 0xFF };

static void
ext_set(uk_x509_ext *e, const uint8_t *oid, size_t oid_len,
    int critical, const uint8_t *value, size_t value_len)
{
	e->oid = oid;
	e->oid_len = oid_len;
	e->critical = critical;
	e->value = value;
	e->value_len = value_len;
}

void
uk_x509_ext_ca(uk_x509_ext *e)
{
	ext_set(e, oid_basic, sizeof(oid_basic), 1, basic_ca, sizeof(basic_ca));
}

/* A named bit list in DER drops its trailing zero bits (X.690 11.2.2). */
int
uk_x509_ext_key_usage(uk_x509_ext *e, unsigned bits,
    uint8_t store[UK_X509_EXT_VALUE_MAX])
{
	uint8_t v[1 + X509_KU_BYTES_MAX];
	unsigned top = 0, n;
	uk_der w;
	size_t len;

	if (bits == 0 || (bits & ~UK_KU_ALL) != 0)
		return -1;
	memset(v, 0, sizeof(v));
	for (n = 0; n < X509_KU_BITS; n++) {
		if (bits & (1u << n)) {
			v[1 + n / X509_BITS_PER_BYTE] |=
			    (uint8_t)(0x80 >> (n % X509_BITS_PER_BYTE));
			top = n;
		}
	}
	v[0] = (uint8_t)(X509_BITS_PER_BYTE - 1 - top % X509_BITS_PER_BYTE);
	uk_der_init(&w, store, UK_X509_EXT_VALUE_MAX);
	uk_der_put(&w, UK_DER_BIT_STRING, v,
	    2 + top / X509_BITS_PER_BYTE);
	len = uk_der_finish(&w);
	ext_set(e, oid_key_usage, sizeof(oid_key_usage), 1, store, len);
	return 0;
}

/* SubjectKeyIdentifier ::= KeyIdentifier (OCTET STRING) */
void
uk_x509_ext_ski(uk_x509_ext *e,
    const uint8_t id[UK_X509_KEY_ID_LEN],
    uint8_t store[UK_X509_EXT_VALUE_MAX])
{
	uk_der w;
	size_t len;

	uk_der_init(&w, store, UK_X509_EXT_VALUE_MAX);
	uk_der_put(&w, UK_DER_OCTET_STRING, id, UK_X509_KEY_ID_LEN);
	len = uk_der_finish(&w);
	ext_set(e, oid_ski, sizeof(oid_ski), 0, store, len);
}

/* AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] } */
void
uk_x509_ext_aki(uk_x509_ext *e,
    const uint8_t id[UK_X509_KEY_ID_LEN],
    uint8_t store[UK_X509_EXT_VALUE_MAX])
{
	uk_der w;
	size_t len;

	uk_der_init(&w, store, UK_X509_EXT_VALUE_MAX);
	uk_der_open(&w, UK_DER_SEQUENCE);
	uk_der_put(&w, X509_AKI_KEY_ID_TAG, id, UK_X509_KEY_ID_LEN);
	uk_der_close(&w);
	len = uk_der_finish(&w);
	ext_set(e, oid_aki, sizeof(oid_aki), 0, store, len);
}

int
uk_x509_key_id(const uint8_t *spki, size_t len,
    uint8_t id[UK_X509_KEY_ID_LEN])
{
	br_sha1_context h;
	uk_tlv seq, alg, bits;
	const uint8_t *p, *end;

	if (uk_der_whole(spki, len, UK_DER_SEQUENCE, &seq) != 0)
		return -1;
	p = seq.value;
	end = seq.value + seq.len;
	if (uk_der_expect(&p, end, UK_DER_SEQUENCE, &alg) != 0 ||
	    uk_der_expect(&p, end, UK_DER_BIT_STRING, &bits) != 0 ||
	    p != end || bits.len < 1 || bits.value[0] != 0)
		return -1;
	br_sha1_init(&h);
	br_sha1_update(&h, bits.value + 1, bits.len - 1);
	br_sha1_out(&h, id);
	return 0;
}

static int
leap_year(unsigned y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
date_ok(const uk_x509_date *d)
{
	static const uint8_t days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	unsigned dim;

	if (d->year > X509_YEAR_MAX || d->month < 1 || d->month > 12)
		return 0;
	dim = days[d->month - 1] + (d->month == 2 && leap_year(d->year));
	return d->day >= 1 && d->day <= dim && d->hour < 24 &&
	    d->minute < 60 && d->second < 60;
}

/* -1, 0 or 1 as a is before, at or after b. */
static int
date_cmp(const uk_x509_date *a, const uk_x509_date *b)
{
	const unsigned x[6] = { a->year, a->month, a->day, a->hour,
	    a->minute, a->second };
	const unsigned y[6] = { b->year, b->month, b->day, b->hour,
	    b->minute, b->second };
	int i;

	for (i = 0; i < 6; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

static char *
put_digits(char *p, unsigned v, int n)
{
	int i;

	for (i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + n;
}

static void
put_date(uk_der *w, const uk_x509_date *d)
{
	char s[X509_TIME_CHARS_MAX], *p = s;
	uint8_t tag;

	if (d->year >= X509_UTC_YEAR_MIN && d->year <= X509_UTC_YEAR_MAX) {
		tag = UK_DER_UTC_TIME;
		p = put_digits(p, d->year % 100, 2);
	} else {
		tag = UK_DER_GEN_TIME;
		p = put_digits(p, d->year, 4);
	}
	p = put_digits(p, d->month, 2);
	p = put_digits(p, d->day, 2);
	p = put_digits(p, d->hour, 2);
	p = put_digits(p, d->minute, 2);
	p = put_digits(p, d->second, 2);
	*p++ = 'Z';
	uk_der_put(w, tag, s, (size_t)(p - s));
}

size_t
uk_x509_validity(const uk_x509_date *from,
    const uk_x509_date *until, uint8_t *out, size_t cap)
{
	uk_der w;

	if (!date_ok(from) || !date_ok(until) || date_cmp(from, until) > 0)
		return 0;
	uk_der_init(&w, out, cap);
	put_date(&w, from);
	put_date(&w, until);
	return uk_der_finish(&w);
}

size_t
uk_x509_spki_ec(uint8_t alg, const uint8_t *q, size_t q_len,
    uint8_t *out, size_t cap)
{
	const uint8_t *curve;
	size_t curve_len, point_len;
	uk_der w;

	if (alg == UIMKEY_ALG_ECCP256) {
		curve = oid_p256;
		curve_len = sizeof(oid_p256);
		point_len = X509_P256_POINT_LEN;
	} else if (alg == UIMKEY_ALG_ECCP384) {
		curve = oid_p384;
		curve_len = sizeof(oid_p384);
		point_len = X509_P384_POINT_LEN;
	} else {
		return 0;
	}
	if (q == NULL || q_len != point_len || q[0] != X509_EC_POINT_FORM)
		return 0;
	uk_der_init(&w, out, cap);
	uk_der_open(&w, UK_DER_SEQUENCE);
	uk_der_open(&w, UK_DER_SEQUENCE);
	uk_der_oid(&w, oid_ec_pub, sizeof(oid_ec_pub));
	uk_der_oid(&w, curve, curve_len);
	uk_der_close(&w);
	uk_der_open(&w, UK_DER_BIT_STRING);
	uk_der_raw(&w, q, q_len);
	uk_der_close(&w);
	uk_der_close(&w);
	return uk_der_finish(&w);
}

/* SEQUENCE { SEQUENCE { rsaEncryption, NULL },
 *            BIT STRING { RSAPublicKey ::= SEQUENCE { n, e } } } */
size_t
uk_x509_spki_rsa(const uint8_t *n, size_t n_len, const uint8_t *e,
    size_t e_len, uint8_t *out, size_t cap)
{
	uk_der w;

	if (n == NULL || n_len == 0 || e == NULL || e_len == 0)
		return 0;
	uk_der_init(&w, out, cap);
	uk_der_open(&w, UK_DER_SEQUENCE);
	uk_der_open(&w, UK_DER_SEQUENCE);
	uk_der_oid(&w, oid_rsa, sizeof(oid_rsa));
	uk_der_put(&w, UK_DER_NULL, NULL, 0);
	uk_der_close(&w);
	uk_der_open(&w, UK_DER_BIT_STRING);
	uk_der_open(&w, UK_DER_SEQUENCE);
	uk_der_uint(&w, n, n_len);
	uk_der_uint(&w, e, e_len);
	uk_der_close(&w);
	uk_der_close(&w);
	uk_der_close(&w);
	return uk_der_finish(&w);
}
