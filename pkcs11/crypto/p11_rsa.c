/* SPDX-License-Identifier: BSD-2-Clause */
/* RSA encodings: PKCS#1 v1.5, PSS and OAEP (RFC 8017 7, 8, 9). */
#define _DEFAULT_SOURCE
#include <string.h>
#include <sys/random.h>

#include "pkcs11/p11_hash.h"
#include "pkcs11/p11_rsa.h"

int
p11_random(uint8_t *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = getrandom(buf, len, 0);
		if (n < 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Constant-time helpers: all-ones (1) or zero (0) words. */
static uint32_t
ct_is_zero(uint32_t x)
{
	return (uint32_t)((~x & (x - 1)) >> 31);
}

static uint32_t
ct_eq(uint32_t a, uint32_t b)
{
	return ct_is_zero(a ^ b);
}

static size_t
ct_sel(uint32_t c, size_t a, size_t b)
{
	size_t m = (size_t)0 - (size_t)c;

	return (a & m) | (b & ~m);
}

CK_RV
p11_rsa_pkcs1_sig(uint8_t *em, size_t k, const uint8_t *t, size_t t_len)
{
	if (k < 11 || t_len > k - 11)
		return CKR_DATA_LEN_RANGE;
	em[0] = 0x00;
	em[1] = 0x01;
	memset(em + 2, 0xFF, k - 3 - t_len);
	em[k - t_len - 1] = 0x00;
	memcpy(em + k - t_len, t, t_len);
	return CKR_OK;
}

CK_RV
p11_rsa_pkcs1_enc(uint8_t *em, size_t k, const uint8_t *m, size_t m_len)
{
	size_t i, ps;

	if (k < 11 || m_len > k - 11)
		return CKR_DATA_LEN_RANGE;
	ps = k - 3 - m_len;
	em[0] = 0x00;
	em[1] = 0x02;
	if (p11_random(em + 2, ps) != 0)
		return CKR_FUNCTION_FAILED;
	for (i = 0; i < ps; i++)
		while (em[2 + i] == 0)
			if (p11_random(em + 2 + i, 1) != 0)
				return CKR_FUNCTION_FAILED;
	em[2 + ps] = 0x00;
	memcpy(em + 3 + ps, m, m_len);
	return CKR_OK;
}

CK_RV
p11_rsa_pkcs1_dec(const uint8_t *em, size_t k, uint8_t *out, size_t *out_len)
{
	uint32_t good, found = 0, z;
	size_t i, zero = 0;

	if (k < 11)
		return CKR_ENCRYPTED_DATA_INVALID;
	good = ct_eq(em[0], 0) & ct_eq(em[1], 2);
	for (i = 2; i < k; i++) {
		z = ct_eq(em[i], 0);
		zero = ct_sel(z & (found ^ 1), i, zero);
		found |= z;
	}
	/* At least 8 bytes of padding. */
	good &= found & (uint32_t)(zero >= 10);
	if (!good)
		return CKR_ENCRYPTED_DATA_INVALID;
	*out_len = k - zero - 1;
	memmove(out, em + zero + 1, *out_len);
	return CKR_OK;
}

CK_RV
p11_rsa_pss_enc(uint8_t *em, size_t mod_bits, int h, int mgf,
    size_t salt_len, const uint8_t *mhash)
{
	const br_hash_class *c = p11_hash_class(h);
	size_t h_len = p11_hash_len(h), k = (mod_bits + 7) / 8;
	size_t em_bits = mod_bits - 1, em_len = (em_bits + 7) / 8, db_len;
	static const uint8_t zeros[8] = { 0 };
	br_hash_compat_context hc;
	uint8_t salt[P11_HASH_MAX * 8], *e;

	if (c == NULL || p11_hash_class(mgf) == NULL ||
	    salt_len > sizeof(salt) || em_len < h_len + salt_len + 2)
		return CKR_KEY_SIZE_RANGE;
	if (p11_random(salt, salt_len) != 0)
		return CKR_FUNCTION_FAILED;
	memset(em, 0, k);
	e = em + (k - em_len);
	db_len = em_len - h_len - 1;
	/* H = Hash(00*8 || mHash || salt), stored after DB. */
	c->init(&hc.vtable);
	c->update(&hc.vtable, zeros, sizeof(zeros));
	c->update(&hc.vtable, mhash, h_len);
	c->update(&hc.vtable, salt, salt_len);
	c->out(&hc.vtable, e + db_len);
	/* DB = PS || 01 || salt, masked with MGF(H). */
	e[db_len - salt_len - 1] = 0x01;
	memcpy(e + db_len - salt_len, salt, salt_len);
	p11_mgf1_xor(mgf, e + db_len, h_len, e, db_len);
	e[0] &= (uint8_t)(0xFF >> (8 * em_len - em_bits));
	e[em_len - 1] = 0xBC;
	explicit_bzero(salt, sizeof(salt));
	return CKR_OK;
}

int
p11_rsa_pss_check(const uint8_t *em_in, size_t mod_bits, int h, int mgf,
    size_t salt_len, const uint8_t *mhash)
{
	const br_hash_class *c = p11_hash_class(h);
	size_t h_len = p11_hash_len(h), k = (mod_bits + 7) / 8;
	size_t em_bits = mod_bits - 1, em_len = (em_bits + 7) / 8, db_len, i;
	static const uint8_t zeros[8] = { 0 };
	uint8_t em[512], hh[P11_HASH_MAX];
	br_hash_compat_context hc;
	int ok = 0;

	if (c == NULL || p11_hash_class(mgf) == NULL || k > sizeof(em) ||
	    em_len < h_len + salt_len + 2)
		return 0;
	memcpy(em, em_in + (k - em_len), em_len);
	if ((k > em_len && em_in[0] != 0) || em[em_len - 1] != 0xBC ||
	    (em[0] & ~(0xFF >> (8 * em_len - em_bits))) != 0)
		goto out;
	db_len = em_len - h_len - 1;
	p11_mgf1_xor(mgf, em + db_len, h_len, em, db_len);
	em[0] &= (uint8_t)(0xFF >> (8 * em_len - em_bits));
	for (i = 0; i < db_len - salt_len - 1; i++)
		if (em[i] != 0)
			goto out;
	if (em[db_len - salt_len - 1] != 0x01)
		goto out;
	c->init(&hc.vtable);
	c->update(&hc.vtable, zeros, sizeof(zeros));
	c->update(&hc.vtable, mhash, h_len);
	c->update(&hc.vtable, em + db_len - salt_len, salt_len);
	c->out(&hc.vtable, hh);
	ok = memcmp(hh, em + db_len, h_len) == 0;
out:
	return ok;
}

CK_RV
p11_rsa_oaep_enc(uint8_t *em, size_t k, int h, int mgf, const uint8_t *label,
    size_t label_len, const uint8_t *m, size_t m_len)
{
	size_t h_len = p11_hash_len(h), db_len;

	if (h_len == 0 || p11_hash_class(mgf) == NULL)
		return CKR_MECHANISM_PARAM_INVALID;
	if (k < 2 * h_len + 2 || m_len > k - 2 * h_len - 2)
		return CKR_DATA_LEN_RANGE;
	db_len = k - h_len - 1;
	memset(em, 0, k);
	/* DB = lHash || PS || 01 || M at em + 1 + hLen; seed at em + 1. */
	p11_hash(h, label, label_len, em + 1 + h_len);
	em[k - m_len - 1] = 0x01;
	memcpy(em + k - m_len, m, m_len);
	if (p11_random(em + 1, h_len) != 0)
		return CKR_FUNCTION_FAILED;
	p11_mgf1_xor(mgf, em + 1, h_len, em + 1 + h_len, db_len);
	p11_mgf1_xor(mgf, em + 1 + h_len, db_len, em + 1, h_len);
	return CKR_OK;
}

CK_RV
p11_rsa_oaep_dec(uint8_t *em, size_t k, int h, int mgf, const uint8_t *label,
    size_t label_len, uint8_t *out, size_t *out_len)
{
	size_t h_len = p11_hash_len(h), db_len, i, one = 0;
	uint8_t lhash[P11_HASH_MAX];
	uint32_t good, found = 0, diff = 0, b;

	if (h_len == 0 || p11_hash_class(mgf) == NULL)
		return CKR_MECHANISM_PARAM_INVALID;
	if (k < 2 * h_len + 2)
		return CKR_ENCRYPTED_DATA_INVALID;
	db_len = k - h_len - 1;
	p11_hash(h, label, label_len, lhash);
	p11_mgf1_xor(mgf, em + 1 + h_len, db_len, em + 1, h_len);
	p11_mgf1_xor(mgf, em + 1, h_len, em + 1 + h_len, db_len);
	for (i = 0; i < h_len; i++)
		diff |= (uint32_t)(lhash[i] ^ em[1 + h_len + i]);
	good = ct_is_zero(diff) & ct_eq(em[0], 0);
	/* After lHash: zeros, then 01, then the message. */
	for (i = 1 + 2 * h_len; i < k; i++) {
		b = em[i];
		one = ct_sel(ct_eq(b, 1) & (found ^ 1), i, one);
		/* A byte other than 00 before the 01 is an error. */
		good &= found | ct_eq(b, 0) | ct_eq(b, 1);
		found |= ct_eq(b, 1);
	}
	good &= found;
	if (!good)
		return CKR_ENCRYPTED_DATA_INVALID;
	*out_len = k - one - 1;
	memmove(out, em + one + 1, *out_len);
	return CKR_OK;
}
