/* SPDX-License-Identifier: BSD-2-Clause */
#include "key_alg.h"
#include "card/wire.h"

int
uk_alg_is_ec(uint8_t alg)
{
	return alg == UIMKEY_ALG_ECCP256 || alg == UIMKEY_ALG_ECCP384;
}

int
uk_alg_is_rsa(uint8_t alg)
{
	return uk_alg_rsa_bits(alg) != 0;
}

int
uk_alg_curve(uint8_t alg)
{
	if (alg == UIMKEY_ALG_ECCP256)
		return BR_EC_secp256r1;
	if (alg == UIMKEY_ALG_ECCP384)
		return BR_EC_secp384r1;
	return 0;
}

size_t
uk_alg_ec_len(uint8_t alg)
{
	if (alg == UIMKEY_ALG_ECCP256)
		return 32;
	if (alg == UIMKEY_ALG_ECCP384)
		return 48;
	return 0;
}

const br_hash_class *
uk_alg_ec_hash(uint8_t alg)
{
	if (alg == UIMKEY_ALG_ECCP256)
		return &br_sha256_vtable;
	if (alg == UIMKEY_ALG_ECCP384)
		return &br_sha384_vtable;
	return NULL;
}

unsigned
uk_alg_rsa_bits(uint8_t alg)
{
	switch (alg) {
	case UIMKEY_ALG_RSA2048:
		return 2048;
	case UIMKEY_ALG_RSA3072:
		return 3072;
	case UIMKEY_ALG_RSA4096:
		return 4096;
	default:
		/* RSA 1024 included: too weak to offer. */
		return 0;
	}
}

const br_ec_impl *
uk_ec_impl(void)
{
	return br_ec_get_default();
}

br_rsa_private
uk_rsa_private(void)
{
	return br_rsa_private_get_default();
}

br_rsa_public
uk_rsa_public(void)
{
	return br_rsa_public_get_default();
}
