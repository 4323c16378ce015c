/* SPDX-License-Identifier: BSD-2-Clause */
/* What both attestation certificates share: serial numbers and the
 * signature by the F9 key. */
#include <bearssl/bearssl_hash.h>

#include "attest_int.h"
#include "codec/bytes.h"
#include "card/wire.h"
#include "codec/x509.h"

/* Longest ECDSA P-256 signature in DER. */
#define ATTEST_SIG_MAX  72

void
uk_attest_serial(uimkey_card *card,
    uint8_t serial[UK_ATTEST_SERIAL_LEN])
{
	br_hmac_drbg_generate(&card->drbg, serial, UK_ATTEST_SERIAL_LEN);
	/* Positive, and all 16 bytes count (no leading zero). */
	serial[0] = (uint8_t)((serial[0] & 0x7F) | 0x40);
}

size_t
uk_attest_sign(uimkey_card *card, const uk_key *key,
    const uint8_t *tbs, size_t tbs_len, uint8_t *out, size_t cap)
{
	uint8_t hash[br_sha256_SIZE], sig[ATTEST_SIG_MAX];
	br_sha256_context h;
	size_t n;

	if (key->alg != UIMKEY_ALG_ECCP256)
		return 0;
	br_sha256_init(&h);
	br_sha256_update(&h, tbs, tbs_len);
	br_sha256_out(&h, hash);
	n = uk_key_ecdsa(card, key, hash, sizeof(hash), sig, sizeof(sig));
	if (n == 0)
		return 0;
	return uk_x509_wrap(tbs, tbs_len, UK_X509_SIG_ECDSA_SHA256,
	    sig, n, out, cap);
}
