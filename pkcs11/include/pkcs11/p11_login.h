/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Login and the card exchanges that depend on it.  CKU_USER is the PIN;
 * CKU_SO is the management key in hex (as ykcs11) or the PUK;
 * CKU_CONTEXT_SPECIFIC gives the PIN again for a key whose PIN policy is
 * "always".  While logged in, the module keeps the secret in locked
 * memory (p11_secret.h) so that it can log in again, transparently, when
 * another program reset the card; it is wiped at logout.
 */
#ifndef P11_LOGIN_H
#define P11_LOGIN_H

#include "pkcs11/p11_session.h"
#include "pkcs11/p11_slot.h"

/* End the slot's login (tell_card: also log the card out). */
void p11_login_end(struct p11_slot *s, int tell_card);

/* A PKCS#11 PIN as a C string of 6 to 8 characters; CKR_PIN_LEN_RANGE,
 * or CKR_PIN_INVALID for a NUL or FF byte. */
CK_RV p11_pin_string(const CK_UTF8CHAR *pin, CK_ULONG len,
    char out[UIMKEY_PIN_LEN + 1]);
/* A management key in hex (32, 48 or 64 digits). */
CK_RV p11_mgmt_parse(const CK_UTF8CHAR *hex, CK_ULONG len,
    uint8_t key[UIMKEY_MGMT_KEY_MAX], size_t *key_len);
/* The CK_RV of a PIN or PUK presentation's error. */
CK_RV p11_pin_rv(struct p11_slot *s, int err, int tries);

/*
 * The private key operation of key idx on the session's card: ECDSA of a
 * hash or RSA's raw operation (ecdh 0), or ECDH (ecdh 1).  One APDU
 * exchange, in a PC/SC transaction unless the connection has a channel
 * of its own; when the card refuses it for want of a login the module
 * has (another program reset the card, or the card gave the channel
 * away), the login is proven again and the operation repeated, in one
 * transaction.  The slot's lock is held.
 */
CK_RV p11_card_priv_op(struct p11_session *sess, int idx, int ecdh,
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap,
    size_t *out_len);

/*
 * An administrative command needing the management key: fn(dev, arg)
 * returns a libuimkey error.  Runs in one transaction, proving the
 * management key again when the card forgot it.  The session must be an
 * SO's (CKR_USER_NOT_LOGGED_IN otherwise).
 */
CK_RV p11_card_admin(struct p11_session *sess,
    int (*fn)(uimkey_dev_t *, void *), void *arg);

#endif
