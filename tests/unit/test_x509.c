/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * X.509 certificates built with codec/x509.h, checked by an independent
 * implementation: BearSSL's X.509 decoder and its path validator, and
 * its ECDSA / RSA verifiers over the TBS bytes; a PKCS#10 request read
 * back and its signature verified.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec/der_read.h"
#include "tests/unit/x509_fixture.h"

/* Days from 0000-01-01 to 1970-01-01 (BearSSL's validation epoch). */
#define DAYS_TO_UNIX_EPOCH 719528u
#define RSA_BITS           2048
#define RSA_BYTES          (RSA_BITS / 8)

static ec_key leaf_key;
static uint8_t leaf_cert[UK_X509_CERT_MAX];
static uint8_t attest_cert[UK_X509_CERT_MAX];
static uint8_t csr[UK_X509_CERT_MAX];
static uint8_t rsa_ca_cert[UK_X509_CERT_MAX];
static uint8_t rsa_leaf_cert[UK_X509_CERT_MAX];
static size_t leaf_len, attest_len, csr_len, rsa_ca_len, rsa_leaf_len;

static const uint8_t serial_leaf[] = { 0x00, 0x00, 0x10, 0x20 };
/* Like Yubico's: 16 random bytes, here with the top bit set. */
static const uint8_t serial_attest[16] = {
	0x9C, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
	0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF
};
static const uint8_t oid_yk_fw[] = UK_OID_YK_FIRMWARE;
static const uint8_t oid_yk_policy[] = UK_OID_YK_POLICY;
static const uint8_t oid_ku[] = UK_OID_KEY_USAGE;
static const uint8_t fw_version[] = { 0x05, 0x07, 0x02 };
static const uint8_t policy[] = { 0x01, 0x01 };

static uint32_t
days_of(int y, int m, int d)
{
	/* days_from_civil (H. Hinnant), shifted to BearSSL's epoch */
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (uint32_t)(era * 146097 + doe - 719468) + DAYS_TO_UNIX_EPOCH;
}

struct dn_buf {
	uint8_t b[256];
	size_t len;
};

static void
dn_append(void *ctx, const void *buf, size_t len)
{
	struct dn_buf *d = ctx;

	if (len <= sizeof(d->b) - d->len) {
		memcpy(d->b + d->len, buf, len);
		d->len += len;
	}
}

static void
check_ca_bearssl(void)
{
	br_x509_decoder_context dc;
	const br_x509_pkey *pk;
	struct dn_buf dn = { { 0 }, 0 };
	uint8_t h[32], bad[UK_X509_TBS_MAX];

	br_x509_decoder_init(&dc, dn_append, &dn);
	br_x509_decoder_push(&dc, ca_cert, ca_len);
	pk = br_x509_decoder_get_pkey(&dc);
	check(pk != NULL && br_x509_decoder_last_error(&dc) == 0,
	    "BearSSL decodes the CA certificate");
	check(br_x509_decoder_isCA(&dc), "BearSSL: isCA");
	check(pk != NULL && pk->key_type == BR_KEYTYPE_EC &&
	    pk->key.ec.curve == BR_EC_secp256r1 &&
	    pk->key.ec.qlen == ca_key.pk.qlen &&
	    memcmp(pk->key.ec.q, ca_key.pk.q, ca_key.pk.qlen) == 0,
	    "BearSSL: the public key is the CA key");
	check(br_x509_decoder_get_signer_key_type(&dc) == BR_KEYTYPE_EC &&
	    br_x509_decoder_get_signer_hash_id(&dc) == br_sha256_ID,
	    "BearSSL: signed with EC and SHA-256");
	check(dn.len == ca_name_len && memcmp(dn.b, ca_name, dn.len) == 0,
	    "BearSSL: the subject DN is our Name");

	sha256(ca_parts.tbs.der, ca_parts.tbs.len, h);
	check(br_ecdsa_i31_vrfy_asn1(ec, h, sizeof(h), &ca_key.pk,
	    ca_parts.sig.der, ca_parts.sig.len) == 1,
	    "BearSSL verifies the CA signature over the TBS");
	memcpy(bad, ca_parts.tbs.der, ca_parts.tbs.len);
	bad[ca_parts.tbs.len - 1] ^= 1;
	sha256(bad, ca_parts.tbs.len, h);
	check(br_ecdsa_i31_vrfy_asn1(ec, h, sizeof(h), &ca_key.pk,
	    ca_parts.sig.der, ca_parts.sig.len) == 0,
	    "the signature does not verify over a changed TBS");
}

/* A leaf signed by the CA: subject from a CN, issuer copied from the
 * CA, its own validity with a GeneralizedTime notAfter. */
static void
build_leaf(void)
{
	static const uk_x509_date from = { 2024, 6, 1, 0, 0, 0 };
	static const uk_x509_date until = { 2050, 6, 1, 0, 0, 0 };
	uint8_t val[UK_X509_VALIDITY_MAX], tbs[UK_X509_TBS_MAX];
	uint8_t ku[UK_X509_EXT_VALUE_MAX], aki[UK_X509_EXT_VALUE_MAX];
	uint8_t ski[UK_X509_EXT_VALUE_MAX];
	uk_x509_ext ext[3];
	uk_x509_tbs_in in;
	size_t n;

	memset(&in, 0, sizeof(in));
	in.serial = serial_leaf;
	in.serial_len = sizeof(serial_leaf);
	in.sig_alg = UK_X509_SIG_ECDSA_SHA256;
	in.issuer = ca_parts.subject;
	in.subject_cn = "uimkey Test Leaf";
	in.subject_cn_len = 16;
	span_set(&in.validity, val,
	    uk_x509_validity(&from, &until, val, sizeof(val)));
	check(in.validity.len == 15 + 17 && val[0] == UK_DER_UTC_TIME &&
	    val[15] == UK_DER_GEN_TIME,
	    "leaf validity: UTCTime then GeneralizedTime");
	span_set(&in.spki, leaf_key.spki, leaf_key.spki_len);
	uk_x509_ext_key_usage(&ext[0], UK_KU_DIGITAL_SIGNATURE, ku);
	uk_x509_ext_aki(&ext[1], ca_key.id, aki);
	uk_x509_ext_ski(&ext[2], leaf_key.id, ski);
	in.ext = ext;
	in.ext_count = 3;
	n = uk_x509_tbs(&in, tbs, sizeof(tbs));
	leaf_len = n ? ec_sign_wrap(&ca_key, tbs, n, leaf_cert,
	    sizeof(leaf_cert)) : 0;
	check(leaf_len > 0, "leaf: built and signed by the CA");
}

/* Run BearSSL's path validation of one certificate against anchor ta
 * at a date; returns end_chain()'s answer (0: valid). */
static unsigned
validate(const uint8_t *cert, size_t len, const br_x509_trust_anchor *ta,
    uint32_t days, unsigned *usages)
{
	br_x509_minimal_context xc;
	const br_x509_class **vt = &xc.vtable;
	unsigned err;

	br_x509_minimal_init(&xc, &br_sha256_vtable, ta, 1);
	br_x509_minimal_set_hash(&xc, br_sha256_ID, &br_sha256_vtable);
	br_x509_minimal_set_ecdsa(&xc, ec, br_ecdsa_i31_vrfy_asn1);
	br_x509_minimal_set_rsa(&xc, br_rsa_i31_pkcs1_vrfy);
	br_x509_minimal_set_time(&xc, days, 12 * 3600);
	(*vt)->start_chain(vt, NULL);
	(*vt)->start_cert(vt, (uint32_t)len);
	(*vt)->append(vt, cert, len);
	(*vt)->end_cert(vt);
	err = (*vt)->end_chain(vt);
	*usages = 0;
	if (err == 0)
		(void)(*vt)->get_pkey(vt, usages);
	return err;
}

static br_x509_trust_anchor ca_anchor;

static void
check_leaf_chain(void)
{
	uint8_t bad[UK_X509_CERT_MAX];
	uk_x509_parts lp;
	unsigned usages;

	ca_anchor.dn.data = (unsigned char *)(uintptr_t)ca_parts.subject.der;
	ca_anchor.dn.len = ca_parts.subject.len;
	ca_anchor.flags = BR_X509_TA_CA;
	ca_anchor.pkey.key_type = BR_KEYTYPE_EC;
	ca_anchor.pkey.key.ec.curve = BR_EC_secp256r1;
	ca_anchor.pkey.key.ec.q = ca_key.pk.q;
	ca_anchor.pkey.key.ec.qlen = ca_key.pk.qlen;

	check(validate(leaf_cert, leaf_len, &ca_anchor, days_of(2025, 6, 1),
	    &usages) == 0, "br_x509_minimal validates the leaf (2025-06-01)");
	check((usages & BR_KEYTYPE_SIGN) && !(usages & BR_KEYTYPE_KEYX),
	    "BearSSL reads keyUsage digitalSignature: sign only");
	check(validate(leaf_cert, leaf_len, &ca_anchor, days_of(2050, 5, 31),
	    &usages) == 0, "valid on 2050-05-31 (GeneralizedTime notAfter)");
	check(validate(leaf_cert, leaf_len, &ca_anchor, days_of(2050, 6, 2),
	    &usages) == BR_ERR_X509_EXPIRED, "expired on 2050-06-02");
	check(validate(leaf_cert, leaf_len, &ca_anchor, days_of(2024, 5, 31),
	    &usages) == BR_ERR_X509_EXPIRED, "not yet valid on 2024-05-31");

	check(uk_x509_cert_parts(leaf_cert, leaf_len, &lp) == 0,
	    "leaf taken apart");
	memcpy(bad, leaf_cert, leaf_len);
	bad[lp.sig.der - leaf_cert + lp.sig.len - 1] ^= 1;
	check(validate(bad, leaf_len, &ca_anchor, days_of(2025, 6, 1),
	    &usages) == BR_ERR_X509_NOT_TRUSTED,
	    "a changed signature byte fails validation (anchor not proven)");
	memcpy(bad, leaf_cert, leaf_len);
	bad[lp.spki.der - leaf_cert + lp.spki.len - 1] ^= 1;
	check(validate(bad, leaf_len, &ca_anchor, days_of(2025, 6, 1),
	    &usages) == BR_ERR_X509_NOT_TRUSTED,
	    "a changed public key fails validation (anchor not proven)");
}

/* As the card will make them: issuer and validity copied from the
 * attestation (F9) certificate, Yubico's extensions. */
static void
build_attest(void)
{
	uint8_t tbs[UK_X509_TBS_MAX];
	uk_x509_ext ext[2], got;
	uk_x509_parts ap;
	uk_x509_tbs_in in;
	unsigned usages;
	size_t n;

	memset(&in, 0, sizeof(in));
	in.serial = serial_attest;
	in.serial_len = sizeof(serial_attest);
	in.sig_alg = UK_X509_SIG_ECDSA_SHA256;
	in.issuer = ca_parts.subject;
	in.validity = ca_parts.validity;
	in.subject_cn = "uimkey PIV Attestation 9a";
	in.subject_cn_len = 25;
	span_set(&in.spki, leaf_key.spki, leaf_key.spki_len);
	ext[0].oid = oid_yk_fw;
	ext[0].oid_len = sizeof(oid_yk_fw);
	ext[0].critical = 0;
	ext[0].value = fw_version;
	ext[0].value_len = sizeof(fw_version);
	ext[1] = ext[0];
	ext[1].oid = oid_yk_policy;
	ext[1].oid_len = sizeof(oid_yk_policy);
	ext[1].value = policy;
	ext[1].value_len = sizeof(policy);
	in.ext = ext;
	in.ext_count = 2;
	n = uk_x509_tbs(&in, tbs, sizeof(tbs));
	attest_len = n ? ec_sign_wrap(&ca_key, tbs, n, attest_cert,
	    sizeof(attest_cert)) : 0;
	check(attest_len > 0, "attestation-like certificate built");
	check(validate(attest_cert, attest_len, &ca_anchor,
	    days_of(2030, 1, 1), &usages) == 0,
	    "br_x509_minimal validates it (unknown non-critical extensions)");
	check(uk_x509_cert_parts(attest_cert, attest_len, &ap) == 0 &&
	    span_eq(&ap.issuer, ca_parts.subject.der, ca_parts.subject.len) &&
	    span_eq(&ap.validity, ca_parts.validity.der, ca_parts.validity.len) &&
	    ap.serial.len == 17 && ap.serial.der[0] == 0x00 &&
	    memcmp(ap.serial.der + 1, serial_attest, 16) == 0,
	    "issuer and validity copied; serial kept positive with a 00");
	check(uk_x509_ext_find(&ap, oid_yk_fw, sizeof(oid_yk_fw),
	    &got) == 0 && !got.critical &&
	    got.value_len == sizeof(fw_version) &&
	    memcmp(got.value, fw_version, sizeof(fw_version)) == 0,
	    "ext_find: the firmware extension, raw value");
	check(uk_x509_ext_find(&ap, oid_ku, sizeof(oid_ku), &got) != 0,
	    "ext_find: an absent extension is not found");
	check(uk_x509_ext_find(&ca_parts, oid_ku, sizeof(oid_ku),
	    &got) == 0 && got.critical && got.value_len == 4 &&
	    memcmp(got.value, "\x03\x02\x01\x06", 4) == 0,
	    "ext_find: the CA's critical keyUsage");
}

/* The CSR read back with the strict reader: the pieces, the attribute
 * order, and the signature (BearSSL) over the info. */
static void
check_csr(const uint8_t *info, size_t info_len)
{
	static const uint8_t oid_req[] = UK_OID_EXTENSION_REQUEST;
	static const uint8_t oid_pw[] = UK_OID_CHALLENGE_PASSWORD;
	uint8_t name[UK_X509_NAME_CN_MAX], h[32];
	const uint8_t *p, *end, *q, *info_start;
	uk_tlv c, t, a1, a2, o1, o2, sig;
	size_t name_len;
	int ok;

	name_len = uk_x509_name_cn("uimkey Test Leaf", 16, name,
	    sizeof(name));
	ok = uk_der_whole(csr, csr_len, UK_DER_SEQUENCE, &c) == 0;
	p = c.value;
	end = c.value + c.len;
	info_start = p;
	ok = ok && uk_der_expect(&p, end, UK_DER_SEQUENCE, &t) == 0 &&
	    (size_t)(p - info_start) == info_len &&
	    memcmp(info_start, info, info_len) == 0 &&
	    uk_der_expect(&p, end, UK_DER_SEQUENCE, &o1) == 0 &&
	    o1.len == 10 &&
	    uk_der_expect(&p, end, UK_DER_BIT_STRING, &sig) == 0 &&
	    p == end && sig.value[0] == 0;
	check(ok, "CSR: SEQUENCE { info, ecdsa-with-SHA256, BIT STRING }");
	if (!ok)
		return;
	q = t.value;
	end = t.value + t.len;
	ok = (size_t)(end - q) > 3 + name_len + leaf_key.spki_len &&
	    memcmp(q, "\x02\x01\x00", 3) == 0 &&
	    memcmp(q + 3, name, name_len) == 0 &&
	    memcmp(q + 3 + name_len, leaf_key.spki, leaf_key.spki_len) == 0;
	q += 3 + name_len + leaf_key.spki_len;
	ok = ok && uk_der_expect(&q, end, UK_DER_CONTEXT(0), &t) == 0 &&
	    q == end;
	check(ok, "CSR info: version 0, subject, SPKI, [0] attributes");
	if (!ok)
		return;
	q = t.value;
	end = t.value + t.len;
	ok = uk_der_expect(&q, end, UK_DER_SEQUENCE, &a1) == 0 &&
	    uk_der_expect(&q, end, UK_DER_SEQUENCE, &a2) == 0 &&
	    q == end;
	p = a1.value;
	ok = ok && uk_der_expect(&p, a1.value + a1.len, UK_DER_OID,
	    &o1) == 0;
	p = a2.value;
	ok = ok && uk_der_expect(&p, a2.value + a2.len, UK_DER_OID,
	    &o2) == 0;
	check(ok && o1.len == sizeof(oid_req) &&
	    memcmp(o1.value, oid_req, sizeof(oid_req)) == 0 &&
	    o2.len == sizeof(oid_pw) &&
	    memcmp(o2.value, oid_pw, sizeof(oid_pw)) == 0 && a1.len < a2.len,
	    "CSR attributes in DER SET OF order: extensionRequest first");
	sha256(info, info_len, h);
	check(br_ecdsa_i31_vrfy_asn1(ec, h, sizeof(h), &leaf_key.pk,
	    sig.value + 1, sig.len - 1) == 1,
	    "BearSSL verifies the CSR signature over the info");
}

/* A CSR whose challengePassword attribute is longer than the
 * extensionRequest one, so DER order puts it second. */
static void
build_csr(void)
{
	static const char pw[] = "a challenge of 31 characters.:?";
	uint8_t info[UK_X509_TBS_MAX], ku[UK_X509_EXT_VALUE_MAX];
	uint8_t h[32], sig[80];
	uk_x509_csr_in in;
	uk_x509_ext ext;
	size_t n, sig_len;

	memset(&in, 0, sizeof(in));
	in.subject_cn = "uimkey Test Leaf";
	in.subject_cn_len = 16;
	span_set(&in.spki, leaf_key.spki, leaf_key.spki_len);
	in.challenge = pw;
	in.challenge_len = sizeof(pw) - 1;
	in.challenge_tag = UK_DER_PRINTABLE;
	uk_x509_ext_key_usage(&ext, UK_KU_DIGITAL_SIGNATURE, ku);
	in.ext = &ext;
	in.ext_count = 1;
	n = uk_x509_csr_info(&in, info, sizeof(info));
	check(n > 0, "CSR: CertificationRequestInfo built");
	sha256(info, n, h);
	sig_len = br_ecdsa_i31_sign_asn1(ec, &br_sha256_vtable, h,
	    &leaf_key.sk, sig);
	csr_len = uk_x509_csr_wrap(info, n, UK_X509_SIG_ECDSA_SHA256,
	    sig, sig_len, csr, sizeof(csr));
	check(csr_len > n, "CSR: wrapped");
	check_csr(info, n);
}

/* An RSA-2048 CA (sha256WithRSAEncryption) and an EC leaf it signs. */
static void
build_rsa(void)
{
	static unsigned char kpriv[BR_RSA_KBUF_PRIV_SIZE(RSA_BITS)];
	static unsigned char kpub[BR_RSA_KBUF_PUB_SIZE(RSA_BITS)];
	static const uk_x509_date from = { 2024, 1, 1, 0, 0, 0 };
	static const uk_x509_date until = { 2034, 1, 1, 0, 0, 0 };
	uint8_t spki[UK_X509_SPKI_MAX], name[UK_X509_NAME_CN_MAX];
	uint8_t val[UK_X509_VALIDITY_MAX], tbs[UK_X509_TBS_MAX];
	uint8_t h[32], h2[32], sig[RSA_BYTES];
	br_rsa_private_key sk;
	br_rsa_public_key pk;
	br_x509_decoder_context dc;
	const br_x509_pkey *dpk;
	br_x509_trust_anchor ta;
	uk_x509_parts rp;
	uk_x509_ext ext;
	uk_x509_tbs_in in;
	unsigned usages;
	size_t n;

	check(br_rsa_i31_keygen(&drbg.vtable, &sk, kpriv, &pk, kpub, RSA_BITS,
	    65537) == 1, "RSA-2048 key generated");
	memset(&in, 0, sizeof(in));
	in.serial = serial_ca;
	in.serial_len = sizeof(serial_ca);
	in.sig_alg = UK_X509_SIG_RSA_SHA256;
	span_set(&in.issuer, name, uk_x509_name_cn("uimkey RSA CA", 13,
	    name, sizeof(name)));
	in.subject = in.issuer;
	span_set(&in.validity, val,
	    uk_x509_validity(&from, &until, val, sizeof(val)));
	span_set(&in.spki, spki,
	    uk_x509_spki_rsa(pk.n, pk.nlen, pk.e, pk.elen, spki,
	    sizeof(spki)));
	uk_x509_ext_ca(&ext);
	in.ext = &ext;
	in.ext_count = 1;
	n = uk_x509_tbs(&in, tbs, sizeof(tbs));
	sha256(tbs, n, h);
	check(n > 0 && br_rsa_i31_pkcs1_sign(BR_HASH_OID_SHA256, h, 32, &sk,
	    sig) == 1, "RSA CA: TBS built and signed");
	rsa_ca_len = uk_x509_wrap(tbs, n, UK_X509_SIG_RSA_SHA256, sig,
	    sizeof(sig), rsa_ca_cert, sizeof(rsa_ca_cert));
	check(uk_x509_cert_parts(rsa_ca_cert, rsa_ca_len, &rp) == 0 &&
	    rp.sig_alg == UK_X509_SIG_RSA_SHA256 &&
	    rp.sig.len == RSA_BYTES, "RSA CA: wrapped and taken apart");

	br_x509_decoder_init(&dc, NULL, NULL);
	br_x509_decoder_push(&dc, rsa_ca_cert, rsa_ca_len);
	dpk = br_x509_decoder_get_pkey(&dc);
	check(dpk != NULL && br_x509_decoder_isCA(&dc) &&
	    dpk->key_type == BR_KEYTYPE_RSA &&
	    dpk->key.rsa.nlen == pk.nlen &&
	    memcmp(dpk->key.rsa.n, pk.n, pk.nlen) == 0 &&
	    dpk->key.rsa.elen == pk.elen &&
	    memcmp(dpk->key.rsa.e, pk.e, pk.elen) == 0 &&
	    br_x509_decoder_get_signer_key_type(&dc) == BR_KEYTYPE_RSA,
	    "BearSSL decodes the RSA CA: isCA, modulus, exponent, RSA signer");
	sha256(rp.tbs.der, rp.tbs.len, h);
	check(br_rsa_i31_pkcs1_vrfy(rp.sig.der, rp.sig.len, BR_HASH_OID_SHA256,
	    32, &pk, h2) == 1 && memcmp(h, h2, 32) == 0,
	    "BearSSL verifies the RSA signature over the TBS");

	in.sig_alg = UK_X509_SIG_RSA_SHA256;
	in.issuer = rp.subject;
	in.subject.der = NULL;
	in.subject_cn = "uimkey EC leaf of RSA CA";
	in.subject_cn_len = 24;
	span_set(&in.spki, leaf_key.spki, leaf_key.spki_len);
	in.ext_count = 0;
	n = uk_x509_tbs(&in, tbs, sizeof(tbs));
	sha256(tbs, n, h);
	br_rsa_i31_pkcs1_sign(BR_HASH_OID_SHA256, h, 32, &sk, sig);
	rsa_leaf_len = uk_x509_wrap(tbs, n, UK_X509_SIG_RSA_SHA256,
	    sig, sizeof(sig), rsa_leaf_cert, sizeof(rsa_leaf_cert));
	memset(&ta, 0, sizeof(ta));
	ta.dn.data = (unsigned char *)(uintptr_t)rp.subject.der;
	ta.dn.len = rp.subject.len;
	ta.flags = BR_X509_TA_CA;
	ta.pkey.key_type = BR_KEYTYPE_RSA;
	ta.pkey.key.rsa = pk;
	check(rsa_leaf_len > 0 && validate(rsa_leaf_cert, rsa_leaf_len, &ta,
	    days_of(2025, 6, 1), &usages) == 0,
	    "br_x509_minimal validates an EC leaf signed by the RSA CA");
}

int
main(void)
{
	uint8_t id[UK_X509_KEY_ID_LEN];
	br_sha1_context h;

	fixture_init();
	ec_key_make(&leaf_key);
	br_sha1_init(&h);
	br_sha1_update(&h, ca_key.pk.q, ca_key.pk.qlen);
	br_sha1_out(&h, id);
	check(ca_key.spki_len == 91 && memcmp(ca_key.id, id, sizeof(id)) == 0,
	    "P-256 SPKI is 91 bytes; key id = SHA-1 of the point");
	check_ca_bearssl();
	build_leaf();
	check_leaf_chain();
	build_attest();
	build_csr();
	build_rsa();
	return check_done();
}
