/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PBKDF2-HMAC-SHA-256.  The password's HMAC key is processed once
 * (br_hmac_key_init keeps the inner and outer pad states), so that each
 * iteration costs two SHA-256 compressions, as it costs a guesser with
 * the best code: the count of iterations is the whole of the price.
 */
#include <string.h>

#include <bearssl/bearssl_hash.h>
#include <bearssl/bearssl_hmac.h>

#include "auth_pbkdf2.h"
#include "codec/bytes.h"

#define BLOCK_INDEX_LEN  4

/* U1 = PRF(P, S || INT(i)); then Uj = PRF(P, Uj-1); T = U1 ^ ... ^ Uc. */
static void
one_block(const br_hmac_key_context *kc, const void *salt, size_t salt_len,
    uint32_t index, uint32_t iterations, uint8_t *t)
{
	br_hmac_context hc;
	uint8_t u[UK_PBKDF2_BLOCK_LEN], ib[BLOCK_INDEX_LEN];
	uint32_t j;
	size_t k;

	uk_put_be32(ib, index);
	br_hmac_init(&hc, kc, 0);
	br_hmac_update(&hc, salt, salt_len);
	br_hmac_update(&hc, ib, sizeof(ib));
	br_hmac_out(&hc, u);
	memcpy(t, u, sizeof(u));
	for (j = 1; j < iterations; j++) {
		br_hmac_init(&hc, kc, 0);
		br_hmac_update(&hc, u, sizeof(u));
		br_hmac_out(&hc, u);
		for (k = 0; k < sizeof(u); k++)
			t[k] ^= u[k];
	}
	uk_wipe(&hc, sizeof(hc));
	uk_wipe(u, sizeof(u));
}

void
uk_pbkdf2_sha256(const void *pw, size_t pw_len, const void *salt,
    size_t salt_len, uint32_t iterations, uint8_t *out, size_t out_len)
{
	br_hmac_key_context kc;
	uint8_t t[UK_PBKDF2_BLOCK_LEN];
	uint32_t index = 1;
	size_t n;

	br_hmac_key_init(&kc, &br_sha256_vtable, pw, pw_len);
	while (out_len > 0) {
		one_block(&kc, salt, salt_len, index++, iterations, t);
		n = out_len < sizeof(t) ? out_len : sizeof(t);
		memcpy(out, t, n);
		out += n;
		out_len -= n;
	}
	uk_wipe(&kc, sizeof(kc));
	uk_wipe(t, sizeof(t));
}
