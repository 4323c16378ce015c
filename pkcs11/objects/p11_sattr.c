/* SPDX-License-Identifier: BSD-2-Clause */
/* A session object's attributes: a list of values, wiped when they go. */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>

#include "pkcs11/p11_session.h"
#include "pkcs11/p11_sobj.h"

struct p11_sobj *
p11_sobj_new(CK_OBJECT_CLASS cls, const struct p11_session *s)
{
	struct p11_sobj *o;

	if ((o = calloc(1, sizeof(*o))) == NULL)
		return NULL;
	o->cls = cls;
	o->session = s->handle;
	o->slot = s->slot;
	return o;
}

static void
value_free(struct p11_sattr *a)
{
	if (a->value != NULL) {
		explicit_bzero(a->value, a->len);
		free(a->value);
	}
	a->value = NULL;
	a->len = 0;
}

void
p11_sobj_free(struct p11_sobj *o)
{
	size_t i;

	if (o == NULL)
		return;
	for (i = 0; i < o->n; i++)
		value_free(&o->attrs[i]);
	explicit_bzero(o, sizeof(*o));
	free(o);
}

/* The index of the attribute of type t; o->n when there is none. */
static size_t
index_of(const struct p11_sobj *o, CK_ATTRIBUTE_TYPE t)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		if (o->attrs[i].type == t)
			break;
	return i;
}

const struct p11_sattr *
p11_sobj_get(const struct p11_sobj *o, CK_ATTRIBUTE_TYPE t)
{
	size_t i = index_of(o, t);

	return i < o->n ? &o->attrs[i] : NULL;
}

int
p11_sobj_bool(const struct p11_sobj *o, CK_ATTRIBUTE_TYPE t)
{
	const struct p11_sattr *a = p11_sobj_get(o, t);

	return a != NULL && a->len == sizeof(CK_BBOOL) && a->value[0] != 0;
}

CK_ULONG
p11_sobj_ulong(const struct p11_sobj *o, CK_ATTRIBUTE_TYPE t)
{
	const struct p11_sattr *a = p11_sobj_get(o, t);
	CK_ULONG v = 0;

	if (a != NULL && a->len == sizeof(v))
		memcpy(&v, a->value, sizeof(v));
	return v;
}

CK_RV
p11_sobj_put(struct p11_sobj *o, CK_ATTRIBUTE_TYPE t, const void *v,
    size_t len)
{
	size_t i = index_of(o, t);
	struct p11_sattr *a;
	uint8_t *copy = NULL;

	if (len > P11_SOBJ_VALUE_MAX || i == P11_SOBJ_ATTRS)
		return CKR_HOST_MEMORY;
	if (len > 0) {
		if ((copy = malloc(len)) == NULL)
			return CKR_HOST_MEMORY;
		memcpy(copy, v, len);
	}
	a = &o->attrs[i];
	if (i == o->n) {
		o->n++;
		a->type = t;
	} else {
		o->bytes -= a->len;
		value_free(a);
	}
	a->value = copy;
	a->len = len;
	o->bytes += len;
	if (t == CKA_PRIVATE)
		o->priv = copy != NULL && len == sizeof(CK_BBOOL) &&
		    copy[0] != 0;
	return CKR_OK;
}

void
p11_sobj_take(struct p11_sobj *o, CK_ATTRIBUTE_TYPE t, uint8_t *value,
    size_t len)
{
	struct p11_sattr *a = &o->attrs[index_of(o, t)];

	/* The caller knows o has t (o->n is never P11_SOBJ_ATTRS then). */
	o->bytes = o->bytes - a->len + len;
	value_free(a);
	a->value = value;
	a->len = len;
}

CK_RV
p11_sobj_put_bool(struct p11_sobj *o, CK_ATTRIBUTE_TYPE t, int b)
{
	CK_BBOOL v = b ? CK_TRUE : CK_FALSE;

	return p11_sobj_put(o, t, &v, sizeof(v));
}

CK_RV
p11_sobj_put_ulong(struct p11_sobj *o, CK_ATTRIBUTE_TYPE t, CK_ULONG v)
{
	return p11_sobj_put(o, t, &v, sizeof(v));
}

CK_RV
p11_sobj_attr(const struct p11_sobj *o, CK_ATTRIBUTE_TYPE t,
    const uint8_t **ptr, size_t *len)
{
	static const uint8_t none[1];
	const struct p11_sattr *a;

	if ((a = p11_sobj_get(o, t)) == NULL)
		return CKR_ATTRIBUTE_TYPE_INVALID;
	if (o->cls == CKO_SECRET_KEY && t == CKA_VALUE &&
	    (p11_sobj_bool(o, CKA_SENSITIVE) ||
	    !p11_sobj_bool(o, CKA_EXTRACTABLE)))
		return CKR_ATTRIBUTE_SENSITIVE;
	*ptr = a->value != NULL ? a->value : none;
	*len = a->len;
	return CKR_OK;
}
