/* SPDX-License-Identifier: BSD-2-Clause */
/* Init, one-part, update and final calls of any multi-part operation. */
#include "pkcs11/p11_op.h"
#include "pkcs11/p11_part.h"

#define IN(p, n)  ((p) != NULL || (n) == 0)

static struct p11_op *
op_of(struct p11_session *s, enum p11_op_kind kind)
{
	switch (kind) {
	case P11_OP_SIGN:
		return &s->sign;
	case P11_OP_VERIFY:
		return &s->verify;
	case P11_OP_ENCRYPT:
		return &s->encrypt;
	case P11_OP_DECRYPT:
		return &s->decrypt;
	default:
		return &s->digest;
	}
}

CK_RV
p11_part_enter(CK_SESSION_HANDLE h, enum p11_op_kind kind,
    struct p11_session **sp, struct p11_op **opp)
{
	CK_RV rv;

	if ((rv = p11_session_enter(h, sp)) != CKR_OK)
		return rv;
	*opp = op_of(*sp, kind);
	if (!(*opp)->active) {
		p11_session_leave(*sp);
		rv = CKR_OPERATION_NOT_INITIALIZED;
	}
	return rv;
}

CK_RV
p11_part_init(CK_SESSION_HANDLE h, enum p11_op_kind kind, CK_MECHANISM_PTR m,
    CK_OBJECT_HANDLE key, CK_FLAGS use)
{
	struct p11_session *s;
	CK_RV rv;

	if ((rv = p11_session_enter(h, &s)) != CKR_OK)
		return rv;
	rv = p11_op_init(s, op_of(s, kind), m, key, use);
	p11_session_leave(s);
	return rv;
}

/* What a one-part call refuses before it computes. */
static CK_RV
one_part_check(const struct p11_op *op, CK_BYTE_PTR in, CK_ULONG in_len,
    CK_ULONG_PTR out_len)
{
	if (!IN(in, in_len) || out_len == NULL)
		return CKR_ARGUMENTS_BAD;
	return op->multi ? CKR_OPERATION_ACTIVE : CKR_OK;
}

/* What a final call refuses before it computes; *keep: the operation
 * stays as it is. */
static CK_RV
final_check(const struct p11_op *op, CK_ULONG_PTR out_len, int *keep)
{
	/* Never the result of nothing (or of the one-part call's data)
	 * in place of that call. */
	*keep = op->single;
	if (op->single)
		return CKR_OPERATION_ACTIVE;
	return out_len == NULL ? CKR_ARGUMENTS_BAD : CKR_OK;
}

/* A one-part (in: its data) or final call (in NULL): the checks, then
 * the result, then the end of the operation unless it is kept. */
static CK_RV
part_result(CK_SESSION_HANDLE h, enum p11_op_kind kind, p11_result_fn *result,
    int one_part, CK_BYTE_PTR in, CK_ULONG in_len, CK_BYTE_PTR out,
    CK_ULONG_PTR out_len)
{
	static const uint8_t none[1];
	struct p11_session *s;
	struct p11_op *op;
	int keep = 0;
	CK_RV rv;

	if ((rv = p11_part_enter(h, kind, &s, &op)) != CKR_OK)
		return rv;
	if (one_part)
		rv = one_part_check(op, in, in_len, out_len);
	else
		rv = final_check(op, out_len, &keep);
	if (rv == CKR_OK)
		rv = result(s, op, one_part && in == NULL ? none : in, in_len,
		    out, out_len, &keep);
	/* A length given to the one-part call: the operation stays for
	 * that call alone. */
	if (one_part)
		op->single = keep;
	if (!keep)
		p11_op_end(s, op);
	p11_session_leave(s);
	return rv;
}

CK_RV
p11_part_one(CK_SESSION_HANDLE h, enum p11_op_kind kind, p11_result_fn *result,
    CK_BYTE_PTR in, CK_ULONG in_len, CK_BYTE_PTR out, CK_ULONG_PTR out_len)
{
	return part_result(h, kind, result, 1, in, in_len, out, out_len);
}

CK_RV
p11_part_update(CK_SESSION_HANDLE h, enum p11_op_kind kind, CK_BYTE_PTR part,
    CK_ULONG len)
{
	struct p11_session *s;
	struct p11_op *op;
	CK_RV rv;

	if ((rv = p11_part_enter(h, kind, &s, &op)) != CKR_OK)
		return rv;
	if (op->single) {
		/* The one-part call gave the length: the operation stays
		 * for it. */
		rv = CKR_OPERATION_ACTIVE;
		goto fail;
	}
	op->multi = 1;
	if (!IN(part, len))
		rv = CKR_ARGUMENTS_BAD;
	else if (len > 0)
		rv = p11_op_update(op, part, len);
	if (rv != CKR_OK)
		p11_op_end(s, op);
fail:
	p11_session_leave(s);
	return rv;
}

CK_RV
p11_part_final(CK_SESSION_HANDLE h, enum p11_op_kind kind,
    p11_result_fn *result, CK_BYTE_PTR out, CK_ULONG_PTR out_len)
{
	return part_result(h, kind, result, 0, NULL, 0, out, out_len);
}
