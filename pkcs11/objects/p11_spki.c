/* SPDX-License-Identifier: BSD-2-Clause */
/* SubjectPublicKeyInfo of an EC or RSA public key, written in DER. */
#include <string.h>

#include "pkcs11/p11_curve.h"
#include "pkcs11/p11_pub.h"
#include "pkcs11/p11_spki.h"

/* Lengths below 65536: one, two or three bytes after the tag. */
static size_t
hdr_len(size_t len)
{
	return len < 0x80 ? 2 : len < 0x100 ? 3 : 4;
}

/* A TLV header at p (hdr_len(len) bytes). */
static uint8_t *
put_hdr(uint8_t *p, uint8_t tag, size_t len)
{
	*p++ = tag;
	if (len >= 0x100) {
		*p++ = 0x82;
		*p++ = (uint8_t)(len >> 8);
	} else if (len >= 0x80) {
		*p++ = 0x81;
	}
	*p++ = (uint8_t)len;
	return p;
}

/* A positive INTEGER of the big-endian v (no leading zeros). */
static size_t
int_len(size_t len, const uint8_t *v)
{
	size_t n = len + (v[0] & 0x80 ? 1 : 0);

	return hdr_len(n) + n;
}

static uint8_t *
put_int(uint8_t *p, const uint8_t *v, size_t len)
{
	int pad = (v[0] & 0x80) != 0;

	p = put_hdr(p, 0x02, len + (size_t)pad);
	if (pad)
		*p++ = 0x00;
	memcpy(p, v, len);
	return p + len;
}

size_t
p11_spki_build(const struct p11_key *k, uint8_t *out, size_t cap)
{
	static const uint8_t oid_ec[] = { 0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE,
		0x3D, 0x02, 0x01 };
	static const uint8_t rsa_alg[] = { 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86,
		0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00 };
	const uint8_t *curve = NULL;
	size_t curve_len = 0, alg_len, seq_len = 0, key_len, bits_len, total;
	uint8_t *p = out;

	if (p11_key_is_ec(k)) {
		if ((curve = p11_curve_oid(k->alg, &curve_len)) == NULL ||
		    k->pk.point_len == 0)
			return 0;
		alg_len = sizeof(oid_ec) + curve_len;
		key_len = k->pk.point_len;
	} else {
		if (k->pk.n_len == 0 || k->pk.e_len == 0)
			return 0;
		alg_len = sizeof(rsa_alg);
		/* RSAPublicKey ::= SEQUENCE { modulus, publicExponent } */
		seq_len = int_len(k->pk.n_len, k->pk.n) +
		    int_len(k->pk.e_len, k->pk.e);
		key_len = hdr_len(seq_len) + seq_len;
	}
	bits_len = 1 + key_len;
	total = hdr_len(alg_len) + alg_len + hdr_len(bits_len) + bits_len;
	if (hdr_len(total) + total > cap)
		return 0;
	p = put_hdr(p, 0x30, total);
	p = put_hdr(p, 0x30, alg_len);
	if (curve != NULL) {
		memcpy(p, oid_ec, sizeof(oid_ec));
		memcpy(p + sizeof(oid_ec), curve, curve_len);
	} else {
		memcpy(p, rsa_alg, sizeof(rsa_alg));
	}
	p += alg_len;
	p = put_hdr(p, 0x03, bits_len);
	*p++ = 0x00;            /* no unused bits */
	if (curve != NULL) {
		memcpy(p, k->pk.point, k->pk.point_len);
		p += k->pk.point_len;
	} else {
		p = put_hdr(p, 0x30, seq_len);
		p = put_int(p, k->pk.n, k->pk.n_len);
		p = put_int(p, k->pk.e, k->pk.e_len);
	}
	return (size_t)(p - out);
}
