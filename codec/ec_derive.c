/* SPDX-License-Identifier: BSD-2-Clause */
/* P-256 scalars derived from a secret. */
#include <string.h>

#include <bearssl/bearssl_ec.h>
#include <bearssl/bearssl_hmac.h>

#include "codec/bytes.h"
#include "codec/ec_derive.h"

/* Candidates before giving up: each fails with chance < 2^-32. */
#define DERIVE_TRIES  8

int
uk_p256_derive(const uint8_t *secret, size_t len, const char *label,
    uint8_t *d)
{
	const uint8_t *order;
	size_t olen = 0;
	br_hmac_key_context kc;
	br_hmac_context hc;
	uint8_t i;
	int r = -1;

	order = br_ec_p256_m31.order(BR_EC_secp256r1, &olen);
	if (order == NULL || olen != UK_P256_SCALAR_LEN)
		return -1;
	br_hmac_key_init(&kc, &br_sha256_vtable, secret, len);
	for (i = 0; i < DERIVE_TRIES && r != 0; i++) {
		br_hmac_init(&hc, &kc, 0);
		br_hmac_update(&hc, label, strlen(label));
		br_hmac_update(&hc, &i, 1);
		br_hmac_out(&hc, d);
		if (uk_ct_in_range(d, order, UK_P256_SCALAR_LEN))
			r = 0;
	}
	if (r != 0)
		uk_wipe(d, UK_P256_SCALAR_LEN);
	uk_wipe(&kc, sizeof(kc));
	uk_wipe(&hc, sizeof(hc));
	return r;
}
