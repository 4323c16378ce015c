/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Templates of session objects: the attributes C_CreateObject takes for
 * each class it makes (PKCS#11 v2.40 4.4 data objects, 4.6 X.509
 * certificates, 4.8 public keys; EC and RSA keys in the mechanisms
 * document), their defaults, and those C_SetAttributeValue may change.
 * Defaults the standard leaves to the token: CKA_PRIVATE false,
 * CKA_VERIFY true, CKA_ENCRYPT true for RSA keys, CKA_WRAP and
 * CKA_VERIFY_RECOVER false (the module offers neither).
 */
#include <stdlib.h>
#include <string.h>

#include "pkcs11/p11_session.h"
#include "pkcs11/p11_slot.h"
#include "pkcs11/p11_sobj.h"

enum form { F_BOOL = 1, F_ULONG, F_BYTES, F_DATE };

#define NEEDED  0x01    /* the template must give it */
#define SET     0x02    /* C_SetAttributeValue may change it */
#define FIXED   0x04    /* only the default may be given */
#define MADE    0x08    /* the module makes it; a template may repeat it */
#define LATER   0x10    /* no default here: the class's finish makes it */

struct spec {
	CK_ATTRIBUTE_TYPE type;
	uint8_t form, flags;
	CK_ULONG def;
};

#define N(a)  (sizeof(a) / sizeof((a)[0]))

static const struct spec storage[] = {
	{ CKA_CLASS, F_ULONG, NEEDED, 0 },
	{ CKA_TOKEN, F_BOOL, FIXED, CK_FALSE },
	{ CKA_PRIVATE, F_BOOL, 0, CK_FALSE },
	{ CKA_MODIFIABLE, F_BOOL, 0, CK_TRUE },
	/* C_CopyObject is not offered. */
	{ CKA_COPYABLE, F_BOOL, FIXED, CK_FALSE },
	{ CKA_DESTROYABLE, F_BOOL, 0, CK_TRUE },
	{ CKA_LABEL, F_BYTES, SET, 0 },
};

static const struct spec data_obj[] = {
	{ CKA_APPLICATION, F_BYTES, SET, 0 },
	{ CKA_OBJECT_ID, F_BYTES, SET, 0 },
	{ CKA_VALUE, F_BYTES, SET, 0 },
};

static const struct spec x509[] = {
	{ CKA_CERTIFICATE_TYPE, F_ULONG, NEEDED, 0 },
	/* Only the SO may trust a certificate. */
	{ CKA_TRUSTED, F_BOOL, FIXED, CK_FALSE },
	{ CKA_CERTIFICATE_CATEGORY, F_ULONG, 0, 0 },
	{ CKA_CHECK_VALUE, F_BYTES, MADE | LATER, 0 },
	{ CKA_START_DATE, F_DATE, SET, 0 },
	{ CKA_END_DATE, F_DATE, SET, 0 },
	{ CKA_PUBLIC_KEY_INFO, F_BYTES, MADE | LATER, 0 },
	{ CKA_SUBJECT, F_BYTES, SET | LATER, 0 },
	{ CKA_ID, F_BYTES, SET, 0 },
	{ CKA_ISSUER, F_BYTES, SET | LATER, 0 },
	{ CKA_SERIAL_NUMBER, F_BYTES, SET | LATER, 0 },
	{ CKA_VALUE, F_BYTES, NEEDED, 0 },
	{ CKA_URL, F_BYTES, 0, 0 },
	{ CKA_HASH_OF_SUBJECT_PUBLIC_KEY, F_BYTES, 0, 0 },
	{ CKA_HASH_OF_ISSUER_PUBLIC_KEY, F_BYTES, 0, 0 },
	{ CKA_JAVA_MIDP_SECURITY_DOMAIN, F_ULONG, 0, 0 },
	{ CKA_NAME_HASH_ALGORITHM, F_ULONG, 0, CKM_SHA_1 },
};

static const struct spec pub_key[] = {
	{ CKA_KEY_TYPE, F_ULONG, NEEDED, 0 },
	{ CKA_ID, F_BYTES, SET, 0 },
	{ CKA_START_DATE, F_DATE, SET, 0 },
	{ CKA_END_DATE, F_DATE, SET, 0 },
	{ CKA_DERIVE, F_BOOL, SET, CK_FALSE },
	{ CKA_LOCAL, F_BOOL, MADE, CK_FALSE },
	{ CKA_KEY_GEN_MECHANISM, F_ULONG, MADE, CK_UNAVAILABLE_INFORMATION },
	{ CKA_SUBJECT, F_BYTES, SET, 0 },
	{ CKA_ENCRYPT, F_BOOL, SET | LATER, 0 },
	{ CKA_VERIFY, F_BOOL, SET, CK_TRUE },
	{ CKA_VERIFY_RECOVER, F_BOOL, SET, CK_FALSE },
	{ CKA_WRAP, F_BOOL, SET, CK_FALSE },
	{ CKA_TRUSTED, F_BOOL, FIXED, CK_FALSE },
	{ CKA_PUBLIC_KEY_INFO, F_BYTES, MADE | LATER, 0 },
};

static const struct spec ec_key[] = {
	{ CKA_EC_PARAMS, F_BYTES, NEEDED, 0 },
	{ CKA_EC_POINT, F_BYTES, NEEDED, 0 },
};

static const struct spec rsa_key[] = {
	{ CKA_MODULUS, F_BYTES, NEEDED, 0 },
	{ CKA_PUBLIC_EXPONENT, F_BYTES, NEEDED, 0 },
	{ CKA_MODULUS_BITS, F_ULONG, MADE | LATER, 0 },
};

/* The specs of a class: up to three tables. */
struct specs {
	const struct spec *t[3];
	size_t n[3];
};

static void
specs_add(struct specs *ss, const struct spec *t, size_t n)
{
	size_t i;

	for (i = 0; i < N(ss->t); i++) {
		if (ss->t[i] == NULL) {
			ss->t[i] = t;
			ss->n[i] = n;
			return;
		}
	}
}

/* CKR_OK with the tables of a class (and key type), or why not. */
static CK_RV
specs_of(CK_OBJECT_CLASS cls, CK_ULONG key_type, struct specs *ss)
{
	memset(ss, 0, sizeof(*ss));
	specs_add(ss, storage, N(storage));
	switch (cls) {
	case CKO_DATA:
		specs_add(ss, data_obj, N(data_obj));
		return CKR_OK;
	case CKO_CERTIFICATE:
		specs_add(ss, x509, N(x509));
		return CKR_OK;
	case CKO_PUBLIC_KEY:
		specs_add(ss, pub_key, N(pub_key));
		if (key_type == CKK_EC)
			specs_add(ss, ec_key, N(ec_key));
		else if (key_type == CKK_RSA)
			specs_add(ss, rsa_key, N(rsa_key));
		else
			return CKR_ATTRIBUTE_VALUE_INVALID;
		return CKR_OK;
	default:
		/* Private and secret keys are not imported. */
		return CKR_TEMPLATE_INCONSISTENT;
	}
}

static const struct spec *
spec_in(const struct spec *t, size_t n, CK_ATTRIBUTE_TYPE type)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].type == type)
			return &t[i];
	return NULL;
}

static const struct spec *
spec_of(const struct specs *ss, CK_ATTRIBUTE_TYPE type)
{
	const struct spec *sp;
	size_t i;

	for (i = 0; i < N(ss->t) && ss->t[i] != NULL; i++)
		if ((sp = spec_in(ss->t[i], ss->n[i], type)) != NULL)
			return sp;
	return NULL;
}

/* An attribute the template may not give: a public key's of the other
 * key type (inconsistent), or one the class does not have (invalid). */
static CK_RV
unknown(CK_OBJECT_CLASS cls, CK_ATTRIBUTE_TYPE type)
{
	if (cls == CKO_PUBLIC_KEY && (spec_in(ec_key, N(ec_key), type) !=
	    NULL || spec_in(rsa_key, N(rsa_key), type) != NULL))
		return CKR_TEMPLATE_INCONSISTENT;
	return CKR_ATTRIBUTE_TYPE_INVALID;
}

static int
ulong_of(const CK_ATTRIBUTE *a, CK_ULONG *v)
{
	if (a->pValue == NULL || a->ulValueLen != sizeof(*v))
		return -1;
	memcpy(v, a->pValue, sizeof(*v));
	return 0;
}

/* A DER OBJECT IDENTIFIER: 06, one short length, its contents. */
static int
is_oid(const uint8_t *p, size_t len)
{
	return len >= 3 && p[0] == 0x06 && p[1] < 0x80 && p[1] == len - 2 &&
	    (p[len - 1] & 0x80) == 0;
}

/* A CK_DATE: empty, or YYYYMMDD in ASCII digits. */
static int
is_date(const uint8_t *p, size_t len)
{
	size_t i;

	if (len != 0 && len != sizeof(CK_DATE))
		return 0;
	for (i = 0; i < len; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return 1;
}

/* The template's value of sp well-formed (CKR_ATTRIBUTE_VALUE_INVALID
 * otherwise); a CK_BBOOL comes back as 0 or 1 in *b. */
static CK_RV
check_value(const struct spec *sp, const CK_ATTRIBUTE *a, CK_BBOOL *b)
{
	const uint8_t *v = a->pValue;
	CK_ULONG u;

	if (v == NULL && a->ulValueLen > 0)
		return CKR_ATTRIBUTE_VALUE_INVALID;
	switch (sp->form) {
	case F_BOOL:
		if (a->ulValueLen != sizeof(CK_BBOOL) || v == NULL)
			return CKR_ATTRIBUTE_VALUE_INVALID;
		*b = v[0] != 0;
		if ((sp->flags & FIXED) && *b != sp->def)
			return CKR_ATTRIBUTE_VALUE_INVALID;
		return CKR_OK;
	case F_ULONG:
		if (ulong_of(a, &u) != 0 ||
		    ((sp->flags & FIXED) && u != sp->def))
			return CKR_ATTRIBUTE_VALUE_INVALID;
		return CKR_OK;
	case F_DATE:
		return is_date(v, a->ulValueLen) ? CKR_OK :
		    CKR_ATTRIBUTE_VALUE_INVALID;
	default:
		if (a->ulValueLen > P11_SOBJ_VALUE_MAX)
			return CKR_HOST_MEMORY;
		if (sp->type == CKA_OBJECT_ID && a->ulValueLen > 0 &&
		    !is_oid(v, a->ulValueLen))
			return CKR_ATTRIBUTE_VALUE_INVALID;
		return CKR_OK;
	}
}

static int
repeated(const CK_ATTRIBUTE *t, CK_ULONG i)
{
	CK_ULONG j;

	for (j = 0; j < i; j++)
		if (t[j].type == t[i].type)
			return 1;
	return 0;
}

static const CK_ATTRIBUTE *
tmpl_find(const CK_ATTRIBUTE *t, CK_ULONG n, CK_ATTRIBUTE_TYPE type)
{
	CK_ULONG i;

	for (i = 0; i < n; i++)
		if (t[i].type == type)
			return &t[i];
	return NULL;
}

/* The template's values, then the defaults of what it left out. */
static CK_RV
fill(struct p11_sobj *o, const struct specs *ss, const CK_ATTRIBUTE *t,
    CK_ULONG n)
{
	const struct spec *sp;
	CK_BBOOL b = 0;
	CK_ULONG i;
	size_t k, j;
	CK_RV rv;

	for (i = 0; i < n; i++) {
		if ((sp = spec_of(ss, t[i].type)) == NULL)
			return unknown(o->cls, t[i].type);
		if (repeated(t, i))
			return CKR_TEMPLATE_INCONSISTENT;
		if ((rv = check_value(sp, &t[i], &b)) != CKR_OK)
			return rv;
		if (sp->flags & MADE)
			continue;       /* compared once made */
		rv = sp->form == F_BOOL ? p11_sobj_put_bool(o, sp->type, b) :
		    p11_sobj_put(o, sp->type, t[i].pValue, t[i].ulValueLen);
		if (rv != CKR_OK)
			return rv;
	}
	for (k = 0; k < N(ss->t) && ss->t[k] != NULL; k++) {
		for (j = 0; j < ss->n[k]; j++) {
			sp = &ss->t[k][j];
			if (p11_sobj_get(o, sp->type) != NULL ||
			    ((sp->flags & MADE) && (sp->flags & LATER)))
				continue;
			if (sp->flags & NEEDED)
				return CKR_TEMPLATE_INCOMPLETE;
			if (sp->flags & LATER)
				continue;
			if (sp->form == F_BOOL)
				rv = p11_sobj_put_bool(o, sp->type, (int)sp->def);
			else if (sp->form == F_ULONG)
				rv = p11_sobj_put_ulong(o, sp->type, sp->def);
			else
				rv = p11_sobj_put(o, sp->type, NULL, 0);
			if (rv != CKR_OK)
				return rv;
		}
	}
	return CKR_OK;
}

/* Values the module made that the template gave too must agree. */
static CK_RV
check_made(const struct p11_sobj *o, const struct specs *ss,
    const CK_ATTRIBUTE *t, CK_ULONG n)
{
	const struct p11_sattr *a;
	const struct spec *sp;
	CK_ULONG i;

	for (i = 0; i < n; i++) {
		sp = spec_of(ss, t[i].type);
		if (sp == NULL || !(sp->flags & MADE))
			continue;
		a = p11_sobj_get(o, t[i].type);
		if (a == NULL || a->len != t[i].ulValueLen || (a->len > 0 &&
		    memcmp(a->value, t[i].pValue, a->len) != 0))
			return CKR_ATTRIBUTE_READ_ONLY;
	}
	return CKR_OK;
}

static CK_RV
finish(struct p11_sobj *o)
{
	switch (o->cls) {
	case CKO_PUBLIC_KEY:
		return p11_sobj_pub_finish(o);
	case CKO_CERTIFICATE:
		return p11_sobj_cert_finish(o);
	default:
		return CKR_OK;
	}
}

CK_RV
p11_sobj_create(struct p11_session *s, const CK_ATTRIBUTE *t, CK_ULONG n,
    CK_OBJECT_HANDLE *h)
{
	const CK_ATTRIBUTE *a;
	struct p11_sobj *o = NULL;
	CK_OBJECT_CLASS cls;
	CK_ULONG key_type = CK_UNAVAILABLE_INFORMATION;
	struct specs ss;
	CK_RV rv;

	if ((a = tmpl_find(t, n, CKA_CLASS)) == NULL) {
		rv = CKR_TEMPLATE_INCOMPLETE;
		goto fail;
	}
	if (ulong_of(a, &cls) != 0) {
		rv = CKR_ATTRIBUTE_VALUE_INVALID;
		goto fail;
	}
	if (cls == CKO_PUBLIC_KEY) {
		if ((a = tmpl_find(t, n, CKA_KEY_TYPE)) == NULL) {
			rv = CKR_TEMPLATE_INCOMPLETE;
			goto fail;
		}
		if (ulong_of(a, &key_type) != 0) {
			rv = CKR_ATTRIBUTE_VALUE_INVALID;
			goto fail;
		}
	}
	if ((rv = specs_of(cls, key_type, &ss)) != CKR_OK)
		goto fail;
	if ((o = p11_sobj_new(cls, s)) == NULL) {
		rv = CKR_HOST_MEMORY;
		goto fail;
	}
	if ((rv = fill(o, &ss, t, n)) != CKR_OK ||
	    (rv = finish(o)) != CKR_OK ||
	    (rv = check_made(o, &ss, t, n)) != CKR_OK)
		goto fail;
	/* A private object is the user's (PKCS#11 v2.40 5.5: only the
	 * user's sessions create and see private objects). */
	if (o->priv && p11_session_slot(s)->login != CKU_USER) {
		rv = CKR_USER_NOT_LOGGED_IN;
		goto fail;
	}
	rv = p11_sobj_add(o, h);
	o = NULL;               /* the store's now, or freed */
fail:
	p11_sobj_free(o);
	return rv;
}

/* C_SetAttributeValue: every value checked and copied first, then all
 * of them put in place at once. */
CK_RV
p11_sobj_set(struct p11_sobj *o, const CK_ATTRIBUTE *t, CK_ULONG n)
{
	uint8_t *copies[P11_SOBJ_ATTRS];
	const struct spec *sp;
	struct specs ss;
	CK_BBOOL b = 0;
	size_t old = o->bytes, grow = 0, shrink = 0, k;
	const struct p11_sattr *a;
	CK_ULONG i;
	CK_RV rv = CKR_OK;

	memset(copies, 0, sizeof(copies));
	if (!p11_sobj_bool(o, CKA_MODIFIABLE))
		return CKR_ACTION_PROHIBITED;
	if (n > P11_SOBJ_ATTRS)
		return CKR_TEMPLATE_INCONSISTENT;       /* repeats one */
	if ((rv = specs_of(o->cls, p11_sobj_ulong(o, CKA_KEY_TYPE), &ss)) !=
	    CKR_OK)
		return rv;
	for (i = 0; i < n; i++) {
		sp = spec_of(&ss, t[i].type);
		a = p11_sobj_get(o, t[i].type);
		if (sp == NULL || !(sp->flags & SET))
			return a != NULL ? CKR_ATTRIBUTE_READ_ONLY :
			    CKR_ATTRIBUTE_TYPE_INVALID;
		if (repeated(t, i))
			return CKR_TEMPLATE_INCONSISTENT;
		if ((rv = check_value(sp, &t[i], &b)) != CKR_OK)
			return rv;
		/* Every settable attribute exists: made at creation. */
		if (a == NULL)
			return CKR_GENERAL_ERROR;
		grow += t[i].ulValueLen;
		shrink += a->len;
	}
	/* Counted now, so that no other token's object takes the room
	 * meanwhile; given back if a copy fails. */
	if (!p11_sobj_charge(old, old - shrink + grow))
		return CKR_HOST_MEMORY;
	for (i = 0; i < n; i++) {
		if (t[i].ulValueLen == 0)
			continue;
		if ((copies[i] = malloc(t[i].ulValueLen)) == NULL) {
			rv = CKR_HOST_MEMORY;
			goto fail;
		}
		memcpy(copies[i], t[i].pValue, t[i].ulValueLen);
		sp = spec_of(&ss, t[i].type);
		if (sp != NULL && sp->form == F_BOOL)
			copies[i][0] = copies[i][0] != 0;
	}
	for (i = 0; i < n; i++) {
		p11_sobj_take(o, t[i].type, copies[i], t[i].ulValueLen);
		copies[i] = NULL;
	}
fail:
	if (rv != CKR_OK)
		(void)p11_sobj_charge(old - shrink + grow, old);
	for (k = 0; k < n; k++)
		free(copies[k]);
	return rv;
}
