/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One block of the management key's cipher: 3DES (EDE, three keys) or
 * AES, in ECB mode (CBC over one block with a zero IV is ECB).  The key
 * schedules are wiped after use: BearSSL never does.
 */
#include <bearssl/bearssl_block.h>

#include "auth_int.h"
#include "codec/bytes.h"
#include "card/wire.h"

void
uk_auth_mgmt_encrypt(uint8_t alg, const uint8_t *key, uint8_t *block)
{
	uint8_t iv[UK_MGMT_CHALLENGE_MAX] = { 0 };
	unsigned blen = uimkey_mgmt_block_len(alg);
	br_des_ct_cbcenc_keys des;
	br_aes_ct_cbcenc_keys aes;

	if (alg == UIMKEY_ALG_3DES) {
		br_des_ct_cbcenc_init(&des, key, uimkey_mgmt_key_len(alg));
		br_des_ct_cbcenc_run(&des, iv, block, blen);
	} else if (blen != 0) {
		br_aes_ct_cbcenc_init(&aes, key, uimkey_mgmt_key_len(alg));
		br_aes_ct_cbcenc_run(&aes, iv, block, blen);
	}
	uk_wipe(&des, sizeof(des));
	uk_wipe(&aes, sizeof(aes));
	uk_wipe(iv, sizeof(iv));
}
