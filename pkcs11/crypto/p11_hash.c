/* SPDX-License-Identifier: BSD-2-Clause */
/* Hashes through BearSSL's generic hash class. */
#define _DEFAULT_SOURCE
#include <string.h>

#include "pkcs11/p11_hash.h"

const br_hash_class *
p11_hash_class(int h)
{
	switch (h) {
	case P11_SHA1:   return &br_sha1_vtable;
	case P11_SHA224: return &br_sha224_vtable;
	case P11_SHA256: return &br_sha256_vtable;
	case P11_SHA384: return &br_sha384_vtable;
	case P11_SHA512: return &br_sha512_vtable;
	default:         return NULL;
	}
}

size_t
p11_hash_len(int h)
{
	const br_hash_class *c = p11_hash_class(h);

	return c == NULL ? 0 : (c->desc >> BR_HASHDESC_OUT_OFF) &
	    BR_HASHDESC_OUT_MASK;
}

int
p11_hash_of_mech(CK_MECHANISM_TYPE m)
{
	switch (m) {
	case CKM_SHA_1:  return P11_SHA1;
	case CKM_SHA224: return P11_SHA224;
	case CKM_SHA256: return P11_SHA256;
	case CKM_SHA384: return P11_SHA384;
	case CKM_SHA512: return P11_SHA512;
	default:         return P11_HASH_NONE;
	}
}

int
p11_hash_of_mgf(CK_RSA_PKCS_MGF_TYPE mgf)
{
	switch (mgf) {
	case CKG_MGF1_SHA1:   return P11_SHA1;
	case CKG_MGF1_SHA224: return P11_SHA224;
	case CKG_MGF1_SHA256: return P11_SHA256;
	case CKG_MGF1_SHA384: return P11_SHA384;
	case CKG_MGF1_SHA512: return P11_SHA512;
	default:              return P11_HASH_NONE;
	}
}

/* DigestInfo ::= SEQUENCE { AlgorithmIdentifier, OCTET STRING } up to
 * the hash itself (RFC 8017 9.2, note 1). */
static const uint8_t di_sha1[] = { 0x30, 0x21, 0x30, 0x09, 0x06, 0x05,
	0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14 };
static const uint8_t di_sha224[] = { 0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09,
	0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04, 0x05, 0x00,
	0x04, 0x1c };
static const uint8_t di_sha256[] = { 0x30, 0x31, 0x30, 0x0d, 0x06, 0x09,
	0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
	0x04, 0x20 };
static const uint8_t di_sha384[] = { 0x30, 0x41, 0x30, 0x0d, 0x06, 0x09,
	0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00,
	0x04, 0x30 };
static const uint8_t di_sha512[] = { 0x30, 0x51, 0x30, 0x0d, 0x06, 0x09,
	0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00,
	0x04, 0x40 };

const uint8_t *
p11_hash_prefix(int h, size_t *len)
{
	switch (h) {
	case P11_SHA1:   *len = sizeof(di_sha1);   return di_sha1;
	case P11_SHA224: *len = sizeof(di_sha224); return di_sha224;
	case P11_SHA256: *len = sizeof(di_sha256); return di_sha256;
	case P11_SHA384: *len = sizeof(di_sha384); return di_sha384;
	case P11_SHA512: *len = sizeof(di_sha512); return di_sha512;
	default:         *len = 0;                 return NULL;
	}
}

void
p11_hash(int h, const void *in, size_t len, uint8_t *out)
{
	const br_hash_class *c = p11_hash_class(h);
	br_hash_compat_context hc;

	if (c == NULL)
		return;
	c->init(&hc.vtable);
	c->update(&hc.vtable, in, len);
	c->out(&hc.vtable, out);
}

void
p11_mgf1_xor(int h, const uint8_t *seed, size_t seed_len, uint8_t *out,
    size_t out_len)
{
	const br_hash_class *c = p11_hash_class(h);
	size_t hlen = p11_hash_len(h), done = 0, i, n;
	br_hash_compat_context hc;
	uint8_t ctr[4], mask[P11_HASH_MAX];
	uint32_t k;

	if (c == NULL)
		return;
	for (k = 0; done < out_len; k++) {
		ctr[0] = (uint8_t)(k >> 24);
		ctr[1] = (uint8_t)(k >> 16);
		ctr[2] = (uint8_t)(k >> 8);
		ctr[3] = (uint8_t)k;
		c->init(&hc.vtable);
		c->update(&hc.vtable, seed, seed_len);
		c->update(&hc.vtable, ctr, sizeof(ctr));
		c->out(&hc.vtable, mask);
		n = out_len - done < hlen ? out_len - done : hlen;
		for (i = 0; i < n; i++)
			out[done + i] ^= mask[i];
		done += n;
	}
	explicit_bzero(mask, sizeof(mask));
	explicit_bzero(&hc, sizeof(hc));
}

void
p11_hash_init(int h, br_hash_compat_context *hc)
{
	const br_hash_class *c = p11_hash_class(h);

	if (c != NULL)
		c->init(&hc->vtable);
}
