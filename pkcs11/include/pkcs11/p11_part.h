/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The calls every multi-part operation shares (sign, verify, encrypt,
 * decrypt, digest): the order of PKCS#11 v2.40 5.2's checks lives here,
 * so each operation's own code only computes its result.
 */
#ifndef P11_PART_H
#define P11_PART_H

#include "pkcs11/p11_session.h"

/* Which of a session's operations a call is for. */
enum p11_op_kind {
	P11_OP_SIGN,
	P11_OP_VERIFY,
	P11_OP_ENCRYPT,
	P11_OP_DECRYPT,
	P11_OP_DIGEST
};

/*
 * The result of data (NULL: of what the parts added).  A size query or a
 * short buffer learns the size and keeps the operation (*keep 1); any
 * other answer ends it (*keep 0).
 */
typedef CK_RV p11_result_fn(struct p11_session *s, struct p11_op *op,
    const uint8_t *data, size_t len, CK_BYTE_PTR out, CK_ULONG_PTR out_len,
    int *keep);

/*
 * Enter h's session with its operation active.  On CKR_OK the caller
 * holds the session's slot, *sp and *opp are set, and it ends with
 * p11_session_leave().
 */
CK_RV p11_part_enter(CK_SESSION_HANDLE h, enum p11_op_kind kind,
    struct p11_session **sp, struct p11_op **opp);

/* C_SignInit, C_VerifyInit, C_EncryptInit, C_DecryptInit (use: CKF_*). */
CK_RV p11_part_init(CK_SESSION_HANDLE h, enum p11_op_kind kind,
    CK_MECHANISM_PTR m, CK_OBJECT_HANDLE key, CK_FLAGS use);

/* C_Sign, C_Encrypt, C_Decrypt, C_Digest: one part, then the result. */
CK_RV p11_part_one(CK_SESSION_HANDLE h, enum p11_op_kind kind,
    p11_result_fn *result, CK_BYTE_PTR in, CK_ULONG in_len, CK_BYTE_PTR out,
    CK_ULONG_PTR out_len);

/* C_SignUpdate, C_VerifyUpdate, C_DigestUpdate: any error ends the
 * operation, as the spec says. */
CK_RV p11_part_update(CK_SESSION_HANDLE h, enum p11_op_kind kind,
    CK_BYTE_PTR part, CK_ULONG len);

/* C_SignFinal, C_EncryptFinal, C_DecryptFinal, C_DigestFinal. */
CK_RV p11_part_final(CK_SESSION_HANDLE h, enum p11_op_kind kind,
    p11_result_fn *result, CK_BYTE_PTR out, CK_ULONG_PTR out_len);

#endif
