/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The data area's commands, GET DATA and PUT DATA, and the pieces they
 * share.  Internal to the data area (obj_area.c, obj_*.c).
 */
#ifndef UK_CARD_OBJ_CMD_H
#define UK_CARD_OBJ_CMD_H

#include <stdint.h>

#include "uk/apdu.h"
#include "card/card.h"
#include "codec/tlv.h"

/* P1 P2 of GET DATA and PUT DATA (SP 800-73-4 part 2, 3.1.2 / 3.3.2). */
#define UK_OBJ_P1            0x3F
#define UK_OBJ_P2            0xFF

/* Tags of the command and answer templates. */
#define UK_OBJ_TAG_LIST      0x5Cu  /* the object's tag */
#define UK_OBJ_TAG_DATA      0x53u  /* the object's value */

/* 9000 when P1 P2 are 3F FF, else 6A86. */
uint16_t uk_obj_check_p1p2(const uk_apdu *apdu);

/*
 * The object tag named by a 5C TLV: 1 to 3 bytes, big endian, the first
 * not 00.  9000 and *tag set, or 6A80.
 */
uint16_t uk_obj_parse_tag(const uk_tlv *list, uint32_t *tag);

/* The tag that wraps a stored object's value in the answer: 53, except
 * 7F61 for the BIT group template (SP 800-73-4 part 1 table 3). */
unsigned uk_obj_wrap_tag(uint32_t tag);

/*
 * Append the generated answer for tag: Discovery, Key History, or the
 * default CHUID / CCC.  9000; 6A82 when tag has no generated form; 6581
 * when the store fails.
 */
uint16_t uk_obj_answer_generated(uimkey_card *card, uint32_t tag);

/* The handlers (obj_area.c registers them). */
uint16_t uk_obj_get_data(uimkey_card *card, const uk_apdu *apdu);

/* The stored object j answered as the object tag (its default when
 * absent and it has one): what GET DATA answers for tag. */
uint16_t uk_obj_answer_stored(uimkey_card *card, int j, uint32_t tag);
uint16_t uk_obj_put_data(uimkey_card *card, const uk_apdu *apdu);

#endif
