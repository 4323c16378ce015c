/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Records at home: each at a fixed place, an image header (version,
 * length, nonce, tag: store_layout.h) and then room for its capacity,
 * the content encrypted.  The id covers the manifest (UK_META_ID) too.
 */
#ifndef UK_CARD_STORE_HOME_H
#define UK_CARD_STORE_HOME_H

#include <stddef.h>
#include <stdint.h>

#include "card/card.h"
#include "store_crypt.h"

/* Capacity and header offset of record id (records and manifest). */
size_t uk_home_cap(unsigned id);
size_t uk_home_off(unsigned id);

/* Read the image header of id: UK_ERR_CORRUPT when its length is over
 * the capacity.  Nothing is authenticated yet. */
int uk_home_load(uimkey_card *card, unsigned id, uk_image *im);

/* Load id and authenticate it whole: its content decrypted into out
 * (uk_home_cap(id) bytes). */
int uk_home_open(uimkey_card *card, unsigned id, uk_image *im,
    uint8_t *out);

/* Load id and authenticate it, under a (uk_aead_keys), dropping the
 * content. */
int uk_home_check(uimkey_card *card, uk_aead *a, unsigned id, uk_image *im);

/* Write the image header of id. */
int uk_home_set(uimkey_card *card, unsigned id, const uk_image *im);

/* Write id from RAM as its version: the content encrypted, the old tail
 * erased, the header last. */
int uk_home_put(uimkey_card *card, unsigned id, uint64_t version,
    const uint8_t *data, size_t len);

/*
 * The manifest (UK_META_LEN bytes, store_layout.h UK_MAN_*): loaded from
 * home and authenticated into m; UK_ERR_CORRUPT unless its image was
 * written by the commit it names.
 */
int uk_man_load(uimkey_card *card, uint8_t *m);
uint64_t uk_man_get(const uint8_t *m, unsigned id);
void uk_man_set(uint8_t *m, unsigned id, uint64_t version);

#endif
