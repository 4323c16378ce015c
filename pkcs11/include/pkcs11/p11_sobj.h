/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Session objects: objects that live in the module's memory, not on the
 * card, from their creation until their session closes (PKCS#11 v2.40
 * 4.4, 5.6): public keys, certificates and data objects an application
 * gives C_CreateObject with CKA_TOKEN false, and the secret keys
 * C_DeriveKey makes.  They belong to the application's sessions on one
 * token; a private one (CKA_PRIVATE) is seen only while the user is
 * logged in and is destroyed when the user's login ends.
 *
 * An object is the list of all its attributes, defaults included, so
 * that reading and searching are one lookup.  A public key also carries
 * the key as C_Verify and C_Encrypt use it.  Values are wiped when they
 * are replaced or destroyed (derived keys are secrets).
 */
#ifndef P11_SOBJ_H
#define P11_SOBJ_H

#include <stddef.h>
#include <stdint.h>

#include "pkcs11/p11_obj.h"

/* What the process may hold: objects, attribute bytes in all of them,
 * bytes of one value, attributes of one object.  Past them, creation
 * (or C_SetAttributeValue) is CKR_HOST_MEMORY. */
#define P11_SOBJ_MAX        256
#define P11_SOBJ_BYTES_MAX  (4u << 20)
#define P11_SOBJ_VALUE_MAX  (64u << 10)
#define P11_SOBJ_ATTRS      40

struct p11_sattr {
	CK_ATTRIBUTE_TYPE type;
	size_t len;
	uint8_t *value;         /* NULL when len is 0 */
};

struct p11_sobj {
	CK_OBJECT_HANDLE handle;
	CK_SESSION_HANDLE session;      /* destroyed when it closes */
	CK_SLOT_ID slot;
	CK_OBJECT_CLASS cls;
	int priv;                       /* CKA_PRIVATE */
	size_t n;
	struct p11_sattr attrs[P11_SOBJ_ATTRS];
	size_t bytes;                   /* of all values */
	/* CKO_PUBLIC_KEY: its point or modulus and exponent, pointing into
	 * the values of attributes that never change. */
	int has_key;
	struct p11_key key;
	struct p11_sobj *next;
};

struct p11_session;

/* ---- one object's attributes (p11_sattr.c) ---- */

/* A new object of class cls for session s (not yet in the store). */
struct p11_sobj *p11_sobj_new(CK_OBJECT_CLASS cls,
    const struct p11_session *s);
/* Wipe and free an object that is not in the store (NULL: nothing). */
void p11_sobj_free(struct p11_sobj *o);

/* The attribute of type t, or NULL. */
const struct p11_sattr *p11_sobj_get(const struct p11_sobj *o,
    CK_ATTRIBUTE_TYPE t);
/* A CK_BBOOL / CK_ULONG attribute's value; 0 when absent. */
int p11_sobj_bool(const struct p11_sobj *o, CK_ATTRIBUTE_TYPE t);
CK_ULONG p11_sobj_ulong(const struct p11_sobj *o, CK_ATTRIBUTE_TYPE t);

/* Set (add or replace) an attribute: CKR_HOST_MEMORY past the limits
 * of one object. */
CK_RV p11_sobj_put(struct p11_sobj *o, CK_ATTRIBUTE_TYPE t,
    const void *v, size_t len);
/* Replace the value of an attribute o has with value (malloc'd, len
 * bytes, NULL for none), which o now owns. */
void p11_sobj_take(struct p11_sobj *o, CK_ATTRIBUTE_TYPE t, uint8_t *value,
    size_t len);
CK_RV p11_sobj_put_bool(struct p11_sobj *o, CK_ATTRIBUTE_TYPE t, int b);
CK_RV p11_sobj_put_ulong(struct p11_sobj *o, CK_ATTRIBUTE_TYPE t,
    CK_ULONG v);

/* An attribute as C_GetAttributeValue gives it: CKR_ATTRIBUTE_TYPE_INVALID
 * when the object has none, CKR_ATTRIBUTE_SENSITIVE for a secret key's
 * value that may not leave. */
CK_RV p11_sobj_attr(const struct p11_sobj *o, CK_ATTRIBUTE_TYPE t,
    const uint8_t **ptr, size_t *len);

/* ---- the store (p11_sobj.c): each token's objects are its slot's,
 * under the slot's lock ---- */

struct p11_slot;

/* Take o into its slot's store and give its handle; o is freed on
 * failure (CKR_HOST_MEMORY past P11_SOBJ_MAX or P11_SOBJ_BYTES_MAX, for
 * the whole process). */
CK_RV p11_sobj_add(struct p11_sobj *o, CK_OBJECT_HANDLE *h);
/* Whether h is a session object's handle (in use or not). */
int p11_sobj_handle(CK_OBJECT_HANDLE h);
struct p11_sobj *p11_sobj_find(const struct p11_slot *slot,
    CK_OBJECT_HANDLE h);
/* The slot's first session object after prev (NULL: the first). */
struct p11_sobj *p11_sobj_next(const struct p11_slot *slot,
    const struct p11_sobj *prev);
/* Whether session s may see o (its token; private: the user is in). */
int p11_sobj_visible(const struct p11_sobj *o, const struct p11_session *s);
/* A stored object's values going from old_bytes to new_bytes: 0 (and
 * nothing counted) when the process's room would be passed. */
int p11_sobj_charge(size_t old_bytes, size_t new_bytes);

void p11_sobj_destroy(struct p11_slot *slot, CK_OBJECT_HANDLE h);
/* Destroy the objects of a session (it closes). */
void p11_sobj_close_session(struct p11_slot *slot,
    CK_SESSION_HANDLE session);
/* Destroy the private objects on a token (the user's login ended). */
void p11_sobj_logout(struct p11_slot *slot);
/* In a forked child: forget the parent's. */
void p11_sobj_forget(void);

/* ---- templates (p11_sobj_tmpl.c, p11_sobj_pub.c, p11_sobj_cert.c) ---- */

/* C_CreateObject with CKA_TOKEN false: the object of template t. */
CK_RV p11_sobj_create(struct p11_session *s, const CK_ATTRIBUTE *t,
    CK_ULONG n, CK_OBJECT_HANDLE *h);
/* C_SetAttributeValue on a session object: all or nothing. */
CK_RV p11_sobj_set(struct p11_sobj *o, const CK_ATTRIBUTE *t, CK_ULONG n);

/* What the class of the object adds once the template was read: checks
 * and attributes made from others (CKR_* as C_CreateObject gives them). */
CK_RV p11_sobj_pub_finish(struct p11_sobj *o);
CK_RV p11_sobj_cert_finish(struct p11_sobj *o);

#endif
