/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * C_SetPIN and C_InitPIN.
 * - C_SetPIN, nobody or the user logged in: the PIN (CHANGE REFERENCE
 *   DATA 80).  The SO: the management key (old and new in hex; AES-128,
 *   AES-256, or for 24 bytes the key's present algorithm, 3DES or
 *   AES-192) or, when the SO logged in with the PUK, the PUK.
 * - C_InitPIN, the SO logged in with the PUK: the PIN is reset to the
 *   new value with the PUK (RESET RETRY COUNTER), which also unblocks it.
 *   PIV cannot set the PIN with the management key.
 */
#define _DEFAULT_SOURCE
#include <string.h>

#include "pkcs11/p11_login.h"
#include "pkcs11/p11_util.h"

struct new_mgmt {
	const uint8_t *old_key, *new_key;
	size_t old_len, new_len;
};

static int
set_mgmt(uimkey_dev_t *dev, void *arg)
{
	const struct new_mgmt *m = arg;
	uimkey_piv_meta_t meta;
	uint8_t alg;
	int err;

	if ((err = uimkey_piv_auth_mgmt(dev, 0, m->old_key, m->old_len)) !=
	    UIMKEY_OK)
		return err == UIMKEY_ERR_SW_SECURITY ? UIMKEY_ERR_SW_WRONG_PIN :
		    err;
	if (m->new_len == 16)
		alg = UIMKEY_ALG_AES128;
	else if (m->new_len == 32)
		alg = UIMKEY_ALG_AES256;
	else
		alg = uimkey_piv_get_metadata(dev, UIMKEY_SLOT_MGMT,
		    &meta) == UIMKEY_OK && meta.alg == UIMKEY_ALG_AES192 ?
		    UIMKEY_ALG_AES192 : UIMKEY_ALG_3DES;
	return uimkey_piv_set_mgmt_key(dev, alg, m->new_key, m->new_len);
}

static CK_RV
so_set_mgmt(struct p11_session *sess, struct p11_slot *s,
    const CK_UTF8CHAR *old, CK_ULONG old_len, const CK_UTF8CHAR *new_hex,
    CK_ULONG new_len)
{
	struct p11_secrets *sec = p11_slot_secrets(s);
	uint8_t a[UIMKEY_MGMT_KEY_MAX], b[UIMKEY_MGMT_KEY_MAX];
	struct new_mgmt m;
	CK_RV rv;

	memset(&m, 0, sizeof(m));
	if ((rv = p11_mgmt_parse(old, old_len, a, &m.old_len)) != CKR_OK) {
		rv = CKR_PIN_INCORRECT;
		goto fail;
	}
	if ((rv = p11_mgmt_parse(new_hex, new_len, b, &m.new_len)) != CKR_OK)
		goto fail;
	m.old_key = a;
	m.new_key = b;
	rv = p11_card_admin(sess, set_mgmt, &m);
	if (rv == CKR_TEMPLATE_INCONSISTENT)
		rv = CKR_PIN_INVALID;   /* e.g. a weak 3DES key */
	if (rv == CKR_OK) {
		memcpy(sec->mgmt, b, m.new_len);
		sec->mgmt_len = m.new_len;
	}
fail:
	explicit_bzero(a, sizeof(a));
	explicit_bzero(b, sizeof(b));
	return rv;
}

/* The PIN (user or nobody logged in) or the PUK (SO with the PUK). */
static CK_RV
change_ref(struct p11_slot *s, int puk, const CK_UTF8CHAR *old,
    CK_ULONG old_len, const CK_UTF8CHAR *new_pin, CK_ULONG new_len)
{
	struct p11_secrets *sec = p11_slot_secrets(s);
	char a[UIMKEY_PIN_LEN + 1], b[UIMKEY_PIN_LEN + 1];
	uimkey_dev_t *dev;
	int err, tries = -1;
	CK_RV rv;

	if (p11_pin_string(old, old_len, a) != CKR_OK) {
		memset(b, 0, sizeof(b));
		rv = CKR_PIN_INCORRECT;
		goto fail;
	}
	if ((rv = p11_pin_string(new_pin, new_len, b)) != CKR_OK)
		goto fail;
	if ((rv = p11_slot_dev_get(s, &dev)) != CKR_OK)
		goto fail;
	err = puk ? uimkey_piv_change_puk(dev, a, b, &tries) :
	    uimkey_piv_change_pin(dev, a, b, &tries);
	if ((rv = p11_pin_rv(s, err, tries)) != CKR_OK)
		goto fail;
	if (puk) {
		memcpy(sec->puk, b, sizeof(sec->puk));
	} else if (s->login == CKU_USER) {
		/* The card is not logged in after an expired PIN's login:
		 * the next operation proves the new PIN (p11_card.c). */
		memcpy(sec->pin, b, sizeof(sec->pin));
		s->pin_expired = 0;
	}
fail:
	explicit_bzero(a, sizeof(a));
	explicit_bzero(b, sizeof(b));
	return rv;
}

P11_EXPORT CK_RV
C_SetPIN(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pOldPin,
    CK_ULONG ulOldLen, CK_UTF8CHAR_PTR pNewPin, CK_ULONG ulNewLen)
{
	struct p11_session *sess;
	struct p11_slot *s;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &sess)) != CKR_OK)
		return rv;
	s = p11_session_slot(sess);
	if (pOldPin == NULL || pNewPin == NULL)
		rv = CKR_ARGUMENTS_BAD;
	else if (!(sess->flags & CKF_RW_SESSION))
		rv = CKR_SESSION_READ_ONLY;
	else if (s->login == CKU_SO && !s->so_puk)
		rv = so_set_mgmt(sess, s, pOldPin, ulOldLen, pNewPin,
		    ulNewLen);
	else
		rv = change_ref(s, s->login == CKU_SO, pOldPin, ulOldLen,
		    pNewPin, ulNewLen);
	p11_session_leave(sess);
	return rv;
}

P11_EXPORT CK_RV
C_InitPIN(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen)
{
	struct p11_session *sess;
	struct p11_slot *s;
	struct p11_secrets *sec;
	char pin[UIMKEY_PIN_LEN + 1];
	uimkey_dev_t *dev;
	int err, tries = -1;
	CK_RV rv;

	memset(pin, 0, sizeof(pin));
	if ((rv = p11_session_enter(hSession, &sess)) != CKR_OK)
		return rv;
	s = p11_session_slot(sess);
	sec = p11_slot_secrets(s);
	if (pPin == NULL) {
		rv = CKR_ARGUMENTS_BAD;
		goto out;
	}
	if (!(sess->flags & CKF_RW_SESSION)) {
		rv = CKR_SESSION_READ_ONLY;
		goto out;
	}
	if (s->login != CKU_SO) {
		rv = CKR_USER_NOT_LOGGED_IN;
		goto out;
	}
	/* The management key cannot set a PIV PIN: only the PUK can. */
	if (!s->so_puk) {
		rv = CKR_FUNCTION_NOT_SUPPORTED;
		goto out;
	}
	if ((rv = p11_pin_string(pPin, ulPinLen, pin)) != CKR_OK ||
	    (rv = p11_slot_dev_get(s, &dev)) != CKR_OK)
		goto out;
	err = uimkey_piv_unblock_pin(dev, sec->puk, pin, &tries);
	rv = p11_pin_rv(s, err, tries);
out:
	explicit_bzero(pin, sizeof(pin));
	p11_session_leave(sess);
	return rv;
}
