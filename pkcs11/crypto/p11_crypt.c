/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * C_Encrypt* (the public key, on the host) and C_Decrypt* (the card's raw
 * private operation, then PKCS#1 v1.5 or OAEP decoding on the host).
 * Multi-part calls gather the one block RSA takes.
 */
#define _DEFAULT_SOURCE
#include <string.h>

#include "pkcs11/p11_login.h"
#include "pkcs11/p11_op.h"
#include "pkcs11/p11_part.h"
#include "pkcs11/p11_pub.h"
#include "pkcs11/p11_rsa.h"
#include "pkcs11/p11_util.h"

#define IN(p, n)  ((p) != NULL || (n) == 0)

static CK_RV
encrypt_block(struct p11_session *s, struct p11_op *op, const uint8_t *m,
    size_t len, uint8_t *out)
{
	const struct p11_key *k = p11_op_key(s, op);
	size_t kb;
	CK_RV rv;

	if (k == NULL)
		return CKR_KEY_HANDLE_INVALID;
	kb = k->pk.n_len;
	switch (op->mech->pad) {
	case P11_PAD_PKCS1:
		rv = p11_rsa_pkcs1_enc(out, kb, m, len);
		break;
	case P11_PAD_OAEP:
		rv = p11_rsa_oaep_enc(out, kb, op->enc_hash, op->mgf_hash,
		    op->label, op->label_len, m, len);
		break;
	default:
		rv = CKR_OK;
		if (len > kb) {
			rv = CKR_DATA_LEN_RANGE;
			break;
		}
		memset(out, 0, kb - len);
		memcpy(out + kb - len, m, len);
		break;
	}
	if (rv == CKR_OK && !p11_pub_rsa(k, out, kb))
		rv = CKR_DATA_INVALID;          /* not below the modulus */
	return rv;
}

/* Encrypt data (NULL: what C_EncryptUpdate gathered). */
static CK_RV
encrypt_out(struct p11_session *s, struct p11_op *op, const uint8_t *data,
    size_t len, CK_BYTE_PTR out, CK_ULONG_PTR out_len, int *keep)
{
	uint8_t em[UIMKEY_PIV_SIG_MAX];
	size_t need = p11_op_out_len(s, op);
	CK_RV rv;

	if (need == 0) {
		*keep = 0;
		return CKR_KEY_HANDLE_INVALID;  /* destroyed meanwhile */
	}
	if ((rv = p11_out_room(out, out_len, need, keep)) != CKR_OK || *keep)
		return rv;
	if (data == NULL) {
		data = op->buf;
		len = op->buf_len;
	}
	if ((rv = encrypt_block(s, op, data, len, em)) == CKR_OK) {
		memcpy(out, em, need);
		*out_len = need;
	}
	explicit_bzero(em, sizeof(em));
	return rv;
}

/* Decrypt one block; a result too big for the caller's buffer is kept
 * for the retry, so the card is asked once. */
static CK_RV
decrypt_out(struct p11_session *s, struct p11_op *op, const uint8_t *in,
    size_t len, CK_BYTE_PTR out, CK_ULONG_PTR out_len, int *keep)
{
	const struct p11_key *k = p11_op_key(s, op);
	uint8_t raw[UIMKEY_PIV_SIG_MAX], msg[UIMKEY_PIV_SIG_MAX];
	size_t kb, got = 0, mlen = 0;
	CK_RV rv = CKR_OK;

	*keep = 1;
	if (k == NULL) {
		*keep = 0;
		return CKR_KEY_HANDLE_INVALID;
	}
	kb = k->pk.n_len;
	if (op->have_result) {
		mlen = op->buf_len;
		memcpy(msg, op->buf, mlen);
	} else if (out == NULL) {
		*out_len = kb;                  /* enough for any result */
		return CKR_OK;
	} else {
		*keep = 0;
		if (in == NULL) {
			in = op->buf;
			len = op->buf_len;
		}
		if (len != kb)
			return CKR_ENCRYPTED_DATA_LEN_RANGE;
		if ((rv = p11_op_may_use(s, op)) != CKR_OK)
			goto fail;
		if (op->needs_context && !op->context_ok) {
			rv = CKR_USER_NOT_LOGGED_IN;
			goto fail;
		}
		rv = p11_card_priv_op(s, op->key, 0, in, len, raw,
		    sizeof(raw), &got);
		if (rv == CKR_DATA_INVALID)
			rv = CKR_ENCRYPTED_DATA_INVALID;
		if (rv != CKR_OK)
			goto fail;
		if (op->mech->pad == P11_PAD_PKCS1) {
			rv = p11_rsa_pkcs1_dec(raw, kb, msg, &mlen);
		} else if (op->mech->pad == P11_PAD_OAEP) {
			rv = p11_rsa_oaep_dec(raw, kb, op->enc_hash,
			    op->mgf_hash, op->label, op->label_len, msg, &mlen);
		} else {
			memcpy(msg, raw, kb);
			mlen = kb;
		}
		if (rv != CKR_OK)
			goto fail;
	}
	if ((rv = p11_out_room(out, out_len, mlen, keep)) != CKR_OK || *keep) {
		/* Keep the result: the card is not asked again. */
		memcpy(op->buf, msg, mlen);
		op->buf_len = mlen;
		op->have_result = 1;
		goto fail;
	}
	memcpy(out, msg, mlen);
	*out_len = mlen;
fail:
	explicit_bzero(raw, sizeof(raw));
	explicit_bzero(msg, sizeof(msg));
	return rv;
}

static CK_RV
update(CK_SESSION_HANDLE h, int dec, CK_BYTE_PTR in, CK_ULONG in_len,
    CK_ULONG_PTR out_len)
{
	struct p11_session *s;
	struct p11_op *op;
	CK_RV rv;

	if ((rv = p11_part_enter(h, dec ? P11_OP_DECRYPT : P11_OP_ENCRYPT, &s,
	    &op)) != CKR_OK)
		return rv;
	if (op->single) {
		/* The single-part call gave a length: the operation is
		 * its own until it ends. */
		rv = CKR_OPERATION_ACTIVE;
		goto out;
	}
	op->multi = 1;
	if (!IN(in, in_len) || out_len == NULL)
		rv = CKR_ARGUMENTS_BAD;
	else if (in_len > sizeof(op->buf) - op->buf_len)
		rv = dec ? CKR_ENCRYPTED_DATA_LEN_RANGE : CKR_DATA_LEN_RANGE;
	if (rv != CKR_OK) {
		p11_op_end(s, op);
		goto out;
	}
	if (in_len > 0)
		memcpy(op->buf + op->buf_len, in, in_len);
	op->buf_len += in_len;
	*out_len = 0;                   /* RSA answers at the end */
out:
	p11_session_leave(s);
	return rv;
}

P11_EXPORT CK_RV
C_EncryptInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
    CK_OBJECT_HANDLE hKey)
{
	return p11_part_init(hSession, P11_OP_ENCRYPT, pMechanism, hKey,
	    CKF_ENCRYPT);
}

P11_EXPORT CK_RV
C_Encrypt(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
    CK_BYTE_PTR pEncryptedData, CK_ULONG_PTR pulEncryptedDataLen)
{
	return p11_part_one(hSession, P11_OP_ENCRYPT, encrypt_out, pData,
	    ulDataLen, pEncryptedData, pulEncryptedDataLen);
}

P11_EXPORT CK_RV
C_EncryptUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart,
    CK_ULONG ulPartLen, CK_BYTE_PTR pEncryptedPart,
    CK_ULONG_PTR pulEncryptedPartLen)
{
	(void)pEncryptedPart;
	return update(hSession, 0, pPart, ulPartLen, pulEncryptedPartLen);
}

P11_EXPORT CK_RV
C_EncryptFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastEncryptedPart,
    CK_ULONG_PTR pulLastEncryptedPartLen)
{
	return p11_part_final(hSession, P11_OP_ENCRYPT, encrypt_out,
	    pLastEncryptedPart, pulLastEncryptedPartLen);
}

P11_EXPORT CK_RV
C_DecryptInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
    CK_OBJECT_HANDLE hKey)
{
	return p11_part_init(hSession, P11_OP_DECRYPT, pMechanism, hKey,
	    CKF_DECRYPT);
}

P11_EXPORT CK_RV
C_Decrypt(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedData,
    CK_ULONG ulEncryptedDataLen, CK_BYTE_PTR pData, CK_ULONG_PTR pulDataLen)
{
	return p11_part_one(hSession, P11_OP_DECRYPT, decrypt_out,
	    pEncryptedData, ulEncryptedDataLen, pData, pulDataLen);
}

P11_EXPORT CK_RV
C_DecryptUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart,
    CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart, CK_ULONG_PTR pulPartLen)
{
	(void)pPart;
	return update(hSession, 1, pEncryptedPart, ulEncryptedPartLen,
	    pulPartLen);
}

P11_EXPORT CK_RV
C_DecryptFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastPart,
    CK_ULONG_PTR pulLastPartLen)
{
	return p11_part_final(hSession, P11_OP_DECRYPT, decrypt_out, pLastPart,
	    pulLastPartLen);
}
