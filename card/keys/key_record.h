/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The key record's parts (layout: key_record.c): the public and private
 * elements of a key as bytes (key_body.c), and the protection of the
 * private part under the PIN (key_protect.c).  Keys area only.
 */
#ifndef UK_CARD_KEY_RECORD_H
#define UK_CARD_KEY_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "uk/keys.h"

/* Public elements of key (its alg set) into out (cap bytes): EC the
 * point, RSA n and e each as a 2-byte length and bytes.  Their length,
 * 0 when they do not fit or the key holds none. */
size_t uk_key_body_public(const uk_key *key, uint8_t *out, size_t cap);

/* Private elements: EC d, RSA p q dp dq iq as above.  Their length, 0
 * when they do not fit or the key holds none. */
size_t uk_key_body_private(const uk_key *key, uint8_t *out, size_t cap);

/* Read the public elements at the start of in (len bytes) into *key
 * (alg set): UK_OK and *used, or UK_ERR_CORRUPT. */
int uk_key_parse_public(const uint8_t *in, size_t len, uk_key *key,
    size_t *used);

/* Read the private elements, exactly len bytes: UK_OK or
 * UK_ERR_CORRUPT. */
int uk_key_parse_private(const uint8_t *in, size_t len, uk_key *key);

/* Bytes a form puts before the private elements (the sealing point, the
 * nonce) and after them (the tag). */
size_t uk_key_form_head(uint8_t form);
size_t uk_key_form_tail(uint8_t form);

/*
 * Protect the private elements data (len bytes, in place) of the key
 * whose id is id in form, aad (aad_len bytes: the record before them)
 * bound: head and tail get uk_key_form_head/tail(form) bytes.  UK_OK,
 * or the error of the key it could not get (UK_ERR_ARG: KP needed and
 * not in RAM).  Nothing to do for UK_KEY_FORM_CLEAR.
 */
int uk_key_protect(uimkey_card *card, uint8_t form, const uint8_t *id,
    const uint8_t *aad, size_t aad_len, uint8_t *head, uint8_t *data,
    size_t len, uint8_t *tail);

/* The reverse, in place: UK_OK; UK_ERR_ARG when KP is not in RAM;
 * UK_ERR_CORRUPT (data wiped) when the tag does not match. */
int uk_key_unprotect(uimkey_card *card, uint8_t form, const uint8_t *id,
    const uint8_t *aad, size_t aad_len, const uint8_t *head, uint8_t *data,
    size_t len, const uint8_t *tail);

#endif
