/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Session X.509 certificates: CKA_VALUE must be one certificate; the
 * subject, issuer and serial number are taken from it when the template
 * leaves them out, CKA_PUBLIC_KEY_INFO and CKA_CHECK_VALUE always.
 */
#include <string.h>

#include "pkcs11/p11_hash.h"
#include "pkcs11/p11_sobj.h"

/* CKA_CHECK_VALUE: the first bytes of the value's SHA-1 (v2.40 4.6.3). */
#define P11_CHECK_VALUE_LEN  3

/* Whether der (len bytes) is exactly one DER SEQUENCE. */
static int
one_sequence(const uint8_t *der, size_t len)
{
	size_t n, l = 0, i;

	if (len < 2 || der[0] != 0x30)
		return 0;
	if (der[1] < 0x80) {
		l = der[1];
		n = 2;
	} else {
		i = der[1] & 0x7F;
		if (i == 0 || i > 3 || len < 2 + i)
			return 0;
		for (n = 0; n < i; n++)
			l = l << 8 | der[2 + n];
		n = 2 + i;
	}
	return l == len - n;
}

/* Put a field from the certificate unless the template gave one. */
static CK_RV
field(struct p11_sobj *o, CK_ATTRIBUTE_TYPE t, const uint8_t *v,
    size_t len)
{
	if (p11_sobj_get(o, t) != NULL)
		return CKR_OK;
	return p11_sobj_put(o, t, v, len);
}

CK_RV
p11_sobj_cert_finish(struct p11_sobj *o)
{
	const struct p11_sattr *val = p11_sobj_get(o, CKA_VALUE);
	const uint8_t *ser, *iss, *sub, *spki;
	size_t ser_len, iss_len, sub_len, spki_len;
	uint8_t hash[P11_HASH_MAX];
	CK_ULONG cat;
	CK_RV rv;

	if (p11_sobj_ulong(o, CKA_CERTIFICATE_TYPE) != CKC_X_509)
		return CKR_ATTRIBUTE_VALUE_INVALID;
	/* 0 unspecified, 1 token user, 2 authority, 3 other entity. */
	cat = p11_sobj_ulong(o, CKA_CERTIFICATE_CATEGORY);
	if (cat > 3)
		return CKR_ATTRIBUTE_VALUE_INVALID;
	if (val->len == 0 || !one_sequence(val->value, val->len) ||
	    p11_x509_fields(val->value, val->len, &ser, &ser_len, &iss,
	    &iss_len, &sub, &sub_len, &spki, &spki_len) != 0)
		return CKR_ATTRIBUTE_VALUE_INVALID;
	p11_hash(P11_SHA1, val->value, val->len, hash);
	if ((rv = field(o, CKA_SUBJECT, sub, sub_len)) != CKR_OK ||
	    (rv = field(o, CKA_ISSUER, iss, iss_len)) != CKR_OK ||
	    (rv = field(o, CKA_SERIAL_NUMBER, ser, ser_len)) != CKR_OK ||
	    (rv = p11_sobj_put(o, CKA_PUBLIC_KEY_INFO, spki, spki_len)) !=
	    CKR_OK)
		return rv;
	return p11_sobj_put(o, CKA_CHECK_VALUE, hash, P11_CHECK_VALUE_LEN);
}
