/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The session objects of the process: handles, limits, lifetimes.  Each
 * token's objects are a list of its slot's (struct p11_slot), under the
 * slot's lock; the limits of the whole process are counted with atomics,
 * as several slots' calls may create and destroy at once.
 */
#define _DEFAULT_SOURCE
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "pkcs11/p11_session.h"
#include "pkcs11/p11_slot.h"
#include "pkcs11/p11_sobj.h"

/* Token objects' handles are below (see p11_obj_handle); session
 * objects' have this bit and a counter. */
#define P11_SOBJ_BIT  ((CK_OBJECT_HANDLE)0x40000000)

static atomic_ulong next_sobj = 1;
static atomic_size_t n_sobjs, sobj_bytes;

int
p11_sobj_handle(CK_OBJECT_HANDLE h)
{
	return (h & P11_SOBJ_BIT) != 0;
}

struct p11_sobj *
p11_sobj_find(const struct p11_slot *slot, CK_OBJECT_HANDLE h)
{
	struct p11_sobj *o;

	for (o = slot->sobjs; o != NULL; o = o->next)
		if (o->handle == h)
			return o;
	return NULL;
}

struct p11_sobj *
p11_sobj_next(const struct p11_slot *slot, const struct p11_sobj *prev)
{
	return prev == NULL ? slot->sobjs : prev->next;
}

int
p11_sobj_visible(const struct p11_sobj *o, const struct p11_session *s)
{
	if (o->slot != s->slot)
		return 0;
	return !o->priv || p11_session_slot(s)->login == CKU_USER;
}

int
p11_sobj_charge(size_t old_bytes, size_t new_bytes)
{
	size_t cur = atomic_load(&sobj_bytes), next;

	do {
		if (new_bytes > old_bytes &&
		    new_bytes - old_bytes > P11_SOBJ_BYTES_MAX - cur)
			return 0;
		next = cur - old_bytes + new_bytes;
	} while (!atomic_compare_exchange_weak(&sobj_bytes, &cur, next));
	return 1;
}

/* One more object, unless there are P11_SOBJ_MAX already. */
static int
count_one(void)
{
	size_t cur = atomic_load(&n_sobjs);

	do {
		if (cur >= P11_SOBJ_MAX)
			return 0;
	} while (!atomic_compare_exchange_weak(&n_sobjs, &cur, cur + 1));
	return 1;
}

CK_RV
p11_sobj_add(struct p11_sobj *o, CK_OBJECT_HANDLE *h)
{
	struct p11_slot *slot = p11_slot_get(o->slot);

	if (slot == NULL || !count_one()) {
		p11_sobj_free(o);
		return CKR_HOST_MEMORY;
	}
	if (!p11_sobj_charge(0, o->bytes)) {
		atomic_fetch_sub(&n_sobjs, 1);
		p11_sobj_free(o);
		return CKR_HOST_MEMORY;
	}
	do {
		o->handle = P11_SOBJ_BIT | ((CK_OBJECT_HANDLE)atomic_fetch_add(
		    &next_sobj, 1) & (P11_SOBJ_BIT - 1));
	} while (o->handle == P11_SOBJ_BIT ||
	    p11_sobj_find(slot, o->handle) != NULL);
	o->next = slot->sobjs;
	slot->sobjs = o;
	*h = o->handle;
	return CKR_OK;
}

static void
unlink_free(struct p11_sobj **link)
{
	struct p11_sobj *o = *link;

	*link = o->next;
	atomic_fetch_sub(&n_sobjs, 1);
	(void)p11_sobj_charge(o->bytes, 0);
	p11_sobj_free(o);
}

/* Destroy every object of the slot for which gone(o, arg) is true. */
static void
sweep(struct p11_slot *slot, int (*gone)(const struct p11_sobj *,
    const void *), const void *arg)
{
	struct p11_sobj **link = &slot->sobjs;

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
private_one(const struct p11_sobj *o, const void *arg)
{
	(void)arg;
	return o->priv;
}

void
p11_sobj_destroy(struct p11_slot *slot, CK_OBJECT_HANDLE h)
{
	sweep(slot, has_handle, &h);
}

void
p11_sobj_close_session(struct p11_slot *slot, CK_SESSION_HANDLE session)
{
	sweep(slot, of_session, &session);
}

void
p11_sobj_logout(struct p11_slot *slot)
{
	sweep(slot, private_one, NULL);
}

void
p11_sobj_forget(void)
{
	struct p11_slot *slot;
	struct p11_sobj *o;
	size_t i;

	/* The parent's objects are not the child's: the child's copies of
	 * their values (derived secrets) are wiped, the memory left as the
	 * parent's sessions' is. */
	for (slot = p11_slot_next(NULL); slot != NULL;
	    slot = p11_slot_next(slot)) {
		for (o = slot->sobjs; o != NULL; o = o->next)
			for (i = 0; i < o->n; i++)
				if (o->attrs[i].value != NULL)
					explicit_bzero(o->attrs[i].value,
					    o->attrs[i].len);
		slot->sobjs = NULL;
	}
	atomic_store(&next_sobj, 1);
	atomic_store(&n_sobjs, 0);
	atomic_store(&sobj_bytes, 0);
}
