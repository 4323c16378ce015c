/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * X.509 v3 certificates and PKCS#10 requests, built with the DER writer
 * (codec/der.h) and taken apart with the strict DER reader
 * (codec/der_read.h).  Shared by the card (attestation certificates) and
 * the host (certificate requests).  Freestanding: every output goes to a
 * caller buffer, every input is pointer and length; nothing is kept.
 *
 * Building a certificate: make the TBSCertificate with uk_x509_tbs(),
 * sign its bytes (the hash of exactly the output), then put TBS,
 * algorithm and signature together with uk_x509_wrap().  The
 * algorithm given to both calls must be the same.
 */
#ifndef UK_CODEC_X509_H
#define UK_CODEC_X509_H

#include <stddef.h>
#include <stdint.h>

/*
 * OIDs as DER contents (the bytes after 06 len), for
 *   static const uint8_t oid[] = UK_OID_...;
 */
/* 2.5.4.3 id-at-commonName */
#define UK_OID_COMMON_NAME    { 0x55, 0x04, 0x03 }
/* 1.2.840.10045.4.3.2 ecdsa-with-SHA256 */
#define UK_OID_ECDSA_SHA256 \
	{ 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02 }
/* 1.2.840.10045.4.3.3 ecdsa-with-SHA384 */
#define UK_OID_ECDSA_SHA384 \
	{ 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x03 }
/* 1.2.840.113549.1.1.11 sha256WithRSAEncryption */
#define UK_OID_RSA_SHA256 \
	{ 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B }
/* 1.2.840.113549.1.1.1 rsaEncryption */
#define UK_OID_RSA_ENCRYPTION \
	{ 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01 }
/* 1.2.840.10045.2.1 id-ecPublicKey */
#define UK_OID_EC_PUBLIC_KEY  { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01 }
/* 1.2.840.10045.3.1.7 prime256v1 (P-256) */
#define UK_OID_P256 \
	{ 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07 }
/* 1.3.132.0.34 secp384r1 (P-384) */
#define UK_OID_P384           { 0x2B, 0x81, 0x04, 0x00, 0x22 }
/* 2.5.29.19 id-ce-basicConstraints */
#define UK_OID_BASIC_CONSTRAINTS { 0x55, 0x1D, 0x13 }
/* 2.5.29.15 id-ce-keyUsage */
#define UK_OID_KEY_USAGE      { 0x55, 0x1D, 0x0F }
/* 2.5.29.14 id-ce-subjectKeyIdentifier */
#define UK_OID_SUBJECT_KEY_ID { 0x55, 0x1D, 0x0E }
/* 2.5.29.35 id-ce-authorityKeyIdentifier */
#define UK_OID_AUTHORITY_KEY_ID { 0x55, 0x1D, 0x23 }
/* 1.2.840.113549.1.9.7 pkcs-9-at-challengePassword */
#define UK_OID_CHALLENGE_PASSWORD \
	{ 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x07 }
/* 1.2.840.113549.1.9.14 pkcs-9-at-extensionRequest */
#define UK_OID_EXTENSION_REQUEST \
	{ 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x0E }
/* Yubico PIV attestation extensions, 1.3.6.1.4.1.41482.3.x:
 * .3 firmware version, .7 serial, .8 PIN/touch policy, .9 form factor */
#define UK_OID_YK_FIRMWARE \
	{ 0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0xC4, 0x0A, 0x03, 0x03 }
#define UK_OID_YK_SERIAL \
	{ 0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0xC4, 0x0A, 0x03, 0x07 }
#define UK_OID_YK_POLICY \
	{ 0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0xC4, 0x0A, 0x03, 0x08 }
#define UK_OID_YK_FORM_FACTOR \
	{ 0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0xC4, 0x0A, 0x03, 0x09 }

/* Longest serial number: INTEGER contents (RFC 5280 4.1.2.2). */
#define UK_X509_SERIAL_MAX    20
/* Longest common name, in bytes (X.520 ub-common-name). */
#define UK_X509_CN_MAX        64
/* A Name holding one CN of UK_X509_CN_MAX bytes: the SEQUENCE, SET,
 * SEQUENCE and OID headers, the OID and the string's header. */
#define UK_X509_NAME_CN_MAX   (4 * 2 + 3 + 2 + UK_X509_CN_MAX)
/* A key identifier: SHA-1 of the subjectPublicKey bits (RFC 5280
 * 4.2.1.2, method 1). */
#define UK_X509_KEY_ID_LEN    20
/* Room for the value of an extension made by the helpers below (the
 * largest, authorityKeyIdentifier: 30 16 80 14 and the id). */
#define UK_X509_EXT_VALUE_MAX (4 + UK_X509_KEY_ID_LEN)
/* The two times of a validity (GeneralizedTime: 18 0F and 15 chars). */
#define UK_X509_VALIDITY_MAX  (2 * 17)
/* Largest SubjectPublicKeyInfo the builders make (RSA 4096, 4-byte e). */
#define UK_X509_SPKI_MAX      560
/* Buffers for a TBSCertificate and a certificate with the largest key
 * and signature (RSA 4096) and a few extensions. */
#define UK_X509_TBS_MAX       1280
#define UK_X509_CERT_MAX      2048

/* Signature algorithms. */
typedef enum {
	UK_X509_SIG_UNKNOWN = 0,
	UK_X509_SIG_ECDSA_SHA256,   /* signature: DER SEQUENCE { r, s } */
	UK_X509_SIG_ECDSA_SHA384,   /* signature: DER SEQUENCE { r, s } */
	UK_X509_SIG_RSA_SHA256      /* signature: PKCS#1 v1.5 bytes */
} uk_x509_sig_alg;

/* keyUsage bits (RFC 5280 4.2.1.3): bit n of the mask is KeyUsage bit n. */
#define UK_KU_DIGITAL_SIGNATURE  (1u << 0)
#define UK_KU_NON_REPUDIATION    (1u << 1)
#define UK_KU_KEY_ENCIPHERMENT   (1u << 2)
#define UK_KU_DATA_ENCIPHERMENT  (1u << 3)
#define UK_KU_KEY_AGREEMENT      (1u << 4)
#define UK_KU_KEY_CERT_SIGN      (1u << 5)
#define UK_KU_CRL_SIGN           (1u << 6)
#define UK_KU_ENCIPHER_ONLY      (1u << 7)
#define UK_KU_DECIPHER_ONLY      (1u << 8)
#define UK_KU_ALL                0x1FFu

/* Some bytes inside a buffer (usually one DER value). */
typedef struct {
	const uint8_t *der;
	size_t len;
} uk_x509_span;

/* One extension: value is the extnValue contents (what goes inside the
 * OCTET STRING, usually DER), copied as it is. */
typedef struct {
	const uint8_t *oid;
	size_t oid_len;
	int critical;
	const uint8_t *value;
	size_t value_len;
} uk_x509_ext;

/* A UTC date and time, 0000-01-01 to 9999-12-31. */
typedef struct {
	uint16_t year;
	uint8_t month, day, hour, minute, second;
} uk_x509_date;

/* What a TBSCertificate is made of.  Every span is one DER value except
 * validity: the notBefore and notAfter Time values one after the other
 * (the contents of Validity, as uk_x509_cert_parts() gives them). */
typedef struct {
	const uint8_t *serial;     /* unsigned big endian, not zero */
	size_t serial_len;
	uk_x509_sig_alg sig_alg;
	uk_x509_span issuer;   /* Name */
	uk_x509_span validity;
	uk_x509_span subject;  /* Name; der NULL: built from subject_cn */
	const char *subject_cn;    /* UTF-8, 1 to UK_X509_CN_MAX bytes */
	size_t subject_cn_len;
	uk_x509_span spki;     /* SubjectPublicKeyInfo */
	const uk_x509_ext *ext;
	size_t ext_count;
} uk_x509_tbs_in;

/* What a PKCS#10 CertificationRequestInfo is made of.  The attributes
 * are a challengePassword (when challenge is not NULL; challenge_tag
 * UK_DER_UTF8_STRING or UK_DER_PRINTABLE) and an
 * extensionRequest (when ext_count is not 0). */
typedef struct {
	uk_x509_span subject;  /* Name; der NULL: built from subject_cn */
	const char *subject_cn;
	size_t subject_cn_len;
	uk_x509_span spki;
	const char *challenge;
	size_t challenge_len;
	uint8_t challenge_tag;
	const uk_x509_ext *ext;
	size_t ext_count;
} uk_x509_csr_in;

/* Pieces of a certificate, pointing into it. */
typedef struct {
	uk_x509_span tbs;        /* the TBSCertificate, signed bytes */
	uk_x509_span serial;     /* INTEGER contents */
	uk_x509_span issuer;     /* Name */
	uk_x509_span validity;   /* the two Time values */
	uk_x509_span subject;    /* Name */
	uk_x509_span spki;       /* SubjectPublicKeyInfo */
	uk_x509_span extensions; /* contents of Extensions; len 0: none */
	uk_x509_span sig_alg_id; /* AlgorithmIdentifier */
	uk_x509_sig_alg sig_alg; /* UK_X509_SIG_UNKNOWN if not ours */
	uk_x509_span sig;        /* signature bits, after the 00 */
} uk_x509_parts;

/*
 * Builders: each writes one DER value (validity: two) into out (cap
 * bytes) and returns its length, or 0 on bad input or when it does not
 * fit.  Inputs must not overlap out.
 */

/* Name = SEQUENCE { SET { SEQUENCE { id-at-commonName, UTF8String } } } */
size_t uk_x509_name_cn(const char *cn, size_t len, uint8_t *out,
    size_t cap);

/* notBefore and notAfter: UTCTime for years 1950 to 2049, else
 * GeneralizedTime (RFC 5280 4.1.2.5); from must not be after until. */
size_t uk_x509_validity(const uk_x509_date *from,
    const uk_x509_date *until, uint8_t *out, size_t cap);

/* SubjectPublicKeyInfo of an EC point (04 X Y) on the curve of alg
 * (UIMKEY_ALG_ECCP256 or UIMKEY_ALG_ECCP384, card/wire.h). */
size_t uk_x509_spki_ec(uint8_t alg, const uint8_t *q, size_t q_len,
    uint8_t *out, size_t cap);

/* SubjectPublicKeyInfo of an RSA key (modulus and exponent: unsigned
 * big endian). */
size_t uk_x509_spki_rsa(const uint8_t *n, size_t n_len,
    const uint8_t *e, size_t e_len, uint8_t *out, size_t cap);

/* The key identifier of a SubjectPublicKeyInfo into id; 0, or -1 when
 * spki is not one. */
int uk_x509_key_id(const uint8_t *spki, size_t len,
    uint8_t id[UK_X509_KEY_ID_LEN]);

/*
 * Standard extensions.  Those taking a store build the value there: it
 * must live as long as the extension is used.
 */
/* basicConstraints cA TRUE, no path length; critical. */
void uk_x509_ext_ca(uk_x509_ext *e);
/* keyUsage with the UK_KU_* bits (not none); critical.  0 or -1. */
int uk_x509_ext_key_usage(uk_x509_ext *e, unsigned bits,
    uint8_t store[UK_X509_EXT_VALUE_MAX]);
/* subjectKeyIdentifier / authorityKeyIdentifier (keyIdentifier only). */
void uk_x509_ext_ski(uk_x509_ext *e,
    const uint8_t id[UK_X509_KEY_ID_LEN],
    uint8_t store[UK_X509_EXT_VALUE_MAX]);
void uk_x509_ext_aki(uk_x509_ext *e,
    const uint8_t id[UK_X509_KEY_ID_LEN],
    uint8_t store[UK_X509_EXT_VALUE_MAX]);

/* TBSCertificate, version 3.  Refuses: no or zero serial, a serial of
 * more than UK_X509_SERIAL_MAX bytes as an INTEGER, an unknown
 * algorithm, an issuer, subject or spki that is not one SEQUENCE, a
 * validity that is not two Time values, no subject or both forms. */
size_t uk_x509_tbs(const uk_x509_tbs_in *in, uint8_t *out,
    size_t cap);

/* Certificate = SEQUENCE { tbs, AlgorithmIdentifier, BIT STRING sig }.
 * tbs must be one SEQUENCE; for ECDSA sig must be one SEQUENCE too. */
size_t uk_x509_wrap(const uint8_t *tbs, size_t tbs_len,
    uk_x509_sig_alg alg, const uint8_t *sig, size_t sig_len,
    uint8_t *out, size_t cap);

/* CertificationRequestInfo, version 0 (RFC 2986). */
size_t uk_x509_csr_info(const uk_x509_csr_in *in, uint8_t *out,
    size_t cap);

/* CertificationRequest: the same shape and checks as
 * uk_x509_wrap(). */
size_t uk_x509_csr_wrap(const uint8_t *info, size_t info_len,
    uk_x509_sig_alg alg, const uint8_t *sig, size_t sig_len,
    uint8_t *out, size_t cap);

/* The algorithm an AlgorithmIdentifier names (UNKNOWN if none of ours). */
uk_x509_sig_alg uk_x509_sig_alg_of(const uint8_t *der, size_t len);

/* 1 when [der, der+len) is exactly two Time values (UTCTime or
 * GeneralizedTime), the contents of a Validity; 0 otherwise. */
int uk_x509_validity_ok(const uint8_t *der, size_t len);

/*
 * Take a certificate apart: 0 and *parts filled, or -1 when cert is not
 * exactly one well-formed certificate (strict DER, definite lengths,
 * every length inside its parent, version absent or v1..v3, the two
 * AlgorithmIdentifiers equal, BIT STRING with no unused bits).  Does not
 * check the signature.
 */
int uk_x509_cert_parts(const uint8_t *cert, size_t len,
    uk_x509_parts *parts);

/* The extension with oid in a certificate taken apart: 0 and *ext
 * filled (pointing into the certificate), -1 when absent or malformed. */
int uk_x509_ext_find(const uk_x509_parts *parts,
    const uint8_t *oid, size_t oid_len, uk_x509_ext *ext);

#endif
