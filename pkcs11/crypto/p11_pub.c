/* SPDX-License-Identifier: BSD-2-Clause */
/* Public key operations and ECDSA signature formats. */
#include <string.h>

#include <bearssl.h>

#include "pkcs11/p11_curve.h"
#include "pkcs11/p11_pub.h"

int
p11_key_is_ec(const struct p11_key *k)
{
	return p11_curve_bytes(k->alg) != 0;
}

size_t
p11_key_bytes(const struct p11_key *k)
{
	size_t n = p11_curve_bytes(k->alg);

	return n != 0 ? n : k->pk.n_len;
}

size_t
p11_key_bits(const struct p11_key *k)
{
	size_t bits;
	uint8_t top;

	if (p11_key_is_ec(k))
		return k->alg == P11_ALG_ECCP521 ? 521 : p11_key_bytes(k) * 8;
	if (k->pk.n_len == 0)
		return 0;
	/* A session key's modulus need not fill its top byte. */
	bits = (k->pk.n_len - 1) * 8;
	for (top = k->pk.n[0]; top != 0; top >>= 1)
		bits++;
	return bits;
}

int
p11_pub_rsa(const struct p11_key *k, uint8_t *x, size_t len)
{
	uint8_t n[UIMKEY_PIV_SIG_MAX], e[8];
	br_rsa_public_key pk;

	if (len != k->pk.n_len || k->pk.n_len > sizeof(n) ||
	    k->pk.e_len > sizeof(e))
		return 0;
	/* BearSSL's key structure takes non-const pointers. */
	memcpy(n, k->pk.n, k->pk.n_len);
	memcpy(e, k->pk.e, k->pk.e_len);
	pk.n = n;
	pk.nlen = k->pk.n_len;
	pk.e = e;
	pk.elen = k->pk.e_len;
	return br_rsa_public_get_default()(x, len, &pk) == 1;
}

int
p11_pub_ecdsa(const struct p11_key *k, const uint8_t *hash, size_t hash_len,
    const uint8_t *sig, size_t sig_len)
{
	uint8_t q[P11_EC_POINT_MAX];
	br_ec_public_key pk;

	if (k->pk.point_len > sizeof(q) || sig_len != 2 * p11_key_bytes(k) ||
	    p11_curve_br_id(k->alg) == 0)
		return 0;
	memcpy(q, k->pk.point, k->pk.point_len);
	pk.curve = p11_curve_br_id(k->alg);
	pk.q = q;
	pk.qlen = k->pk.point_len;
	return br_ecdsa_vrfy_raw_get_default()(br_ec_get_default(), hash,
	    hash_len, &pk, sig, sig_len) == 1;
}

/* One INTEGER at *p (end at end) into out, n bytes, left-padded. */
static int
der_int(const uint8_t **p, const uint8_t *end, size_t n, uint8_t *out)
{
	const uint8_t *v;
	size_t len;

	if (end - *p < 2 || (*p)[0] != 0x02 || (*p)[1] >= 0x80)
		return -1;
	len = (*p)[1];
	v = *p + 2;
	if ((size_t)(end - v) < len || len == 0)
		return -1;
	*p = v + len;
	while (len > 0 && *v == 0) {
		v++;
		len--;
	}
	if (len > n)
		return -1;
	memset(out, 0, n - len);
	memcpy(out + n - len, v, len);
	return 0;
}

int
p11_ecdsa_der_to_raw(const uint8_t *der, size_t len, size_t n, uint8_t *raw)
{
	const uint8_t *p = der, *end = der + len;

	/* The card's curves' signatures are under 128 bytes: short lengths. */
	if (len < 2 || der[0] != 0x30 || der[1] != len - 2)
		return -1;
	p += 2;
	if (der_int(&p, end, n, raw) != 0 || der_int(&p, end, n, raw + n) != 0 ||
	    p != end)
		return -1;
	return 0;
}
