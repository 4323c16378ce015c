/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * C_DeriveKey with CKM_ECDH1_DERIVE: the card computes the shared secret
 * Z with a slot's EC key; the host applies the KDF (CKD_NULL, or the
 * ANSI X9.63 KDF with SHA-1 or SHA-2) and keeps the result as a session
 * object (p11_sobj.h): a generic secret (or AES) key, readable unless the
 * template makes it sensitive or not extractable.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <string.h>

#include "pkcs11/p11_hash.h"
#include "pkcs11/p11_login.h"
#include "pkcs11/p11_op.h"
#include "pkcs11/p11_pub.h"
#include "pkcs11/p11_sobj.h"

static int
kdf_hash(unsigned long kdf)
{
	switch (kdf) {
	case CKD_SHA1_KDF:   return P11_SHA1;
	case CKD_SHA224_KDF: return P11_SHA224;
	case CKD_SHA256_KDF: return P11_SHA256;
	case CKD_SHA384_KDF: return P11_SHA384;
	case CKD_SHA512_KDF: return P11_SHA512;
	default:             return P11_HASH_NONE;
	}
}

/* ANSI X9.63: Hash(Z || counter || SharedInfo), counter from 1. */
static void
x963(int h, const uint8_t *z, size_t z_len, const uint8_t *info,
    size_t info_len, uint8_t *out, size_t out_len)
{
	const br_hash_class *c = p11_hash_class(h);
	size_t h_len = p11_hash_len(h), done = 0, n;
	uint8_t ctr[4], block[P11_HASH_MAX];
	br_hash_compat_context hc;
	uint32_t i;

	for (i = 1; done < out_len; i++) {
		ctr[0] = (uint8_t)(i >> 24);
		ctr[1] = (uint8_t)(i >> 16);
		ctr[2] = (uint8_t)(i >> 8);
		ctr[3] = (uint8_t)i;
		c->init(&hc.vtable);
		c->update(&hc.vtable, z, z_len);
		c->update(&hc.vtable, ctr, sizeof(ctr));
		c->update(&hc.vtable, info, info_len);
		c->out(&hc.vtable, block);
		n = out_len - done < h_len ? out_len - done : h_len;
		memcpy(out + done, block, n);
		done += n;
	}
	explicit_bzero(block, sizeof(block));
	explicit_bzero(&hc, sizeof(hc));
}

/* The new key as the template asks for it. */
struct secret {
	CK_KEY_TYPE key_type;
	CK_BBOOL sensitive, extractable, encrypt, decrypt, sign, verify,
	    wrap, unwrap, derive;
	uint8_t value[64];
	size_t value_len;
	char label[64];
};

static int
flag(const CK_ATTRIBUTE *a, CK_BBOOL *b)
{
	if (a->ulValueLen != sizeof(CK_BBOOL) || a->pValue == NULL)
		return -1;
	*b = *(const CK_BBOOL *)a->pValue != 0;
	return 0;
}

/* The new key's template; *want_len 0 when not given. */
static CK_RV
key_template(const CK_ATTRIBUTE *t, CK_ULONG n, struct secret *o,
    size_t *want_len)
{
	CK_ULONG i, v;
	CK_BBOOL b, *dst;
	size_t len;

	*want_len = 0;
	for (i = 0; i < n; i++) {
		dst = NULL;
		switch (t[i].type) {
		case CKA_CLASS:
		case CKA_KEY_TYPE:
		case CKA_VALUE_LEN:
			if (t[i].ulValueLen != sizeof(v) || t[i].pValue == NULL)
				return CKR_ATTRIBUTE_VALUE_INVALID;
			memcpy(&v, t[i].pValue, sizeof(v));
			if (t[i].type == CKA_CLASS && v != CKO_SECRET_KEY)
				return CKR_TEMPLATE_INCONSISTENT;
			if (t[i].type == CKA_KEY_TYPE) {
				if (v != CKK_GENERIC_SECRET && v != CKK_AES)
					return CKR_TEMPLATE_INCONSISTENT;
				o->key_type = v;
			}
			if (t[i].type == CKA_VALUE_LEN) {
				if (v == 0 || v > sizeof(o->value))
					return CKR_ATTRIBUTE_VALUE_INVALID;
				*want_len = v;
			}
			continue;
		case CKA_TOKEN:
			if (flag(&t[i], &b) != 0 || b)
				return CKR_TEMPLATE_INCONSISTENT;
			continue;
		case CKA_LABEL:
			len = t[i].ulValueLen < sizeof(o->label) - 1 ?
			    t[i].ulValueLen : sizeof(o->label) - 1;
			if (len > 0 && t[i].pValue != NULL)
				memcpy(o->label, t[i].pValue, len);
			continue;
		case CKA_SENSITIVE:   dst = &o->sensitive;   break;
		case CKA_EXTRACTABLE: dst = &o->extractable; break;
		case CKA_ENCRYPT:     dst = &o->encrypt;     break;
		case CKA_DECRYPT:     dst = &o->decrypt;     break;
		case CKA_SIGN:        dst = &o->sign;        break;
		case CKA_VERIFY:      dst = &o->verify;      break;
		case CKA_WRAP:        dst = &o->wrap;        break;
		case CKA_UNWRAP:      dst = &o->unwrap;      break;
		case CKA_DERIVE:      dst = &o->derive;      break;
		default:
			continue;       /* private, modifiable, ...: fixed */
		}
		if (flag(&t[i], dst) != 0)
			return CKR_ATTRIBUTE_VALUE_INVALID;
	}
	if (o->key_type == CKK_AES && *want_len != 16 && *want_len != 24 &&
	    *want_len != 32)
		return CKR_TEMPLATE_INCONSISTENT;
	return CKR_OK;
}

/* The peer's point: raw 04 X Y, or wrapped in a DER OCTET STRING. */
static int
peer_point(const CK_ECDH1_DERIVE_PARAMS *p, size_t n, const uint8_t **pt)
{
	const uint8_t *d = p->pPublicData;
	size_t len = p->ulPublicDataLen;

	if (d == NULL)
		return -1;
	if (len == 1 + 2 * n && d[0] == 0x04) {
		*pt = d;
		return 0;
	}
	if (len == 3 + 2 * n && d[0] == 0x04 && d[1] == 1 + 2 * n &&
	    d[2] == 0x04) {
		*pt = d + 2;
		return 0;
	}
	return -1;
}

/* The session object of a derived key: its attributes, fixed as they
 * were for every derived key (not private, not modifiable, no id). */
static CK_RV
secret_object(struct p11_session *s, const struct secret *k,
    CK_OBJECT_HANDLE *h)
{
	static const CK_ATTRIBUTE_TYPE no[] = { CKA_TOKEN, CKA_PRIVATE,
		CKA_MODIFIABLE, CKA_COPYABLE, CKA_LOCAL, CKA_ALWAYS_SENSITIVE,
		CKA_NEVER_EXTRACTABLE, CKA_TRUSTED, CKA_WRAP_WITH_TRUSTED };
	static const CK_ATTRIBUTE_TYPE empty[] = { CKA_ID, CKA_START_DATE,
		CKA_END_DATE };
	const struct {
		CK_ATTRIBUTE_TYPE type;
		CK_BBOOL v;
	} flags[] = {
		{ CKA_DESTROYABLE, CK_TRUE }, { CKA_SENSITIVE, k->sensitive },
		{ CKA_EXTRACTABLE, k->extractable },
		{ CKA_ENCRYPT, k->encrypt }, { CKA_DECRYPT, k->decrypt },
		{ CKA_SIGN, k->sign }, { CKA_VERIFY, k->verify },
		{ CKA_WRAP, k->wrap }, { CKA_UNWRAP, k->unwrap },
		{ CKA_DERIVE, k->derive },
	};
	struct p11_sobj *o;
	size_t i;
	CK_RV rv = CKR_OK;

	if ((o = p11_sobj_new(CKO_SECRET_KEY, s)) == NULL)
		return CKR_HOST_MEMORY;
	for (i = 0; i < sizeof(no) / sizeof(no[0]) && rv == CKR_OK; i++)
		rv = p11_sobj_put_bool(o, no[i], 0);
	for (i = 0; i < sizeof(empty) / sizeof(empty[0]) && rv == CKR_OK; i++)
		rv = p11_sobj_put(o, empty[i], NULL, 0);
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]) && rv == CKR_OK; i++)
		rv = p11_sobj_put_bool(o, flags[i].type, flags[i].v);
	if (rv == CKR_OK)
		rv = p11_sobj_put_ulong(o, CKA_CLASS, CKO_SECRET_KEY);
	if (rv == CKR_OK)
		rv = p11_sobj_put_ulong(o, CKA_KEY_TYPE, k->key_type);
	if (rv == CKR_OK)
		rv = p11_sobj_put_ulong(o, CKA_KEY_GEN_MECHANISM,
		    CK_UNAVAILABLE_INFORMATION);
	if (rv == CKR_OK)
		rv = p11_sobj_put(o, CKA_LABEL, k->label, strlen(k->label));
	if (rv == CKR_OK)
		rv = p11_sobj_put_ulong(o, CKA_VALUE_LEN, k->value_len);
	if (rv == CKR_OK)
		rv = p11_sobj_put(o, CKA_VALUE, k->value, k->value_len);
	if (rv != CKR_OK) {
		p11_sobj_free(o);
		return rv;
	}
	return p11_sobj_add(o, h);
}

static CK_RV
derive(struct p11_session *s, const CK_MECHANISM *m, CK_OBJECT_HANDLE base,
    const CK_ATTRIBUTE *t, CK_ULONG n, CK_OBJECT_HANDLE *out)
{
	const CK_ECDH1_DERIVE_PARAMS *p = m->pParameter;
	uint8_t z[UIMKEY_PIV_ECDH_MAX];
	struct secret so;
	const uint8_t *pt;
	struct p11_obj o;
	size_t want, z_len = 0, nb;
	int h;
	CK_RV rv;

	memset(&so, 0, sizeof(so));
	so.extractable = CK_TRUE;
	so.key_type = CKK_GENERIC_SECRET;
	if (m->mechanism != CKM_ECDH1_DERIVE)
		return CKR_MECHANISM_INVALID;
	if (p == NULL || m->ulParameterLen != sizeof(*p))
		return CKR_MECHANISM_PARAM_INVALID;
	h = kdf_hash(p->kdf);
	if ((p->kdf != CKD_NULL && h == P11_HASH_NONE) ||
	    (p->kdf == CKD_NULL && p->ulSharedDataLen != 0) ||
	    (p->pSharedData == NULL && p->ulSharedDataLen != 0))
		return CKR_MECHANISM_PARAM_INVALID;
	if ((rv = p11_obj_find(s, base, &o)) != CKR_OK)
		return rv == CKR_OBJECT_HANDLE_INVALID ? CKR_KEY_HANDLE_INVALID :
		    rv;
	if (o.kind != P11_PRIV || !p11_key_is_ec(o.key))
		return CKR_KEY_TYPE_INCONSISTENT;
	if (!(p11_key_decipher_role(o.idx) || o.idx == 0))
		return CKR_KEY_FUNCTION_NOT_PERMITTED;
	nb = p11_key_bytes(o.key);
	if (peer_point(p, nb, &pt) != 0)
		return CKR_MECHANISM_PARAM_INVALID;
	if ((rv = key_template(t, n, &so, &want)) != CKR_OK)
		return rv;
	if (want == 0)
		want = p->kdf == CKD_NULL ? nb : p11_hash_len(h);
	if (p->kdf == CKD_NULL && want > nb)
		return CKR_TEMPLATE_INCONSISTENT;
	if ((rv = p11_key_may_use(s, o.idx)) != CKR_OK)
		return rv;
	rv = p11_card_priv_op(s, o.idx, 1, pt, 1 + 2 * nb, z, sizeof(z),
	    &z_len);
	if (rv == CKR_DATA_INVALID)
		rv = CKR_MECHANISM_PARAM_INVALID;       /* not on the curve */
	if (rv != CKR_OK)
		goto fail;
	if (p->kdf == CKD_NULL)
		memcpy(so.value, z, want);
	else
		x963(h, z, z_len, p->pSharedData, p->ulSharedDataLen,
		    so.value, want);
	so.value_len = want;
	if (so.label[0] == '\0')
		snprintf(so.label, sizeof(so.label), "ECDH secret");
	rv = secret_object(s, &so, out);
fail:
	explicit_bzero(z, sizeof(z));
	explicit_bzero(&so, sizeof(so));
	return rv;
}

P11_EXPORT CK_RV
C_DeriveKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
    CK_OBJECT_HANDLE hBaseKey, CK_ATTRIBUTE_PTR pTemplate,
    CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey)
{
	struct p11_session *s;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &s)) != CKR_OK)
		return rv;
	if (pMechanism == NULL || phKey == NULL ||
	    (pTemplate == NULL && ulAttributeCount > 0))
		rv = CKR_ARGUMENTS_BAD;
	else
		rv = derive(s, pMechanism, hBaseKey, pTemplate,
		    ulAttributeCount, phKey);
	p11_session_leave(s);
	return rv;
}
