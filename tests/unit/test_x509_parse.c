/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Taking certificates apart (uk_x509_cert_parts): every truncation,
 * every one-byte change and the DER rules the parser enforces, on the
 * fixture's CA certificate and on certificates written by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/x509_fixture.h"

/* Where needle first occurs in cert, or NULL. */
static uint8_t *
find(uint8_t *hay, size_t len, const char *needle, size_t n)
{
	size_t i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

/* Parse a copy of the CA certificate in a heap block of exactly its
 * length (ASan sees any read past it), changed by edit at offset. */
static int
parse_changed(size_t len, size_t off, uint8_t x, uk_x509_parts *p)
{
	uint8_t *b = malloc(len ? len : 1);
	int r;

	memcpy(b, ca_cert, len);
	if (off < len)
		b[off] ^= x;
	r = uk_x509_cert_parts(b, len, p);
	if (r == 0 && (p->tbs.der < b || p->spki.der + p->spki.len > b + len ||
	    p->sig.der + p->sig.len != b + len))
		r = 2;
	free(b);
	return r;
}

static int
parse_edited(const char *needle, size_t n, size_t at, uint8_t value)
{
	uint8_t b[UK_X509_CERT_MAX];
	uk_x509_parts p;
	uint8_t *hit;

	memcpy(b, ca_cert, ca_len);
	hit = find(b, ca_len, needle, n);
	if (hit == NULL)
		return 9;
	hit[at] = value;
	return uk_x509_cert_parts(b, ca_len, &p);
}

/* A certificate written by hand: version absent (v1) or v3 with an
 * empty extension list. */
static size_t
hand_cert(int v3_empty_exts, uint8_t *out, size_t cap)
{
	static const uint8_t alg[] = {
		0x30, 0x0A, 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02
	};
	uint8_t tbs[UK_X509_TBS_MAX];
	uk_der w;
	size_t n;

	uk_der_init(&w, tbs, sizeof(tbs));
	uk_der_open(&w, UK_DER_SEQUENCE);
	if (v3_empty_exts) {
		uk_der_open(&w, UK_DER_CONTEXT(0));
		uk_der_small_uint(&w, 2);
		uk_der_close(&w);
	}
	uk_der_small_uint(&w, 7);
	uk_der_raw(&w, alg, sizeof(alg));
	uk_der_raw(&w, ca_parts.issuer.der, ca_parts.issuer.len);
	uk_der_open(&w, UK_DER_SEQUENCE);
	uk_der_raw(&w, ca_parts.validity.der, ca_parts.validity.len);
	uk_der_close(&w);
	uk_der_raw(&w, ca_parts.subject.der, ca_parts.subject.len);
	uk_der_raw(&w, ca_parts.spki.der, ca_parts.spki.len);
	if (v3_empty_exts) {
		uk_der_open(&w, UK_DER_CONTEXT(3));
		uk_der_open(&w, UK_DER_SEQUENCE);
		uk_der_close(&w);
		uk_der_close(&w);
	}
	uk_der_close(&w);
	n = uk_der_finish(&w);
	return uk_x509_wrap(tbs, n, UK_X509_SIG_ECDSA_SHA256,
	    (const uint8_t *)"\x30\x00", 2, out, cap);
}

static void
test_parse_refusals(void)
{
	uint8_t b[UK_X509_CERT_MAX];
	static const uint8_t xors[] = { 0x01, 0x80, 0xFF };
	uk_x509_parts p;
	uk_x509_ext e;
	size_t i, j, accepted = 0;
	int ok = 1, r;

	for (i = 0; i < ca_len; i++)
		ok &= parse_changed(i, ca_len, 0, &p) == -1;
	check(ok, "every truncation of the certificate is refused");
	memcpy(b, ca_cert, ca_len);
	b[ca_len] = 0;
	check(uk_x509_cert_parts(b, ca_len + 1, &p) != 0,
	    "a trailing byte is refused");
	check(parse_changed(ca_len, (size_t)(ca_parts.sig.der - 1 - ca_cert),
	    0x01, &p) == -1, "a BIT STRING with unused bits is refused");
	check(parse_edited("\xA0\x03\x02\x01\x02", 5, 4, 0x00) == -1,
	    "an explicit v1 version is refused (DER default)");
	check(parse_edited("\xA0\x03\x02\x01\x02", 5, 4, 0x01) == -1,
	    "extensions in a v2 certificate are refused");
	check(parse_edited("\x06\x03\x55\x1D\x13\x01\x01\xFF", 8, 7, 0x00) == -1,
	    "an encoded critical FALSE is refused (DER default)");
	check(parse_edited("\x2A\x86\x48\xCE\x3D\x04\x03\x02", 8, 7, 0x03) == -1,
	    "a TBS algorithm other than the outer one is refused");
	check(parse_edited("\x30\x1E\x17\x0D", 4, 2, 0x04) == -1,
	    "a validity that is not two Time values is refused");

	for (i = 0; i < ca_len; i++) {
		for (j = 0; j < sizeof(xors); j++) {
			r = parse_changed(ca_len, i, xors[j], &p);
			ok &= r != 2;
			accepted += r == 0;
		}
	}
	check(ok, "every one-byte change: refused, or pieces inside the buffer");
	printf("# %zu of %zu one-byte changes still parse (contents bytes)\n",
	    accepted, ca_len * sizeof(xors));

	check(hand_cert(0, b, sizeof(b)) > 0 &&
	    uk_x509_cert_parts(b, hand_cert(0, b, sizeof(b)), &p) == 0 &&
	    p.extensions.der == NULL && p.extensions.len == 0 &&
	    uk_x509_ext_find(&p, (const uint8_t *)"\x55\x1D\x13", 3,
	    &e) == -1, "a v1 certificate (no version, no extensions) parses");
	check(uk_x509_cert_parts(b, hand_cert(1, b, sizeof(b)), &p) == -1,
	    "an empty extension list is refused");
}

int
main(void)
{
	fixture_init();
	test_parse_refusals();
	return check_done();
}
