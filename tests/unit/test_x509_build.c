/* SPDX-License-Identifier: BSD-2-Clause */
/* The X.509 builders byte by byte (hand-derived encodings), and every
 * refusal: bad input leaves the output untouched, a short buffer fails
 * without writing past it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec/der.h"
#include "card/wire.h"
#include "codec/x509.h"
#include "tests/support/check.h"
#include "tests/unit/hex.h"

#define GUARD 0xA5
#define OUT_MAX 512

static uint8_t out[OUT_MAX];
static uint8_t want[OUT_MAX];

static const uk_x509_date d2024 = { 2024, 1, 1, 0, 0, 0 };
static const uk_x509_date d2049 = { 2049, 12, 31, 23, 59, 59 };
static const uint8_t serial_1[] = { 0x01 };
static const uint8_t name_a[] = {
	0x30, 0x0C, 0x31, 0x0A, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x03,
	0x0C, 0x01, 0x61
};
static const uint8_t spki_dummy[] = { 0x30, 0x00 };
static uint8_t validity[UK_X509_VALIDITY_MAX];
static size_t validity_len;

/* 1 when out[0..n) is the hex string (n: a builder's answer). */
static int
is(size_t n, const char *hex)
{
	size_t wl = hex_parse(hex, want, sizeof(want));
	char got[OUT_MAX * 3];

	if (n == wl && memcmp(out, want, n) == 0)
		return 1;
	hex_format(out, n, got, sizeof(got));
	printf("# got  %s\n# want %s\n", got, hex);
	return 0;
}

/* 1 when no byte of out was written. */
static int
untouched(void)
{
	size_t i;

	for (i = 0; i < sizeof(out); i++)
		if (out[i] != GUARD)
			return 0;
	return 1;
}

static void
guard(void)
{
	memset(out, GUARD, sizeof(out));
}

static void
test_names(void)
{
	char cn[UK_X509_CN_MAX + 1];

	check(is(uk_x509_name_cn("ab", 2, out, sizeof(out)),
	    "30 0D 31 0B 30 09 06 03 55 04 03 0C 02 61 62"), "Name CN=ab");
	memset(cn, 'x', sizeof(cn));
	check(uk_x509_name_cn(cn, UK_X509_CN_MAX, out, sizeof(out)) ==
	    UK_X509_NAME_CN_MAX, "a CN of UK_X509_CN_MAX bytes fits "
	    "UK_X509_NAME_CN_MAX");
	guard();
	check(uk_x509_name_cn(cn, UK_X509_CN_MAX + 1, out,
	    sizeof(out)) == 0 && uk_x509_name_cn(cn, 0, out,
	    sizeof(out)) == 0 && uk_x509_name_cn(NULL, 2, out,
	    sizeof(out)) == 0 && untouched(),
	    "CN too long, empty or NULL: refused, nothing written");
}

static size_t
val(uint16_t y1, uint8_t mo1, uint8_t d1, uint16_t y2, uint8_t mo2,
    uint8_t d2)
{
	uk_x509_date a = { y1, mo1, d1, 0, 0, 0 };
	uk_x509_date b = { y2, mo2, d2, 0, 0, 0 };

	return uk_x509_validity(&a, &b, out, sizeof(out));
}

static void
test_validity(void)
{
	static const uk_x509_date end = { 9999, 12, 31, 23, 59, 59 };
	uk_x509_date bad;

	check(is(uk_x509_validity(&d2024, &d2049, out, sizeof(out)),
	    "17 0D 32 34 30 31 30 31 30 30 30 30 30 30 5A "
	    "17 0D 34 39 31 32 33 31 32 33 35 39 35 39 5A"),
	    "validity 2024-01-01 .. 2049-12-31 23:59:59: two UTCTimes");
	check(is(uk_x509_validity(&d2024, &end, out, sizeof(out)),
	    "17 0D 32 34 30 31 30 31 30 30 30 30 30 30 5A "
	    "18 0F 39 39 39 39 31 32 33 31 32 33 35 39 35 39 5A"),
	    "notAfter 99991231235959Z (no expiry, RFC 5280) is GeneralizedTime");
	check(is(val(1949, 12, 31, 1950, 1, 1),
	    "18 0F 31 39 34 39 31 32 33 31 30 30 30 30 30 30 5A "
	    "17 0D 35 30 30 31 30 31 30 30 30 30 30 30 5A"),
	    "1949 GeneralizedTime, 1950 UTCTime");
	check(val(2049, 1, 1, 2050, 1, 1) == 15 + 17 && out[15] == 0x18,
	    "2050 is GeneralizedTime");
	check(val(2024, 2, 29, 2024, 2, 29) == 30 &&
	    val(2000, 2, 29, 2000, 3, 1) == 30, "leap days; from == until");
	guard();
	check(val(2024, 0, 1, 2025, 1, 1) == 0 && val(2024, 13, 1, 2025, 1, 1) == 0 &&
	    val(2024, 1, 0, 2025, 1, 1) == 0 && val(2024, 1, 32, 2025, 1, 1) == 0 &&
	    val(2023, 2, 29, 2025, 1, 1) == 0 && val(1900, 2, 29, 2025, 1, 1) == 0 &&
	    val(2024, 4, 31, 2025, 1, 1) == 0 && val(2025, 1, 1, 2024, 12, 31) == 0 &&
	    val(2024, 1, 1, 10000, 1, 1) == 0 && untouched(),
	    "bad month, day, Feb 29 of a common year, from after until, "
	    "year 10000: refused, nothing written");
	bad = d2024;
	bad.hour = 24;
	check(uk_x509_validity(&bad, &d2049, out, sizeof(out)) == 0,
	    "hour 24 refused");
	bad = d2024;
	bad.minute = 60;
	check(uk_x509_validity(&d2024, &bad, out, sizeof(out)) == 0,
	    "minute 60 refused");
	bad = d2049;
	bad.second = 60;
	check(uk_x509_validity(&d2024, &bad, out, sizeof(out)) == 0,
	    "second 60 refused");
	bad = d2024;
	bad.second = 1;
	check(uk_x509_validity(&bad, &d2024, out, sizeof(out)) == 0,
	    "from one second after until refused");
	check(uk_x509_validity(&d2024, &d2049, out, 29) == 0,
	    "validity: a buffer one byte short fails");
}

static int
ku_is(unsigned bits, const char *hex)
{
	uint8_t store[UK_X509_EXT_VALUE_MAX];
	static const uint8_t oid[] = UK_OID_KEY_USAGE;
	uk_x509_ext e;

	if (uk_x509_ext_key_usage(&e, bits, store) != 0 || !e.critical ||
	    e.oid_len != sizeof(oid) || memcmp(e.oid, oid, sizeof(oid)) != 0)
		return 0;
	memcpy(out, e.value, e.value_len);
	return is(e.value_len, hex);
}

static void
test_extensions(void)
{
	static const uint8_t oid_bc[] = UK_OID_BASIC_CONSTRAINTS;
	static const uint8_t oid_ski[] = UK_OID_SUBJECT_KEY_ID;
	static const uint8_t oid_aki[] = UK_OID_AUTHORITY_KEY_ID;
	uint8_t store[UK_X509_EXT_VALUE_MAX], id[UK_X509_KEY_ID_LEN];
	uk_x509_ext e;
	size_t i;

	check(ku_is(UK_KU_DIGITAL_SIGNATURE, "03 02 07 80"),
	    "keyUsage digitalSignature: 03 02 07 80, critical");
	check(ku_is(UK_KU_KEY_CERT_SIGN | UK_KU_CRL_SIGN, "03 02 01 06"),
	    "keyUsage keyCertSign|cRLSign: 03 02 01 06");
	check(ku_is(UK_KU_KEY_AGREEMENT, "03 02 03 08"),
	    "keyUsage keyAgreement: 03 02 03 08");
	check(ku_is(UK_KU_DIGITAL_SIGNATURE | UK_KU_NON_REPUDIATION |
	    UK_KU_KEY_ENCIPHERMENT, "03 02 05 E0"), "keyUsage 3 bits");
	check(ku_is(UK_KU_DECIPHER_ONLY, "03 03 07 00 80"),
	    "keyUsage decipherOnly: second byte");
	check(ku_is(UK_KU_ENCIPHER_ONLY, "03 02 00 01"),
	    "keyUsage encipherOnly: no unused bits");
	check(uk_x509_ext_key_usage(&e, 0, store) != 0 &&
	    uk_x509_ext_key_usage(&e, UK_KU_ALL + 1, store) != 0,
	    "keyUsage with no bits or an unknown bit refused");

	uk_x509_ext_ca(&e);
	memcpy(out, e.value, e.value_len);
	check(e.critical && e.oid_len == 3 && memcmp(e.oid, oid_bc, 3) == 0 &&
	    is(e.value_len, "30 03 01 01 FF"),
	    "basicConstraints cA TRUE, critical");
	for (i = 0; i < sizeof(id); i++)
		id[i] = (uint8_t)i;
	uk_x509_ext_ski(&e, id, store);
	memcpy(out, e.value, e.value_len);
	check(!e.critical && memcmp(e.oid, oid_ski, 3) == 0 &&
	    is(e.value_len, "04 14 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D "
	    "0E 0F 10 11 12 13"), "subjectKeyIdentifier, not critical");
	uk_x509_ext_aki(&e, id, store);
	memcpy(out, e.value, e.value_len);
	check(!e.critical && memcmp(e.oid, oid_aki, 3) == 0 &&
	    is(e.value_len, "30 16 80 14 00 01 02 03 04 05 06 07 08 09 0A 0B "
	    "0C 0D 0E 0F 10 11 12 13"), "authorityKeyIdentifier [0] keyId");
}

static void
test_spki(void)
{
	uint8_t q[97], id[UK_X509_KEY_ID_LEN];
	size_t n;

	memset(q, 0x11, sizeof(q));
	q[0] = 0x04;
	n = uk_x509_spki_ec(UIMKEY_ALG_ECCP256, q, 65, out, sizeof(out));
	check(n == 91 && memcmp(out, "\x30\x59\x30\x13\x06\x07\x2A\x86\x48\xCE"
	    "\x3D\x02\x01\x06\x08\x2A\x86\x48\xCE\x3D\x03\x01\x07\x03\x42\x00",
	    26) == 0 && memcmp(out + 26, q, 65) == 0,
	    "SPKI P-256: id-ecPublicKey, prime256v1, BIT STRING 00 04..");
	n = uk_x509_spki_ec(UIMKEY_ALG_ECCP384, q, 97, out, sizeof(out));
	check(n == 120 && memcmp(out, "\x30\x76\x30\x10\x06\x07\x2A\x86\x48\xCE"
	    "\x3D\x02\x01\x06\x05\x2B\x81\x04\x00\x22\x03\x62\x00", 23) == 0 &&
	    memcmp(out + 23, q, 97) == 0, "SPKI P-384: secp384r1");
	check(uk_x509_key_id(out, n, id) == 0, "key id of a P-384 SPKI");
	guard();
	q[0] = 0x02;
	check(uk_x509_spki_ec(UIMKEY_ALG_ECCP256, q, 65, out,
	    sizeof(out)) == 0, "compressed point refused");
	q[0] = 0x04;
	check(uk_x509_spki_ec(UIMKEY_ALG_ECCP384, q, 65, out,
	    sizeof(out)) == 0 && uk_x509_spki_ec(UIMKEY_ALG_ECCP256, q, 97,
	    out, sizeof(out)) == 0 && uk_x509_spki_ec(UIMKEY_ALG_RSA2048, q,
	    65, out, sizeof(out)) == 0 && uk_x509_spki_ec(UIMKEY_ALG_ECCP256,
	    NULL, 65, out, sizeof(out)) == 0 && untouched(),
	    "point length not the curve's, not an EC alg, NULL: refused");
	check(uk_x509_spki_ec(UIMKEY_ALG_ECCP256, q, 65, out, 90) == 0,
	    "SPKI: a buffer one byte short fails");

	check(is(uk_x509_spki_rsa((const uint8_t *)"\xC3", 1,
	    (const uint8_t *)"\x01\x00\x01", 3, out, sizeof(out)),
	    "30 1D 30 0D 06 09 2A 86 48 86 F7 0D 01 01 01 05 00 "
	    "03 0C 00 30 09 02 02 00 C3 02 03 01 00 01"),
	    "SPKI RSA: rsaEncryption NULL, RSAPublicKey, positive modulus");
	check(uk_x509_spki_rsa(NULL, 1, (const uint8_t *)"\x03", 1, out,
	    sizeof(out)) == 0 && uk_x509_spki_rsa((const uint8_t *)"\xC3",
	    1, NULL, 0, out, sizeof(out)) == 0, "SPKI RSA without n or e refused");

	hex_parse("30 08 30 00 03 04 01 AA BB CC", out, sizeof(out));
	check(uk_x509_key_id(out, 10, id) != 0,
	    "key id: a BIT STRING with unused bits refused");
	hex_parse("30 06 30 00 03 02 00 AA 00", out, sizeof(out));
	check(uk_x509_key_id(out, 9, id) != 0 &&
	    uk_x509_key_id(out, 8, id) == 0,
	    "key id: trailing byte refused, exact SPKI accepted");
}

/* A small TBS every field of which is known. */
static void
tbs_base(uk_x509_tbs_in *in, uk_x509_ext *ext)
{
	memset(in, 0, sizeof(*in));
	in->serial = serial_1;
	in->serial_len = sizeof(serial_1);
	in->sig_alg = UK_X509_SIG_ECDSA_SHA256;
	in->issuer.der = name_a;
	in->issuer.len = sizeof(name_a);
	in->validity.der = validity;
	in->validity.len = validity_len;
	in->subject_cn = "b";
	in->subject_cn_len = 1;
	in->spki.der = spki_dummy;
	in->spki.len = sizeof(spki_dummy);
	uk_x509_ext_ca(ext);
	in->ext = ext;
	in->ext_count = 1;
}

#define TBS_HEX \
	"30 67 A0 03 02 01 02 02 01 01 " \
	"30 0A 06 08 2A 86 48 CE 3D 04 03 02 " \
	"30 0C 31 0A 30 08 06 03 55 04 03 0C 01 61 " \
	"30 1E 17 0D 32 34 30 31 30 31 30 30 30 30 30 30 5A " \
	"17 0D 34 39 31 32 33 31 32 33 35 39 35 39 5A " \
	"30 0C 31 0A 30 08 06 03 55 04 03 0C 01 62 " \
	"30 00 " \
	"A3 13 30 11 30 0F 06 03 55 1D 13 01 01 FF 04 05 30 03 01 01 FF"

/* uk_x509_tbs refuses in and writes nothing. */
static int
tbs_refused(const uk_x509_tbs_in *in)
{
	guard();
	return uk_x509_tbs(in, out, sizeof(out)) == 0 && untouched();
}

static void
test_tbs(void)
{
	static const uint8_t zero2[] = { 0x00, 0x00 };
	static const uint8_t raw_name[] = { 0x30, 0x00 };
	uint8_t serial[21], *heap;
	uk_x509_tbs_in in;
	uk_x509_ext ext, bad_ext;
	size_t n, cap;
	int ok = 1;

	tbs_base(&in, &ext);
	n = uk_x509_tbs(&in, out, sizeof(out));
	check(is(n, TBS_HEX), "TBSCertificate, byte by byte");
	for (cap = 0; cap < n; cap++) {
		heap = malloc(cap ? cap : 1);
		ok &= uk_x509_tbs(&in, heap, cap) == 0;
		free(heap);
	}
	heap = malloc(n);
	ok &= uk_x509_tbs(&in, heap, n) == n && memcmp(heap, want, n) == 0;
	free(heap);
	check(ok, "TBS: every buffer shorter fails (ASan: no write past it), "
	    "the exact size works");

	in.subject_cn = NULL;
	in.subject.der = raw_name;
	in.subject.len = sizeof(raw_name);
	n = uk_x509_tbs(&in, out, sizeof(out));
	check(n > 0 && memcmp(out + 2 + 5 + 3 + 12 + 14 + 32, raw_name, 2) == 0,
	    "TBS with a raw subject Name copied as it is");
	in.subject_cn = "b";
	in.subject_cn_len = 1;
	check(tbs_refused(&in), "subject both as Name and CN: refused");
	in.subject.der = NULL;
	in.subject_cn = NULL;
	check(tbs_refused(&in), "no subject: refused");

	tbs_base(&in, &ext);
	in.serial = zero2;
	in.serial_len = sizeof(zero2);
	check(tbs_refused(&in), "serial zero: refused");
	in.serial = NULL;
	check(tbs_refused(&in), "no serial: refused");
	memset(serial, 0x7F, sizeof(serial));
	in.serial = serial;
	in.serial_len = 20;
	check(uk_x509_tbs(&in, out, sizeof(out)) > 0,
	    "20-byte serial 7F..: accepted");
	serial[0] = 0x80;
	check(tbs_refused(&in), "20-byte serial 80..: 21 bytes as INTEGER, refused");
	in.serial = serial + 1;
	in.serial_len = 19;
	serial[1] = 0xFF;
	check(uk_x509_tbs(&in, out, sizeof(out)) > 0 && out[7] == 0x02 &&
	    out[8] == 20 && out[9] == 0x00 && out[10] == 0xFF,
	    "19-byte serial FF..: made positive with 00");
	serial[0] = 0x00;
	serial[1] = 0x7F;
	in.serial = serial;
	in.serial_len = 21;
	check(uk_x509_tbs(&in, out, sizeof(out)) > 0,
	    "21 bytes with a leading 00 then 7F..: accepted (20 as INTEGER)");

	tbs_base(&in, &ext);
	in.sig_alg = UK_X509_SIG_UNKNOWN;
	check(tbs_refused(&in), "unknown signature algorithm: refused");
	tbs_base(&in, &ext);
	in.issuer.len = sizeof(name_a) - 1;
	check(tbs_refused(&in), "truncated issuer: refused");
	in.issuer.der = validity;
	in.issuer.len = 15;
	check(tbs_refused(&in), "issuer not a SEQUENCE: refused");
	tbs_base(&in, &ext);
	in.validity.len = 15;
	check(tbs_refused(&in), "validity with one time: refused");
	in.validity.der = name_a;
	in.validity.len = sizeof(name_a);
	check(tbs_refused(&in), "validity of other values: refused");
	tbs_base(&in, &ext);
	in.spki.der = NULL;
	check(tbs_refused(&in), "no SPKI: refused");
	in.spki.der = validity;
	in.spki.len = 15;
	check(tbs_refused(&in), "SPKI not a SEQUENCE: refused");
	tbs_base(&in, &ext);
	bad_ext = ext;
	bad_ext.oid = NULL;
	in.ext = &bad_ext;
	check(tbs_refused(&in), "extension without OID: refused");
	bad_ext = ext;
	bad_ext.value = NULL;
	check(tbs_refused(&in), "extension with NULL value of some length: refused");
	in.ext = NULL;
	check(tbs_refused(&in), "ext_count without ext: refused");
	bad_ext.value_len = 0;
	bad_ext.critical = 0;
	in.ext = &bad_ext;
	n = uk_x509_tbs(&in, out, sizeof(out));
	check(n > 13 && memcmp(out + n - 13, "\xA3\x0B\x30\x09\x30\x07"
	    "\x06\x03\x55\x1D\x13\x04\x00", 13) == 0,
	    "an empty extension value: OCTET STRING 04 00, critical left out");
}

static void
test_wrap(void)
{
	static const uint8_t tbs[] = { 0x30, 0x03, 0x02, 0x01, 0x05 };
	static const uint8_t sig_der[] = {
		0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02
	};
	static const uint8_t sig_raw[] = { 0xAB, 0xCD };
	static const uint8_t alg384[] = {
		0x30, 0x0A, 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x03
	};
	size_t n;

	n = uk_x509_wrap(tbs, sizeof(tbs), UK_X509_SIG_ECDSA_SHA256,
	    sig_der, sizeof(sig_der), out, sizeof(out));
	check(is(n, "30 1C 30 03 02 01 05 30 0A 06 08 2A 86 48 CE 3D 04 03 02 "
	    "03 09 00 30 06 02 01 01 02 01 02"),
	    "Certificate: tbs, ecdsa-with-SHA256, BIT STRING 00 sig");
	check(uk_x509_sig_alg_of(out + 7, 12) == UK_X509_SIG_ECDSA_SHA256,
	    "sig_alg_of: ecdsa-with-SHA256");
	n = uk_x509_wrap(tbs, sizeof(tbs), UK_X509_SIG_ECDSA_SHA384,
	    sig_der, sizeof(sig_der), out, sizeof(out));
	check(n == 30 && memcmp(out + 7, alg384, sizeof(alg384)) == 0 &&
	    uk_x509_sig_alg_of(out + 7, 12) == UK_X509_SIG_ECDSA_SHA384,
	    "ecdsa-with-SHA384");
	n = uk_x509_csr_wrap(tbs, sizeof(tbs), UK_X509_SIG_RSA_SHA256,
	    sig_raw, sizeof(sig_raw), out, sizeof(out));
	check(is(n, "30 19 30 03 02 01 05 30 0D 06 09 2A 86 48 86 F7 0D 01 01 "
	    "0B 05 00 03 03 00 AB CD"),
	    "sha256WithRSAEncryption with NULL; raw RSA signature bits");
	check(uk_x509_sig_alg_of(out + 7, 15) == UK_X509_SIG_RSA_SHA256 &&
	    uk_x509_sig_alg_of(out + 7, 14) == UK_X509_SIG_UNKNOWN &&
	    uk_x509_sig_alg_of(tbs, sizeof(tbs)) == UK_X509_SIG_UNKNOWN,
	    "sig_alg_of: RSA; anything else unknown");
	hex_parse("30 0B 06 09 2A 86 48 86 F7 0D 01 01 0B", out, sizeof(out));
	check(uk_x509_sig_alg_of(out, 13) == UK_X509_SIG_RSA_SHA256,
	    "sig_alg_of: RSA with parameters absent (RFC 4055 readers)");
	hex_parse("30 0C 06 08 2A 86 48 CE 3D 04 03 02 05 00", out, sizeof(out));
	check(uk_x509_sig_alg_of(out, 14) == UK_X509_SIG_UNKNOWN,
	    "sig_alg_of: ECDSA with NULL parameters is not ours");
	hex_parse("30 0E 06 08 2A 86 48 CE 3D 04 03 02 05 00 05 00", out,
	    sizeof(out));
	check(uk_x509_sig_alg_of(out, 16) == UK_X509_SIG_UNKNOWN,
	    "sig_alg_of: trailing parameters refused");

	guard();
	check(uk_x509_wrap(tbs, sizeof(tbs), UK_X509_SIG_ECDSA_SHA256,
	    sig_raw, sizeof(sig_raw), out, sizeof(out)) == 0 && untouched(),
	    "ECDSA signature that is not DER (raw r||s): refused");
	check(uk_x509_wrap(tbs, 4, UK_X509_SIG_ECDSA_SHA256, sig_der,
	    sizeof(sig_der), out, sizeof(out)) == 0 &&
	    uk_x509_wrap(sig_raw, 2, UK_X509_SIG_RSA_SHA256, sig_raw,
	    2, out, sizeof(out)) == 0 && untouched(),
	    "tbs not one SEQUENCE: refused");
	check(uk_x509_wrap(tbs, sizeof(tbs), UK_X509_SIG_RSA_SHA256,
	    sig_raw, 0, out, sizeof(out)) == 0 &&
	    uk_x509_wrap(tbs, sizeof(tbs), (uk_x509_sig_alg)99, sig_der,
	    sizeof(sig_der), out, sizeof(out)) == 0 && untouched(),
	    "empty signature, unknown algorithm: refused");
	check(uk_x509_wrap(tbs, sizeof(tbs), UK_X509_SIG_ECDSA_SHA256,
	    sig_der, sizeof(sig_der), out, 29) == 0,
	    "wrap: a buffer one byte short fails");
}

static void
csr_base(uk_x509_csr_in *in)
{
	memset(in, 0, sizeof(*in));
	in->subject_cn = "a";
	in->subject_cn_len = 1;
	in->spki.der = spki_dummy;
	in->spki.len = sizeof(spki_dummy);
}

static int
csr_refused(const uk_x509_csr_in *in)
{
	guard();
	return uk_x509_csr_info(in, out, sizeof(out)) == 0 && untouched();
}

static void
test_csr(void)
{
	uk_x509_csr_in in;
	uk_x509_ext ext;

	csr_base(&in);
	check(is(uk_x509_csr_info(&in, out, sizeof(out)),
	    "30 15 02 01 00 30 0C 31 0A 30 08 06 03 55 04 03 0C 01 61 30 00 "
	    "A0 00"), "CertificationRequestInfo without attributes: [0] empty");
	in.challenge = "p";
	in.challenge_len = 1;
	in.challenge_tag = UK_DER_PRINTABLE;
	check(is(uk_x509_csr_info(&in, out, sizeof(out)),
	    "30 27 02 01 00 30 0C 31 0A 30 08 06 03 55 04 03 0C 01 61 30 00 "
	    "A0 12 30 10 06 09 2A 86 48 86 F7 0D 01 09 07 31 03 13 01 70"),
	    "challengePassword as PrintableString");
	uk_x509_ext_ca(&ext);
	in.ext = &ext;
	in.ext_count = 1;
	check(is(uk_x509_csr_info(&in, out, sizeof(out)),
	    "30 49 02 01 00 30 0C 31 0A 30 08 06 03 55 04 03 0C 01 61 30 00 "
	    "A0 34 30 10 06 09 2A 86 48 86 F7 0D 01 09 07 31 03 13 01 70 "
	    "30 20 06 09 2A 86 48 86 F7 0D 01 09 0E 31 13 30 11 30 0F 06 03 "
	    "55 1D 13 01 01 FF 04 05 30 03 01 01 FF"),
	    "challengePassword and extensionRequest, in DER order");
	in.challenge = "all of A-Z a-z 0-9 and '()+,-./:=?";
	in.challenge_len = strlen(in.challenge);
	check(uk_x509_csr_info(&in, out, sizeof(out)) > 0,
	    "PrintableString: its whole alphabet accepted");
	in.challenge = "pass@word";
	in.challenge_len = 9;
	check(csr_refused(&in), "PrintableString with '@': refused");
	in.challenge = "a_b";
	in.challenge_len = 3;
	check(csr_refused(&in), "PrintableString with '_': refused");
	in.challenge = "a\0b";
	check(csr_refused(&in), "PrintableString with NUL: refused");
	in.challenge = "pass@word";
	in.challenge_len = 9;
	in.challenge_tag = UK_DER_UTF8_STRING;
	check(uk_x509_csr_info(&in, out, sizeof(out)) > 0 && out[38] == 0x0C,
	    "UTF8String challenge with '@': accepted");
	in.challenge_tag = 0x16;
	check(csr_refused(&in), "challenge as IA5String: refused");
	in.challenge_tag = UK_DER_UTF8_STRING;
	in.challenge_len = 0;
	check(csr_refused(&in), "empty challenge: refused");

	csr_base(&in);
	in.subject.der = name_a;
	in.subject.len = sizeof(name_a);
	check(csr_refused(&in), "CSR subject both as Name and CN: refused");
	in.subject_cn = NULL;
	check(uk_x509_csr_info(&in, out, sizeof(out)) == 23,
	    "CSR subject as a raw Name");
	in.spki.der = NULL;
	check(csr_refused(&in), "CSR without SPKI: refused");
	csr_base(&in);
	in.ext_count = 1;
	check(csr_refused(&in), "CSR ext_count without ext: refused");
	csr_base(&in);
	check(uk_x509_csr_info(&in, out, 22) == 0, "CSR: one byte short fails");
}

int
main(void)
{
	validity_len = uk_x509_validity(&d2024, &d2049, validity,
	    sizeof(validity));
	test_names();
	test_validity();
	test_extensions();
	test_spki();
	test_tbs();
	test_wrap();
	test_csr();
	return check_done();
}
