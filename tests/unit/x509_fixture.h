/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the X.509 tests share: a fixed-seed DRBG, EC P-256 keys made
 * with BearSSL, and a self-signed CA built with codec/x509.h (checked and
 * taken apart).  Included by one test program each; everything static.
 */
#ifndef UIMKEY_TEST_X509_FIXTURE_H
#define UIMKEY_TEST_X509_FIXTURE_H

#include <string.h>

#include <bearssl.h>

#include "codec/der.h"
#include "card/wire.h"
#include "codec/x509.h"
#include "tests/support/check.h"

#define FIXTURE_SEED "uimkey x509 unit test"

typedef struct {
	br_ec_private_key sk;
	br_ec_public_key pk;
	unsigned char skb[BR_EC_KBUF_PRIV_MAX_SIZE];
	unsigned char pkb[BR_EC_KBUF_PUB_MAX_SIZE];
	uint8_t spki[UK_X509_SPKI_MAX];
	size_t spki_len;
	uint8_t id[UK_X509_KEY_ID_LEN];
} ec_key;

static br_hmac_drbg_context drbg;
static const br_ec_impl *ec;
static ec_key ca_key;
static uint8_t ca_cert[UK_X509_CERT_MAX];
static size_t ca_len;
static const uint8_t serial_ca[] = { 0x01 };

static void
sha256(const uint8_t *p, size_t n, uint8_t out[32])
{
	br_sha256_context h;

	br_sha256_init(&h);
	br_sha256_update(&h, p, n);
	br_sha256_out(&h, out);
}

static void
ec_key_make(ec_key *k)
{
	br_ec_keygen(&drbg.vtable, ec, &k->sk, k->skb, BR_EC_secp256r1);
	br_ec_compute_pub(ec, &k->pk, k->pkb, &k->sk);
	k->spki_len = uk_x509_spki_ec(UIMKEY_ALG_ECCP256, k->pk.q,
	    k->pk.qlen, k->spki, sizeof(k->spki));
	uk_x509_key_id(k->spki, k->spki_len, k->id);
}

/* Sign tbs with an EC key and wrap it; the certificate length or 0. */
static size_t
ec_sign_wrap(const ec_key *k, const uint8_t *tbs, size_t tbs_len,
    uint8_t *out, size_t cap)
{
	uint8_t h[32], sig[80];
	size_t sig_len;

	sha256(tbs, tbs_len, h);
	sig_len = br_ecdsa_i31_sign_asn1(ec, &br_sha256_vtable, h, &k->sk, sig);
	if (sig_len == 0)
		return 0;
	return uk_x509_wrap(tbs, tbs_len, UK_X509_SIG_ECDSA_SHA256,
	    sig, sig_len, out, cap);
}

static void
span_set(uk_x509_span *s, const uint8_t *der, size_t len)
{
	s->der = der;
	s->len = len;
}

static int
span_eq(const uk_x509_span *s, const uint8_t *der, size_t len)
{
	return s->len == len && memcmp(s->der, der, len) == 0;
}

static uint8_t ca_name[UK_X509_NAME_CN_MAX];
static uint8_t ca_tbs[UK_X509_TBS_MAX];
static size_t ca_name_len, ca_tbs_len;
static uk_x509_parts ca_parts;

/* A self-signed CA: cA TRUE, keyCertSign|cRLSign, its key id. */
static void
build_ca(void)
{
	static const uk_x509_date from = { 2024, 1, 1, 0, 0, 0 };
	static const uk_x509_date until = { 2049, 12, 31, 23, 59, 59 };
	uint8_t val[UK_X509_VALIDITY_MAX], ku[UK_X509_EXT_VALUE_MAX];
	uint8_t ski[UK_X509_EXT_VALUE_MAX];
	uk_x509_ext ext[3];
	uk_x509_tbs_in in;

	memset(&in, 0, sizeof(in));
	in.serial = serial_ca;
	in.serial_len = sizeof(serial_ca);
	in.sig_alg = UK_X509_SIG_ECDSA_SHA256;
	ca_name_len = uk_x509_name_cn("uimkey Test CA", 14, ca_name,
	    sizeof(ca_name));
	span_set(&in.issuer, ca_name, ca_name_len);
	in.subject = in.issuer;
	span_set(&in.validity, val,
	    uk_x509_validity(&from, &until, val, sizeof(val)));
	span_set(&in.spki, ca_key.spki, ca_key.spki_len);
	uk_x509_ext_ca(&ext[0]);
	uk_x509_ext_key_usage(&ext[1],
	    UK_KU_KEY_CERT_SIGN | UK_KU_CRL_SIGN, ku);
	uk_x509_ext_ski(&ext[2], ca_key.id, ski);
	in.ext = ext;
	in.ext_count = 3;
	ca_tbs_len = uk_x509_tbs(&in, ca_tbs, sizeof(ca_tbs));
	check(ca_tbs_len > 0, "CA: TBSCertificate built");
	ca_len = ec_sign_wrap(&ca_key, ca_tbs, ca_tbs_len, ca_cert,
	    sizeof(ca_cert));
	check(ca_len > ca_tbs_len, "CA: certificate wrapped");
	check(uk_x509_cert_parts(ca_cert, ca_len, &ca_parts) == 0 &&
	    span_eq(&ca_parts.tbs, ca_tbs, ca_tbs_len) &&
	    span_eq(&ca_parts.issuer, ca_name, ca_name_len) &&
	    span_eq(&ca_parts.subject, ca_name, ca_name_len) &&
	    span_eq(&ca_parts.validity, val, in.validity.len) &&
	    span_eq(&ca_parts.spki, ca_key.spki, ca_key.spki_len) &&
	    span_eq(&ca_parts.serial, serial_ca, sizeof(serial_ca)) &&
	    ca_parts.sig_alg == UK_X509_SIG_ECDSA_SHA256,
	    "CA: taken apart again, every piece is what went in");
}

/* The DRBG, the CA key and the CA certificate. */
static void
fixture_init(void)
{
	static const char seed[] = FIXTURE_SEED;

	br_hmac_drbg_init(&drbg, &br_sha256_vtable, seed, sizeof(seed) - 1);
	ec = &br_ec_p256_m31;
	ec_key_make(&ca_key);
	build_ca();
}

#endif
