/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * BearSSL for the command line: private keys read from files, hashes,
 * PKCS#1 v1.5 padding (the card does the raw RSA operation; padding is
 * the host's), and signature checks.  Every context that held a private
 * key is wiped: BearSSL never wipes.
 */
#define _DEFAULT_SOURCE
#include <string.h>

#include "admin/crypto.h"
#include "admin/io.h"
#include "host/uimkey.h"

/* DigestInfo prefixes (RFC 8017 9.2 note 1). */
static const uint8_t sha256_prefix[] = {
	0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03,
	0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20
};

static uint8_t
ec_alg(int curve)
{
	return curve == BR_EC_secp256r1 ? UIMKEY_ALG_ECCP256 :
	    curve == BR_EC_secp384r1 ? UIMKEY_ALG_ECCP384 : 0;
}

int
adm_skey_load(const char *path, struct adm_skey *k)
{
	uint8_t *der = NULL;
	size_t len;
	int r = -1;

	memset(k, 0, sizeof(*k));
	if (adm_object_read(path, NULL, &der, &len) != 0)
		return -1;
	br_skey_decoder_init(&k->dc);
	br_skey_decoder_push(&k->dc, der, len);
	if (br_skey_decoder_last_error(&k->dc) != 0) {
		adm_err("'%s' is not an unencrypted RSA or EC private key "
		    "(PKCS#8, SEC1 or PKCS#1)", path);
		goto fail;
	}
	k->type = br_skey_decoder_key_type(&k->dc);
	k->rsa = br_skey_decoder_get_rsa(&k->dc);
	k->ec = br_skey_decoder_get_ec(&k->dc);
	if (k->ec != NULL)
		k->alg = ec_alg(k->ec->curve);
	else if (k->rsa != NULL)
		k->alg = uimkey_alg_from_rsa_bits(k->rsa->n_bitlen);
	r = 0;
fail:
	adm_free_secret(der, len);
	if (r != 0)
		adm_skey_free(k);
	return r;
}

void
adm_skey_free(struct adm_skey *k)
{
	explicit_bzero(k, sizeof(*k));
}

uk_x509_sig_alg
adm_sig_alg_for(uint8_t key_alg)
{
	switch (key_alg) {
	case UIMKEY_ALG_ECCP256: return UK_X509_SIG_ECDSA_SHA256;
	case UIMKEY_ALG_ECCP384: return UK_X509_SIG_ECDSA_SHA384;
	case UIMKEY_ALG_RSA2048:
	case UIMKEY_ALG_RSA3072:
	case UIMKEY_ALG_RSA4096: return UK_X509_SIG_RSA_SHA256;
	default:                 return UK_X509_SIG_UNKNOWN;
	}
}

size_t
adm_hash(uk_x509_sig_alg alg, const uint8_t *data, size_t len,
    uint8_t out[ADM_HASH_MAX])
{
	br_sha256_context s256;
	br_sha384_context s384;

	switch (alg) {
	case UK_X509_SIG_ECDSA_SHA256:
	case UK_X509_SIG_RSA_SHA256:
		br_sha256_init(&s256);
		br_sha256_update(&s256, data, len);
		br_sha256_out(&s256, out);
		return br_sha256_SIZE;
	case UK_X509_SIG_ECDSA_SHA384:
		br_sha384_init(&s384);
		br_sha384_update(&s384, data, len);
		br_sha384_out(&s384, out);
		return br_sha384_SIZE;
	default:
		return 0;
	}
}

int
adm_pkcs1_pad(const uint8_t *hash, size_t hash_len, uint8_t *em,
    size_t em_len)
{
	size_t t = sizeof(sha256_prefix) + hash_len;

	if (hash_len != br_sha256_SIZE || em_len < t + 11)
		return -1;
	em[0] = 0x00;
	em[1] = 0x01;
	memset(em + 2, 0xFF, em_len - t - 3);
	em[em_len - t - 1] = 0x00;
	memcpy(em + em_len - t, sha256_prefix, sizeof(sha256_prefix));
	memcpy(em + em_len - hash_len, hash, hash_len);
	return 0;
}

int
adm_skey_sign(const struct adm_skey *k, uk_x509_sig_alg alg,
    const uint8_t *data, size_t len, uint8_t *sig, size_t cap,
    size_t *sig_len)
{
	uint8_t hash[ADM_HASH_MAX];
	size_t hlen = adm_hash(alg, data, len, hash), n;
	int r = -1;

	*sig_len = 0;
	if (hlen == 0)
		goto fail;
	if (k->ec != NULL && alg != UK_X509_SIG_RSA_SHA256) {
		if (cap < 2 * 48 + 9)
			goto fail;
		n = br_ecdsa_i31_sign_asn1(br_ec_get_default(),
		    alg == UK_X509_SIG_ECDSA_SHA384 ? &br_sha384_vtable :
		    &br_sha256_vtable, hash, k->ec, sig);
		if (n == 0)
			goto fail;
		*sig_len = n;
		r = 0;
	} else if (k->rsa != NULL && alg == UK_X509_SIG_RSA_SHA256) {
		n = (k->rsa->n_bitlen + 7) / 8;
		if (cap < n || !br_rsa_i31_pkcs1_sign(BR_HASH_OID_SHA256, hash,
		    hlen, k->rsa, sig))
			goto fail;
		*sig_len = n;
		r = 0;
	}
fail:
	return r;
}

int
adm_sig_verify(const uint8_t *spki, size_t spki_len, uk_x509_sig_alg alg,
    const uint8_t *data, size_t len, const uint8_t *sig, size_t sig_len)
{
	uimkey_piv_pubkey_t pk;
	uint8_t hash[ADM_HASH_MAX], got[ADM_HASH_MAX];
	size_t hlen = adm_hash(alg, data, len, hash);
	br_ec_public_key ec;
	br_rsa_public_key rsa;

	if (hlen == 0 || uimkey_piv_spki_parse(spki, spki_len, &pk) != UIMKEY_OK)
		return -2;
	if (pk.point != NULL) {
		if (alg == UK_X509_SIG_RSA_SHA256)
			return -1;
		ec.curve = pk.alg == UIMKEY_ALG_ECCP384 ? BR_EC_secp384r1 :
		    BR_EC_secp256r1;
		ec.q = (unsigned char *)(uintptr_t)pk.point;
		ec.qlen = pk.point_len;
		return br_ecdsa_i31_vrfy_asn1(br_ec_get_default(), hash, hlen,
		    &ec, sig, sig_len) ? 0 : -1;
	}
	if (pk.n == NULL || alg != UK_X509_SIG_RSA_SHA256)
		return pk.n == NULL ? -2 : -1;
	rsa.n = (unsigned char *)(uintptr_t)pk.n;
	rsa.nlen = pk.n_len;
	rsa.e = (unsigned char *)(uintptr_t)pk.e;
	rsa.elen = pk.e_len;
	if (!br_rsa_i31_pkcs1_vrfy(sig, sig_len, BR_HASH_OID_SHA256, hlen, &rsa,
	    got))
		return -1;
	return memcmp(got, hash, hlen) == 0 ? 0 : -1;
}

int
adm_same_key(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	uimkey_piv_pubkey_t ka, kb;

	if (uimkey_piv_spki_parse(a, alen, &ka) != UIMKEY_OK ||
	    uimkey_piv_spki_parse(b, blen, &kb) != UIMKEY_OK)
		return alen == blen && memcmp(a, b, alen) == 0;
	if (ka.alg != kb.alg || (ka.point == NULL) != (kb.point == NULL))
		return 0;
	if (ka.point != NULL)
		return ka.point_len == kb.point_len &&
		    memcmp(ka.point, kb.point, ka.point_len) == 0;
	return ka.n_len == kb.n_len && ka.e_len == kb.e_len &&
	    memcmp(ka.n, kb.n, ka.n_len) == 0 &&
	    memcmp(ka.e, kb.e, ka.e_len) == 0;
}
