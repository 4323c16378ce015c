/* SPDX-License-Identifier: BSD-2-Clause */
/* C_Login and C_Logout: the login state machine of PKCS#11 v2.40 5.6. */
#define _DEFAULT_SOURCE
#include <string.h>

#include "pkcs11/p11_login.h"
#include "pkcs11/p11_sobj.h"
#include "pkcs11/p11_util.h"

CK_RV
p11_pin_string(const CK_UTF8CHAR *pin, CK_ULONG len,
    char out[UIMKEY_PIN_LEN + 1])
{
	CK_ULONG i;

	memset(out, 0, UIMKEY_PIN_LEN + 1);
	if (len < UIMKEY_PIN_MIN || len > UIMKEY_PIN_LEN)
		return CKR_PIN_LEN_RANGE;
	for (i = 0; i < len; i++)
		if (pin[i] == 0x00 || pin[i] == 0xFF)
			return CKR_PIN_INVALID;
	memcpy(out, pin, len);
	return CKR_OK;
}

static int
hex_digit(CK_UTF8CHAR c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

CK_RV
p11_mgmt_parse(const CK_UTF8CHAR *hex, CK_ULONG len,
    uint8_t key[UIMKEY_MGMT_KEY_MAX], size_t *key_len)
{
	CK_ULONG i;
	int hi, lo;

	*key_len = 0;
	if (len != 32 && len != 48 && len != 64)
		return CKR_PIN_LEN_RANGE;
	for (i = 0; i < len; i += 2) {
		hi = hex_digit(hex[i]);
		lo = hex_digit(hex[i + 1]);
		if (hi < 0 || lo < 0) {
			explicit_bzero(key, UIMKEY_MGMT_KEY_MAX);
			return CKR_PIN_INVALID;
		}
		key[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	*key_len = len / 2;
	return CKR_OK;
}

CK_RV
p11_pin_rv(struct p11_slot *s, int err, int tries)
{
	switch (err) {
	case UIMKEY_OK:
		return CKR_OK;
	case UIMKEY_ERR_SW_WRONG_PIN:
		/* 63C0: this try blocked it. */
		return tries == 0 ? CKR_PIN_LOCKED : CKR_PIN_INCORRECT;
	case UIMKEY_ERR_SW_BLOCKED:
	case UIMKEY_ERR_SW_LOCKED:      /* locked by the issuer */
		return CKR_PIN_LOCKED;
	case UIMKEY_ERR_PIN_MUST_CHANGE:
		return CKR_PIN_EXPIRED;
	case UIMKEY_ERR_PIN_POLICY:
		return CKR_PIN_INVALID;
	case UIMKEY_ERR_ARG:
		return CKR_PIN_INVALID;
	default:
		return p11_slot_rv(s, err);
	}
}

void
p11_login_end(struct p11_slot *s, int tell_card)
{
	if (s->login != P11_NOBODY && tell_card && s->dev != NULL &&
	    !s->lost) {
		if (s->login == CKU_USER)
			(void)uimkey_piv_logout(s->dev);
		else if (!s->so_puk)
			/* The card forgets the management key (and the PIN:
			 * other programs log in again, as after a reset). */
			(void)uimkey_dev_select(s->dev);
	}
	/* PKCS#11 v2.40 5.6 C_Logout: the private session objects go. */
	if (s->login == CKU_USER)
		p11_sobj_logout(s);
	p11_secrets_wipe(p11_slot_secrets(s));
	s->login = P11_NOBODY;
	s->so_puk = 0;
	s->pin_expired = 0;
}

/*
 * C_Login may give only the codes PKCS#11 v2.40 lists for it (5.6).  A
 * secret the card could never take (a PIN or PUK of the wrong length or
 * with a NUL or FF byte, a management key of the wrong length or not in
 * hex) is simply incorrect: it is refused before any command, so it
 * costs no try.  A card or token gone is CKR_DEVICE_REMOVED.  A right
 * PIN the card wants changed first is a login (see login_pin), never an
 * error.
 */
static CK_RV
login_rv(CK_RV rv)
{
	switch (rv) {
	case CKR_PIN_LEN_RANGE:
	case CKR_PIN_INVALID:
		return CKR_PIN_INCORRECT;
	case CKR_TOKEN_NOT_PRESENT:
		return CKR_DEVICE_REMOVED;
	case CKR_TOKEN_NOT_RECOGNIZED:
	case CKR_FUNCTION_REJECTED:
		return CKR_DEVICE_ERROR;
	default:
		return rv;
	}
}

/*
 * VERIFY the PIN; on success keep it.  A right PIN the card wants changed
 * first (it answers "conditions not satisfied" and grants nothing) is a
 * login with an expired PIN, as PKCS#11 models it: C_Login succeeds,
 * CKF_USER_PIN_TO_BE_CHANGED is set, and operations on PIN-protected keys
 * are CKR_PIN_EXPIRED until C_SetPIN; *expired says so.
 */
static CK_RV
login_pin(struct p11_slot *s, uimkey_dev_t *dev, const CK_UTF8CHAR *pin,
    CK_ULONG len, int *expired)
{
	struct p11_secrets *sec = p11_slot_secrets(s);
	char str[UIMKEY_PIN_LEN + 1];
	int err, tries = -1;
	CK_RV rv;

	/* A PIN the card could never hold sends no VERIFY. */
	if ((rv = p11_pin_string(pin, len, str)) != CKR_OK)
		goto fail;
	err = uimkey_piv_verify_pin(dev, str, &tries);
	*expired = err == UIMKEY_ERR_PIN_MUST_CHANGE;
	if (*expired)
		err = UIMKEY_OK;
	if ((rv = p11_pin_rv(s, err, tries)) != CKR_OK)
		goto fail;
	memcpy(sec->pin, str, sizeof(sec->pin));
fail:
	explicit_bzero(str, sizeof(str));
	return login_rv(rv);
}

/* The SO: the management key in hex, or the PUK (6 to 8 characters),
 * proven by changing the PUK to itself (PIV has no VERIFY of the PUK). */
static CK_RV
login_so(struct p11_slot *s, uimkey_dev_t *dev, const CK_UTF8CHAR *pin,
    CK_ULONG len)
{
	struct p11_secrets *sec = p11_slot_secrets(s);
	uint8_t key[UIMKEY_MGMT_KEY_MAX];
	char puk[UIMKEY_PIN_LEN + 1];
	size_t key_len = 0;
	int err, tries = -1;
	CK_RV rv;

	memset(puk, 0, sizeof(puk));
	if (len <= UIMKEY_PIN_LEN) {
		/* A PUK of the wrong length: no CHANGE REFERENCE DATA. */
		if ((rv = p11_pin_string(pin, len, puk)) != CKR_OK)
			goto fail;
		err = uimkey_piv_change_puk(dev, puk, puk, &tries);
		if ((rv = p11_pin_rv(s, err, tries)) != CKR_OK)
			goto fail;
		memcpy(sec->puk, puk, sizeof(sec->puk));
		s->so_puk = 1;
		goto fail;
	}
	/* Not 32, 48 or 64 hex digits: no authentication is tried. */
	if ((rv = p11_mgmt_parse(pin, len, key, &key_len)) != CKR_OK)
		goto fail;
	err = uimkey_piv_auth_mgmt(dev, 0, key, key_len);
	/* Not the length of the card's algorithm (seen in its metadata,
	 * before any authentication): incorrect too. */
	if (err == UIMKEY_ERR_ARG ||
	    err == UIMKEY_ERR_SW_SECURITY || err == UIMKEY_ERR_SW_DATA)
		rv = CKR_PIN_INCORRECT;
	else
		rv = p11_slot_rv(s, err);
	if (rv != CKR_OK)
		goto fail;
	memcpy(sec->mgmt, key, key_len);
	sec->mgmt_len = key_len;
fail:
	explicit_bzero(key, sizeof(key));
	explicit_bzero(puk, sizeof(puk));
	return login_rv(rv);
}

/* CKU_CONTEXT_SPECIFIC: the PIN again, for the operation just begun. */
static CK_RV
login_context(struct p11_session *sess, struct p11_slot *s,
    uimkey_dev_t *dev, const CK_UTF8CHAR *pin, CK_ULONG len)
{
	char str[UIMKEY_PIN_LEN + 1];
	int expired = 0;
	CK_RV rv;

	/* No operation waiting for the PIN, or the user left since it
	 * began: PKCS#11's code for a context login out of place. */
	if (sess->pending_context == NULL || s->login != CKU_USER)
		return CKR_OPERATION_NOT_INITIALIZED;
	/* The PIN the card took at C_Login: the card checks it again right
	 * before the operation, in the operation's own transaction
	 * (p11_card_priv_op), where no other program's command can come
	 * between the VERIFY and the use it opens. */
	if (p11_pin_string(pin, len, str) == CKR_OK &&
	    p11_secret_is_pin(p11_slot_secrets(s), str)) {
		explicit_bzero(str, sizeof(str));
		sess->pending_context->context_ok = P11_CONTEXT_AT_USE;
		return CKR_OK;
	}
	explicit_bzero(str, sizeof(str));
	rv = login_pin(s, dev, pin, len, &expired);
	/* Another program marked the PIN to be changed meanwhile: the
	 * card granted nothing, so this login proves nothing. */
	if (rv == CKR_OK && expired) {
		s->pin_expired = 1;
		rv = CKR_PIN_INCORRECT;
	}
	if (rv == CKR_OK)
		sess->pending_context->context_ok = P11_CONTEXT_CARD;
	return rv;
}

P11_EXPORT CK_RV
C_Login(CK_SESSION_HANDLE hSession, CK_USER_TYPE userType,
    CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen)
{
	struct p11_session *sess;
	struct p11_slot *s;
	uimkey_dev_t *dev;
	int expired = 0;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &sess)) != CKR_OK)
		return rv;
	s = p11_session_slot(sess);
	if (userType != CKU_USER && userType != CKU_SO &&
	    userType != CKU_CONTEXT_SPECIFIC) {
		rv = CKR_USER_TYPE_INVALID;
		goto out;
	}
	/* No protected authentication path: the PIN must be given. */
	if (pPin == NULL) {
		rv = CKR_ARGUMENTS_BAD;
		goto out;
	}
	if ((rv = p11_slot_dev_get(s, &dev)) != CKR_OK) {
		rv = login_rv(rv);
		goto out;
	}
	if (userType == CKU_CONTEXT_SPECIFIC) {
		rv = login_context(sess, s, dev, pPin, ulPinLen);
		goto out;
	}
	if (s->login == userType) {
		rv = CKR_USER_ALREADY_LOGGED_IN;
		goto out;
	}
	if (s->login != P11_NOBODY) {
		rv = CKR_USER_ANOTHER_ALREADY_LOGGED_IN;
		goto out;
	}
	if (userType == CKU_SO) {
		if (p11_sessions_ro_exist(s->id)) {
			rv = CKR_SESSION_READ_ONLY_EXISTS;
			goto out;
		}
		rv = login_so(s, dev, pPin, ulPinLen);
	} else {
		rv = login_pin(s, dev, pPin, ulPinLen, &expired);
	}
	if (rv == CKR_OK) {
		s->login = userType;
		s->pin_expired = expired;
	}
out:
	p11_session_leave(sess);
	return rv;
}

P11_EXPORT CK_RV
C_Logout(CK_SESSION_HANDLE hSession)
{
	struct p11_session *sess;
	struct p11_slot *s;
	CK_RV rv;

	if ((rv = p11_session_enter(hSession, &sess)) != CKR_OK)
		return rv;
	s = p11_session_slot(sess);
	if (s->login == P11_NOBODY)
		rv = CKR_USER_NOT_LOGGED_IN;
	else
		p11_login_end(s, 1);
	p11_session_leave(sess);
	return rv;
}
