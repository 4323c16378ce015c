/* SPDX-License-Identifier: BSD-2-Clause */
/* Operation set-up, data, signing and verification. */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>

#include "pkcs11/p11_hash.h"
#include "pkcs11/p11_login.h"
#include "pkcs11/p11_op.h"
#include "pkcs11/p11_pub.h"
#include "pkcs11/p11_rsa.h"
#include "pkcs11/p11_sobj.h"

struct p11_key *
p11_op_key(struct p11_session *s, const struct p11_op *op)
{
	struct p11_slot *slot = p11_session_slot(s);
	struct p11_sobj *o;

	/* A session key: looked up again, it may have been destroyed. */
	if (op->key < 0) {
		o = p11_sobj_find(slot, op->hkey);
		return o != NULL && o->has_key && p11_sobj_visible(o, s) ?
		    &o->key : NULL;
	}
	return slot->cache != NULL ? &slot->cache->keys[op->key] : NULL;
}

static CK_RV
pss_params(struct p11_op *op, const CK_MECHANISM *m)
{
	const CK_RSA_PKCS_PSS_PARAMS *p = m->pParameter;

	if (p == NULL || m->ulParameterLen != sizeof(*p))
		return CKR_MECHANISM_PARAM_INVALID;
	op->enc_hash = p11_hash_of_mech(p->hashAlg);
	op->mgf_hash = p11_hash_of_mgf(p->mgf);
	op->salt_len = p->sLen;
	/* With a hash in the mechanism, the parameters must name it. */
	if (op->enc_hash == P11_HASH_NONE || op->mgf_hash == P11_HASH_NONE ||
	    (op->mech->hash != P11_HASH_NONE &&
	    op->mech->hash != op->enc_hash) || op->salt_len > 512)
		return CKR_MECHANISM_PARAM_INVALID;
	return CKR_OK;
}

static CK_RV
oaep_params(struct p11_op *op, const CK_MECHANISM *m)
{
	const CK_RSA_PKCS_OAEP_PARAMS *p = m->pParameter;

	if (p == NULL || m->ulParameterLen != sizeof(*p))
		return CKR_MECHANISM_PARAM_INVALID;
	op->enc_hash = p11_hash_of_mech(p->hashAlg);
	op->mgf_hash = p11_hash_of_mgf(p->mgf);
	if (op->enc_hash == P11_HASH_NONE || op->mgf_hash == P11_HASH_NONE ||
	    (p->source != 0 && p->source != CKZ_DATA_SPECIFIED) ||
	    (p->pSourceData == NULL && p->ulSourceDataLen > 0) ||
	    p->ulSourceDataLen > 4096)
		return CKR_MECHANISM_PARAM_INVALID;
	if (p->ulSourceDataLen > 0) {
		if ((op->label = malloc(p->ulSourceDataLen)) == NULL)
			return CKR_HOST_MEMORY;
		memcpy(op->label, p->pSourceData, p->ulSourceDataLen);
		op->label_len = p->ulSourceDataLen;
	}
	return CKR_OK;
}

/* The key's kind and uses against the mechanism and the use. */
static CK_RV
key_fits(const struct p11_obj *o, const struct p11_mech *mech, CK_FLAGS use)
{
	int priv = use == CKF_SIGN || use == CKF_DECRYPT;
	int pub = o->kind == P11_PUB ||
	    (o->kind == P11_SESSION && o->key != NULL);

	/* A public key cannot sign, a private key is not for verifying,
	 * a secret key or other session object (no o->key) is for
	 * neither. */
	if (priv ? o->kind != P11_PRIV : !pub)
		return CKR_KEY_FUNCTION_NOT_PERMITTED;
	if ((mech->kind == P11_MK_ECDSA) != p11_key_is_ec(o->key))
		return CKR_KEY_TYPE_INCONSISTENT;
	/* A session key does what its attributes allow. */
	if (o->kind == P11_SESSION)
		return p11_sobj_bool(o->sobj, use == CKF_VERIFY ? CKA_VERIFY :
		    CKA_ENCRYPT) ? CKR_OK : CKR_KEY_FUNCTION_NOT_PERMITTED;
	/* Encryption and decryption with the slots made for it. */
	if ((use == CKF_DECRYPT || use == CKF_ENCRYPT) &&
	    !(p11_key_decipher_role(o->idx) || o->idx == 0))
		return CKR_KEY_FUNCTION_NOT_PERMITTED;
	return CKR_OK;
}

CK_RV
p11_op_may_use(struct p11_session *s, const struct p11_op *op)
{
	return p11_key_may_use(s, op->key);
}

CK_RV
p11_key_may_use(struct p11_session *s, int idx)
{
	const struct p11_slot *slot = p11_session_slot(s);
	const struct p11_key *k;

	if (idx < 0 || slot->cache == NULL ||
	    (k = &slot->cache->keys[idx])->alg == 0)
		return CKR_KEY_HANDLE_INVALID;
	if (k->pin_policy != UIMKEY_PIN_POLICY_NEVER &&
	    slot->login != CKU_USER)
		return CKR_USER_NOT_LOGGED_IN;
	if (k->pin_policy != UIMKEY_PIN_POLICY_NEVER && slot->pin_expired)
		return CKR_PIN_EXPIRED;
	return CKR_OK;
}

CK_RV
p11_op_init(struct p11_session *s, struct p11_op *op, const CK_MECHANISM *m,
    CK_OBJECT_HANDLE hkey, CK_FLAGS use)
{
	const struct p11_mech *mech;
	struct p11_obj o;
	CK_RV rv;

	if (op->active)
		return CKR_OPERATION_ACTIVE;
	if (m == NULL)
		return CKR_ARGUMENTS_BAD;
	if ((mech = p11_mech_get(m->mechanism)) == NULL ||
	    !(mech->flags & use) || mech->kind == P11_MK_DIGEST)
		return CKR_MECHANISM_INVALID;
	if ((rv = p11_obj_find(s, hkey, &o)) != CKR_OK)
		return rv == CKR_OBJECT_HANDLE_INVALID ? CKR_KEY_HANDLE_INVALID :
		    rv;
	if ((rv = key_fits(&o, mech, use)) != CKR_OK)
		return rv;
	memset(op, 0, sizeof(*op));
	op->mech = mech;
	op->hkey = hkey;
	op->key = o.idx;        /* -1: a session key */
	if (mech->pad == P11_PAD_PSS)
		rv = pss_params(op, m);
	else if (mech->pad == P11_PAD_OAEP)
		rv = oaep_params(op, m);
	if (rv == CKR_OK && o.kind == P11_PRIV)
		rv = p11_op_may_use(s, op);
	if (rv != CKR_OK) {
		p11_op_end(s, op);
		return rv;
	}
	if (mech->hash != P11_HASH_NONE)
		p11_hash_init(mech->hash, &op->hc);
	if (o.kind == P11_PRIV &&
	    o.key->pin_policy == UIMKEY_PIN_POLICY_ALWAYS) {
		op->needs_context = 1;
		s->pending_context = op;
	}
	op->active = 1;
	return CKR_OK;
}

CK_RV
p11_op_update(struct p11_op *op, const uint8_t *in, size_t len)
{
	if (op->mech->hash != P11_HASH_NONE) {
		op->hc.vtable->update(&op->hc.vtable, in, len);
		return CKR_OK;
	}
	if (len > sizeof(op->buf) - op->buf_len)
		return CKR_DATA_LEN_RANGE;
	memcpy(op->buf + op->buf_len, in, len);
	op->buf_len += len;
	return CKR_OK;
}

void
p11_op_data(struct p11_op *op, const uint8_t **p, size_t *len,
    uint8_t hash[64])
{
	if (op->mech->hash != P11_HASH_NONE) {
		op->hc.vtable->out(&op->hc.vtable, hash);
		*p = hash;
		*len = p11_hash_len(op->mech->hash);
	} else {
		*p = op->buf;
		*len = op->buf_len;
	}
}

size_t
p11_op_out_len(struct p11_session *s, const struct p11_op *op)
{
	const struct p11_key *k = p11_op_key(s, op);

	if (k == NULL)
		return 0;
	return p11_key_is_ec(k) ? 2 * p11_key_bytes(k) : k->pk.n_len;
}

/* The RSA block to sign or to compare with a verified one. */
static CK_RV
rsa_block(struct p11_op *op, const struct p11_key *k, const uint8_t *data,
    size_t len, uint8_t *em)
{
	size_t kb = k->pk.n_len, plen;
	uint8_t t[19 + 64];
	const uint8_t *prefix;

	switch (op->mech->pad) {
	case P11_PAD_X509:
		if (len > kb)
			return CKR_DATA_LEN_RANGE;
		memset(em, 0, kb - len);
		memcpy(em + kb - len, data, len);
		return CKR_OK;
	case P11_PAD_PKCS1:
		if (op->mech->hash == P11_HASH_NONE)
			return p11_rsa_pkcs1_sig(em, kb, data, len);
		prefix = p11_hash_prefix(op->mech->hash, &plen);
		memcpy(t, prefix, plen);
		memcpy(t + plen, data, len);
		return p11_rsa_pkcs1_sig(em, kb, t, plen + len);
	case P11_PAD_PSS:
		if (len != p11_hash_len(op->enc_hash))
			return CKR_DATA_LEN_RANGE;
		return p11_rsa_pss_enc(em, p11_key_bits(k), op->enc_hash,
		    op->mgf_hash, op->salt_len, data);
	default:
		return CKR_MECHANISM_INVALID;
	}
}

CK_RV
p11_op_sign(struct p11_session *s, struct p11_op *op, const uint8_t *data,
    size_t len, uint8_t *sig, size_t *sig_len)
{
	const struct p11_key *k = p11_op_key(s, op);
	uint8_t em[UIMKEY_PIV_SIG_MAX], out[UIMKEY_PIV_SIG_MAX];
	size_t out_len = 0, n;
	CK_RV rv;

	if ((rv = p11_op_may_use(s, op)) != CKR_OK)
		return rv;
	n = p11_key_bytes(k);
	if (op->needs_context && !op->context_ok) {
		rv = CKR_USER_NOT_LOGGED_IN;
		goto fail;
	}
	if (p11_key_is_ec(k)) {
		if (len == 0 || len > UIMKEY_PIV_HASH_MAX) {
			rv = CKR_DATA_LEN_RANGE;
			goto fail;
		}
		rv = p11_card_priv_op(s, op->key, 0, data, len, out,
		    sizeof(out), &out_len);
		if (rv == CKR_OK && p11_ecdsa_der_to_raw(out, out_len, n,
		    sig) != 0)
			rv = CKR_DEVICE_ERROR;
		*sig_len = 2 * n;
		goto fail;
	}
	if ((rv = rsa_block(op, k, data, len, em)) != CKR_OK)
		goto fail;
	rv = p11_card_priv_op(s, op->key, 0, em, n, sig, n, &out_len);
	*sig_len = out_len;
fail:
	explicit_bzero(em, sizeof(em));
	explicit_bzero(out, sizeof(out));
	return rv;
}

CK_RV
p11_op_verify(struct p11_session *s, struct p11_op *op, const uint8_t *data,
    size_t len, const uint8_t *sig, size_t sig_len)
{
	const struct p11_key *k = p11_op_key(s, op);
	uint8_t em[UIMKEY_PIV_SIG_MAX], want[UIMKEY_PIV_SIG_MAX];
	size_t n;
	CK_RV rv;

	if (k == NULL)
		return CKR_KEY_HANDLE_INVALID;
	n = p11_key_bytes(k);
	if (p11_key_is_ec(k)) {
		if (sig_len != 2 * n)
			return CKR_SIGNATURE_LEN_RANGE;
		if (len == 0)
			return CKR_DATA_LEN_RANGE;
		return p11_pub_ecdsa(k, data, len, sig, sig_len) ? CKR_OK :
		    CKR_SIGNATURE_INVALID;
	}
	if (sig_len != n)
		return CKR_SIGNATURE_LEN_RANGE;
	memcpy(em, sig, n);
	if (!p11_pub_rsa(k, em, n))
		return CKR_SIGNATURE_INVALID;
	if (op->mech->pad == P11_PAD_PSS) {
		if (len != p11_hash_len(op->enc_hash))
			return CKR_DATA_LEN_RANGE;
		return p11_rsa_pss_check(em, p11_key_bits(k), op->enc_hash,
		    op->mgf_hash, op->salt_len, data) ? CKR_OK :
		    CKR_SIGNATURE_INVALID;
	}
	if ((rv = rsa_block(op, k, data, len, want)) != CKR_OK)
		return rv;
	return memcmp(em, want, n) == 0 ? CKR_OK : CKR_SIGNATURE_INVALID;
}
