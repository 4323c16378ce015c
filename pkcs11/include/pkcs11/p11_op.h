/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sign, verify, encrypt and decrypt operations: what they share.  The
 * data is hashed (mechanisms with a hash) or gathered (raw mechanisms)
 * on the host; the private key operation is one card command.
 */
#ifndef P11_OP_H
#define P11_OP_H

#include "pkcs11/p11_session.h"
#include "pkcs11/p11_slot.h"

/* C_*Init: check the mechanism, its parameters and the key against the
 * use (CKF_SIGN, CKF_VERIFY, CKF_ENCRYPT or CKF_DECRYPT). */
CK_RV p11_op_init(struct p11_session *s, struct p11_op *op,
    const CK_MECHANISM *m, CK_OBJECT_HANDLE hkey, CK_FLAGS use);

/* The key an active operation uses (its slot's cache is loaded). */
struct p11_key *p11_op_key(struct p11_session *s, const struct p11_op *op);

/* Add data: hashed, or gathered (CKR_DATA_LEN_RANGE past the most). */
CK_RV p11_op_update(struct p11_op *op, const uint8_t *in, size_t len);
/* The data to work on: the hash of everything added, or the data. */
void p11_op_data(struct p11_op *op, const uint8_t **p, size_t *len,
    uint8_t hash[64]);

/* Length of a signature (or of an RSA block) with the op's key. */
size_t p11_op_out_len(struct p11_session *s, const struct p11_op *op);

/* Sign data (the hash or the raw data) with the card. */
CK_RV p11_op_sign(struct p11_session *s, struct p11_op *op,
    const uint8_t *data, size_t len, uint8_t *sig, size_t *sig_len);
/* Verify sig over data with the public key. */
CK_RV p11_op_verify(struct p11_session *s, struct p11_op *op,
    const uint8_t *data, size_t len, const uint8_t *sig, size_t sig_len);

/* Whether the session may use a private key now (the op's). */
CK_RV p11_key_may_use(struct p11_session *s, int idx);
CK_RV p11_op_may_use(struct p11_session *s, const struct p11_op *op);

#endif
