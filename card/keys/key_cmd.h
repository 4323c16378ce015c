/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The keys area's commands (key_area.c dispatches to them) and the
 * helpers they share.  Private to the keys area.
 */
#ifndef UK_CARD_KEY_CMD_H
#define UK_CARD_KEY_CMD_H

#include <stddef.h>
#include <stdint.h>

#include "uk/apdu.h"
#include "uk/keys.h"
#include "card/card.h"

/* Tags of the policies in GENERATE's AC template and IMPORT's data. */
#define UK_TAG_PIN_POLICY    0xAA
#define UK_TAG_TOUCH_POLICY  0xAB

/* GENERATE ASYMMETRIC KEY PAIR, 00 47 00 slot (key_gen.c). */
uint16_t uk_key_cmd_generate(uimkey_card *card, const uk_apdu *apdu);

/* GENERAL AUTHENTICATE with a slot's private key, 00 87 alg slot
 * (key_use.c). */
uint16_t uk_key_cmd_use(uimkey_card *card, const uk_apdu *apdu);

/* IMPORT KEY, 00 FE alg slot (key_import.c). */
uint16_t uk_key_cmd_import(uimkey_card *card, const uk_apdu *apdu);

/* MOVE / DELETE KEY, 00 F6 to from (key_move.c). */
uint16_t uk_key_cmd_move(uimkey_card *card, const uk_apdu *apdu);

/* GET METADATA of a key slot, 00 F7 00 slot (key_meta.c). */
uint16_t uk_key_cmd_metadata(uimkey_card *card, const uk_apdu *apdu);

/*
 * Index of a slot whose key the host may replace (generate, import,
 * move, delete): every key slot but the attestation slot F9.  -1 when
 * ref is none.
 */
int uk_key_user_slot(uint8_t ref);

/*
 * The PIN and touch policies among the TLVs of [data, data+len) (tags AA
 * and AB, one byte each, both optional): 0 (default) resolved for the
 * slot, touch only NEVER.  9000, or 6A80 for a policy the card does not
 * offer or a malformed TLV.
 */
uint16_t uk_key_policies(const uint8_t *data, size_t len,
    uint8_t slot_ref, uint8_t *pin, uint8_t *touch);

/*
 * Copy a key element (unsigned big endian) into dst without its leading
 * zeros and set *dst_len: UK_OK, or UK_ERR_ARG when nothing is left or
 * it exceeds cap.
 */
int uk_key_take(uint8_t *dst, size_t cap, size_t *dst_len,
    const uint8_t *src, size_t len);

/* A new random id for a key being made (generated or imported). */
void uk_key_new_id(uimkey_card *card, uk_key *key);

/* Append 7C { 82 result } to the answer; 9000 or 6A84 if too long. */
uint16_t uk_key_answer_dyn(uimkey_card *card, const uint8_t *res,
    size_t len);

#endif
