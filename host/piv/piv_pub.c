/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Public keys: the card's 7F49 contents (86 point, or 81 modulus and 82
 * exponent, as GENERATE and GET METADATA give them) as a
 * SubjectPublicKeyInfo with codec/x509.h's builders, and a
 * SubjectPublicKeyInfo taken apart again.
 */
#include <string.h>

#include "codec/der.h"
#include "codec/der_read.h"
#include "codec/tlv.h"
#include "card/wire.h"
#include "codec/x509.h"
#include "piv_priv.h"

#define TAG_MODULUS   0x81
#define TAG_EXPONENT  0x82
#define TAG_POINT     0x86
#define EXPONENT_MAX  4

int
uimkey_piv_pub_to_spki(uint8_t alg, const uint8_t *tlvs, size_t len,
    uint8_t *spki, size_t spki_cap, size_t *spki_len)
{
	uint8_t buf[UK_X509_SPKI_MAX];
	const uint8_t *p = tlvs, *end = tlvs + len, *q;
	size_t n = 0, bytes = uimkey_alg_bytes(alg), qlen;
	uk_tlv mod, exp;
	int r = UIMKEY_ERR_ARG;

	if (tlvs == NULL || spki == NULL || spki_len == NULL || bytes == 0)
		goto fail;
	*spki_len = 0;
	r = UIMKEY_ERR_BAD_RSP;
	if (uimkey_alg_is_ec(alg)) {
		if (!pivc_one_tlv(tlvs, len, TAG_POINT, &q, &qlen) ||
		    qlen != 1 + 2 * bytes || q[0] != 0x04)
			goto fail;
		n = uk_x509_spki_ec(alg, q, qlen, buf, sizeof(buf));
	} else {
		if (uk_tlv_next(&p, end, &mod) != 0 ||
		    uk_tlv_next(&p, end, &exp) != 0 || p != end ||
		    mod.tag != TAG_MODULUS || exp.tag != TAG_EXPONENT ||
		    mod.len != bytes || (mod.value[0] & 0x80) == 0 ||
		    exp.len == 0 || exp.len > EXPONENT_MAX)
			goto fail;
		n = uk_x509_spki_rsa(mod.value, mod.len, exp.value,
		    exp.len, buf, sizeof(buf));
	}
	if (n == 0)
		goto fail;
	if (n > spki_cap) {
		r = UIMKEY_ERR_RSP_TOO_LONG;
		goto fail;
	}
	memcpy(spki, buf, n);
	*spki_len = n;
	r = UIMKEY_OK;
fail:
	return r;
}

static int
oid_is(const uk_tlv *t, const uint8_t *oid, size_t len)
{
	return t->len == len && memcmp(t->value, oid, len) == 0;
}

static uint8_t
rsa_alg(size_t n_len)
{
	uint8_t alg = 0;

	switch (n_len) {
	case 256: alg = UIMKEY_ALG_RSA2048; break;
	case 384: alg = UIMKEY_ALG_RSA3072; break;
	case 512: alg = UIMKEY_ALG_RSA4096; break;
	default:  break;
	}
	return alg;
}

/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
static int
parse_rsa(const uint8_t *p, const uint8_t *end, uimkey_piv_pubkey_t *pk)
{
	const uint8_t *q, *qend;
	uk_tlv seq, n, e;
	int r = -1;

	if (uk_der_expect(&p, end, UK_DER_SEQUENCE, &seq) != 0 ||
	    p != end)
		goto fail;
	q = seq.value;
	qend = seq.value + seq.len;
	if (uk_der_expect(&q, qend, UK_DER_INTEGER, &n) != 0 ||
	    uk_der_expect(&q, qend, UK_DER_INTEGER, &e) != 0 ||
	    q != qend || n.len == 0 || e.len == 0 ||
	    (n.value[0] & 0x80) != 0 || (e.value[0] & 0x80) != 0)
		goto fail;
	/* Positive INTEGERs: drop the 00 that keeps the top bit clear. */
	if (n.value[0] == 0 && n.len > 1) {
		n.value++;
		n.len--;
	}
	if (e.value[0] == 0 && e.len > 1) {
		e.value++;
		e.len--;
	}
	pk->n = n.value;
	pk->n_len = n.len;
	pk->e = e.value;
	pk->e_len = e.len;
	pk->alg = rsa_alg(n.len);
	r = 0;
fail:
	return r;
}

int
uimkey_piv_spki_parse(const uint8_t *spki, size_t len, uimkey_piv_pubkey_t *pk)
{
	static const uint8_t oid_ec[] = UK_OID_EC_PUBLIC_KEY;
	static const uint8_t oid_rsa[] = UK_OID_RSA_ENCRYPTION;
	static const uint8_t oid_p256[] = UK_OID_P256;
	static const uint8_t oid_p384[] = UK_OID_P384;
	const uint8_t *p, *end, *a, *aend;
	uk_tlv outer, algid, oid, param, bits;
	int r = UIMKEY_ERR_ARG;

	if (spki == NULL || pk == NULL)
		goto fail;
	memset(pk, 0, sizeof(*pk));
	if (uk_der_whole(spki, len, UK_DER_SEQUENCE, &outer) != 0)
		goto fail;
	p = outer.value;
	end = outer.value + outer.len;
	if (uk_der_expect(&p, end, UK_DER_SEQUENCE, &algid) != 0 ||
	    uk_der_expect(&p, end, UK_DER_BIT_STRING, &bits) != 0 ||
	    p != end || bits.len < 2 || bits.value[0] != 0)
		goto fail;
	a = algid.value;
	aend = algid.value + algid.len;
	if (uk_der_expect(&a, aend, UK_DER_OID, &oid) != 0 ||
	    uk_der_next(&a, aend, &param) != 0 || a != aend)
		goto fail;
	if (oid_is(&oid, oid_ec, sizeof(oid_ec)) &&
	    param.tag == UK_DER_OID) {
		r = UIMKEY_ERR_UNSUPPORTED;     /* another curve */
		if (oid_is(&param, oid_p256, sizeof(oid_p256)))
			pk->alg = UIMKEY_ALG_ECCP256;
		else if (oid_is(&param, oid_p384, sizeof(oid_p384)))
			pk->alg = UIMKEY_ALG_ECCP384;
		else
			goto fail;
		r = UIMKEY_ERR_ARG;
		pk->point = bits.value + 1;
		pk->point_len = bits.len - 1;
		if (pk->point_len != 1 + 2 * uimkey_alg_bytes(pk->alg) ||
		    pk->point[0] != 0x04)
			goto fail;
	} else if (oid_is(&oid, oid_rsa, sizeof(oid_rsa)) &&
	    param.tag == UK_DER_NULL && param.len == 0) {
		if (parse_rsa(bits.value + 1, bits.value + bits.len, pk) != 0)
			goto fail;
	} else {
		r = UIMKEY_ERR_UNSUPPORTED;     /* another key type */
		goto fail;
	}
	r = UIMKEY_OK;
fail:
	if (r != UIMKEY_OK && pk != NULL)
		memset(pk, 0, sizeof(*pk));
	return r;
}
