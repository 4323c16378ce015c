/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A PKCS#10 CertificationRequest taken apart with the strict DER reader:
 *   SEQUENCE { info SEQUENCE { INTEGER 0, Name, SubjectPublicKeyInfo,
 *              [0] Attributes }, AlgorithmIdentifier, BIT STRING }
 * The challengePassword attribute (1.2.840.113549.1.9.7) must hold one
 * DirectoryString; it may appear once.
 */
#include <string.h>

#include "codec/der.h"
#include "codec/der_read.h"
#include "admin/ra.h"

#define TAG_ATTRS     0xA0
#define TAG_T61       0x14
#define TAG_IA5       0x16
#define TAG_BMP       0x1E
#define TAG_UNIVERSAL 0x1C

static const uint8_t oid_challenge[] = UK_OID_CHALLENGE_PASSWORD;

static int
attributes(const uk_tlv *attrs, struct adm_csr *csr, const char **why)
{
	const uint8_t *p = attrs->value, *end = p + attrs->len, *q, *qend;
	uk_tlv attr, oid, set, val;

	while (p < end) {
		if (uk_der_expect(&p, end, UK_DER_SEQUENCE, &attr) != 0) {
			*why = "a malformed attribute";
			return -1;
		}
		q = attr.value;
		qend = q + attr.len;
		if (uk_der_expect(&q, qend, UK_DER_OID, &oid) != 0 ||
		    uk_der_expect(&q, qend, UK_DER_SET, &set) != 0 ||
		    q != qend) {
			*why = "a malformed attribute";
			return -1;
		}
		if (oid.len != sizeof(oid_challenge) ||
		    memcmp(oid.value, oid_challenge, oid.len) != 0)
			continue;
		q = set.value;
		if (csr->challenge != NULL ||
		    uk_der_next(&q, set.value + set.len, &val) != 0 ||
		    q != set.value + set.len ||
		    (val.tag != UK_DER_PRINTABLE &&
		    val.tag != UK_DER_UTF8_STRING && val.tag != TAG_T61 &&
		    val.tag != TAG_IA5 && val.tag != TAG_BMP &&
		    val.tag != TAG_UNIVERSAL)) {
			*why = "a malformed challengePassword attribute";
			return -1;
		}
		csr->challenge = val.value;
		csr->challenge_len = val.len;
	}
	return 0;
}

int
adm_csr_parse(const uint8_t *der, size_t len, struct adm_csr *csr,
    const char **why)
{
	const uint8_t *p, *end, *q, *qend;
	uk_tlv outer, info, ver, name, spki, attrs, alg, bits;

	memset(csr, 0, sizeof(*csr));
	*why = "not a PKCS#10 certificate request (strict DER)";
	if (uk_der_whole(der, len, UK_DER_SEQUENCE, &outer) != 0)
		return -1;
	p = outer.value;
	end = p + outer.len;
	q = p;
	if (uk_der_expect(&p, end, UK_DER_SEQUENCE, &info) != 0)
		return -1;
	csr->info.der = q;
	csr->info.len = (size_t)(p - q);
	q = p;
	if (uk_der_expect(&p, end, UK_DER_SEQUENCE, &alg) != 0)
		return -1;
	csr->sig_alg = uk_x509_sig_alg_of(q, (size_t)(p - q));
	if (uk_der_expect(&p, end, UK_DER_BIT_STRING, &bits) != 0 ||
	    p != end || bits.len < 2 || bits.value[0] != 0)
		return -1;
	csr->sig.der = bits.value + 1;
	csr->sig.len = bits.len - 1;
	q = info.value;
	qend = q + info.len;
	if (uk_der_expect(&q, qend, UK_DER_INTEGER, &ver) != 0 ||
	    ver.len != 1 || ver.value[0] != 0) {
		*why = "not a version 1 PKCS#10 request";
		return -1;
	}
	csr->subject.der = q;
	if (uk_der_expect(&q, qend, UK_DER_SEQUENCE, &name) != 0)
		return -1;
	csr->subject.len = (size_t)(q - csr->subject.der);
	csr->spki.der = q;
	if (uk_der_expect(&q, qend, UK_DER_SEQUENCE, &spki) != 0)
		return -1;
	csr->spki.len = (size_t)(q - csr->spki.der);
	if (uk_der_expect(&q, qend, TAG_ATTRS, &attrs) != 0 || q != qend)
		return -1;
	return attributes(&attrs, csr, why);
}
