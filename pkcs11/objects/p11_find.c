/* SPDX-License-Identifier: BSD-2-Clause */
/* C_FindObjects*, C_GetAttributeValue, C_GetObjectSize,
 * C_SetAttributeValue and C_CopyObject, on token and session objects. */
#include <stdlib.h>
#include <string.h>

#include "pkcs11/p11_session.h"
#include "pkcs11/p11_slot.h"
#include "pkcs11/p11_sobj.h"

/* Whether matching the template needs an attestation's certificate. */
static int
needs_value(const CK_ATTRIBUTE *tmpl, CK_ULONG n)
{
	CK_ULONG i;

	for (i = 0; i < n; i++)
		if (tmpl[i].type == CKA_VALUE || tmpl[i].type == CKA_SUBJECT ||
		    tmpl[i].type == CKA_ISSUER ||
		    tmpl[i].type == CKA_SERIAL_NUMBER ||
		    tmpl[i].type == CKA_PUBLIC_KEY_INFO)
			return 1;
	return 0;
}

/*
 * The key slots whose objects can match tmpl: none for CKA_TOKEN false;
 * with a CKA_ID, the one slot of that ID (ykcs11's numbering: 1 is index
 * 0, ...), or for an attestation's {25, n} the slot of the key it
 * attests, or none; else all of them.
 */
static uint32_t
slots_of(const CK_ATTRIBUTE *tmpl, CK_ULONG n)
{
	const uint8_t *v;
	CK_ULONG i;

	for (i = 0; i < n; i++) {
		/* Session objects only: nothing to read from the card. */
		if (tmpl[i].type == CKA_TOKEN && tmpl[i].pValue != NULL &&
		    tmpl[i].ulValueLen == sizeof(CK_BBOOL) &&
		    *(const CK_BBOOL *)tmpl[i].pValue == CK_FALSE)
			return 0;
	}
	for (i = 0; i < n; i++) {
		if (tmpl[i].type != CKA_ID)
			continue;
		v = tmpl[i].pValue;
		if (v == NULL)
			return 0;
		if (tmpl[i].ulValueLen == 1 && v[0] >= 1 && v[0] <= P11_KEYS)
			return 1u << (v[0] - 1);
		if (tmpl[i].ulValueLen == 2 && v[0] == P11_ID_ATTEST &&
		    v[1] >= 1 && v[1] <= P11_KEY_ATTEST)
			return 1u << (v[1] - 1);
		return 0;
	}
	return P11_ALL_KEYS;
}

static CK_RV
collect(struct p11_session *s, const CK_ATTRIBUTE *tmpl, CK_ULONG n)
{
	struct p11_slot *slot = p11_session_slot(s);
	struct p11_find *f = &s->find;
	struct p11_sobj *so;
	struct p11_cache *c = NULL;
	struct p11_obj o;
	CK_ULONG cap = P11_KEYS * 4 + P11_SOBJ_MAX;
	uint32_t mask = slots_of(tmpl, n);
	int kind, i;
	CK_RV rv;

	/* No token object can match: the card is not asked. */
	if (mask != 0 && (rv = p11_cache_get_some(slot, mask, &c)) != CKR_OK)
		return rv;
	if ((f->found = calloc(cap, sizeof(*f->found))) == NULL)
		return CKR_HOST_MEMORY;
	for (kind = P11_PRIV; kind <= P11_ATTEST; kind++) {
		for (i = 0; i < P11_KEYS; i++) {
			if (!(mask & (1u << i)))
				continue;
			memset(&o, 0, sizeof(o));
			o.kind = (enum p11_kind)kind;
			o.slot = slot;
			o.key = &c->keys[i];
			o.idx = i;
			if (!p11_obj_visible(s, &o))
				continue;
			if (kind == P11_ATTEST && needs_value(tmpl, n)) {
				p11_obj_fill(&o);
				if (!p11_obj_exists(&o))
					continue;
			}
			if (p11_obj_match(&o, tmpl, n))
				f->found[f->n++] = p11_obj_handle(slot->id,
				    o.kind, i);
		}
	}
	/* The profile is a token object too: none matches without a mask,
	 * and then no cache was read. */
	memset(&o, 0, sizeof(o));
	o.kind = P11_PROFILE;
	o.slot = slot;
	if (c != NULL) {
		o.key = &c->keys[0];
		if (p11_obj_match(&o, tmpl, n))
			f->found[f->n++] = p11_obj_handle(slot->id,
			    P11_PROFILE, 0);
	}
	for (so = p11_sobj_next(slot, NULL); so != NULL;
	    so = p11_sobj_next(slot, so)) {
		if (f->n == cap)
			break;
		memset(&o, 0, sizeof(o));
		o.kind = P11_SESSION;
		o.slot = slot;
		o.sobj = so;
		o.idx = -1;
		if (p11_obj_visible(s, &o) && p11_obj_match(&o, tmpl, n))
			f->found[f->n++] = so->handle;
	}
	return CKR_OK;
}

P11_EXPORT CK_RV
C_FindObjectsInit(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate,
    CK_ULONG ulCount)
{
	struct p11_session *s;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	if (pTemplate == NULL && ulCount > 0) {
		rv = CKR_ARGUMENTS_BAD;
		goto out;
	}
	if (s->find.active) {
		rv = CKR_OPERATION_ACTIVE;
		goto out;
	}
	if ((rv = collect(s, pTemplate, ulCount)) != CKR_OK) {
		free(s->find.found);
		memset(&s->find, 0, sizeof(s->find));
		goto out;
	}
	s->find.active = 1;
out:
	p11_session_leave(s);
	return rv;
}

P11_EXPORT CK_RV
C_FindObjects(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE_PTR phObject,
    CK_ULONG ulMaxObjectCount, CK_ULONG_PTR pulObjectCount)
{
	struct p11_session *s;
	struct p11_find *f;
	CK_ULONG i;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	f = &s->find;
	if (pulObjectCount == NULL || (phObject == NULL &&
	    ulMaxObjectCount > 0)) {
		rv = CKR_ARGUMENTS_BAD;
		goto out;
	}
	if (!f->active) {
		rv = CKR_OPERATION_NOT_INITIALIZED;
		goto out;
	}
	for (i = 0; i < ulMaxObjectCount && f->pos < f->n; i++)
		phObject[i] = f->found[f->pos++];
	*pulObjectCount = i;
out:
	p11_session_leave(s);
	return rv;
}

P11_EXPORT CK_RV
C_FindObjectsFinal(CK_SESSION_HANDLE hSession)
{
	struct p11_session *s;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	if (!s->find.active) {
		rv = CKR_OPERATION_NOT_INITIALIZED;
	} else {
		free(s->find.found);
		memset(&s->find, 0, sizeof(s->find));
	}
	p11_session_leave(s);
	return rv;
}

P11_EXPORT CK_RV
C_GetAttributeValue(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject,
    CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount)
{
	uint8_t scratch[P11_SCRATCH];
	struct p11_session *s;
	struct p11_obj o;
	const uint8_t *p;
	size_t len;
	CK_ULONG i;
	CK_RV rv, r;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	if (pTemplate == NULL && ulCount > 0) {
		rv = CKR_ARGUMENTS_BAD;
		goto out;
	}
	if ((rv = p11_obj_find(s, hObject, &o)) != CKR_OK)
		goto out;
	p11_obj_fill(&o);
	if (!p11_obj_exists(&o)) {
		rv = CKR_OBJECT_HANDLE_INVALID;
		goto out;
	}
	/* Every attribute is answered; the call's value says whether one
	 * was sensitive, unknown or too big (PKCS#11 v2.40 5.7). */
	for (i = 0; i < ulCount; i++) {
		r = p11_attr(&o, pTemplate[i].type, scratch, &p, &len);
		if (r == CKR_OK && pTemplate[i].pValue != NULL) {
			if (pTemplate[i].ulValueLen < len)
				r = CKR_BUFFER_TOO_SMALL;
			else
				memcpy(pTemplate[i].pValue, p, len);
		}
		pTemplate[i].ulValueLen = r == CKR_OK ? (CK_ULONG)len :
		    CK_UNAVAILABLE_INFORMATION;
		/* Any of the errors may be given (5.7): the first one. */
		if (r != CKR_OK && rv == CKR_OK)
			rv = r;
	}
out:
	p11_session_leave(s);
	return rv;
}

P11_EXPORT CK_RV
C_GetObjectSize(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject,
    CK_ULONG_PTR pulSize)
{
	struct p11_session *s;
	struct p11_obj o;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	if (pulSize == NULL)
		rv = CKR_ARGUMENTS_BAD;
	else if ((rv = p11_obj_find(s, hObject, &o)) == CKR_OK)
		/* Token objects' size on the card is not known. */
		*pulSize = o.kind == P11_SESSION ? (CK_ULONG)o.sobj->bytes :
		    CK_UNAVAILABLE_INFORMATION;
	p11_session_leave(s);
	return rv;
}

P11_EXPORT CK_RV
C_SetAttributeValue(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject,
    CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount)
{
	struct p11_session *s;
	struct p11_obj o;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	if (pTemplate == NULL && ulCount > 0)
		rv = CKR_ARGUMENTS_BAD;
	else if ((rv = p11_obj_find(s, hObject, &o)) == CKR_OK)
		/* CKA_MODIFIABLE is false for every token object. */
		rv = o.kind == P11_SESSION ? p11_sobj_set(o.sobj, pTemplate,
		    ulCount) : CKR_ACTION_PROHIBITED;
	p11_session_leave(s);
	return rv;
}

P11_EXPORT CK_RV
C_CopyObject(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject,
    CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount,
    CK_OBJECT_HANDLE_PTR phNewObject)
{
	struct p11_session *s;
	struct p11_obj o;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	if ((pTemplate == NULL && ulCount > 0) || phNewObject == NULL)
		rv = CKR_ARGUMENTS_BAD;
	else if ((rv = p11_obj_find(s, hObject, &o)) == CKR_OK)
		/* CKA_COPYABLE is false for every object. */
		rv = CKR_ACTION_PROHIBITED;
	p11_session_leave(s);
	return rv;
}
