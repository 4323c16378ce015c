/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card exchanges behind signatures, decryption, key agreement and
 * administration, with the transparent login again: PIV cards forget the
 * PIN and the management key when any program resets the card, and
 * programs share the card.  The speed rule: a private key operation is
 * one command (chained parts and GET RESPONSE aside), two for a key of
 * PIN policy "always" (its VERIFY, then this, in one transaction when
 * the context login's PIN was the login's; else the VERIFY was sent at
 * CKU_CONTEXT_SPECIFIC).
 *
 * The transaction rule: a sequence of exchanges that must not be parted
 * (a VERIFY and the use it opens, the management key proven and the
 * command it allows, a command in chained parts or an answer fetched in
 * parts) runs in one PC/SC transaction.  A single exchange on a logical
 * channel of the dev's own runs without one: no other program's command
 * can land inside it, nor use what it proved.  Callers hold the slot's
 * lock.
 */
#define _DEFAULT_SOURCE
#include <string.h>

#include "pkcs11/p11_login.h"
#include "pkcs11/p11_util.h"

/* Prove the user's PIN again; on failure the login is over (the kept PIN
 * is wrong now: another program changed it), never trying it twice. */
static int
again_pin(struct p11_slot *s, uimkey_dev_t *dev)
{
	struct p11_secrets *sec = p11_slot_secrets(s);
	int err;

	if (s->login != CKU_USER || sec->pin[0] == '\0')
		return UIMKEY_ERR_SW_SECURITY;
	err = uimkey_piv_verify_pin(dev, sec->pin, NULL);
	if (err == UIMKEY_ERR_SW_WRONG_PIN || err == UIMKEY_ERR_SW_BLOCKED ||
	    err == UIMKEY_ERR_PIN_MUST_CHANGE || err == UIMKEY_ERR_ARG) {
		p11_login_end(s, 0);
		err = UIMKEY_ERR_SW_SECURITY;
	}
	return err;
}

static int
again_mgmt(struct p11_slot *s, uimkey_dev_t *dev)
{
	struct p11_secrets *sec = p11_slot_secrets(s);
	int err;

	if (s->login != CKU_SO || sec->mgmt_len == 0)
		return UIMKEY_ERR_SW_SECURITY;
	err = uimkey_piv_auth_mgmt(dev, 0, sec->mgmt, sec->mgmt_len);
	if (err == UIMKEY_ERR_SW_SECURITY || err == UIMKEY_ERR_SW_DATA ||
	    err == UIMKEY_ERR_ARG) {
		p11_login_end(s, 0);
		err = UIMKEY_ERR_SW_SECURITY;
	}
	return err;
}

/*
 * Whether the dev talks to the card on a logical channel of its own
 * (libuimkey opens one on a uimkey card), with extended lengths: a
 * command and its answer are one exchange each, never chained.  Asked
 * at each operation: after a reset the dev may be on another channel,
 * or on the basic one.
 */
static int
dev_own_channel(const uimkey_dev_t *dev)
{
	return uimkey_dev_channel(dev) > 0 && uimkey_dev_uses_ext_apdu(dev);
}

static int
priv_once(uimkey_dev_t *dev, const struct p11_key *k, int ecdh,
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap,
    size_t *out_len)
{
	/* The algorithm is known: no GET METADATA on the way. */
	if (ecdh)
		return uimkey_piv_ecdh(dev, k->piv, k->alg, in, in_len, out,
		    cap, out_len);
	return uimkey_piv_sign(dev, k->piv, k->alg, in, in_len, out, cap,
	    out_len);
}

/*
 * The operation, and again in a transaction (begun here unless *began)
 * when the card forgot the PIN (a VERIFY first: a reset, or a channel
 * the card reclaimed and libuimkey opened again), or when, sent alone,
 * it met another program holding the card longer than libuimkey waits
 * (UIMKEY_ERR_SHARING: a transaction waits as long as PC/SC does).
 * Each at most once.
 */
static int
priv_do(struct p11_slot *s, uimkey_dev_t *dev, const struct p11_key *k,
    int *began, int ecdh, const uint8_t *in, size_t in_len, uint8_t *out,
    size_t cap, size_t *out_len)
{
	int err, pin, pin_tried = 0;

	err = priv_once(dev, k, ecdh, in, in_len, out, cap, out_len);
	for (;;) {
		/* A reset libuimkey could not hide (another came while it
		 * took the card back) lost the PIN as surely as 6982. */
		pin = (err == UIMKEY_ERR_SW_SECURITY ||
		    err == UIMKEY_ERR_CARD_RESET) && !pin_tried &&
		    k->pin_policy != UIMKEY_PIN_POLICY_NEVER;
		if (err == UIMKEY_ERR_CARD_RESET && !pin_tried &&
		    k->pin_policy == UIMKEY_PIN_POLICY_NEVER) {
			pin_tried = 1;
			err = priv_once(dev, k, ecdh, in, in_len, out, cap,
			    out_len);
			continue;
		}
		if (!pin && !(err == UIMKEY_ERR_SHARING && !*began))
			return err;
		if (!*began) {
			if ((err = uimkey_dev_begin(dev)) != UIMKEY_OK)
				return err;
			*began = 1;
		}
		if (pin) {
			pin_tried = 1;
			if ((err = again_pin(s, dev)) != UIMKEY_OK)
				return err;
		}
		err = priv_once(dev, k, ecdh, in, in_len, out, cap, out_len);
	}
}

CK_RV
p11_card_priv_op(struct p11_session *sess, int idx, int ecdh,
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap,
    size_t *out_len)
{
	struct p11_slot *s = p11_session_slot(sess);
	const struct p11_key *k = &s->cache->keys[idx];
	const struct p11_op *ctx = sess->pending_context;
	int verify = ctx != NULL && ctx->key == idx &&
	    ctx->context_ok == P11_CONTEXT_AT_USE;
	uimkey_dev_t *dev;
	int err, began = 0;
	CK_RV rv;

	if ((rv = p11_slot_dev_get(s, &dev)) != CKR_OK)
		return rv;
	/* Without a channel of its own, every private-key operation runs
	 * inside a PC/SC transaction: an APDU sent without one can land
	 * between the parts of another program's chained command (seen
	 * with 8 processes signing). */
	if (verify || !dev_own_channel(dev)) {
		if ((err = uimkey_dev_begin(dev)) != UIMKEY_OK)
			goto fail;
		began = 1;
	}
	/* A key of policy "always" whose context login was the login's PIN:
	 * its VERIFY here, with the use it opens. */
	if (verify && (err = again_pin(s, dev)) == UIMKEY_ERR_CARD_RESET)
		err = again_pin(s, dev);
	if (verify && err != UIMKEY_OK)
		goto fail;
	err = priv_do(s, dev, k, &began, ecdh, in, in_len, out, cap, out_len);
fail:
	if (began)
		(void)uimkey_dev_end(dev);
	if (err == UIMKEY_ERR_SW_SECURITY)
		return CKR_USER_NOT_LOGGED_IN;
	if (err == UIMKEY_ERR_SW_NO_REF)
		return CKR_KEY_HANDLE_INVALID;
	if (err == UIMKEY_ERR_SW_DATA || err == UIMKEY_ERR_ARG)
		return CKR_DATA_INVALID;
	return p11_slot_rv(s, err);
}

CK_RV
p11_card_admin(struct p11_session *sess, int (*fn)(uimkey_dev_t *, void *),
    void *arg)
{
	struct p11_slot *s = p11_session_slot(sess);
	uimkey_dev_t *dev;
	int err, began = 0;
	CK_RV rv;

	if (s->login != CKU_SO || s->so_puk)
		return CKR_USER_NOT_LOGGED_IN;
	if ((rv = p11_slot_dev_get(s, &dev)) != CKR_OK)
		return rv;
	if ((err = uimkey_dev_begin(dev)) != UIMKEY_OK)
		goto fail;
	began = 1;
	err = fn(dev, arg);
	if (err == UIMKEY_ERR_SW_SECURITY &&
	    (err = again_mgmt(s, dev)) == UIMKEY_OK)
		err = fn(dev, arg);
fail:
	if (began)
		(void)uimkey_dev_end(dev);
	if (err == UIMKEY_ERR_SW_SECURITY)
		return CKR_USER_NOT_LOGGED_IN;
	if (err == UIMKEY_ERR_SW_WRONG_PIN)
		return CKR_PIN_INCORRECT;
	if (err == UIMKEY_ERR_SW_DATA || err == UIMKEY_ERR_ARG)
		return CKR_TEMPLATE_INCONSISTENT;
	if (err == UIMKEY_ERR_SW_NO_SPACE || err == UIMKEY_ERR_SW_MEMORY)
		return CKR_DEVICE_MEMORY;
	return p11_slot_rv(s, err);
}
