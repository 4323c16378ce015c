/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The PIV data objects the card stores (SP 800-73-4 part 1 table 3 and
 * Yubico's), as the other areas see them.  Object j of the table lives in
 * record UK_REC_OBJ(j); the order of the table is the layout of the
 * store and never changes.  Discovery (7E) and Key History (5FC10C) are
 * generated at each GET DATA and have no record (see obj_generated.c).
 */
#ifndef UK_CARD_OBJECTS_H
#define UK_CARD_OBJECTS_H

#include <stdint.h>

#include "card/card.h"

/* Tags of the objects other areas name. */
#define UK_OBJ_DISCOVERY     0x7Eu
#define UK_OBJ_BITGT         0x7F61u
#define UK_OBJ_CHUID         0x5FC102u
#define UK_OBJ_CCC           0x5FC107u
#define UK_OBJ_KEY_HISTORY   0x5FC10Cu
#define UK_OBJ_ATTEST_CERT   0x5FFF01u
#define UK_OBJ_SM_SIGNER     0x5FC122u

/* The card's GUID (the one of the CHUID it generates): 16 bytes. */
#define UK_OBJ_GUID_LEN      16

/* Flags of a stored object. */
#define UK_OBJ_F_PIN         0x01u  /* reading needs the PIN verified */
#define UK_OBJ_F_DEFAULT     0x02u  /* absent: a generated default */

/* Index j of the stored object with this tag, or -1 when the card stores
 * no such object (generated or unknown tags included). */
int uk_obj_index(uint32_t tag);

/* Record id of the stored object with this tag (UK_REC_OBJ(j)), or
 * UK_REC_COUNT, which names no record, when there is none. */
unsigned uk_obj_rec_for_tag(uint32_t tag);

/* Tag and flags of stored object j (0 <= j < UK_OBJ_COUNT). */
uint32_t uk_obj_tag(int j);
unsigned uk_obj_flags(int j);

/* The GUID the card's generated CHUID carries, from its serial. */
void uk_obj_guid(const uimkey_card *card, uint8_t *guid);

#endif
