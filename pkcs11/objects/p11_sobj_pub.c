/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Session public keys: the parts an application gives, checked and put
 * in the one form the module answers with (CKA_EC_PARAMS an OID,
 * CKA_EC_POINT a DER OCTET STRING, RSA integers without leading zeros),
 * and the key C_Verify and C_Encrypt use.  CKA_EC_POINT is taken as a
 * DER OCTET STRING or, as many modules take it, as the raw point.
 */
#include <string.h>

#include <bearssl.h>

#include "pkcs11/p11_curve.h"
#include "pkcs11/p11_mech.h"
#include "pkcs11/p11_pub.h"
#include "pkcs11/p11_sobj.h"
#include "pkcs11/p11_spki.h"

/* Longest public exponent the host's RSA takes (p11_pub_rsa). */
#define P11_RSA_E_MAX  8

/* The uncompressed point of CKA_EC_POINT (DER OCTET STRING or raw). */
static const uint8_t *
point_of(const struct p11_sattr *a, size_t n)
{
	size_t want = 1 + 2 * n;
	const uint8_t *v = a->value;

	if (a->len == want && v[0] == 0x04)
		return v;
	if (want < 0x80 && a->len == 2 + want && v[0] == 0x04 &&
	    v[1] == want && v[2] == 0x04)
		return v + 2;
	if (want >= 0x80 && want < 0x100 && a->len == 3 + want &&
	    v[0] == 0x04 && v[1] == 0x81 && v[2] == want && v[3] == 0x04)
		return v + 3;
	return NULL;
}

/* Whether q (04 X Y) is a point of the curve: BearSSL refuses to
 * multiply any other by 1. */
static int
on_curve(const uint8_t *q, size_t len, uint8_t alg)
{
	static const uint8_t one[1] = { 1 };
	uint8_t copy[P11_EC_POINT_MAX];

	if (len > sizeof(copy))
		return 0;
	memcpy(copy, q, len);
	return br_ec_get_default()->mul(copy, len, one, sizeof(one),
	    p11_curve_br_id(alg)) == 1;
}

static CK_RV
ec_finish(struct p11_sobj *o)
{
	const struct p11_sattr *params = p11_sobj_get(o, CKA_EC_PARAMS);
	const struct p11_sattr *pt;
	uint8_t der[3 + P11_EC_POINT_MAX];
	const uint8_t *oid, *q;
	size_t oid_len, n, hdr;
	int alg;
	CK_RV rv;

	alg = p11_curve_of_params(params->value, params->len);
	if (alg < 0)
		return CKR_ATTRIBUTE_VALUE_INVALID;
	if (alg == 0)
		return CKR_CURVE_NOT_SUPPORTED;
	n = p11_curve_bytes((uint8_t)alg);
	if ((q = point_of(p11_sobj_get(o, CKA_EC_POINT), n)) == NULL ||
	    !on_curve(q, 1 + 2 * n, (uint8_t)alg))
		return CKR_ATTRIBUTE_VALUE_INVALID;
	hdr = 1 + 2 * n < 0x80 ? 2 : 3;
	der[0] = 0x04;
	der[1] = 0x81;
	der[hdr - 1] = (uint8_t)(1 + 2 * n);
	memcpy(der + hdr, q, 1 + 2 * n);
	oid = p11_curve_oid((uint8_t)alg, &oid_len);
	if ((rv = p11_sobj_put(o, CKA_EC_PARAMS, oid, oid_len)) != CKR_OK ||
	    (rv = p11_sobj_put(o, CKA_EC_POINT, der, hdr + 1 + 2 * n)) !=
	    CKR_OK)
		return rv;
	pt = p11_sobj_get(o, CKA_EC_POINT);
	o->key.alg = (uint8_t)alg;
	o->key.pk.alg = (uint8_t)alg;
	o->key.pk.point = pt->value + hdr;
	o->key.pk.point_len = 1 + 2 * n;
	return CKR_OK;
}

/* An unsigned big-endian integer without its leading zeros. */
static void
strip(const struct p11_sattr *a, const uint8_t **v, size_t *len)
{
	*v = a->value;
	*len = a->len;
	while (*len > 0 && (*v)[0] == 0) {
		(*v)++;
		(*len)--;
	}
}

static CK_RV
rsa_finish(struct p11_sobj *o)
{
	const uint8_t *n, *e;
	size_t n_len, e_len;
	struct p11_key *k = &o->key;
	CK_RV rv;

	strip(p11_sobj_get(o, CKA_MODULUS), &n, &n_len);
	strip(p11_sobj_get(o, CKA_PUBLIC_EXPONENT), &e, &e_len);
	/* Odd numbers; the modulus of a size the mechanisms take. */
	if (n_len == 0 || n_len > UIMKEY_PIV_SIG_MAX || (n[n_len - 1] & 1) == 0 ||
	    e_len == 0 || e_len > P11_RSA_E_MAX || (e[e_len - 1] & 1) == 0 ||
	    (e_len == 1 && e[0] == 1))
		return CKR_ATTRIBUTE_VALUE_INVALID;
	/* Keep the stripped values (copied before the old ones go). */
	if ((rv = p11_sobj_put(o, CKA_MODULUS, n, n_len)) != CKR_OK)
		return rv;
	strip(p11_sobj_get(o, CKA_MODULUS), &n, &n_len);
	if ((rv = p11_sobj_put(o, CKA_PUBLIC_EXPONENT, e, e_len)) != CKR_OK)
		return rv;
	strip(p11_sobj_get(o, CKA_PUBLIC_EXPONENT), &e, &e_len);
	k->alg = P11_ALG_RSA_HOST;
	k->pk.alg = P11_ALG_RSA_HOST;
	k->pk.n = n;
	k->pk.n_len = n_len;
	k->pk.e = e;
	k->pk.e_len = e_len;
	if (p11_key_bits(k) < P11_RSA_MIN_BITS ||
	    p11_key_bits(k) > P11_RSA_MAX_BITS)
		return CKR_ATTRIBUTE_VALUE_INVALID;
	return p11_sobj_put_ulong(o, CKA_MODULUS_BITS, p11_key_bits(k));
}

CK_RV
p11_sobj_pub_finish(struct p11_sobj *o)
{
	uint8_t spki[P11_SPKI_MAX];
	int rsa = p11_sobj_ulong(o, CKA_KEY_TYPE) == CKK_RSA;
	size_t len;
	CK_RV rv;

	if ((rv = rsa ? rsa_finish(o) : ec_finish(o)) != CKR_OK)
		return rv;
	/* Encryption is for RSA keys, by default. */
	if (p11_sobj_get(o, CKA_ENCRYPT) == NULL &&
	    (rv = p11_sobj_put_bool(o, CKA_ENCRYPT, rsa)) != CKR_OK)
		return rv;
	if ((len = p11_spki_build(&o->key, spki, sizeof(spki))) == 0)
		return CKR_GENERAL_ERROR;
	if ((rv = p11_sobj_put(o, CKA_PUBLIC_KEY_INFO, spki, len)) != CKR_OK)
		return rv;
	o->has_key = 1;
	return CKR_OK;
}
