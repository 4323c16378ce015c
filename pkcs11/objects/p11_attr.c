/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Attribute values of the module's objects (PKCS#11 v2.40 section 4).
 * Each value either points into the cached object or is built in the
 * caller's scratch buffer.
 */
#include <stdio.h>
#include <string.h>

#include "pkcs11/p11_curve.h"
#include "pkcs11/p11_obj.h"
#include "pkcs11/p11_pub.h"
#include "pkcs11/p11_slot.h"
#include "pkcs11/p11_sobj.h"

struct out {
	uint8_t *scratch;
	const uint8_t **ptr;
	size_t *len;
};

static CK_RV
put(const struct out *o, const void *p, size_t len)
{
	*o->ptr = p;
	*o->len = len;
	return CKR_OK;
}

static CK_RV
put_bool(const struct out *o, int b)
{
	o->scratch[0] = b ? CK_TRUE : CK_FALSE;
	return put(o, o->scratch, sizeof(CK_BBOOL));
}

static CK_RV
put_ulong(const struct out *o, CK_ULONG v)
{
	memcpy(o->scratch, &v, sizeof(v));
	return put(o, o->scratch, sizeof(v));
}

static CK_RV
put_str(const struct out *o, const char *s)
{
	size_t n = strlen(s);

	if (n >= P11_SCRATCH)
		n = P11_SCRATCH - 1;
	memcpy(o->scratch, s, n);
	return put(o, o->scratch, n);
}

/* ykcs11's names of the slots. */
static void
slot_name(int idx, char *buf, size_t cap)
{
	static const char *const names[] = { "PIV Authentication",
		"Digital Signature", "Key Management", "Card Authentication" };

	if (idx < 4)
		snprintf(buf, cap, "%s", names[idx]);
	else if (idx < P11_KEY_ATTEST)
		snprintf(buf, cap, "Retired Key %d", idx - 3);
	else
		snprintf(buf, cap, "PIV Attestation");
}

static CK_RV
put_label(const struct out *o, const struct p11_obj *ob)
{
	char name[32], label[P11_SCRATCH];

	slot_name(ob->idx, name, sizeof(name));
	switch (ob->kind) {
	case P11_PRIV:
		snprintf(label, sizeof(label), "Private key for %s", name);
		break;
	case P11_PUB:
		snprintf(label, sizeof(label), "Public key for %s", name);
		break;
	case P11_CERT:
		snprintf(label, sizeof(label), "X.509 Certificate for %s", name);
		break;
	default:
		snprintf(label, sizeof(label),
		    "X.509 Certificate for PIV Attestation %02x", ob->key->piv);
		break;
	}
	return put_str(o, label);
}

/* Subject of the key's certificate, for the keys; empty without one. */
static CK_RV
put_cert_field(const struct out *o, const uint8_t *der, size_t der_len,
    CK_ATTRIBUTE_TYPE t)
{
	const uint8_t *ser = NULL, *iss = NULL, *sub = NULL, *spki = NULL;
	size_t ser_len = 0, iss_len = 0, sub_len = 0, spki_len = 0;

	if (der == NULL || p11_x509_fields(der, der_len, &ser, &ser_len, &iss,
	    &iss_len, &sub, &sub_len, &spki, &spki_len) != 0)
		return put(o, o->scratch, 0);
	if (t == CKA_SUBJECT)
		return put(o, sub, sub_len);
	if (t == CKA_ISSUER)
		return put(o, iss, iss_len);
	if (t == CKA_SERIAL_NUMBER)
		return put(o, ser, ser_len);
	return put(o, spki, spki_len);
}

/* Attributes every key of a slot has (private and public). */
static CK_RV
key_common(const struct out *o, const struct p11_obj *ob,
    CK_ATTRIBUTE_TYPE t)
{
	const struct p11_key *k = ob->key;
	int gen = k->origin == UIMKEY_ORIGIN_GENERATED;
	const uint8_t *p;
	size_t n;

	switch (t) {
	case CKA_KEY_TYPE:
		return put_ulong(o, p11_key_is_ec(k) ? CKK_EC : CKK_RSA);
	case CKA_LOCAL:
		return put_bool(o, gen);
	case CKA_KEY_GEN_MECHANISM:
		return put_ulong(o, !gen ? CK_UNAVAILABLE_INFORMATION :
		    p11_key_is_ec(k) ? CKM_EC_KEY_PAIR_GEN : CKM_RSA_PKCS_KEY_PAIR_GEN);
	case CKA_START_DATE:
	case CKA_END_DATE:
		return put(o, o->scratch, 0);
	case CKA_DERIVE:
		/* Both halves, as OpenSC's PIV module shows them. */
		return put_bool(o, p11_key_is_ec(k) &&
		    (p11_key_decipher_role(ob->idx) || ob->idx == 0));
	case CKA_SUBJECT:
		return put_cert_field(o, k->cert, k->cert_len, CKA_SUBJECT);
	case CKA_PUBLIC_KEY_INFO:
		return put(o, k->spki, k->spki_len);
	case CKA_EC_PARAMS:
		if (!p11_key_is_ec(k))
			break;
		p = p11_curve_oid(k->alg, &n);
		return put(o, p, n);
	case CKA_EC_POINT:
		if (!p11_key_is_ec(k) || k->pk.point_len > P11_SCRATCH - 2)
			break;
		/* DER OCTET STRING of the uncompressed point. */
		o->scratch[0] = 0x04;
		o->scratch[1] = (uint8_t)k->pk.point_len;
		memcpy(o->scratch + 2, k->pk.point, k->pk.point_len);
		return put(o, o->scratch, 2 + k->pk.point_len);
	case CKA_MODULUS:
		if (p11_key_is_ec(k))
			break;
		return put(o, k->pk.n, k->pk.n_len);
	case CKA_PUBLIC_EXPONENT:
		if (p11_key_is_ec(k))
			break;
		return put(o, k->pk.e, k->pk.e_len);
	default:
		break;
	}
	return CKR_ATTRIBUTE_TYPE_INVALID;
}

static CK_RV
priv_attr(const struct out *o, const struct p11_obj *ob, CK_ATTRIBUTE_TYPE t)
{
	const struct p11_key *k = ob->key;
	int rsa = !p11_key_is_ec(k), dec = p11_key_decipher_role(ob->idx) ||
	    ob->idx == 0;

	switch (t) {
	case CKA_PRIVATE:
		return put_bool(o, k->pin_policy != UIMKEY_PIN_POLICY_NEVER);
	case CKA_SENSITIVE:
	case CKA_ALWAYS_SENSITIVE:
	case CKA_NEVER_EXTRACTABLE:
	case CKA_SIGN:
		return put_bool(o, 1);
	case CKA_EXTRACTABLE:
	case CKA_SIGN_RECOVER:
	case CKA_WRAP_WITH_TRUSTED:
		return put_bool(o, 0);
	case CKA_DECRYPT:
	case CKA_UNWRAP:
		return put_bool(o, rsa && dec);
	case CKA_ALWAYS_AUTHENTICATE:
		return put_bool(o, k->pin_policy == UIMKEY_PIN_POLICY_ALWAYS);
	case CKA_VALUE:
	case CKA_PRIVATE_EXPONENT:
	case CKA_PRIME_1:
	case CKA_PRIME_2:
	case CKA_EXPONENT_1:
	case CKA_EXPONENT_2:
	case CKA_COEFFICIENT:
		if (t != CKA_VALUE && !rsa)
			break;
		return CKR_ATTRIBUTE_SENSITIVE;
	default:
		return key_common(o, ob, t);
	}
	return CKR_ATTRIBUTE_TYPE_INVALID;
}

static CK_RV
pub_attr(const struct out *o, const struct p11_obj *ob, CK_ATTRIBUTE_TYPE t)
{
	const struct p11_key *k = ob->key;
	int rsa = !p11_key_is_ec(k), dec = p11_key_decipher_role(ob->idx) ||
	    ob->idx == 0;

	switch (t) {
	case CKA_PRIVATE:
	case CKA_VERIFY_RECOVER:
	case CKA_TRUSTED:
		return put_bool(o, 0);
	case CKA_VERIFY:
		return put_bool(o, 1);
	case CKA_ENCRYPT:
	case CKA_WRAP:
		return put_bool(o, rsa && dec);
	case CKA_MODULUS_BITS:
		if (!rsa)
			break;
		return put_ulong(o, p11_key_bits(k));
	default:
		return key_common(o, ob, t);
	}
	return CKR_ATTRIBUTE_TYPE_INVALID;
}

static CK_RV
cert_attr(const struct out *o, const struct p11_obj *ob, CK_ATTRIBUTE_TYPE t)
{
	const struct p11_key *k = ob->key;
	const uint8_t *der = ob->kind == P11_CERT ? k->cert : k->attest;
	size_t len = ob->kind == P11_CERT ? k->cert_len : k->attest_len;

	switch (t) {
	case CKA_PRIVATE:
	case CKA_TRUSTED:
		return put_bool(o, 0);
	case CKA_CERTIFICATE_TYPE:
		return put_ulong(o, CKC_X_509);
	case CKA_CERTIFICATE_CATEGORY:
		/* The F9 certificate is the attestation CA. */
		return put_ulong(o, ob->kind == P11_CERT &&
		    ob->idx == P11_KEY_ATTEST ? 2 : 0);
	case CKA_JAVA_MIDP_SECURITY_DOMAIN:
		return put_ulong(o, 0);
	case CKA_VALUE:
		return put(o, der, der == NULL ? 0 : len);
	case CKA_SUBJECT:
	case CKA_ISSUER:
	case CKA_SERIAL_NUMBER:
	case CKA_PUBLIC_KEY_INFO:
		return put_cert_field(o, der, len, t);
	case CKA_START_DATE:
	case CKA_END_DATE:
	case CKA_URL:
	case CKA_HASH_OF_SUBJECT_PUBLIC_KEY:
	case CKA_HASH_OF_ISSUER_PUBLIC_KEY:
		return put(o, o->scratch, 0);
	default:
		break;
	}
	return CKR_ATTRIBUTE_TYPE_INVALID;
}

/* A profile object (PKCS#11 v3.0) has no CKA_ID; its label is empty. */
static CK_RV
profile_attr(const struct out *o, CK_ATTRIBUTE_TYPE t)
{
	switch (t) {
	case CKA_CLASS:
		return put_ulong(o, CKO_PROFILE);
	case CKA_PROFILE_ID:
		return put_ulong(o, CKP_PUBLIC_CERTIFICATES_TOKEN);
	case CKA_TOKEN:
		return put_bool(o, 1);
	case CKA_PRIVATE:
	case CKA_MODIFIABLE:
	case CKA_COPYABLE:
	case CKA_DESTROYABLE:
		return put_bool(o, 0);
	case CKA_LABEL:
		return put(o, o->scratch, 0);
	default:
		break;
	}
	return CKR_ATTRIBUTE_TYPE_INVALID;
}

CK_RV
p11_attr(const struct p11_obj *ob, CK_ATTRIBUTE_TYPE t, uint8_t *scratch,
    const uint8_t **ptr, size_t *len)
{
	static const CK_OBJECT_CLASS classes[] = { 0, CKO_PRIVATE_KEY,
		CKO_PUBLIC_KEY, CKO_CERTIFICATE, CKO_CERTIFICATE };
	struct out o = { scratch, ptr, len };

	if (ob->kind == P11_SESSION)
		return p11_sobj_attr(ob->sobj, t, ptr, len);
	if (ob->kind == P11_PROFILE)
		return profile_attr(&o, t);
	/* Attributes of every token object. */
	switch (t) {
	case CKA_CLASS:
		return put_ulong(&o, classes[ob->kind]);
	case CKA_TOKEN:
		return put_bool(&o, 1);
	case CKA_MODIFIABLE:
	case CKA_COPYABLE:
		return put_bool(&o, 0);
	case CKA_DESTROYABLE:
		/* Keys through their private half; not attestations. */
		return put_bool(&o, ob->kind == P11_PRIV ||
		    (ob->kind == P11_CERT && ob->idx != P11_KEY_ATTEST));
	case CKA_LABEL:
		return put_label(&o, ob);
	case CKA_ID:
		if (ob->kind == P11_ATTEST) {
			scratch[0] = P11_ID_ATTEST;
			scratch[1] = (uint8_t)(ob->idx + 1);
			return put(&o, scratch, 2);
		}
		scratch[0] = (uint8_t)(ob->idx + 1);
		return put(&o, scratch, 1);
	default:
		break;
	}
	if (ob->kind == P11_PRIV)
		return priv_attr(&o, ob, t);
	if (ob->kind == P11_PUB)
		return pub_attr(&o, ob, t);
	return cert_attr(&o, ob, t);
}

int
p11_obj_match(const struct p11_obj *ob, const CK_ATTRIBUTE *tmpl,
    CK_ULONG n)
{
	uint8_t scratch[P11_SCRATCH];
	const uint8_t *p;
	size_t len;
	CK_ULONG i;

	for (i = 0; i < n; i++) {
		if (p11_attr(ob, tmpl[i].type, scratch, &p, &len) != CKR_OK ||
		    len != tmpl[i].ulValueLen ||
		    (len > 0 && (tmpl[i].pValue == NULL ||
		    memcmp(p, tmpl[i].pValue, len) != 0)))
			return 0;
	}
	return 1;
}
