/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The PIV client's data objects and certificates against the card core
 * in process: generated objects (Discovery, CHUID, CCC, Key History),
 * GET / PUT / delete of stored ones, a 3 KiB certificate made here and
 * signed by the card's own key, written in chained 255-byte parts and
 * read back through GET RESPONSE, the 70/71/FE layout (a compressed
 * certificate refused, a malformed object caught), the PIN-protected
 * objects, and arguments refused before any APDU.
 */
#include <bearssl/bearssl.h>

#include "codec/der.h"
#include "codec/x509.h"
#include "tests/unit/piv_fake.h"

static uimkey_ctx_t *ctx;
static uimkey_dev_t *dev;
static uint8_t obj[UIMKEY_PIV_OBJ_MAX + 16];

static int
starts(const uint8_t *b, size_t len, const char *bytes, size_t n)
{
	return len >= n && memcmp(b, bytes, n) == 0;
}

static void
test_generated(void)
{
	size_t n;

	check(uimkey_piv_get_data(dev, UIMKEY_PIV_OBJ_DISCOVERY, obj,
	    sizeof(obj), &n) == UIMKEY_OK && n == 18 && starts(obj, n,
	    "\x4F\x0B\xA0\x00\x00\x03\x08\x00\x00\x10\x00\x01\x00\x5F\x2F", 15),
	    "Discovery: the value inside 7E (PIV AID, PIN usage policy)");
	check(uimkey_piv_get_data(dev, UIMKEY_PIV_OBJ_KEY_HIST, obj,
	    sizeof(obj), &n) == UIMKEY_OK && n == 8 && memcmp(obj,
	    "\xC1\x01\x00\xC2\x01\x00\xFE\x00", 8) == 0,
	    "Key History: no retired certificates");
	check(uimkey_piv_get_data(dev, UIMKEY_PIV_OBJ_CHUID, obj, sizeof(obj),
	    &n) == UIMKEY_OK && n == 0x3B && obj[0] == 0x30 &&
	    starts(obj + 27, n - 27, "\x34\x10uimkey", 8),
	    "CHUID: FASC-N and the uimkey GUID");
	check(uimkey_piv_get_data(dev, UIMKEY_PIV_OBJ_CCC, obj, sizeof(obj),
	    &n) == UIMKEY_OK && n == 0x33 && obj[0] == 0xF0,
	    "CCC: the generated one");
	check(uimkey_piv_get_data(dev, UIMKEY_PIV_OBJ_CCC, obj, 10, &n) ==
	    UIMKEY_ERR_RSP_TOO_LONG && n == 0,
	    "an object larger than the buffer: RSP_TOO_LONG");
	check(uimkey_piv_get_data(dev, UIMKEY_PIV_OBJ_ADMIN, obj, sizeof(obj),
	    &n) == UIMKEY_ERR_SW_NOT_FOUND, "an absent object: SW_NOT_FOUND");
	check(uimkey_piv_read_cert(dev, 0x9A, obj, sizeof(obj), &n) ==
	    UIMKEY_ERR_SW_NOT_FOUND, "no certificate in 9A: SW_NOT_FOUND");
	check(uimkey_piv_get_data(dev, UIMKEY_PIV_OBJ_PRINTED, obj,
	    sizeof(obj), &n) == UIMKEY_ERR_SW_SECURITY,
	    "Printed Information without the PIN: SW_SECURITY");
}

/*
 * A certificate of about 3 KiB for 9A's key, signed by 9A itself on the
 * card: a self-signed certificate with one large extension.
 */
static size_t
big_cert(uint8_t *out, size_t cap)
{
	static const uint8_t big_oid[] = { 0x69, 0x01 };  /* 2.25.1 */
	static uint8_t tbs[4096], value[2700], spki[UIMKEY_PIV_SPKI_MAX];
	static const uint8_t serial[] = { 0x01, 0x23, 0x45 };
	uk_x509_date from = { 2024, 1, 1, 0, 0, 0 };
	uk_x509_date until = { 2034, 1, 1, 0, 0, 0 };
	uint8_t name[UK_X509_NAME_CN_MAX], val[UK_X509_VALIDITY_MAX];
	uint8_t h[32], sig[UIMKEY_PIV_SIG_MAX];
	uk_x509_tbs_in in;
	uk_x509_ext ext;
	br_sha256_context c;
	uk_der w;
	size_t spki_len, tbs_len, sig_len, i;

	if (uimkey_piv_generate(dev, 0x9A, UIMKEY_ALG_ECCP256,
	    UIMKEY_PIN_POLICY_NEVER, 0, spki, sizeof(spki), &spki_len) !=
	    UIMKEY_OK)
		return 0;
	/* The extension's value: an OCTET STRING of 2696 bytes. */
	uk_der_init(&w, value, sizeof(value));
	for (i = 0; i < sizeof(tbs); i++)
		tbs[i] = (uint8_t)(i * 13);
	uk_der_put(&w, UK_DER_OCTET_STRING, tbs, sizeof(value) - 4);
	memset(&in, 0, sizeof(in));
	memset(&ext, 0, sizeof(ext));
	ext.oid = big_oid;
	ext.oid_len = sizeof(big_oid);
	ext.value = value;
	ext.value_len = uk_der_finish(&w);
	in.serial = serial;
	in.serial_len = sizeof(serial);
	in.sig_alg = UK_X509_SIG_ECDSA_SHA256;
	in.issuer.der = name;
	in.issuer.len = uk_x509_name_cn("uimkey test", 11, name,
	    sizeof(name));
	in.validity.der = val;
	in.validity.len = uk_x509_validity(&from, &until, val, sizeof(val));
	in.subject_cn = "uimkey test";
	in.subject_cn_len = 11;
	in.spki.der = spki;
	in.spki.len = spki_len;
	in.ext = &ext;
	in.ext_count = 1;
	if ((tbs_len = uk_x509_tbs(&in, tbs, sizeof(tbs))) == 0)
		return 0;
	br_sha256_init(&c);
	br_sha256_update(&c, tbs, tbs_len);
	br_sha256_out(&c, h);
	if (uimkey_piv_sign(dev, 0x9A, UIMKEY_ALG_ECCP256, h, 32, sig,
	    sizeof(sig), &sig_len) != UIMKEY_OK)
		return 0;
	return uk_x509_wrap(tbs, tbs_len, UK_X509_SIG_ECDSA_SHA256,
	    sig, sig_len, out, cap);
}

static void
test_certs(void)
{
	static uint8_t cert[UIMKEY_PIV_OBJ_MAX], back[UIMKEY_PIV_OBJ_MAX];
	uk_x509_parts parts;
	size_t n, len = 0, parts_before, want;
	unsigned chained, apdus;

	check(uimkey_piv_auth_mgmt(dev, 0, pf_default_mgmt, 24) == UIMKEY_OK,
	    "management key authenticated");
	len = big_cert(cert, UIMKEY_PIV_CERT_MAX);
	printf("# certificate of %zu bytes\n", len);
	check(len > 3000 && uk_x509_cert_parts(cert, len, &parts) == 0,
	    "a 3 KiB certificate made and signed with 9A's key");
	pf_card_reset();
	check(uimkey_piv_write_cert(dev, 0x9A, cert, len) ==
	    UIMKEY_ERR_SW_SECURITY, "writing without the management key: "
	    "SW_SECURITY");
	check(uimkey_piv_auth_mgmt(dev, 0, pf_default_mgmt, 24) == UIMKEY_OK,
	    "authenticated again");
	chained = pf->fc.io.wire.chained;
	check(uimkey_piv_write_cert(dev, 0x9A, cert, len) == UIMKEY_OK,
	    "the 3 KiB certificate written into 9A's object");
	/* 5C 03 5FC105, 53 82 LL LL, 70 82 LL LL cert 71 01 00 FE 00 */
	want = 5 + 4 + 4 + len + 5;
	parts_before = (want - 1) / 255;
	if (pf_ext(dev))
		check(pf->fc.io.wire.chained == chained &&
		    pf->fc.io.wire.longest >= 4 + 3 + want,
		    "...in one extended APDU");
	else
		check(pf->fc.io.wire.chained - chained == parts_before,
		    "...in chained 255-byte parts (CLA 10), then the last "
		    "with CLA 00");
	apdus = pf->fc.io.wire.apdus;
	check(uimkey_piv_read_cert(dev, 0x9A, back, sizeof(back), &n) ==
	    UIMKEY_OK && n == len && memcmp(back, cert, len) == 0,
	    "read back: the same DER");
	if (pf_ext(dev))
		check(pf->fc.io.wire.apdus - apdus == 1,
		    "...in one answer (Le 0000)");
	else
		check(pf->fc.io.wire.apdus - apdus > 1,
		    "...joined from GET RESPONSE parts");
	check(uimkey_piv_get_data(dev, 0x5FC105, obj, sizeof(obj), &n) ==
	    UIMKEY_OK && n == want - 9 && obj[0] == 0x70 && obj[1] == 0x82 &&
	    memcmp(obj + n - 5, "\x71\x01\x00\xFE\x00", 5) == 0,
	    "the object is 70 {cert} 71 01 00 FE 00");
	check(uimkey_piv_read_cert(dev, 0x9A, back, len - 1, &n) ==
	    UIMKEY_ERR_RSP_TOO_LONG && n == 0,
	    "a buffer one byte short: RSP_TOO_LONG");

	check(uimkey_piv_attest(dev, 0x9A, cert, sizeof(cert), &len) ==
	    UIMKEY_OK && uimkey_piv_write_cert(dev, 0x82, cert, len) ==
	    UIMKEY_OK, "a certificate in retired slot 82");
	check(uimkey_piv_get_data(dev, UIMKEY_PIV_OBJ_KEY_HIST, obj,
	    sizeof(obj), &n) == UIMKEY_OK && n == 8 && obj[2] == 1,
	    "Key History counts it");
	check(uimkey_piv_read_cert(dev, 0x82, back, sizeof(back), &n) ==
	    UIMKEY_OK && n == len && memcmp(back, cert, len) == 0,
	    "82's certificate reads back");
	check(uimkey_piv_delete_cert(dev, 0x82) == UIMKEY_OK &&
	    uimkey_piv_read_cert(dev, 0x82, back, sizeof(back), &n) ==
	    UIMKEY_ERR_SW_NOT_FOUND, "deleted: SW_NOT_FOUND");
	check(uimkey_piv_read_cert(dev, UIMKEY_SLOT_ATTEST, back,
	    sizeof(back), &n) == UIMKEY_OK &&
	    uk_x509_cert_parts(back, n, &parts) == 0,
	    "the attestation root in F9's object reads as a certificate");
}

static void
test_bad_objects(void)
{
	uint8_t o[64];
	size_t n, k;

	/* A small certificate-shaped SEQUENCE and the flags after it. */
	k = 0;
	o[k++] = 0x70;
	o[k++] = 4;
	memcpy(o + k, "\x30\x02\x05\x00", 4);
	k += 4;
	memcpy(o + k, "\x71\x01\x01\xFE\x00", 5);
	k += 5;
	check(uimkey_piv_put_data(dev, 0x5FC10A, o, k) == UIMKEY_OK &&
	    uimkey_piv_read_cert(dev, 0x9C, obj, sizeof(obj), &n) ==
	    UIMKEY_ERR_UNSUPPORTED, "a compressed certificate (71 01 01): "
	    "UNSUPPORTED");
	o[8] = 0x00;
	check(uimkey_piv_put_data(dev, 0x5FC10A, o, k) == UIMKEY_OK &&
	    uimkey_piv_read_cert(dev, 0x9C, obj, sizeof(obj), &n) ==
	    UIMKEY_OK && n == 4, "the same uncompressed reads");
	check(uimkey_piv_put_data(dev, 0x5FC10B, o + 6, 5) == UIMKEY_OK &&
	    uimkey_piv_read_cert(dev, 0x9D, obj, sizeof(obj), &n) ==
	    UIMKEY_ERR_BAD_RSP, "an object without 70: BAD_RSP");
	o[2] = 0x31;
	check(uimkey_piv_put_data(dev, 0x5FC10B, o, k) == UIMKEY_OK &&
	    uimkey_piv_read_cert(dev, 0x9D, obj, sizeof(obj), &n) ==
	    UIMKEY_ERR_BAD_RSP, "70 holding no DER SEQUENCE: BAD_RSP");
	check(uimkey_piv_put_data(dev, 0x5FC10B, (const uint8_t *)"\x70\x05",
	    2) == UIMKEY_OK && uimkey_piv_read_cert(dev, 0x9D, obj,
	    sizeof(obj), &n) == UIMKEY_ERR_BAD_RSP,
	    "a truncated TLV: BAD_RSP");
}

static void
test_objects(void)
{
	static const uint8_t admin[] = { 0x80, 0x03, 0x81, 0x01, 0x01 };
	static const uint8_t chuid[] = { 0x34, 0x10, 1, 2, 3, 4, 5, 6, 7, 8,
	    9, 10, 11, 12, 13, 14, 15, 16, 0xFE, 0x00 };
	size_t n;

	check(uimkey_piv_put_data(dev, UIMKEY_PIV_OBJ_ADMIN, admin,
	    sizeof(admin)) == UIMKEY_OK && uimkey_piv_get_data(dev,
	    UIMKEY_PIV_OBJ_ADMIN, obj, sizeof(obj), &n) == UIMKEY_OK &&
	    n == sizeof(admin) && memcmp(obj, admin, n) == 0,
	    "ADMIN DATA put and got back");
	check(uimkey_piv_put_data(dev, UIMKEY_PIV_OBJ_ADMIN, NULL, 0) ==
	    UIMKEY_OK && uimkey_piv_get_data(dev, UIMKEY_PIV_OBJ_ADMIN, obj,
	    sizeof(obj), &n) == UIMKEY_ERR_SW_NOT_FOUND,
	    "an empty value deletes the object");
	check(uimkey_piv_put_data(dev, UIMKEY_PIV_OBJ_CHUID, chuid,
	    sizeof(chuid)) == UIMKEY_OK && uimkey_piv_get_data(dev,
	    UIMKEY_PIV_OBJ_CHUID, obj, sizeof(obj), &n) == UIMKEY_OK &&
	    n == sizeof(chuid), "a CHUID of our own replaces the generated one");
	check(uimkey_piv_put_data(dev, UIMKEY_PIV_OBJ_CHUID, NULL, 0) ==
	    UIMKEY_OK && uimkey_piv_get_data(dev, UIMKEY_PIV_OBJ_CHUID, obj,
	    sizeof(obj), &n) == UIMKEY_OK && n == 0x3B,
	    "deleted: the generated CHUID is back");
	check(uimkey_piv_put_data(dev, 0x7F61, admin, sizeof(admin)) ==
	    UIMKEY_OK && uimkey_piv_get_data(dev, 0x7F61, obj, sizeof(obj),
	    &n) == UIMKEY_OK && n == sizeof(admin),
	    "the BIT group template: put in 53, read from 7F61");
	check(uimkey_piv_put_data(dev, UIMKEY_PIV_OBJ_DISCOVERY, admin,
	    sizeof(admin)) == UIMKEY_ERR_SW_DATA,
	    "Discovery cannot be written: SW_DATA");
	check(uimkey_piv_put_data(dev, 0x5FC1FF, admin, sizeof(admin)) ==
	    UIMKEY_ERR_SW_DATA, "an unknown object: SW_DATA");
	check(uimkey_piv_put_data(dev, UIMKEY_PIV_OBJ_PRINTED, admin,
	    sizeof(admin)) == UIMKEY_OK && uimkey_piv_verify_pin(dev,
	    "123456", NULL) == UIMKEY_OK && uimkey_piv_get_data(dev,
	    UIMKEY_PIV_OBJ_PRINTED, obj, sizeof(obj), &n) == UIMKEY_OK &&
	    n == sizeof(admin), "Printed Information with the PIN verified");
	memset(obj, 0xA5, sizeof(obj));
	check(uimkey_piv_put_data(dev, UIMKEY_PIV_OBJ_ADMIN, obj,
	    UIMKEY_PIV_OBJ_MAX) == UIMKEY_OK && uimkey_piv_get_data(dev,
	    UIMKEY_PIV_OBJ_ADMIN, obj, sizeof(obj), &n) == UIMKEY_OK &&
	    n == UIMKEY_PIV_OBJ_MAX, "an object of the largest size (3072)");
}

static void
test_args(void)
{
	static const uint8_t not_der[] = { 0x30, 0x03, 0x05, 0x00 };
	static const uint8_t two[] = { 0x30, 0x00, 0x30, 0x00 };
	size_t n;
	unsigned apdus = pf->fc.io.wire.apdus;

	check(uimkey_piv_get_data(dev, 0, obj, sizeof(obj), &n) ==
	    UIMKEY_ERR_ARG && uimkey_piv_get_data(dev, 0x1000000, obj,
	    sizeof(obj), &n) == UIMKEY_ERR_ARG && uimkey_piv_get_data(dev,
	    0x7E, NULL, 10, &n) == UIMKEY_ERR_ARG && uimkey_piv_get_data(dev,
	    0x7E, obj, sizeof(obj), NULL) == UIMKEY_ERR_ARG,
	    "GET DATA: tag 0 or of 4 bytes, NULL buffer or length: ARG");
	check(uimkey_piv_put_data(dev, 0x5FC105, obj, UIMKEY_PIV_OBJ_MAX + 1) ==
	    UIMKEY_ERR_ARG && uimkey_piv_put_data(dev, 0x5FC105, NULL, 3) ==
	    UIMKEY_ERR_ARG && uimkey_piv_put_data(dev, 0, obj, 3) ==
	    UIMKEY_ERR_ARG, "PUT DATA: too long, NULL data, tag 0: ARG");
	check(uimkey_piv_write_cert(dev, 0x9A, not_der, sizeof(not_der)) ==
	    UIMKEY_ERR_ARG && uimkey_piv_write_cert(dev, 0x9A, two,
	    sizeof(two)) == UIMKEY_ERR_ARG && uimkey_piv_write_cert(dev,
	    0x9A, obj, 0) == UIMKEY_ERR_ARG,
	    "write_cert: not one DER SEQUENCE, two, none: ARG");
	obj[0] = 0x30;
	obj[1] = 0x82;
	obj[2] = (uint8_t)((UIMKEY_PIV_CERT_MAX - 4) >> 8);
	obj[3] = (uint8_t)(UIMKEY_PIV_CERT_MAX - 4);
	check(uimkey_piv_write_cert(dev, 0x9A, obj, UIMKEY_PIV_CERT_MAX + 1) ==
	    UIMKEY_ERR_ARG, "write_cert: more than UIMKEY_PIV_CERT_MAX: ARG");
	check(uimkey_piv_write_cert(dev, 0x9B, not_der, 2) == UIMKEY_ERR_ARG &&
	    uimkey_piv_read_cert(dev, 0x9B, obj, sizeof(obj), &n) ==
	    UIMKEY_ERR_ARG && uimkey_piv_delete_cert(dev, 0x00) ==
	    UIMKEY_ERR_ARG && uimkey_piv_read_cert(dev, 0x9A, NULL, 0, &n) ==
	    UIMKEY_ERR_ARG, "certificates of 9B or 00, into NULL: ARG");
	check(pf->fc.io.wire.apdus == apdus, "no APDU was sent for any refused argument");
	check(uimkey_piv_cert_tag(0x9A) == 0x5FC105 &&
	    uimkey_piv_cert_tag(0x9C) == 0x5FC10A &&
	    uimkey_piv_cert_tag(0x9D) == 0x5FC10B &&
	    uimkey_piv_cert_tag(0x9E) == 0x5FC101 &&
	    uimkey_piv_cert_tag(0x82) == 0x5FC10D &&
	    uimkey_piv_cert_tag(0x95) == 0x5FC120 &&
	    uimkey_piv_cert_tag(0xF9) == 0x5FFF01 &&
	    uimkey_piv_cert_tag(0x9B) == 0 && uimkey_piv_cert_tag(0x96) == 0,
	    "certificate object tags of the slots");
	check(uimkey_piv_write_cert(dev, 0x9A, obj, UIMKEY_PIV_CERT_MAX) ==
	    UIMKEY_OK, "a certificate of exactly UIMKEY_PIV_CERT_MAX fits");
}

int
main(void)
{
	static const pf_part parts[] = { test_generated, test_certs,
	    test_bad_objects, test_objects, test_args };

	return PF_RUN(&ctx, &dev, parts);
}
