/* SPDX-License-Identifier: BSD-2-Clause */
/* AES-128 CMAC (SP 800-38B): CBC-MAC with the last block masked by a
 * subkey derived from the key. */
#include <string.h>

#include "codec/bytes.h"
#include "codec/cmac.h"

/* The reduction constant of GF(2^128) in SP 800-38B's doubling. */
#define CMAC_RB          0x87
#define CMAC_PAD_FIRST   0x80

/* b = 2 * b in GF(2^128); the reduction is masked, not branched on,
 * since b depends on the key. */
static void
dbl(uint8_t *b)
{
	uint8_t carry = (uint8_t)(b[0] >> 7);
	size_t i;

	for (i = 0; i + 1 < UK_CMAC_BLOCK; i++)
		b[i] = (uint8_t)(b[i] << 1 | b[i + 1] >> 7);
	b[UK_CMAC_BLOCK - 1] = (uint8_t)(b[UK_CMAC_BLOCK - 1] << 1);
	b[UK_CMAC_BLOCK - 1] ^= (uint8_t)(CMAC_RB & (0u - carry));
}

void
uk_cmac_init(uk_cmac *c, const uint8_t *key)
{
	br_aes_ct_cbcenc_init(&c->aes, key, UK_CMAC_KEY_LEN);
	memset(c->mac, 0, sizeof(c->mac));
	memset(c->last, 0, sizeof(c->last));
	c->n = 0;
}

void
uk_cmac_update(uk_cmac *c, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t take;

	/* A full block is absorbed only once more bytes follow it: the
	 * message's last block must wait for its subkey. */
	while (len > 0) {
		if (c->n == UK_CMAC_BLOCK) {
			br_aes_ct_cbcenc_run(&c->aes, c->mac, c->last,
			    UK_CMAC_BLOCK);
			c->n = 0;
		}
		take = UK_CMAC_BLOCK - c->n;
		if (take > len)
			take = len;
		memcpy(c->last + c->n, p, take);
		c->n += take;
		p += take;
		len -= take;
	}
}

void
uk_cmac_final(uk_cmac *c, uint8_t *tag)
{
	uint8_t k[UK_CMAC_BLOCK], iv[UK_CMAC_BLOCK];
	size_t i;

	/* L = AES(key, 0); K1 = 2L for a whole last block, K2 = 4L for a
	 * padded one.  Which one depends on the length only. */
	memset(k, 0, sizeof(k));
	memset(iv, 0, sizeof(iv));
	br_aes_ct_cbcenc_run(&c->aes, iv, k, UK_CMAC_BLOCK);
	dbl(k);
	if (c->n < UK_CMAC_BLOCK) {
		dbl(k);
		c->last[c->n] = CMAC_PAD_FIRST;
		memset(c->last + c->n + 1, 0, UK_CMAC_BLOCK - c->n - 1);
	}
	for (i = 0; i < UK_CMAC_BLOCK; i++)
		c->last[i] ^= k[i];
	br_aes_ct_cbcenc_run(&c->aes, c->mac, c->last, UK_CMAC_BLOCK);
	memcpy(tag, c->mac, UK_CMAC_TAG_LEN);
	uk_wipe(k, sizeof(k));
	uk_wipe(iv, sizeof(iv));
	uk_wipe(c, sizeof(*c));
}

void
uk_cmac_once(const uint8_t *key, const void *data, size_t len, uint8_t *tag)
{
	uk_cmac c;

	uk_cmac_init(&c, key);
	uk_cmac_update(&c, data, len);
	uk_cmac_final(&c, tag);
}
