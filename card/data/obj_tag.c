/* SPDX-License-Identifier: BSD-2-Clause */
/* What GET DATA and PUT DATA both check: P1 P2 and the object's tag. */
#include "obj_cmd.h"
#include "uk/data.h"
#include "card/wire.h"

/* Longest object tag (5FC1xx, 5FFFxx). */
#define OBJ_TAG_MAX_BYTES 3

uint16_t
uk_obj_check_p1p2(const uk_apdu *apdu)
{
	if (apdu->p1 != UK_OBJ_P1 || apdu->p2 != UK_OBJ_P2)
		return UIMKEY_SW_WRONG_P1P2;
	return UIMKEY_SW_OK;
}

uint16_t
uk_obj_parse_tag(const uk_tlv *list, uint32_t *tag)
{
	size_t i;

	/* A leading 00 would let 00 7E alias 7E. */
	if (list->tag != UK_OBJ_TAG_LIST || list->len == 0 ||
	    list->len > OBJ_TAG_MAX_BYTES || list->value[0] == 0)
		return UIMKEY_SW_WRONG_DATA;
	*tag = 0;
	for (i = 0; i < list->len; i++)
		*tag = (*tag << 8) | list->value[i];
	return UIMKEY_SW_OK;
}

unsigned
uk_obj_wrap_tag(uint32_t tag)
{
	return tag == UK_OBJ_BITGT ? UK_OBJ_BITGT : UK_OBJ_TAG_DATA;
}
