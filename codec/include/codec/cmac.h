/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * AES-128 CMAC (NIST SP 800-38B; RFC 4493): the MAC of PIV secure
 * messaging (SP 800-73-4 part 2: its key confirmation and the MAC of
 * every protected command and answer), on BearSSL's bitsliced AES.
 * Constant time: no table lookups, and the subkeys are derived with
 * masks.  The context is the caller's; nothing is allocated.
 */
#ifndef UK_CODEC_CMAC_H
#define UK_CODEC_CMAC_H

#include <stddef.h>
#include <stdint.h>

#include <bearssl/bearssl_block.h>

#define UK_CMAC_KEY_LEN  16
#define UK_CMAC_TAG_LEN  16
#define UK_CMAC_BLOCK    16

typedef struct {
	br_aes_ct_cbcenc_keys aes;
	uint8_t mac[UK_CMAC_BLOCK];     /* the CBC-MAC of the blocks absorbed */
	uint8_t last[UK_CMAC_BLOCK];    /* the newest block, held for the end */
	size_t n;                       /* bytes in last */
} uk_cmac;

/* Start a MAC under key (16 bytes). */
void uk_cmac_init(uk_cmac *c, const uint8_t *key);

/* Add len bytes of the message (in as many calls as wanted). */
void uk_cmac_update(uk_cmac *c, const void *data, size_t len);

/* The 16-byte tag into tag; the context is wiped (init again to reuse). */
void uk_cmac_final(uk_cmac *c, uint8_t *tag);

/* The tag of one whole message. */
void uk_cmac_once(const uint8_t *key, const void *data, size_t len,
    uint8_t *tag);

#endif
