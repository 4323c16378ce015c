/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A slot's public key, in the two shapes the card shows it: the PIV
 * card edge's 7F49 contents (GENERATE, GET METADATA) and X.509's
 * SubjectPublicKeyInfo (attestation certificates).
 */
#include <string.h>

#include "key_alg.h"
#include "uk/keys.h"
#include "card/wire.h"
#include "codec/x509.h"

/* PIV public key template tags (SP 800-73-4 part 2, table 11). */
#define PUB_TAG_MODULUS   0x81
#define PUB_TAG_EXPONENT  0x82
#define PUB_TAG_POINT     0x86

/* Append tag, BER length and value at out[*off]: UK_OK, or UK_ERR_FULL
 * when it does not fit. */
static int
put_tlv(uint8_t *out, size_t cap, size_t *off, uint8_t tag,
    const uint8_t *v, size_t len)
{
	uint8_t h[4];
	size_t n = 0;

	h[n++] = tag;
	if (len >= 0x100) {
		h[n++] = 0x82;
		h[n++] = (uint8_t)(len >> 8);
	} else if (len >= 0x80) {
		h[n++] = 0x81;
	}
	h[n++] = (uint8_t)len;
	if (len > 0xFFFF || cap - *off < n + len)
		return UK_ERR_FULL;
	memcpy(out + *off, h, n);
	memcpy(out + *off + n, v, len);
	*off += n + len;
	return UK_OK;
}

size_t
uk_key_pub_tlv(const uk_key *key, uint8_t *out, size_t cap)
{
	size_t off = 0;

	if (uimkey_alg_is_ec(key->alg)) {
		if (put_tlv(out, cap, &off, PUB_TAG_POINT, key->u.ec.q,
		    key->u.ec.q_len) != UK_OK)
			return 0;
		return off;
	}
	if (!uimkey_alg_is_rsa(key->alg) ||
	    put_tlv(out, cap, &off, PUB_TAG_MODULUS, key->u.rsa.n,
	    key->u.rsa.pk.nlen) != UK_OK ||
	    put_tlv(out, cap, &off, PUB_TAG_EXPONENT, key->u.rsa.e,
	    key->u.rsa.pk.elen) != UK_OK)
		return 0;
	return off;
}

size_t
uk_key_spki(const uk_key *key, uint8_t *out, size_t cap)
{
	if (uimkey_alg_is_ec(key->alg))
		return uk_x509_spki_ec(key->alg, key->u.ec.q,
		    key->u.ec.q_len, out, cap);
	if (uimkey_alg_is_rsa(key->alg))
		return uk_x509_spki_rsa(key->u.rsa.n, key->u.rsa.pk.nlen,
		    key->u.rsa.e, key->u.rsa.pk.elen, out, cap);
	return 0;
}
