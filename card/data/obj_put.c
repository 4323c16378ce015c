/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PUT DATA (00 DB 3F FF, data 5C {tag} 53 {value}): store, replace or,
 * with an empty value, delete one data object.  Needs the management key.
 */
#include "uk/auth.h"
#include "obj_cmd.h"
#include "uk/data.h"
#include "uk/store.h"
#include "card/wire.h"

typedef struct {
	int j;                  /* index of the stored object */
	const uint8_t *value;
	size_t len;
} put_req;

/* Exactly 5C {tag} then 53 {value}, of an object the card stores. */
static uint16_t
parse_put(const uk_apdu *apdu, put_req *req)
{
	const uint8_t *p = apdu->data, *end;
	uk_tlv list, data;
	uint32_t tag;
	uint16_t sw;

	if (p == NULL)
		return UIMKEY_SW_WRONG_DATA;
	end = p + apdu->lc;
	if (uk_tlv_next(&p, end, &list) != 0)
		return UIMKEY_SW_WRONG_DATA;
	if ((sw = uk_obj_parse_tag(&list, &tag)) != UIMKEY_SW_OK)
		return sw;
	if (uk_tlv_next(&p, end, &data) != 0 ||
	    data.tag != UK_OBJ_TAG_DATA || p != end)
		return UIMKEY_SW_WRONG_DATA;
	/* Generated objects (Discovery, Key History) and unknown tags. */
	if ((req->j = uk_obj_index(tag)) < 0)
		return UIMKEY_SW_WRONG_DATA;
	if (data.len > UK_REC_OBJ_MAX)
		return UIMKEY_SW_NO_SPACE;
	req->value = data.value;
	req->len = data.len;
	return UIMKEY_SW_OK;
}

uint16_t
uk_obj_put_data(uimkey_card *card, const uk_apdu *apdu)
{
	put_req req;
	uint16_t sw;

	if ((sw = uk_obj_check_p1p2(apdu)) != UIMKEY_SW_OK)
		return sw;
	/* Authorization first: without it the card judges no data. */
	if ((sw = uk_auth_admin(card)) != UIMKEY_SW_OK)
		return sw;
	if ((sw = parse_put(apdu, &req)) != UIMKEY_SW_OK)
		return sw;
	if (uk_rec_write(card, UK_REC_OBJ(req.j), req.value, req.len) !=
	    UK_OK)
		return UIMKEY_SW_MEMORY_FAILURE;
	return UIMKEY_SW_OK;
}
