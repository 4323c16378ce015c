/* SPDX-License-Identifier: BSD-2-Clause */
/* Object handles and visibility. */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>

#include "pkcs11/p11_session.h"
#include "pkcs11/p11_slot.h"
#include "pkcs11/p11_sobj.h"

/* Token objects: (slot + 1) << 8 | kind << 5 | key index (session
 * objects: p11_sobj.c). */
CK_OBJECT_HANDLE
p11_obj_handle(CK_SLOT_ID slot, enum p11_kind kind, int idx)
{
	return (CK_OBJECT_HANDLE)(slot + 1) << 8 |
	    (CK_OBJECT_HANDLE)kind << 5 | (CK_OBJECT_HANDLE)idx;
}

int
p11_obj_exists(const struct p11_obj *o)
{
	const struct p11_key *k = o->key;

	switch (o->kind) {
	case P11_PRIV:
	case P11_PUB:
		return o->idx != P11_KEY_ATTEST && k->alg != 0;
	case P11_CERT:
		return k->cert != NULL;
	case P11_ATTEST:
		/* Shown only while the slot has no certificate of its own:
		 * both carry the key's public key, and clients that map a
		 * key to "its" certificate by public key (gnupg-pkcs11-scd
		 * by keygrip) must find exactly one. */
		return o->idx != P11_KEY_ATTEST && k->alg != 0 &&
		    k->origin == UIMKEY_ORIGIN_GENERATED && k->cert == NULL &&
		    (!k->attest_tried || k->attest != NULL);
	case P11_SESSION:
		return o->sobj != NULL;
	case P11_PROFILE:
		return 1;
	}
	return 0;
}

int
p11_obj_visible(const struct p11_session *s, const struct p11_obj *o)
{
	const struct p11_slot *slot = p11_session_slot(s);

	if (!p11_obj_exists(o))
		return 0;
	if (o->kind == P11_SESSION)
		return p11_sobj_visible(o->sobj, s);
	/* Private keys need a login, except those of PIN policy never.
	 * The SO sees them too, to delete them. */
	if (o->kind == P11_PRIV &&
	    o->key->pin_policy != UIMKEY_PIN_POLICY_NEVER)
		return slot->login != P11_NOBODY;
	return 1;
}

CK_RV
p11_obj_find(struct p11_session *s, CK_OBJECT_HANDLE h, struct p11_obj *o)
{
	struct p11_slot *slot = p11_session_slot(s);
	struct p11_cache *c;
	CK_RV rv;

	memset(o, 0, sizeof(*o));
	o->slot = slot;
	if (p11_sobj_handle(h)) {
		o->kind = P11_SESSION;
		o->idx = -1;
		if ((o->sobj = p11_sobj_find(slot, h)) == NULL ||
		    !p11_sobj_visible(o->sobj, s))
			return CKR_OBJECT_HANDLE_INVALID;
		if (o->sobj->has_key)
			o->key = &o->sobj->key;
		return CKR_OK;
	}
	if ((h >> 8) != slot->id + 1 || (h & 31) >= P11_KEYS)
		return CKR_OBJECT_HANDLE_INVALID;
	if (((h >> 5) & 7) == P11_PROFILE) {
		if ((h & 31) != 0)
			return CKR_OBJECT_HANDLE_INVALID;
	} else if (((h >> 5) & 7) < P11_PRIV || ((h >> 5) & 7) > P11_ATTEST)
		return CKR_OBJECT_HANDLE_INVALID;
	if ((rv = p11_cache_get_some(slot, 1u << (h & 31), &c)) != CKR_OK)
		return rv;
	o->kind = (enum p11_kind)((h >> 5) & 7);
	o->idx = (int)(h & 31);
	o->key = &c->keys[o->idx];
	return p11_obj_visible(s, o) ? CKR_OK : CKR_OBJECT_HANDLE_INVALID;
}

void
p11_obj_fill(struct p11_obj *o)
{
	struct p11_key *k = o->key;
	struct p11_cache *c = o->slot->cache;
	uimkey_dev_t *dev;
	size_t len;
	int err;

	if (o->kind != P11_ATTEST || k->attest_tried || c == NULL)
		return;
	/* Made by the card (ATTEST) once, then kept. */
	if (p11_slot_dev_get(o->slot, &dev) != CKR_OK)
		return;
	err = uimkey_piv_attest(dev, k->piv, c->scratch, sizeof(c->scratch),
	    &len);
	if (err == UIMKEY_ERR_CARD_REMOVED) {
		(void)p11_slot_rv(o->slot, err);
		return;
	}
	k->attest_tried = 1;
	if (err == UIMKEY_OK && (k->attest = malloc(len)) != NULL) {
		memcpy(k->attest, c->scratch, len);
		k->attest_len = len;
	}
}
