/* SPDX-License-Identifier: BSD-2-Clause */
/* The session objects of the process: handles, limits, lifetimes. */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>

#include "pkcs11/p11_session.h"
#include "pkcs11/p11_slot.h"
#include "pkcs11/p11_sobj.h"

/* Token objects' handles are below (see p11_obj_handle); session
 * objects' have this bit and a counter. */
#define P11_SOBJ_BIT  ((CK_OBJECT_HANDLE)0x40000000)

static struct p11_sobj *sobjs;
static CK_OBJECT_HANDLE next_sobj = 1;
static size_t n_sobjs, sobj_bytes;

int
p11_sobj_handle(CK_OBJECT_HANDLE h)
{
	return (h & P11_SOBJ_BIT) != 0;
}

struct p11_sobj *
p11_sobj_find(CK_OBJECT_HANDLE h)
{
	struct p11_sobj *o;

	for (o = sobjs; o != NULL; o = o->next)
		if (o->handle == h)
			return o;
	return NULL;
}

struct p11_sobj *
p11_sobj_next(const struct p11_sobj *prev)
{
	return prev == NULL ? sobjs : prev->next;
}

int
p11_sobj_visible(const struct p11_sobj *o, const struct p11_session *s)
{
	if (o->slot != s->slot)
		return 0;
	return !o->priv || p11_session_slot(s)->login == CKU_USER;
}

int
p11_sobj_room(size_t delta)
{
	return delta <= P11_SOBJ_BYTES_MAX - sobj_bytes;
}

void
p11_sobj_grew(const struct p11_sobj *o, size_t old_bytes)
{
	sobj_bytes = sobj_bytes - old_bytes + o->bytes;
}

CK_RV
p11_sobj_add(struct p11_sobj *o, CK_OBJECT_HANDLE *h)
{
	if (n_sobjs >= P11_SOBJ_MAX || !p11_sobj_room(o->bytes)) {
		p11_sobj_free(o);
		return CKR_HOST_MEMORY;
	}
	do {
		o->handle = P11_SOBJ_BIT | (next_sobj++ & (P11_SOBJ_BIT - 1));
	} while (o->handle == P11_SOBJ_BIT || p11_sobj_find(o->handle) != NULL);
	o->next = sobjs;
	sobjs = o;
	n_sobjs++;
	sobj_bytes += o->bytes;
	*h = o->handle;
	return CKR_OK;
}

static void
unlink_free(struct p11_sobj **link)
{
	struct p11_sobj *o = *link;

	*link = o->next;
	n_sobjs--;
	sobj_bytes -= o->bytes;
	p11_sobj_free(o);
}

/* Destroy every object for which gone(o, arg) is true. */
static void
sweep(int (*gone)(const struct p11_sobj *, const void *), const void *arg)
{
	struct p11_sobj **link = &sobjs;

	while (*link != NULL) {
		if (gone(*link, arg))
			unlink_free(link);
		else
			link = &(*link)->next;
	}
}

static int
has_handle(const struct p11_sobj *o, const void *arg)
{
	return o->handle == *(const CK_OBJECT_HANDLE *)arg;
}

static int
of_session(const struct p11_sobj *o, const void *arg)
{
	return o->session == *(const CK_SESSION_HANDLE *)arg;
}

static int
private_on(const struct p11_sobj *o, const void *arg)
{
	return o->priv && o->slot == *(const CK_SLOT_ID *)arg;
}

void
p11_sobj_destroy(CK_OBJECT_HANDLE h)
{
	sweep(has_handle, &h);
}

void
p11_sobj_close_session(CK_SESSION_HANDLE session)
{
	sweep(of_session, &session);
}

void
p11_sobj_logout(CK_SLOT_ID slot)
{
	sweep(private_on, &slot);
}

void
p11_sobj_forget(void)
{
	struct p11_sobj *o;
	size_t i;

	/* The parent's objects are not the child's: the child's copies of
	 * their values (derived secrets) are wiped, the memory left as the
	 * parent's sessions' is. */
	for (o = sobjs; o != NULL; o = o->next)
		for (i = 0; i < o->n; i++)
			if (o->attrs[i].value != NULL)
				explicit_bzero(o->attrs[i].value,
				    o->attrs[i].len);
	sobjs = NULL;
	next_sobj = 1;
	n_sobjs = 0;
	sobj_bytes = 0;
}
