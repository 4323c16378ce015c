/* SPDX-License-Identifier: BSD-2-Clause */
/* The issuer's public key: read from a file, and its name. */
#include <stdlib.h>
#include <string.h>

#include <bearssl/bearssl_hash.h>

#include "admin/io.h"
#include "admin/lock.h"
#include "codec/x509.h"

#define SPKI_P256_MAX  128

int
adm_lock_pub_read(const char *path, uint8_t point[UIMKEY_LOCK_POINT_LEN])
{
	uimkey_piv_pubkey_t pk;
	uint8_t *der = NULL;
	size_t len;
	int r = -2;

	if (adm_object_read(path, "PUBLIC KEY", &der, &len) != 0)
		return -1;
	if (uimkey_piv_spki_parse(der, len, &pk) == UIMKEY_OK &&
	    pk.alg == UIMKEY_ALG_ECCP256 && pk.point != NULL &&
	    pk.point_len == UIMKEY_LOCK_POINT_LEN) {
		memcpy(point, pk.point, UIMKEY_LOCK_POINT_LEN);
		r = 0;
	}
	free(der);
	return r;
}

void
adm_lock_key_id(const uint8_t point[UIMKEY_LOCK_POINT_LEN],
    char hex[ADM_LOCK_KEY_ID_HEX])
{
	static const char digits[] = "0123456789abcdef";
	uint8_t spki[SPKI_P256_MAX], h[br_sha256_SIZE];
	br_sha256_context c;
	size_t len, i;

	len = uk_x509_spki_ec(UIMKEY_ALG_ECCP256, point,
	    UIMKEY_LOCK_POINT_LEN, spki, sizeof(spki));
	br_sha256_init(&c);
	br_sha256_update(&c, spki, len);
	br_sha256_out(&c, h);
	for (i = 0; i < sizeof(h); i++) {
		hex[2 * i] = digits[h[i] >> 4];
		hex[2 * i + 1] = digits[h[i] & 15];
	}
	hex[2 * sizeof(h)] = '\0';
}

