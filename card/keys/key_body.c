/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A key's elements as the record holds them, public and private apart
 * (the private ones may be encrypted, the public ones are read without
 * the PIN):
 *   EC   public: the point, uncompressed (04 X Y, 1 + 2L bytes, L the
 *        scalar length: 32 or 48); private: d (L bytes)
 *   RSA  public: n, e; private: p, q, dp, dq, iq; each as a 2-byte
 *        big-endian length followed by that many bytes (big-endian
 *        unsigned)
 */
#include <string.h>

#include "key_record.h"
#include "card/piv_rules.h"
#include "card/wire.h"

#define FIELD_HDR      2
#define RSA_PUB_FIELDS 2
#define RSA_PRIV_FIELDS 5

/* The RSA fields in their order, public (n, e) then private (p, q, dp,
 * dq, iq): X(element, its length in the BearSSL key). */
#define RSA_FIELDS(X) \
	X(n, pk.nlen) X(e, pk.elen) X(p, sk.plen) X(q, sk.qlen) \
	X(dp, sk.dplen) X(dq, sk.dqlen) X(iq, sk.iqlen)

/* One RSA field: where it lives in the key and how long it may be. */
typedef struct {
	uint8_t *buf;
	size_t cap;
	size_t *len;
} rsa_field;

#define AS_FIELD(b, l) \
	{ key->u.rsa.b, sizeof(key->u.rsa.b), &key->u.rsa.l },

static void
rsa_fields(uk_key *key, rsa_field *f)
{
	const rsa_field t[] = { RSA_FIELDS(AS_FIELD) };

	memcpy(f, t, sizeof(t));
}

/* The same fields of a key only read. */
typedef struct {
	const uint8_t *buf;
	size_t cap;
	size_t len;
} rsa_value;

#define AS_VALUE(b, l) \
	{ key->u.rsa.b, sizeof(key->u.rsa.b), key->u.rsa.l },

static void
rsa_values(const uk_key *key, rsa_value *f)
{
	const rsa_value t[] = { RSA_FIELDS(AS_VALUE) };

	memcpy(f, t, sizeof(t));
}

/* n fields from f into out: their length, 0 when they do not fit or
 * one is empty. */
static size_t
put_fields(const rsa_value *f, size_t n, uint8_t *out, size_t cap)
{
	size_t off = 0, k;

	for (k = 0; k < n; k++) {
		if (f[k].len == 0 || f[k].len > f[k].cap ||
		    cap - off < FIELD_HDR + f[k].len)
			return 0;
		out[off] = (uint8_t)(f[k].len >> 8);
		out[off + 1] = (uint8_t)f[k].len;
		memcpy(out + off + FIELD_HDR, f[k].buf, f[k].len);
		off += FIELD_HDR + f[k].len;
	}
	return off;
}

/* n fields from in (len bytes) into f: UK_OK and *used, or
 * UK_ERR_CORRUPT. */
static int
take_fields(const rsa_field *f, size_t n, const uint8_t *in, size_t len,
    size_t *used)
{
	size_t off = 0, flen, k;

	for (k = 0; k < n; k++) {
		if (len - off < FIELD_HDR)
			return UK_ERR_CORRUPT;
		flen = (size_t)in[off] << 8 | in[off + 1];
		off += FIELD_HDR;
		if (flen > f[k].cap || flen > len - off)
			return UK_ERR_CORRUPT;
		memcpy(f[k].buf, in + off, flen);
		*f[k].len = flen;
		off += flen;
	}
	*used = off;
	return UK_OK;
}

size_t
uk_key_body_public(const uk_key *key, uint8_t *out, size_t cap)
{
	rsa_value f[RSA_PUB_FIELDS + RSA_PRIV_FIELDS];
	size_t l = uimkey_alg_ec_bytes(key->alg);

	if (uimkey_alg_is_ec(key->alg)) {
		if (key->u.ec.q_len != 1 + 2 * l || cap < key->u.ec.q_len)
			return 0;
		memcpy(out, key->u.ec.q, key->u.ec.q_len);
		return key->u.ec.q_len;
	}
	if (!uimkey_alg_is_rsa(key->alg))
		return 0;
	rsa_values(key, f);
	return put_fields(f, RSA_PUB_FIELDS, out, cap);
}

size_t
uk_key_body_private(const uk_key *key, uint8_t *out, size_t cap)
{
	rsa_value f[RSA_PUB_FIELDS + RSA_PRIV_FIELDS];
	size_t l = uimkey_alg_ec_bytes(key->alg);

	if (uimkey_alg_is_ec(key->alg)) {
		if (key->u.ec.sk.xlen != l || cap < l)
			return 0;
		memcpy(out, key->u.ec.d, l);
		return l;
	}
	if (!uimkey_alg_is_rsa(key->alg))
		return 0;
	rsa_values(key, f);
	return put_fields(f + RSA_PUB_FIELDS, RSA_PRIV_FIELDS, out, cap);
}

int
uk_key_parse_public(const uint8_t *in, size_t len, uk_key *key,
    size_t *used)
{
	rsa_field f[RSA_PUB_FIELDS + RSA_PRIV_FIELDS];
	size_t l = uimkey_alg_ec_bytes(key->alg);

	if (uimkey_alg_is_ec(key->alg)) {
		if (len < 1 + 2 * l || in[0] != 0x04)
			return UK_ERR_CORRUPT;
		memcpy(key->u.ec.q, in, 1 + 2 * l);
		key->u.ec.q_len = 1 + 2 * l;
		*used = key->u.ec.q_len;
		return UK_OK;
	}
	if (!uimkey_alg_is_rsa(key->alg))
		return UK_ERR_CORRUPT;
	rsa_fields(key, f);
	if (take_fields(f, RSA_PUB_FIELDS, in, len, used) != UK_OK ||
	    key->u.rsa.pk.nlen * 8 != uimkey_alg_rsa_bits(key->alg))
		return UK_ERR_CORRUPT;
	return UK_OK;
}

int
uk_key_parse_private(const uint8_t *in, size_t len, uk_key *key)
{
	rsa_field f[RSA_PUB_FIELDS + RSA_PRIV_FIELDS];
	size_t l = uimkey_alg_ec_bytes(key->alg), used = 0;

	if (uimkey_alg_is_ec(key->alg)) {
		if (len != l)
			return UK_ERR_CORRUPT;
		memcpy(key->u.ec.d, in, l);
		key->u.ec.sk.xlen = l;
		return UK_OK;
	}
	if (!uimkey_alg_is_rsa(key->alg))
		return UK_ERR_CORRUPT;
	rsa_fields(key, f);
	if (take_fields(f + RSA_PUB_FIELDS, RSA_PRIV_FIELDS, in, len,
	    &used) != UK_OK || used != len)
		return UK_ERR_CORRUPT;
	return UK_OK;
}
