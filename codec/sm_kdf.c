/* SPDX-License-Identifier: BSD-2-Clause */
/* Secure messaging's session keys and key confirmation (cipher suite 2). */
#include <string.h>

#include <bearssl/bearssl_hash.h>

#include "codec/bytes.h"
#include "codec/cmac.h"
#include "codec/sm_kdf.h"

/* AlgorithmID of cipher suite 2: four 09 bytes, length-prefixed. */
#define SM_CS2_ALG_BYTE   0x09
#define SM_CS2_ALG_LEN    4
/* OtherInfo carries the first 16 bytes of the host key's x. */
#define SM_QEH_PART_LEN   16
#define SM_KDF_ROUNDS     2
#define SM_KDF_COUNTER    4
#define SM_POINT_XY       1       /* x follows the 04 byte */
#define SM_COORD_LEN      32

static const uint8_t kc_label[] = { 'K', 'C', '_', '1', '_', 'V' };

void
uk_sm_id_icc(const uint8_t *cvc, size_t len, uint8_t *id)
{
	uint8_t h[br_sha256_SIZE];
	br_sha256_context c;

	br_sha256_init(&c);
	br_sha256_update(&c, cvc, len);
	br_sha256_out(&c, h);
	memcpy(id, h, UK_SM_ID_LEN);
}

/* One length-prefixed field at *p. */
static uint8_t *
field(uint8_t *p, const uint8_t *v, size_t len)
{
	*p++ = (uint8_t)len;
	memcpy(p, v, len);
	return p + len;
}

void
uk_sm_other_info(const uk_sm_setup *s, uint8_t *out)
{
	static const uint8_t alg[SM_CS2_ALG_LEN] = { SM_CS2_ALG_BYTE,
	    SM_CS2_ALG_BYTE, SM_CS2_ALG_BYTE, SM_CS2_ALG_BYTE };
	uint8_t *p = out;

	p = field(p, alg, sizeof(alg));
	p = field(p, s->id_h, UK_SM_ID_LEN);
	p = field(p, &s->cb_h, 1);
	p = field(p, s->qe_h + SM_POINT_XY, SM_QEH_PART_LEN);
	p = field(p, s->id_icc, UK_SM_ID_LEN);
	p = field(p, s->n_icc, UK_SM_NONCE_LEN);
	(void)field(p, &s->cb_icc, 1);
}

void
uk_sm_derive(const uint8_t *z, const uk_sm_setup *s, uk_sm_keys *k)
{
	uint8_t info[UK_SM_OTHERINFO_LEN], ctr[SM_KDF_COUNTER];
	uint8_t out[SM_KDF_ROUNDS * br_sha256_SIZE];
	br_sha256_context c;
	uint32_t i;

	uk_sm_other_info(s, info);
	for (i = 1; i <= SM_KDF_ROUNDS; i++) {
		uk_put_be32(ctr, i);
		br_sha256_init(&c);
		br_sha256_update(&c, ctr, sizeof(ctr));
		br_sha256_update(&c, z, UK_SM_Z_LEN);
		br_sha256_update(&c, info, sizeof(info));
		br_sha256_out(&c, out + (i - 1) * br_sha256_SIZE);
	}
	memcpy(k->cfrm, out, UK_SM_KEY_LEN);
	memcpy(k->mac, out + UK_SM_KEY_LEN, UK_SM_KEY_LEN);
	memcpy(k->enc, out + 2 * UK_SM_KEY_LEN, UK_SM_KEY_LEN);
	memcpy(k->rmac, out + 3 * UK_SM_KEY_LEN, UK_SM_KEY_LEN);
	/* The hash state held z and the keys. */
	uk_wipe(out, sizeof(out));
	uk_wipe(&c, sizeof(c));
}

void
uk_sm_cryptogram(const uint8_t *cfrm, const uk_sm_setup *s, uint8_t *out)
{
	uk_cmac c;

	uk_cmac_init(&c, cfrm);
	uk_cmac_update(&c, kc_label, sizeof(kc_label));
	uk_cmac_update(&c, s->id_icc, UK_SM_ID_LEN);
	uk_cmac_update(&c, s->id_h, UK_SM_ID_LEN);
	uk_cmac_update(&c, s->qe_h + SM_POINT_XY, 2 * SM_COORD_LEN);
	uk_cmac_final(&c, out);
}
