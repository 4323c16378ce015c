/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * C_CreateObject and C_DestroyObject.  A token object (CKA_TOKEN true) is
 * a certificate, written to the slot of its CKA_ID or of the key it
 * certifies; writing and deleting need the SO logged in with the
 * management key.  Anything else is a session object (p11_sobj.h), which
 * any session may make and destroy, read-only ones included.
 */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>

#include "pkcs11/p11_login.h"
#include "pkcs11/p11_session.h"
#include "pkcs11/p11_slot.h"
#include "pkcs11/p11_sobj.h"

struct cert_write {
	uint8_t piv;
	const uint8_t *der;
	size_t len;
};

static int
write_cert(uimkey_dev_t *dev, void *arg)
{
	const struct cert_write *w = arg;

	return uimkey_piv_write_cert(dev, w->piv, w->der, w->len);
}

static int
delete_cert(uimkey_dev_t *dev, void *arg)
{
	return uimkey_piv_delete_cert(dev, *(const uint8_t *)arg);
}

static int
delete_key(uimkey_dev_t *dev, void *arg)
{
	return uimkey_piv_delete_key(dev, *(const uint8_t *)arg);
}

static int
bool_is(const CK_ATTRIBUTE *a, CK_BBOOL want)
{
	return a->ulValueLen == sizeof(CK_BBOOL) && a->pValue != NULL &&
	    (*(const CK_BBOOL *)a->pValue != 0) == (want != 0);
}

static int
ulong_is(const CK_ATTRIBUTE *a, CK_ULONG want)
{
	CK_ULONG v;

	if (a->ulValueLen != sizeof(v) || a->pValue == NULL)
		return 0;
	memcpy(&v, a->pValue, sizeof(v));
	return v == want;
}

/* The key the certificate's public key belongs to; -1 if none. */
static int
key_of_cert(const struct p11_cache *c, const uint8_t *spki, size_t len)
{
	int i;

	for (i = 0; i < P11_KEY_ATTEST; i++)
		if (c->keys[i].alg != 0 && c->keys[i].spki_len == len &&
		    memcmp(c->keys[i].spki, spki, len) == 0)
			return i;
	return -1;
}

/* Whether the template is for a token object (CKA_TOKEN true; false is
 * the default).  *rv: CKR_ATTRIBUTE_VALUE_INVALID for a bad CKA_TOKEN. */
static int
token_object(const CK_ATTRIBUTE *t, CK_ULONG n, CK_RV *rv)
{
	CK_ULONG i;

	*rv = CKR_OK;
	for (i = 0; i < n; i++) {
		if (t[i].type != CKA_TOKEN)
			continue;
		if (t[i].ulValueLen != sizeof(CK_BBOOL) || t[i].pValue == NULL) {
			*rv = CKR_ATTRIBUTE_VALUE_INVALID;
			return 0;
		}
		return *(const CK_BBOOL *)t[i].pValue != CK_FALSE;
	}
	return 0;
}

static CK_RV
cert_template(const CK_ATTRIBUTE *t, CK_ULONG n, const struct p11_cache *c,
    const uint8_t **der, size_t *der_len, int *idx)
{
	const uint8_t *ser, *iss, *sub, *spki;
	size_t ser_len, iss_len, sub_len, spki_len;
	int have_class = 0;
	CK_ULONG i;

	*der = NULL;
	*idx = -1;
	for (i = 0; i < n; i++) {
		switch (t[i].type) {
		case CKA_CLASS:
			if (!ulong_is(&t[i], CKO_CERTIFICATE))
				return CKR_TEMPLATE_INCONSISTENT;
			have_class = 1;
			break;
		case CKA_CERTIFICATE_TYPE:
			if (!ulong_is(&t[i], CKC_X_509))
				return CKR_ATTRIBUTE_VALUE_INVALID;
			break;
		case CKA_TOKEN:
			if (!bool_is(&t[i], CK_TRUE))
				return CKR_TEMPLATE_INCONSISTENT;
			break;
		case CKA_PRIVATE:
			if (!bool_is(&t[i], CK_FALSE))
				return CKR_TEMPLATE_INCONSISTENT;
			break;
		case CKA_VALUE:
			if (t[i].pValue == NULL || t[i].ulValueLen == 0 ||
			    t[i].ulValueLen > UIMKEY_PIV_CERT_MAX)
				return CKR_ATTRIBUTE_VALUE_INVALID;
			*der = t[i].pValue;
			*der_len = t[i].ulValueLen;
			break;
		case CKA_ID:
			if (t[i].ulValueLen != 1 || t[i].pValue == NULL ||
			    *(const uint8_t *)t[i].pValue < 1 ||
			    *(const uint8_t *)t[i].pValue > P11_KEY_ATTEST)
				return CKR_ATTRIBUTE_VALUE_INVALID;
			*idx = *(const uint8_t *)t[i].pValue - 1;
			break;
		case CKA_LABEL: case CKA_SUBJECT: case CKA_ISSUER:
		case CKA_SERIAL_NUMBER: case CKA_TRUSTED:
		case CKA_CERTIFICATE_CATEGORY: case CKA_MODIFIABLE:
		case CKA_START_DATE: case CKA_END_DATE: case CKA_CHECK_VALUE:
		case CKA_DESTROYABLE: case CKA_COPYABLE: case CKA_URL:
		case CKA_JAVA_MIDP_SECURITY_DOMAIN:
			break;          /* given by the certificate or fixed */
		default:
			return CKR_ATTRIBUTE_TYPE_INVALID;
		}
	}
	if (!have_class || *der == NULL)
		return CKR_TEMPLATE_INCOMPLETE;
	if (p11_x509_fields(*der, *der_len, &ser, &ser_len, &iss, &iss_len,
	    &sub, &sub_len, &spki, &spki_len) != 0)
		return CKR_ATTRIBUTE_VALUE_INVALID;
	if (*idx < 0)
		*idx = key_of_cert(c, spki, spki_len);
	return *idx < 0 ? CKR_TEMPLATE_INCOMPLETE : CKR_OK;
}

P11_EXPORT CK_RV
C_CreateObject(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate,
    CK_ULONG ulCount, CK_OBJECT_HANDLE_PTR phObject)
{
	struct p11_session *s;
	struct p11_slot *slot;
	struct p11_cache *c;
	struct cert_write w;
	int idx;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	slot = p11_session_slot(s);
	if ((pTemplate == NULL && ulCount > 0) || phObject == NULL) {
		rv = CKR_ARGUMENTS_BAD;
		goto out;
	}
	if (!token_object(pTemplate, ulCount, &rv)) {
		if (rv == CKR_OK)
			rv = p11_sobj_create(s, pTemplate, ulCount, phObject);
		goto out;
	}
	if (!(s->flags & CKF_RW_SESSION)) {
		rv = CKR_SESSION_READ_ONLY;
		goto out;
	}
	if ((rv = p11_cache_get(slot, &c)) != CKR_OK ||
	    (rv = cert_template(pTemplate, ulCount, c, &w.der, &w.len,
	    &idx)) != CKR_OK)
		goto out;
	w.piv = p11_key_piv(idx);
	if ((rv = p11_card_admin(s, write_cert, &w)) != CKR_OK)
		goto out;
	if (p11_key_set_cert(&c->keys[idx], w.der, w.len) != 0) {
		/* Written, but not kept: read it again next time. */
		p11_cache_free(&slot->cache);
		rv = CKR_HOST_MEMORY;
		goto out;
	}
	*phObject = p11_obj_handle(slot->id, P11_CERT, idx);
out:
	p11_session_leave(s);
	return rv;
}

static CK_RV
destroy_token_obj(struct p11_session *s, struct p11_obj *o)
{
	struct p11_key *k = o->key;
	uint8_t piv = k->piv;
	CK_RV rv;

	if (!(s->flags & CKF_RW_SESSION))
		return CKR_SESSION_READ_ONLY;
	if (o->kind == P11_CERT && o->idx != P11_KEY_ATTEST) {
		if ((rv = p11_card_admin(s, delete_cert, &piv)) == CKR_OK)
			(void)p11_key_set_cert(k, NULL, 0);
		return rv;
	}
	if (o->kind == P11_PRIV) {
		rv = p11_card_admin(s, delete_key, &piv);
		if (rv == CKR_OK || rv == CKR_KEY_HANDLE_INVALID) {
			free(k->attest);
			k->attest = NULL;
			k->attest_len = 0;
			k->attest_tried = 0;
			k->alg = 0;
			k->spki_len = 0;
			k->origin = 0;
			memset(&k->pk, 0, sizeof(k->pk));
		}
		return rv;
	}
	/* A public key goes with its private key; attestations are the
	 * card's (CKA_DESTROYABLE false). */
	return CKR_ACTION_PROHIBITED;
}

P11_EXPORT CK_RV
C_DestroyObject(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject)
{
	struct p11_session *s;
	struct p11_obj o;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	if ((rv = p11_obj_find(s, hObject, &o)) != CKR_OK)
		goto out;
	if (o.kind != P11_SESSION)
		rv = destroy_token_obj(s, &o);
	else if (!p11_sobj_bool(o.sobj, CKA_DESTROYABLE))
		rv = CKR_ACTION_PROHIBITED;
	else
		p11_sobj_destroy(p11_session_slot(s), hObject);
out:
	p11_session_leave(s);
	return rv;
}
