/* SPDX-License-Identifier: BSD-2-Clause */
/* Taking a certificate apart (strict DER), without checking its
 * signature: the caller does that with the pieces. */
#include <string.h>

#include "codec/der.h"
#include "codec/der_read.h"
#include "codec/x509.h"

#define X509_TAG_VERSION     UK_DER_CONTEXT(0)
#define X509_TAG_ISSUER_UID  0x81    /* [1] IMPLICIT BIT STRING */
#define X509_TAG_SUBJECT_UID 0x82    /* [2] IMPLICIT BIT STRING */
#define X509_TAG_EXTENSIONS  UK_DER_CONTEXT(3)
#define X509_V2              1
#define X509_V3              2
#define X509_DER_TRUE        0xFF

/* The next TLV, which must have tag; *whole gets all of its bytes. */
static int
take(const uint8_t **p, const uint8_t *end, unsigned tag, uk_tlv *t,
    uk_x509_span *whole)
{
	const uint8_t *start = *p;

	if (uk_der_expect(p, end, tag, t) != 0)
		return -1;
	whole->der = start;
	whole->len = (size_t)(*p - start);
	return 0;
}

/* 1 when the next TLV has tag (an optional field is there). */
static int
next_is(const uint8_t *p, const uint8_t *end, unsigned tag)
{
	return p < end && *p == tag;
}

int
uk_x509_validity_ok(const uint8_t *der, size_t len)
{
	const uint8_t *p = der, *end;
	uk_tlv t;
	int i;

	if (der == NULL)
		return 0;
	end = der + len;
	for (i = 0; i < 2; i++)
		if (uk_der_next(&p, end, &t) != 0 ||
		    (t.tag != UK_DER_UTC_TIME && t.tag != UK_DER_GEN_TIME))
			return 0;
	return p == end;
}

/* Version: absent (v1), or v2 / v3 (DER leaves the default v1 out). */
static int
tbs_version(const uint8_t **p, const uint8_t *end, unsigned *version)
{
	uk_tlv v, n;

	*version = 0;
	if (!next_is(*p, end, X509_TAG_VERSION))
		return 0;
	if (uk_der_expect(p, end, X509_TAG_VERSION, &v) != 0 ||
	    uk_der_whole(v.value, v.len, UK_DER_INTEGER, &n) != 0 ||
	    n.len != 1 || (n.value[0] != X509_V2 && n.value[0] != X509_V3))
		return -1;
	*version = n.value[0];
	return 0;
}

/* Extension ::= SEQUENCE { extnID, critical DEFAULT FALSE, extnValue }
 * read from *p; DER leaves a FALSE critical out. */
static int
ext_next(const uint8_t **p, const uint8_t *end, uk_x509_ext *ext)
{
	uk_tlv seq, oid, crit, val;
	const uint8_t *q, *e;

	if (uk_der_expect(p, end, UK_DER_SEQUENCE, &seq) != 0)
		return -1;
	q = seq.value;
	e = seq.value + seq.len;
	if (uk_der_expect(&q, e, UK_DER_OID, &oid) != 0 || oid.len == 0)
		return -1;
	ext->critical = 0;
	if (next_is(q, e, UK_DER_BOOLEAN)) {
		if (uk_der_expect(&q, e, UK_DER_BOOLEAN, &crit) != 0 ||
		    crit.len != 1 || crit.value[0] != X509_DER_TRUE)
			return -1;
		ext->critical = 1;
	}
	if (uk_der_expect(&q, e, UK_DER_OCTET_STRING, &val) != 0 ||
	    q != e)
		return -1;
	ext->oid = oid.value;
	ext->oid_len = oid.len;
	ext->value = val.value;
	ext->value_len = val.len;
	return 0;
}

/* Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension, all well formed. */
static int
tbs_extensions(const uint8_t **p, const uint8_t *end, uk_x509_span *exts)
{
	const uint8_t *q, *e;
	uk_x509_ext ext;
	uk_tlv v, seq;

	exts->der = NULL;
	exts->len = 0;
	if (!next_is(*p, end, X509_TAG_EXTENSIONS))
		return 0;
	if (uk_der_expect(p, end, X509_TAG_EXTENSIONS, &v) != 0 ||
	    uk_der_whole(v.value, v.len, UK_DER_SEQUENCE, &seq) != 0 ||
	    seq.len == 0)
		return -1;
	for (q = seq.value, e = seq.value + seq.len; q < e; )
		if (ext_next(&q, e, &ext) != 0)
			return -1;
	exts->der = seq.value;
	exts->len = seq.len;
	return 0;
}

/* Optional fields after the SubjectPublicKeyInfo. */
static int
tbs_tail(const uint8_t **p, const uint8_t *end, unsigned version,
    uk_x509_parts *parts)
{
	uk_x509_span uid;
	uk_tlv t;

	parts->extensions.der = NULL;
	parts->extensions.len = 0;
	if (version >= X509_V2 && next_is(*p, end, X509_TAG_ISSUER_UID) &&
	    take(p, end, X509_TAG_ISSUER_UID, &t, &uid) != 0)
		return -1;
	if (version >= X509_V2 && next_is(*p, end, X509_TAG_SUBJECT_UID) &&
	    take(p, end, X509_TAG_SUBJECT_UID, &t, &uid) != 0)
		return -1;
	if (version == X509_V3 && tbs_extensions(p, end, &parts->extensions) != 0)
		return -1;
	return *p == end ? 0 : -1;
}

static int
tbs_parts(const uint8_t *p, const uint8_t *end, uk_x509_parts *parts)
{
	uk_x509_span inner_alg, val;
	uk_tlv t;
	unsigned version;

	if (tbs_version(&p, end, &version) != 0 ||
	    uk_der_expect(&p, end, UK_DER_INTEGER, &t) != 0 ||
	    t.len == 0)
		return -1;
	parts->serial.der = t.value;
	parts->serial.len = t.len;
	if (take(&p, end, UK_DER_SEQUENCE, &t, &inner_alg) != 0 ||
	    take(&p, end, UK_DER_SEQUENCE, &t, &parts->issuer) != 0 ||
	    take(&p, end, UK_DER_SEQUENCE, &t, &val) != 0 ||
	    !uk_x509_validity_ok(t.value, t.len))
		return -1;
	parts->validity.der = t.value;
	parts->validity.len = t.len;
	if (take(&p, end, UK_DER_SEQUENCE, &t, &parts->subject) != 0 ||
	    take(&p, end, UK_DER_SEQUENCE, &t, &parts->spki) != 0 ||
	    tbs_tail(&p, end, version, parts) != 0)
		return -1;
	/* The signed algorithm must be the one the signature claims. */
	if (inner_alg.len != parts->sig_alg_id.len ||
	    memcmp(inner_alg.der, parts->sig_alg_id.der, inner_alg.len) != 0)
		return -1;
	return 0;
}

int
uk_x509_cert_parts(const uint8_t *cert, size_t len,
    uk_x509_parts *parts)
{
	uk_x509_parts out;
	uk_tlv c, tbs, t;
	const uint8_t *p, *end;

	if (uk_der_whole(cert, len, UK_DER_SEQUENCE, &c) != 0)
		return -1;
	p = c.value;
	end = c.value + c.len;
	if (take(&p, end, UK_DER_SEQUENCE, &tbs, &out.tbs) != 0 ||
	    take(&p, end, UK_DER_SEQUENCE, &t, &out.sig_alg_id) != 0 ||
	    uk_der_expect(&p, end, UK_DER_BIT_STRING, &t) != 0 ||
	    p != end || t.len < 1 || t.value[0] != 0)
		return -1;
	out.sig.der = t.value + 1;
	out.sig.len = t.len - 1;
	out.sig_alg = uk_x509_sig_alg_of(out.sig_alg_id.der,
	    out.sig_alg_id.len);
	if (tbs_parts(tbs.value, tbs.value + tbs.len, &out) != 0)
		return -1;
	*parts = out;
	return 0;
}

int
uk_x509_ext_find(const uk_x509_parts *parts, const uint8_t *oid,
    size_t oid_len, uk_x509_ext *ext)
{
	const uint8_t *p = parts->extensions.der, *end;
	uk_x509_ext e;

	if (p == NULL)
		return -1;
	end = p + parts->extensions.len;
	while (p < end) {
		if (ext_next(&p, end, &e) != 0)
			return -1;
		if (e.oid_len == oid_len && memcmp(e.oid, oid, oid_len) == 0) {
			*ext = e;
			return 0;
		}
	}
	return -1;
}
