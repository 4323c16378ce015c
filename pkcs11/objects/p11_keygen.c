/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * C_GenerateKeyPair: EC P-256 / P-384 (CKA_EC_PARAMS by OID or by name)
 * and RSA 2048 / 3072 / 4096 (CKA_MODULUS_BITS, e = 65537), generated on
 * the card in the slot of CKA_ID or in the first empty one.  The PIN
 * policy is the slot's, or "always" / "once" when CKA_ALWAYS_AUTHENTICATE
 * is given in the private key template.  Needs the SO (management key).
 */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>

#include "pkcs11/p11_curve.h"
#include "pkcs11/p11_login.h"
#include "pkcs11/p11_session.h"
#include "pkcs11/p11_slot.h"

struct gen {
	CK_MECHANISM_TYPE mech;
	int idx;                /* -1: the first empty slot */
	uint8_t alg;
	uint8_t pin_policy;     /* 0: the slot's */
	uint8_t piv;
	size_t spki_len;
	uint8_t spki[UIMKEY_PIV_SPKI_MAX];
};

static int
generate(uimkey_dev_t *dev, void *arg)
{
	struct gen *g = arg;

	return uimkey_piv_generate(dev, g->piv, g->alg, g->pin_policy, 0,
	    g->spki, sizeof(g->spki), &g->spki_len);
}

/* CKA_EC_PARAMS: a curve the card generates keys on. */
static uint8_t
curve_alg(const uint8_t *p, size_t len)
{
	int alg = p11_curve_of_params(p, len);

	return alg > 0 && uimkey_alg_is_ec((uint8_t)alg) ? (uint8_t)alg : 0;
}

static CK_RV
rsa_alg(const CK_ATTRIBUTE *a, uint8_t *alg)
{
	CK_ULONG bits;

	if (a->ulValueLen != sizeof(bits) || a->pValue == NULL)
		return CKR_ATTRIBUTE_VALUE_INVALID;
	memcpy(&bits, a->pValue, sizeof(bits));
	*alg = bits <= 0xFFFFFFFFu ? uimkey_alg_from_rsa_bits((unsigned)bits) :
	    0;
	return *alg != 0 ? CKR_OK : CKR_ATTRIBUTE_VALUE_INVALID;
}

static int
is_f4(const uint8_t *p, size_t len)
{
	while (len > 3 && *p == 0) {
		p++;
		len--;
	}
	return len == 3 && p[0] == 1 && p[1] == 0 && p[2] == 1;
}

static CK_RV
one_attr(struct gen *g, const CK_ATTRIBUTE *a, int priv)
{
	const uint8_t *v = a->pValue;
	CK_BBOOL b;

	if (v == NULL && a->ulValueLen > 0)
		return CKR_ATTRIBUTE_VALUE_INVALID;
	b = a->ulValueLen == sizeof(CK_BBOOL) && v[0] != 0;
	switch (a->type) {
	case CKA_ID:
		if (a->ulValueLen != 1 || v[0] < 1 || v[0] >= P11_KEY_ATTEST + 1 ||
		    (g->idx >= 0 && g->idx != v[0] - 1))
			return CKR_ATTRIBUTE_VALUE_INVALID;
		g->idx = v[0] - 1;
		return CKR_OK;
	case CKA_EC_PARAMS:
		if (priv || g->mech != CKM_EC_KEY_PAIR_GEN ||
		    (g->alg = curve_alg(v, a->ulValueLen)) == 0)
			return CKR_ATTRIBUTE_VALUE_INVALID;
		return CKR_OK;
	case CKA_MODULUS_BITS:
		if (priv || g->mech != CKM_RSA_PKCS_KEY_PAIR_GEN)
			return CKR_ATTRIBUTE_VALUE_INVALID;
		return rsa_alg(a, &g->alg);
	case CKA_PUBLIC_EXPONENT:
		return is_f4(v, a->ulValueLen) ? CKR_OK :
		    CKR_ATTRIBUTE_VALUE_INVALID;
	case CKA_TOKEN:
	case CKA_SENSITIVE:
		return b ? CKR_OK : CKR_TEMPLATE_INCONSISTENT;
	case CKA_EXTRACTABLE:
		return b ? CKR_TEMPLATE_INCONSISTENT : CKR_OK;
	case CKA_ALWAYS_AUTHENTICATE:
		g->pin_policy = b ? UIMKEY_PIN_POLICY_ALWAYS :
		    UIMKEY_PIN_POLICY_ONCE;
		return priv ? CKR_OK : CKR_ATTRIBUTE_TYPE_INVALID;
	case CKA_CLASS:
	case CKA_KEY_TYPE:
		return CKR_OK;          /* checked by the caller */
	default:
		/* Labels and usage flags: the slot decides them. */
		return CKR_OK;
	}
}

/* A CK_ULONG value equal to want (read with memcpy: an application
 * may pass it at any address). */
static int
ulong_eq(const CK_ATTRIBUTE *a, CK_ULONG want)
{
	CK_ULONG v;

	if (a->ulValueLen != sizeof(v) || a->pValue == NULL)
		return 0;
	memcpy(&v, a->pValue, sizeof(v));
	return v == want;
}

static CK_RV
parse(struct gen *g, const CK_ATTRIBUTE *t, CK_ULONG n, int priv)
{
	CK_ULONG i;
	CK_RV rv;

	for (i = 0; i < n; i++) {
		if ((rv = one_attr(g, &t[i], priv)) != CKR_OK)
			return rv;
		if (t[i].type == CKA_CLASS && !ulong_eq(&t[i],
		    priv ? CKO_PRIVATE_KEY : CKO_PUBLIC_KEY))
			return CKR_TEMPLATE_INCONSISTENT;
		if (t[i].type == CKA_KEY_TYPE && !ulong_eq(&t[i],
		    g->mech == CKM_EC_KEY_PAIR_GEN ? CKK_EC : CKK_RSA))
			return CKR_TEMPLATE_INCONSISTENT;
	}
	return CKR_OK;
}

static CK_RV
pick_slot(struct gen *g, const struct p11_cache *c)
{
	int i;

	if (g->idx >= 0)
		return CKR_OK;
	for (i = 0; i < P11_KEY_ATTEST; i++) {
		if (c->keys[i].alg == 0) {
			g->idx = i;
			return CKR_OK;
		}
	}
	return CKR_DEVICE_MEMORY;
}

P11_EXPORT CK_RV
C_GenerateKeyPair(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
    CK_ATTRIBUTE_PTR pPublicKeyTemplate, CK_ULONG ulPublicKeyAttributeCount,
    CK_ATTRIBUTE_PTR pPrivateKeyTemplate,
    CK_ULONG ulPrivateKeyAttributeCount, CK_OBJECT_HANDLE_PTR phPublicKey,
    CK_OBJECT_HANDLE_PTR phPrivateKey)
{
	struct p11_session *s;
	struct p11_slot *slot;
	struct p11_cache *c;
	struct p11_key *k;
	struct gen g;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	slot = p11_session_slot(s);
	memset(&g, 0, sizeof(g));
	g.idx = -1;
	if (pMechanism == NULL || phPublicKey == NULL || phPrivateKey == NULL ||
	    (pPublicKeyTemplate == NULL && ulPublicKeyAttributeCount > 0) ||
	    (pPrivateKeyTemplate == NULL && ulPrivateKeyAttributeCount > 0)) {
		rv = CKR_ARGUMENTS_BAD;
		goto out;
	}
	g.mech = pMechanism->mechanism;
	if (g.mech != CKM_EC_KEY_PAIR_GEN && g.mech != CKM_RSA_PKCS_KEY_PAIR_GEN) {
		rv = CKR_MECHANISM_INVALID;
		goto out;
	}
	if (!(s->flags & CKF_RW_SESSION)) {
		rv = CKR_SESSION_READ_ONLY;
		goto out;
	}
	if ((rv = parse(&g, pPublicKeyTemplate, ulPublicKeyAttributeCount,
	    0)) != CKR_OK || (rv = parse(&g, pPrivateKeyTemplate,
	    ulPrivateKeyAttributeCount, 1)) != CKR_OK)
		goto out;
	if (g.alg == 0) {
		rv = CKR_TEMPLATE_INCOMPLETE;
		goto out;
	}
	if ((rv = p11_cache_get(slot, &c)) != CKR_OK ||
	    (rv = pick_slot(&g, c)) != CKR_OK)
		goto out;
	g.piv = p11_key_piv(g.idx);
	if ((rv = p11_card_admin(s, generate, &g)) != CKR_OK)
		goto out;
	k = &c->keys[g.idx];
	free(k->attest);
	k->attest = NULL;
	k->attest_len = 0;
	k->attest_tried = 0;
	if (p11_key_set_spki(k, g.spki, g.spki_len) != 0) {
		p11_cache_free(&slot->cache);   /* read it all again */
		rv = CKR_DEVICE_ERROR;
		goto out;
	}
	k->alg = g.alg;
	k->origin = UIMKEY_ORIGIN_GENERATED;
	k->pin_policy = g.pin_policy != 0 ? g.pin_policy :
	    p11_key_default_policy(g.idx);
	*phPublicKey = p11_obj_handle(slot->id, P11_PUB, g.idx);
	*phPrivateKey = p11_obj_handle(slot->id, P11_PRIV, g.idx);
out:
	p11_session_leave(s);
	return rv;
}
