/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The object cache: key slots and certificates read from the card once
 * per insertion (GET METADATA and GET DATA of each slot, in one PC/SC
 * transaction), then served from memory.  A slot is read when first
 * needed: a search by CKA_ID reads its slot alone (4 APDUs instead of
 * 56), any other search every slot not read yet.  A card without GET
 * METADATA (a plain PIV card) shows the keys that have a certificate.
 */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>

#include "pkcs11/p11_slot.h"
#include "pkcs11/p11_util.h"

/* The module's key index is the PIV rules' slot index (CKA_ID is index
 * + 1, as ykcs11 numbers them). */
uint8_t
p11_key_piv(int idx)
{
	return idx >= 0 && idx < P11_KEYS ? uimkey_slot_ref(idx) : 0;
}

int
p11_key_decipher_role(int idx)
{
	return uimkey_slot_deciphers(p11_key_piv(idx));
}

uint8_t
p11_key_default_policy(int idx)
{
	return uimkey_slot_default_pin_policy(p11_key_piv(idx));
}

int
p11_key_set_spki(struct p11_key *k, const uint8_t *spki, size_t len)
{
	if (len == 0 || len > sizeof(k->spki))
		return -1;
	memcpy(k->spki, spki, len);
	k->spki_len = len;
	if (uimkey_piv_spki_parse(k->spki, k->spki_len, &k->pk) != UIMKEY_OK ||
	    k->pk.alg == 0) {
		memset(&k->pk, 0, sizeof(k->pk));
		k->spki_len = 0;
		return -1;
	}
	return 0;
}

int
p11_key_set_cert(struct p11_key *k, const uint8_t *der, size_t len)
{
	uint8_t *copy = NULL;

	if (len > 0) {
		if ((copy = malloc(len)) == NULL)
			return -1;
		memcpy(copy, der, len);
	}
	free(k->cert);
	k->cert = copy;
	k->cert_len = len;
	return 0;
}

void
p11_cache_free(struct p11_cache **cp)
{
	struct p11_cache *c = *cp;
	int i;

	if (c == NULL)
		return;
	for (i = 0; i < P11_KEYS; i++) {
		free(c->keys[i].cert);
		free(c->keys[i].attest);
	}
	free(c);
	*cp = NULL;
}

/* A key known only from its certificate (no GET METADATA). */
static void
key_from_cert(struct p11_key *k, int idx)
{
	const uint8_t *ser, *iss, *sub, *spki;
	size_t ser_len, iss_len, sub_len, spki_len;

	if (k->cert == NULL || p11_x509_fields(k->cert, k->cert_len, &ser,
	    &ser_len, &iss, &iss_len, &sub, &sub_len, &spki, &spki_len) != 0 ||
	    p11_key_set_spki(k, spki, spki_len) != 0)
		return;
	k->alg = k->pk.alg;
	k->pin_policy = p11_key_default_policy(idx);
}

/* Read slot idx into c; c->no_meta set when the card has no metadata. */
static int
load_key(uimkey_dev_t *dev, struct p11_cache *c, int idx)
{
	struct p11_key *k = &c->keys[idx];
	int *no_meta = &c->no_meta;
	uint8_t *der = c->scratch;
	uimkey_piv_meta_t meta;
	size_t len;
	int err;

	k->piv = p11_key_piv(idx);
	err = *no_meta ? UIMKEY_ERR_SW_INS :
	    uimkey_piv_get_metadata(dev, k->piv, &meta);
	if (err == UIMKEY_OK && p11_key_set_spki(k, meta.spki,
	    meta.spki_len) == 0) {
		k->alg = meta.alg;
		k->pin_policy = meta.pin_policy;
		k->origin = meta.origin;
	} else if (err == UIMKEY_ERR_SW_INS || err == UIMKEY_ERR_SW_P1P2) {
		*no_meta = 1;
	} else if (err != UIMKEY_OK && err != UIMKEY_ERR_SW_NO_REF &&
	    err != UIMKEY_ERR_UNSUPPORTED && err != UIMKEY_ERR_BAD_RSP &&
	    err != UIMKEY_ERR_SW_NOT_FOUND) {
		return err;
	}
	err = uimkey_piv_read_cert(dev, k->piv, der, sizeof(c->scratch), &len);
	if (err == UIMKEY_OK) {
		if (p11_key_set_cert(k, der, len) != 0)
			return UIMKEY_ERR_NOMEM;
	} else if (err != UIMKEY_ERR_SW_NOT_FOUND &&
	    err != UIMKEY_ERR_UNSUPPORTED && err != UIMKEY_ERR_BAD_RSP &&
	    err != UIMKEY_ERR_SW_SECURITY) {
		return err;
	}
	if (*no_meta && idx != P11_KEY_ATTEST)
		key_from_cert(k, idx);
	return UIMKEY_OK;
}

CK_RV
p11_cache_get_some(struct p11_slot *s, uint32_t mask, struct p11_cache **cp)
{
	struct p11_cache *c = s->cache;
	uimkey_dev_t *dev;
	int err = UIMKEY_OK, i, began = 0, fresh = 0;
	CK_RV rv;

	mask &= P11_ALL_KEYS;
	if (c != NULL && (c->loaded & mask) == mask) {
		*cp = c;
		return CKR_OK;
	}
	if ((rv = p11_slot_dev_get(s, &dev)) != CKR_OK)
		return rv;
	if (c == NULL) {
		if ((c = calloc(1, sizeof(*c))) == NULL)
			return CKR_HOST_MEMORY;
		fresh = 1;
	}
	if ((err = uimkey_dev_begin(dev)) != UIMKEY_OK)
		goto fail;
	began = 1;
	for (i = 0; i < P11_KEYS && err == UIMKEY_OK; i++) {
		if (!(mask & (1u << i)) || (c->loaded & (1u << i)))
			continue;
		err = load_key(dev, c, i);
		if (err == UIMKEY_OK)
			c->loaded |= 1u << i;
	}
fail:
	if (began)
		(void)uimkey_dev_end(dev);
	if (err != UIMKEY_OK) {
		/* What was read stays; a fresh cache goes. */
		if (fresh)
			p11_cache_free(&c);
		return err == UIMKEY_ERR_NOMEM ? CKR_HOST_MEMORY :
		    p11_slot_rv(s, err);
	}
	s->cache = c;
	*cp = c;
	return CKR_OK;
}

CK_RV
p11_cache_get(struct p11_slot *s, struct p11_cache **cp)
{
	return p11_cache_get_some(s, P11_ALL_KEYS, cp);
}
