/* SPDX-License-Identifier: BSD-2-Clause */
/* The card-verifiable certificate of secure messaging, both ways. */
#include <string.h>

#include <bearssl/bearssl_ec.h>
#include <bearssl/bearssl_hash.h>

#include "codec/cvc.h"
#include "codec/der.h"
#include "codec/der_read.h"
#include "codec/sm_kdf.h"
#include "codec/tlv.h"

#define TAG_CVC        0x7F21u
#define TAG_PROFILE    0x5F29u
#define TAG_IIN        0x42u
#define TAG_SUBJECT    0x5F20u
#define TAG_PUBKEY     0x7F49u
#define TAG_POINT      0x86u
#define TAG_ROLE       0x5F4Cu
#define TAG_SIGNATURE  0x5F37u
#define SUBJECT_SHORT  8
#define POINT_FORM     0x04

static const uint8_t oid_p256[] = { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03,
    0x01, 0x07 };
static const uint8_t oid_ecdsa_sha256[] = { 0x2A, 0x86, 0x48, 0xCE, 0x3D,
    0x04, 0x03, 0x02 };
static const uint8_t der_null[] = { UK_DER_NULL, 0x00 };

_Static_assert(UK_CVC_IIN_LEN == UK_SM_ID_LEN, "IIN and IDsICC: 8 bytes");

/* The same truncation of SHA-256 as the card's identifier IDsICC. */
void
uk_cvc_iin(const uint8_t *point, uint8_t *iin)
{
	uk_sm_id_icc(point, UK_CVC_POINT_LEN, iin);
}

/* A BER-TLV header (a tag of one or two bytes, then the length) at p;
 * its size.  Callers have checked the room. */
static size_t
put_hdr(uint8_t *p, unsigned tag, size_t len)
{
	size_t n = 0, ls = uk_der_len_size(len);

	if (tag > 0xFF)
		p[n++] = (uint8_t)(tag >> 8);
	p[n++] = (uint8_t)tag;
	uk_der_len_put(p + n, len, ls);
	return n + ls;
}

static size_t
hdr_size(unsigned tag, size_t len)
{
	return (tag > 0xFF ? 2u : 1u) + uk_der_len_size(len);
}

/* A whole primitive TLV at p; its size. */
static size_t
put_tlv(uint8_t *p, unsigned tag, const uint8_t *v, size_t len)
{
	size_t n = put_hdr(p, tag, len);

	memcpy(p + n, v, len);
	return n + len;
}

size_t
uk_cvc_body(const uint8_t *iin, const uint8_t *guid, const uint8_t *point,
    uint8_t *out, size_t cap)
{
	static const uint8_t profile = UK_CVC_PROFILE, role = UK_CVC_ROLE_CARD;
	size_t key = hdr_size(UK_DER_OID, sizeof(oid_p256)) +
	    sizeof(oid_p256) + hdr_size(TAG_POINT, UK_CVC_POINT_LEN) +
	    UK_CVC_POINT_LEN;
	size_t n = 0;

	if (cap < UK_CVC_BODY_MAX)
		return 0;
	n += put_tlv(out + n, TAG_PROFILE, &profile, 1);
	n += put_tlv(out + n, TAG_IIN, iin, UK_CVC_IIN_LEN);
	n += put_tlv(out + n, TAG_SUBJECT, guid, UK_CVC_GUID_LEN);
	n += put_hdr(out + n, TAG_PUBKEY, key);
	n += put_tlv(out + n, UK_DER_OID, oid_p256, sizeof(oid_p256));
	n += put_tlv(out + n, TAG_POINT, point, UK_CVC_POINT_LEN);
	n += put_tlv(out + n, TAG_ROLE, &role, 1);
	return n;
}

size_t
uk_cvc_wrap(const uint8_t *body, size_t body_len, const uint8_t *sig,
    size_t sig_len, uint8_t *out, size_t cap)
{
	size_t alg = hdr_size(UK_DER_OID, sizeof(oid_ecdsa_sha256)) +
	    sizeof(oid_ecdsa_sha256);
	size_t bits = 1 + sig_len;
	size_t seq = hdr_size(UK_DER_SEQUENCE, alg) + alg +
	    hdr_size(UK_DER_BIT_STRING, bits) + bits;
	size_t dso = hdr_size(UK_DER_SEQUENCE, seq) + seq;
	size_t inner = body_len + hdr_size(TAG_SIGNATURE, dso) + dso;
	size_t n = 0;

	if (sig_len > UK_CVC_SIG_MAX || body_len > UK_CVC_BODY_MAX ||
	    hdr_size(TAG_CVC, inner) + inner > cap)
		return 0;
	n += put_hdr(out + n, TAG_CVC, inner);
	memcpy(out + n, body, body_len);
	n += body_len;
	n += put_hdr(out + n, TAG_SIGNATURE, dso);
	n += put_hdr(out + n, UK_DER_SEQUENCE, seq);
	n += put_hdr(out + n, UK_DER_SEQUENCE, alg);
	n += put_tlv(out + n, UK_DER_OID, oid_ecdsa_sha256,
	    sizeof(oid_ecdsa_sha256));
	n += put_hdr(out + n, UK_DER_BIT_STRING, bits);
	out[n++] = 0x00;
	memcpy(out + n, sig, sig_len);
	return n + sig_len;
}

/* The next TLV of [*p, end) must be tag, with a value of len bytes when
 * len is not 0. */
static int
want(const uint8_t **p, const uint8_t *end, unsigned tag, size_t len,
    uk_tlv *t)
{
	if (uk_tlv_next(p, end, t) != 0 || t->tag != tag)
		return -1;
	return (len != 0 && t->len != len) ? -1 : 0;
}

static int
same(const uk_tlv *t, const uint8_t *v, size_t len)
{
	return t->len == len && memcmp(t->value, v, len) == 0;
}

/* 7F49 { 06 P-256, 86 point }. */
static int
parse_key(const uk_tlv *k, uk_cvc *out)
{
	const uint8_t *p = k->value, *end = k->value + k->len;
	uk_tlv t;

	if (want(&p, end, UK_DER_OID, 0, &t) != 0 ||
	    !same(&t, oid_p256, sizeof(oid_p256)) ||
	    want(&p, end, TAG_POINT, UK_CVC_POINT_LEN, &t) != 0 ||
	    t.value[0] != POINT_FORM || p != end)
		return -1;
	out->point = t.value;
	return 0;
}

/* 5F37 { 30 { 30 { 06 ecdsa-with-SHA256 [05 00] }, 03 { 00 sig } } },
 * the signature a DER SEQUENCE. */
static int
parse_sig(const uk_tlv *s, uk_cvc *out)
{
	const uint8_t *p = s->value, *end = s->value + s->len, *q;
	uk_tlv seq, alg, t;
	size_t rest;

	if (want(&p, end, UK_DER_SEQUENCE, 0, &seq) != 0 || p != end)
		return -1;
	p = seq.value;
	end = seq.value + seq.len;
	if (want(&p, end, UK_DER_SEQUENCE, 0, &alg) != 0 ||
	    want(&p, end, UK_DER_BIT_STRING, 0, &t) != 0 || p != end)
		return -1;
	q = alg.value;
	if (want(&q, alg.value + alg.len, UK_DER_OID, 0, &seq) != 0 ||
	    !same(&seq, oid_ecdsa_sha256, sizeof(oid_ecdsa_sha256)))
		return -1;
	/* Parameters absent, or NULL. */
	rest = (size_t)(alg.value + alg.len - q);
	if (rest != 0 && (rest != sizeof(der_null) ||
	    memcmp(q, der_null, rest) != 0))
		return -1;
	if (t.len < 2 || t.value[0] != 0x00 || t.len - 1 > UK_CVC_SIG_MAX ||
	    uk_der_whole(t.value + 1, t.len - 1, UK_DER_SEQUENCE, NULL) != 0)
		return -1;
	out->sig = t.value + 1;
	out->sig_len = t.len - 1;
	return 0;
}

int
uk_cvc_parse(const uint8_t *cvc, size_t len, uk_cvc *out)
{
	const uint8_t *p = cvc, *end = cvc + len;
	uk_tlv whole, t;

	memset(out, 0, sizeof(*out));
	if (want(&p, end, TAG_CVC, 0, &whole) != 0 || p != end)
		return -1;
	p = whole.value;
	end = whole.value + whole.len;
	out->body = p;
	if (want(&p, end, TAG_PROFILE, 1, &t) != 0 ||
	    t.value[0] != UK_CVC_PROFILE)
		goto fail;
	if (want(&p, end, TAG_IIN, UK_CVC_IIN_LEN, &t) != 0)
		goto fail;
	out->iin = t.value;
	if (want(&p, end, TAG_SUBJECT, 0, &t) != 0 ||
	    (t.len != SUBJECT_SHORT && t.len != UK_CVC_GUID_LEN))
		goto fail;
	out->subject = t.value;
	out->subject_len = t.len;
	if (want(&p, end, TAG_PUBKEY, 0, &t) != 0 || parse_key(&t, out) != 0)
		goto fail;
	if (want(&p, end, TAG_ROLE, 1, &t) != 0)
		goto fail;
	out->role = t.value[0];
	out->body_len = (size_t)(p - out->body);
	if (want(&p, end, TAG_SIGNATURE, 0, &t) != 0 || p != end ||
	    parse_sig(&t, out) != 0)
		goto fail;
	return 0;
fail:
	memset(out, 0, sizeof(*out));
	return -1;
}

int
uk_cvc_verify(const uk_cvc *c, const uint8_t *signer)
{
	uint8_t h[br_sha256_SIZE], q[UK_CVC_POINT_LEN];
	br_ec_public_key pk;
	br_sha256_context s;

	if (c->body == NULL || c->sig == NULL)
		return 0;
	memcpy(q, signer, sizeof(q));
	pk.curve = BR_EC_secp256r1;
	pk.q = q;
	pk.qlen = sizeof(q);
	br_sha256_init(&s);
	br_sha256_update(&s, c->body, c->body_len);
	br_sha256_out(&s, h);
	return br_ecdsa_i31_vrfy_asn1(&br_ec_p256_m31, h, sizeof(h), &pk,
	    c->sig, c->sig_len) == 1;
}
