/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The record store's cryptography.  One key, derived from the device key
 * at start (uk_store_key, uk/store.h), encrypts and authenticates everything the
 * store writes: AES-256-GCM with BearSSL's constant-time br_aes_ct64_ctr
 * and br_ghash_ctmul64, a fresh random nonce from the card's DRBG for
 * every write.  What a tag binds is told by its additional data, which
 * starts with a label of its own for each kind: "UREC" for a record
 * image (id, version, length), "UJNL" for the journal header (and its
 * entries), the card header's own magic "UIMK".
 *
 * Record images, home and in the journal alike: uk_image is their header
 * (store_layout.h, UK_HOME_HDR_*), the content follows it encrypted.
 */
#ifndef UK_CARD_STORE_CRYPT_H
#define UK_CARD_STORE_CRYPT_H

#include <stddef.h>
#include <stdint.h>

#include <bearssl/bearssl_aead.h>
#include <bearssl/bearssl_block.h>

#include "card/card.h"
#include "store_layout.h"

/* Additional data of a record image: "UREC", id, version, length. */
#define UK_AAD_REC_LEN      20

/* GCM over the card's expanded store key (uimkey_txn_state.aes). */
typedef struct {
	br_gcm_context gcm;
} uk_aead;

typedef struct {
	uint64_t version;
	uint32_t len;
	uint8_t nonce[UK_NONCE_LEN];
	uint8_t tag[UK_TAG_LEN];
} uk_image;

/* A new nonce from the card's DRBG. */
void uk_crypt_nonce(uimkey_card *card, uint8_t *nonce);

/* GCM under the store key with nonce; uk_aead_end wipes it. */
void uk_aead_start(uk_aead *a, uimkey_card *card,
    const uint8_t *nonce);

/* a's GCM context over the card's key schedule, with its hash key, no
 * nonce yet:
 * for uk_gcm_record, once for many records. */
void uk_aead_keys(uk_aead *a, uimkey_card *card);

/* g started for record id's image im (its nonce and additional data
 * given), ready for its content: a copy of a's context (a prepared by
 * uk_aead_keys), or a's own when g is &a->gcm, which must come last. */
void uk_gcm_record(uk_aead *a, br_gcm_context *g, unsigned id,
    const uk_image *im);
void uk_aead_end(uk_aead *a);

/* Inject len stored bytes at off as additional data. */
int uk_aead_stored(uimkey_card *card, uk_aead *a, size_t off, size_t len);

/* 1 when the computation's tag is tag (constant time). */
int uk_aead_tag_ok(uk_aead *a, const uint8_t *tag);

/* Image headers to and from their bytes (UK_HOME_HDR_LEN). */
void uk_image_encode(uint8_t *p, const uk_image *im);
void uk_image_decode(const uint8_t *p, uk_image *im);

/*
 * Encrypt len bytes of data as the content of record id, version: the
 * ciphertext is written at off, *im gets the version, length, a new
 * nonce and the tag (the caller writes the header where it belongs).
 */
int uk_image_seal(uimkey_card *card, size_t off, unsigned id,
    uint64_t version, const uint8_t *data, size_t len, uk_image *im);

/*
 * Check the im->len bytes of content stored at off against im as record
 * id's, decrypting them into out.  UK_ERR_CORRUPT when the tag does not
 * match (out wiped).
 */
int uk_image_open(uimkey_card *card, size_t off, unsigned id,
    const uk_image *im, uint8_t *out);

/* Only check, under a (prepared by uk_aead_keys, for many records): the
 * content decrypted a chunk at a time on the stack, and dropped. */
int uk_image_check(uimkey_card *card, uk_aead *a, size_t off, unsigned id,
    const uk_image *im);

void uk_put_be64(uint8_t *p, uint64_t v);
uint64_t uk_get_be64(const uint8_t *p);

#endif
