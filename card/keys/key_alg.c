/* SPDX-License-Identifier: BSD-2-Clause */
#include "key_alg.h"
#include "card/wire.h"

int
uk_alg_curve(uint8_t alg)
{
	if (alg == UIMKEY_ALG_ECCP256)
		return BR_EC_secp256r1;
	if (alg == UIMKEY_ALG_ECCP384)
		return BR_EC_secp384r1;
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
