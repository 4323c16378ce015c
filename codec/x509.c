/* SPDX-License-Identifier: BSD-2-Clause */
/* TBSCertificate, Certificate and PKCS#10 request building. */
#include <string.h>

#include "codec/der.h"
#include "codec/der_read.h"
#include "codec/x509.h"
#include "x509_int.h"

#define X509_VERSION_3      2       /* Version ::= INTEGER { v3(2) } */
#define X509_CSR_VERSION    0       /* PKCS#10: v1(0) */
#define X509_ATTRS_TAG      UK_DER_CONTEXT(0)
#define X509_VERSION_TAG    UK_DER_CONTEXT(0)
#define X509_EXTS_TAG       UK_DER_CONTEXT(3)

static const uint8_t oid_cn[] = UK_OID_COMMON_NAME;
static const uint8_t oid_challenge[] = UK_OID_CHALLENGE_PASSWORD;
static const uint8_t oid_ext_request[] = UK_OID_EXTENSION_REQUEST;
static const uint8_t der_true[] = { 0xFF };

static const uint8_t oid_ecdsa_sha256[] = UK_OID_ECDSA_SHA256;
static const uint8_t oid_ecdsa_sha384[] = UK_OID_ECDSA_SHA384;
static const uint8_t oid_rsa_sha256[] = UK_OID_RSA_SHA256;

/* AlgorithmIdentifier parameters: absent for ECDSA (RFC 5758 3.2), NULL
 * for RSA (RFC 4055 5, which also asks readers to take them absent). */
static const struct {
	uk_x509_sig_alg alg;
	const uint8_t *oid;
	size_t oid_len;
	int null_params;
	int sig_is_der;         /* ECDSA-Sig-Value; RSA: bare bytes */
} sig_algs[] = {
	{ UK_X509_SIG_ECDSA_SHA256, oid_ecdsa_sha256,
	  sizeof(oid_ecdsa_sha256), 0, 1 },
	{ UK_X509_SIG_ECDSA_SHA384, oid_ecdsa_sha384,
	  sizeof(oid_ecdsa_sha384), 0, 1 },
	{ UK_X509_SIG_RSA_SHA256, oid_rsa_sha256,
	  sizeof(oid_rsa_sha256), 1, 0 },
};
#define SIG_ALG_COUNT (sizeof(sig_algs) / sizeof(sig_algs[0]))

/* The table entry of alg, -1 when unknown. */
static int
sig_alg_index(uk_x509_sig_alg alg)
{
	size_t i;

	for (i = 0; i < SIG_ALG_COUNT; i++)
		if (sig_algs[i].alg == alg)
			return (int)i;
	return -1;
}

static void
put_alg_id(uk_der *w, int i)
{
	uk_der_open(w, UK_DER_SEQUENCE);
	uk_der_oid(w, sig_algs[i].oid, sig_algs[i].oid_len);
	if (sig_algs[i].null_params)
		uk_der_put(w, UK_DER_NULL, NULL, 0);
	uk_der_close(w);
}

uk_x509_sig_alg
uk_x509_sig_alg_of(const uint8_t *der, size_t len)
{
	const uint8_t *p, *end;
	uk_tlv seq, oid, params;
	int has_null = 0;
	size_t i;

	if (uk_der_whole(der, len, UK_DER_SEQUENCE, &seq) != 0)
		return UK_X509_SIG_UNKNOWN;
	p = seq.value;
	end = seq.value + seq.len;
	if (uk_der_expect(&p, end, UK_DER_OID, &oid) != 0)
		return UK_X509_SIG_UNKNOWN;
	if (p < end) {
		if (uk_der_expect(&p, end, UK_DER_NULL, &params) != 0 ||
		    params.len != 0 || p != end)
			return UK_X509_SIG_UNKNOWN;
		has_null = 1;
	}
	for (i = 0; i < SIG_ALG_COUNT; i++)
		if (sig_algs[i].oid_len == oid.len &&
		    memcmp(sig_algs[i].oid, oid.value, oid.len) == 0 &&
		    (sig_algs[i].null_params || !has_null))
			return sig_algs[i].alg;
	return UK_X509_SIG_UNKNOWN;
}

static void
put_name_cn(uk_der *w, const char *cn, size_t len)
{
	uk_der_open(w, UK_DER_SEQUENCE);
	uk_der_open(w, UK_DER_SET);
	uk_der_open(w, UK_DER_SEQUENCE);
	uk_der_oid(w, oid_cn, sizeof(oid_cn));
	uk_der_put(w, UK_DER_UTF8_STRING, cn, len);
	uk_der_close(w);
	uk_der_close(w);
	uk_der_close(w);
}

static int
cn_ok(const char *cn, size_t len)
{
	return cn != NULL && len > 0 && len <= UK_X509_CN_MAX;
}

size_t
uk_x509_name_cn(const char *cn, size_t len, uint8_t *out, size_t cap)
{
	uk_der w;

	if (!cn_ok(cn, len))
		return 0;
	uk_der_init(&w, out, cap);
	put_name_cn(&w, cn, len);
	return uk_der_finish(&w);
}

/* A subject given as a Name or as a CN: exactly one of them. */
static int
subject_ok(const uk_x509_span *name, const char *cn, size_t cn_len)
{
	if (name->der != NULL)
		return cn == NULL &&
		    uk_der_whole(name->der, name->len, UK_DER_SEQUENCE,
		    NULL) == 0;
	return cn_ok(cn, cn_len);
}

static void
put_subject(uk_der *w, const uk_x509_span *name, const char *cn,
    size_t cn_len)
{
	if (name->der != NULL)
		uk_der_raw(w, name->der, name->len);
	else
		put_name_cn(w, cn, cn_len);
}

/* Extensions ::= SEQUENCE OF Extension; critical FALSE is left out
 * (DER: no default values). */
static void
put_extensions(uk_der *w, const uk_x509_ext *ext, size_t count)
{
	size_t i;

	uk_der_open(w, UK_DER_SEQUENCE);
	for (i = 0; i < count; i++) {
		uk_der_open(w, UK_DER_SEQUENCE);
		uk_der_oid(w, ext[i].oid, ext[i].oid_len);
		if (ext[i].critical)
			uk_der_put(w, UK_DER_BOOLEAN, der_true,
			    sizeof(der_true));
		uk_der_open(w, UK_DER_OCTET_STRING);
		uk_der_raw(w, ext[i].value, ext[i].value_len);
		uk_der_close(w);
		uk_der_close(w);
	}
	uk_der_close(w);
}

static int
extensions_ok(const uk_x509_ext *ext, size_t count)
{
	size_t i;

	if (count > 0 && ext == NULL)
		return 0;
	for (i = 0; i < count; i++)
		if (ext[i].oid == NULL || ext[i].oid_len == 0 ||
		    (ext[i].value == NULL && ext[i].value_len > 0))
			return 0;
	return 1;
}

/* The serial's INTEGER contents: the magnitude without leading zeros,
 * and a 00 before a top bit. */
static int
serial_ok(const uint8_t *serial, size_t len)
{
	if (serial == NULL)
		return 0;
	while (len > 0 && serial[0] == 0) {
		serial++;
		len--;
	}
	if (len == 0)
		return 0;
	return len + ((serial[0] & 0x80) ? 1 : 0) <= UK_X509_SERIAL_MAX;
}

static int
tbs_ok(const uk_x509_tbs_in *in)
{
	return serial_ok(in->serial, in->serial_len) &&
	    uk_der_whole(in->issuer.der, in->issuer.len,
	    UK_DER_SEQUENCE, NULL) == 0 &&
	    uk_x509_validity_ok(in->validity.der, in->validity.len) &&
	    subject_ok(&in->subject, in->subject_cn, in->subject_cn_len) &&
	    uk_der_whole(in->spki.der, in->spki.len,
	    UK_DER_SEQUENCE, NULL) == 0 &&
	    extensions_ok(in->ext, in->ext_count);
}

size_t
uk_x509_tbs(const uk_x509_tbs_in *in, uint8_t *out, size_t cap)
{
	int alg = sig_alg_index(in->sig_alg);
	uk_der w;

	if (alg < 0 || !tbs_ok(in))
		return 0;
	uk_der_init(&w, out, cap);
	uk_der_open(&w, UK_DER_SEQUENCE);
	uk_der_open(&w, X509_VERSION_TAG);
	uk_der_small_uint(&w, X509_VERSION_3);
	uk_der_close(&w);
	uk_der_uint(&w, in->serial, in->serial_len);
	put_alg_id(&w, alg);
	uk_der_raw(&w, in->issuer.der, in->issuer.len);
	uk_der_open(&w, UK_DER_SEQUENCE);
	uk_der_raw(&w, in->validity.der, in->validity.len);
	uk_der_close(&w);
	put_subject(&w, &in->subject, in->subject_cn, in->subject_cn_len);
	uk_der_raw(&w, in->spki.der, in->spki.len);
	if (in->ext_count > 0) {
		uk_der_open(&w, X509_EXTS_TAG);
		put_extensions(&w, in->ext, in->ext_count);
		uk_der_close(&w);
	}
	uk_der_close(&w);
	return uk_der_finish(&w);
}

/* SEQUENCE { signed bytes, AlgorithmIdentifier, BIT STRING signature }:
 * the shape of both a Certificate and a CertificationRequest. */
static size_t
signed_wrap(const uint8_t *tbs, size_t tbs_len, uk_x509_sig_alg alg,
    const uint8_t *sig, size_t sig_len, uint8_t *out, size_t cap)
{
	int i = sig_alg_index(alg);
	uk_der w;

	if (i < 0 || sig == NULL || sig_len == 0 ||
	    uk_der_whole(tbs, tbs_len, UK_DER_SEQUENCE, NULL) != 0)
		return 0;
	/* A raw r||s signature handed in by mistake is caught here. */
	if (sig_algs[i].sig_is_der &&
	    uk_der_whole(sig, sig_len, UK_DER_SEQUENCE, NULL) != 0)
		return 0;
	uk_der_init(&w, out, cap);
	uk_der_open(&w, UK_DER_SEQUENCE);
	uk_der_raw(&w, tbs, tbs_len);
	put_alg_id(&w, i);
	uk_der_open(&w, UK_DER_BIT_STRING);
	uk_der_raw(&w, sig, sig_len);
	uk_der_close(&w);
	uk_der_close(&w);
	return uk_der_finish(&w);
}

size_t
uk_x509_wrap(const uint8_t *tbs, size_t tbs_len, uk_x509_sig_alg alg,
    const uint8_t *sig, size_t sig_len, uint8_t *out, size_t cap)
{
	return signed_wrap(tbs, tbs_len, alg, sig, sig_len, out, cap);
}

size_t
uk_x509_csr_wrap(const uint8_t *info, size_t info_len,
    uk_x509_sig_alg alg, const uint8_t *sig, size_t sig_len,
    uint8_t *out, size_t cap)
{
	return signed_wrap(info, info_len, alg, sig, sig_len, out, cap);
}

static int
challenge_ok(const uk_x509_csr_in *in)
{
	if (in->challenge == NULL)
		return 1;
	if (in->challenge_len == 0)
		return 0;
	if (in->challenge_tag == UK_DER_PRINTABLE)
		return uk_x509_printable_ok(in->challenge, in->challenge_len);
	return in->challenge_tag == UK_DER_UTF8_STRING;
}

/* Attribute ::= SEQUENCE { type, values SET OF value } */
static void
put_attributes(uk_der *w, const uk_x509_csr_in *in)
{
	uk_der_open(w, X509_ATTRS_TAG);
	if (in->challenge != NULL) {
		uk_der_open(w, UK_DER_SEQUENCE);
		uk_der_oid(w, oid_challenge, sizeof(oid_challenge));
		uk_der_open(w, UK_DER_SET);
		uk_der_put(w, in->challenge_tag, in->challenge,
		    in->challenge_len);
		uk_der_close(w);
		uk_der_close(w);
	}
	if (in->ext_count > 0) {
		uk_der_open(w, UK_DER_SEQUENCE);
		uk_der_oid(w, oid_ext_request, sizeof(oid_ext_request));
		uk_der_open(w, UK_DER_SET);
		put_extensions(w, in->ext, in->ext_count);
		uk_der_close(w);
		uk_der_close(w);
	}
	/* [0] IMPLICIT SET OF Attribute: DER order. */
	uk_der_close_sorted(w);
}

size_t
uk_x509_csr_info(const uk_x509_csr_in *in, uint8_t *out, size_t cap)
{
	uk_der w;

	if (!subject_ok(&in->subject, in->subject_cn, in->subject_cn_len) ||
	    uk_der_whole(in->spki.der, in->spki.len, UK_DER_SEQUENCE,
	    NULL) != 0 || !challenge_ok(in) ||
	    !extensions_ok(in->ext, in->ext_count))
		return 0;
	uk_der_init(&w, out, cap);
	uk_der_open(&w, UK_DER_SEQUENCE);
	uk_der_small_uint(&w, X509_CSR_VERSION);
	put_subject(&w, &in->subject, in->subject_cn, in->subject_cn_len);
	uk_der_raw(&w, in->spki.der, in->spki.len);
	put_attributes(&w, in);
	uk_der_close(&w);
	return uk_der_finish(&w);
}
