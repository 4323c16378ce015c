/* SPDX-License-Identifier: BSD-2-Clause */
/* TBSCertificate, Certificate and PKCS#10 request building. */
#include <string.h>

#include "codec/der.h"
#include "codec/der_read.h"
#include "codec/x509.h"
#include "x509_int.h"

#define X509_VERSION_3      2       /* Version ::= INTEGER { v3(2) } */
#define X509_CSR_VERSION    0       /* PKCS#10: v1(0) */
#define X509_ATTRS_TAG      UIMKEY_DER_CONTEXT(0)
#define X509_VERSION_TAG    UIMKEY_DER_CONTEXT(0)
#define X509_EXTS_TAG       UIMKEY_DER_CONTEXT(3)

static const uint8_t oid_cn[] = UIMKEY_OID_COMMON_NAME;
static const uint8_t oid_challenge[] = UIMKEY_OID_CHALLENGE_PASSWORD;
static const uint8_t oid_ext_request[] = UIMKEY_OID_EXTENSION_REQUEST;
static const uint8_t der_true[] = { 0xFF };

static const uint8_t oid_ecdsa_sha256[] = UIMKEY_OID_ECDSA_SHA256;
static const uint8_t oid_ecdsa_sha384[] = UIMKEY_OID_ECDSA_SHA384;
static const uint8_t oid_rsa_sha256[] = UIMKEY_OID_RSA_SHA256;

/* AlgorithmIdentifier parameters: absent for ECDSA (RFC 5758 3.2), NULL
 * for RSA (RFC 4055 5, which also asks readers to take them absent). */
static const struct {
	uimkey_x509_sig_alg alg;
	const uint8_t *oid;
	size_t oid_len;
	int null_params;
	int sig_is_der;         /* ECDSA-Sig-Value; RSA: bare bytes */
} sig_algs[] = {
	{ UIMKEY_X509_SIG_ECDSA_SHA256, oid_ecdsa_sha256,
	  sizeof(oid_ecdsa_sha256), 0, 1 },
	{ UIMKEY_X509_SIG_ECDSA_SHA384, oid_ecdsa_sha384,
	  sizeof(oid_ecdsa_sha384), 0, 1 },
	{ UIMKEY_X509_SIG_RSA_SHA256, oid_rsa_sha256,
	  sizeof(oid_rsa_sha256), 1, 0 },
};
#define SIG_ALG_COUNT (sizeof(sig_algs) / sizeof(sig_algs[0]))

/* The table entry of alg, -1 when unknown. */
static int
sig_alg_index(uimkey_x509_sig_alg alg)
{
	size_t i;

	for (i = 0; i < SIG_ALG_COUNT; i++)
		if (sig_algs[i].alg == alg)
			return (int)i;
	return -1;
}

static void
put_alg_id(uimkey_der *w, int i)
{
	uimkey_der_open(w, UIMKEY_DER_SEQUENCE);
	uimkey_der_oid(w, sig_algs[i].oid, sig_algs[i].oid_len);
	if (sig_algs[i].null_params)
		uimkey_der_put(w, UIMKEY_DER_NULL, NULL, 0);
	uimkey_der_close(w);
}

uimkey_x509_sig_alg
uimkey_x509_sig_alg_of(const uint8_t *der, size_t len)
{
	const uint8_t *p, *end;
	uimkey_tlv seq, oid, params;
	int has_null = 0;
	size_t i;

	if (uimkey_der_whole(der, len, UIMKEY_DER_SEQUENCE, &seq) != 0)
		return UIMKEY_X509_SIG_UNKNOWN;
	p = seq.value;
	end = seq.value + seq.len;
	if (uimkey_der_expect(&p, end, UIMKEY_DER_OID, &oid) != 0)
		return UIMKEY_X509_SIG_UNKNOWN;
	if (p < end) {
		if (uimkey_der_expect(&p, end, UIMKEY_DER_NULL, &params) != 0 ||
		    params.len != 0 || p != end)
			return UIMKEY_X509_SIG_UNKNOWN;
		has_null = 1;
	}
	for (i = 0; i < SIG_ALG_COUNT; i++)
		if (sig_algs[i].oid_len == oid.len &&
		    memcmp(sig_algs[i].oid, oid.value, oid.len) == 0 &&
		    (sig_algs[i].null_params || !has_null))
			return sig_algs[i].alg;
	return UIMKEY_X509_SIG_UNKNOWN;
}

static void
put_name_cn(uimkey_der *w, const char *cn, size_t len)
{
	uimkey_der_open(w, UIMKEY_DER_SEQUENCE);
	uimkey_der_open(w, UIMKEY_DER_SET);
	uimkey_der_open(w, UIMKEY_DER_SEQUENCE);
	uimkey_der_oid(w, oid_cn, sizeof(oid_cn));
	uimkey_der_put(w, UIMKEY_DER_UTF8_STRING, cn, len);
	uimkey_der_close(w);
	uimkey_der_close(w);
	uimkey_der_close(w);
}

static int
cn_ok(const char *cn, size_t len)
{
	return cn != NULL && len > 0 && len <= UIMKEY_X509_CN_MAX;
}

size_t
uimkey_x509_name_cn(const char *cn, size_t len, uint8_t *out, size_t cap)
{
	uimkey_der w;

	if (!cn_ok(cn, len))
		return 0;
	uimkey_der_init(&w, out, cap);
	put_name_cn(&w, cn, len);
	return uimkey_der_finish(&w);
}

/* A subject given as a Name or as a CN: exactly one of them. */
static int
subject_ok(const uimkey_x509_span *name, const char *cn, size_t cn_len)
{
	if (name->der != NULL)
		return cn == NULL &&
		    uimkey_der_whole(name->der, name->len, UIMKEY_DER_SEQUENCE,
		    NULL) == 0;
	return cn_ok(cn, cn_len);
}

static void
put_subject(uimkey_der *w, const uimkey_x509_span *name, const char *cn,
    size_t cn_len)
{
	if (name->der != NULL)
		uimkey_der_raw(w, name->der, name->len);
	else
		put_name_cn(w, cn, cn_len);
}

/* Extensions ::= SEQUENCE OF Extension; critical FALSE is left out
 * (DER: no default values). */
static void
put_extensions(uimkey_der *w, const uimkey_x509_ext *ext, size_t count)
{
	size_t i;

	uimkey_der_open(w, UIMKEY_DER_SEQUENCE);
	for (i = 0; i < count; i++) {
		uimkey_der_open(w, UIMKEY_DER_SEQUENCE);
		uimkey_der_oid(w, ext[i].oid, ext[i].oid_len);
		if (ext[i].critical)
			uimkey_der_put(w, UIMKEY_DER_BOOLEAN, der_true,
			    sizeof(der_true));
		uimkey_der_open(w, UIMKEY_DER_OCTET_STRING);
		uimkey_der_raw(w, ext[i].value, ext[i].value_len);
		uimkey_der_close(w);
		uimkey_der_close(w);
	}
	uimkey_der_close(w);
}

static int
extensions_ok(const uimkey_x509_ext *ext, size_t count)
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
	return len + ((serial[0] & 0x80) ? 1 : 0) <= UIMKEY_X509_SERIAL_MAX;
}

static int
tbs_ok(const uimkey_x509_tbs_in *in)
{
	return serial_ok(in->serial, in->serial_len) &&
	    uimkey_der_whole(in->issuer.der, in->issuer.len,
	    UIMKEY_DER_SEQUENCE, NULL) == 0 &&
	    uimkey_x509_validity_ok(in->validity.der, in->validity.len) &&
	    subject_ok(&in->subject, in->subject_cn, in->subject_cn_len) &&
	    uimkey_der_whole(in->spki.der, in->spki.len,
	    UIMKEY_DER_SEQUENCE, NULL) == 0 &&
	    extensions_ok(in->ext, in->ext_count);
}

size_t
uimkey_x509_tbs(const uimkey_x509_tbs_in *in, uint8_t *out, size_t cap)
{
	int alg = sig_alg_index(in->sig_alg);
	uimkey_der w;

	if (alg < 0 || !tbs_ok(in))
		return 0;
	uimkey_der_init(&w, out, cap);
	uimkey_der_open(&w, UIMKEY_DER_SEQUENCE);
	uimkey_der_open(&w, X509_VERSION_TAG);
	uimkey_der_small_uint(&w, X509_VERSION_3);
	uimkey_der_close(&w);
	uimkey_der_uint(&w, in->serial, in->serial_len);
	put_alg_id(&w, alg);
	uimkey_der_raw(&w, in->issuer.der, in->issuer.len);
	uimkey_der_open(&w, UIMKEY_DER_SEQUENCE);
	uimkey_der_raw(&w, in->validity.der, in->validity.len);
	uimkey_der_close(&w);
	put_subject(&w, &in->subject, in->subject_cn, in->subject_cn_len);
	uimkey_der_raw(&w, in->spki.der, in->spki.len);
	if (in->ext_count > 0) {
		uimkey_der_open(&w, X509_EXTS_TAG);
		put_extensions(&w, in->ext, in->ext_count);
		uimkey_der_close(&w);
	}
	uimkey_der_close(&w);
	return uimkey_der_finish(&w);
}

/* SEQUENCE { signed bytes, AlgorithmIdentifier, BIT STRING signature }:
 * the shape of both a Certificate and a CertificationRequest. */
static size_t
signed_wrap(const uint8_t *tbs, size_t tbs_len, uimkey_x509_sig_alg alg,
    const uint8_t *sig, size_t sig_len, uint8_t *out, size_t cap)
{
	int i = sig_alg_index(alg);
	uimkey_der w;

	if (i < 0 || sig == NULL || sig_len == 0 ||
	    uimkey_der_whole(tbs, tbs_len, UIMKEY_DER_SEQUENCE, NULL) != 0)
		return 0;
	/* A raw r||s signature handed in by mistake is caught here. */
	if (sig_algs[i].sig_is_der &&
	    uimkey_der_whole(sig, sig_len, UIMKEY_DER_SEQUENCE, NULL) != 0)
		return 0;
	uimkey_der_init(&w, out, cap);
	uimkey_der_open(&w, UIMKEY_DER_SEQUENCE);
	uimkey_der_raw(&w, tbs, tbs_len);
	put_alg_id(&w, i);
	uimkey_der_open(&w, UIMKEY_DER_BIT_STRING);
	uimkey_der_raw(&w, sig, sig_len);
	uimkey_der_close(&w);
	uimkey_der_close(&w);
	return uimkey_der_finish(&w);
}

size_t
uimkey_x509_wrap(const uint8_t *tbs, size_t tbs_len, uimkey_x509_sig_alg alg,
    const uint8_t *sig, size_t sig_len, uint8_t *out, size_t cap)
{
	return signed_wrap(tbs, tbs_len, alg, sig, sig_len, out, cap);
}

size_t
uimkey_x509_csr_wrap(const uint8_t *info, size_t info_len,
    uimkey_x509_sig_alg alg, const uint8_t *sig, size_t sig_len,
    uint8_t *out, size_t cap)
{
	return signed_wrap(info, info_len, alg, sig, sig_len, out, cap);
}

static int
challenge_ok(const uimkey_x509_csr_in *in)
{
	if (in->challenge == NULL)
		return 1;
	if (in->challenge_len == 0)
		return 0;
	if (in->challenge_tag == UIMKEY_DER_PRINTABLE)
		return uimkey_x509_printable_ok(in->challenge, in->challenge_len);
	return in->challenge_tag == UIMKEY_DER_UTF8_STRING;
}

/* Attribute ::= SEQUENCE { type, values SET OF value } */
static void
put_attributes(uimkey_der *w, const uimkey_x509_csr_in *in)
{
	uimkey_der_open(w, X509_ATTRS_TAG);
	if (in->challenge != NULL) {
		uimkey_der_open(w, UIMKEY_DER_SEQUENCE);
		uimkey_der_oid(w, oid_challenge, sizeof(oid_challenge));
		uimkey_der_open(w, UIMKEY_DER_SET);
		uimkey_der_put(w, in->challenge_tag, in->challenge,
		    in->challenge_len);
		uimkey_der_close(w);
		uimkey_der_close(w);
	}
	if (in->ext_count > 0) {
		uimkey_der_open(w, UIMKEY_DER_SEQUENCE);
		uimkey_der_oid(w, oid_ext_request, sizeof(oid_ext_request));
		uimkey_der_open(w, UIMKEY_DER_SET);
		put_extensions(w, in->ext, in->ext_count);
		uimkey_der_close(w);
		uimkey_der_close(w);
	}
	/* [0] IMPLICIT SET OF Attribute: DER order. */
	uimkey_der_close_sorted(w);
}

size_t
uimkey_x509_csr_info(const uimkey_x509_csr_in *in, uint8_t *out, size_t cap)
{
	uimkey_der w;

	if (!subject_ok(&in->subject, in->subject_cn, in->subject_cn_len) ||
	    uimkey_der_whole(in->spki.der, in->spki.len, UIMKEY_DER_SEQUENCE,
	    NULL) != 0 || !challenge_ok(in) ||
	    !extensions_ok(in->ext, in->ext_count))
		return 0;
	uimkey_der_init(&w, out, cap);
	uimkey_der_open(&w, UIMKEY_DER_SEQUENCE);
	uimkey_der_small_uint(&w, X509_CSR_VERSION);
	put_subject(&w, &in->subject, in->subject_cn, in->subject_cn_len);
	uimkey_der_raw(&w, in->spki.der, in->spki.len);
	put_attributes(&w, in);
	uimkey_der_close(&w);
	return uimkey_der_finish(&w);
}
