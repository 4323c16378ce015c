/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GET DATA (00 CB 3F FF, data 5C {tag}): one data object, wrapped in 53
 * (7E for Discovery, 7F61 for the BIT group template).
 */
#include "uk/auth.h"
#include "obj_cmd.h"
#include "uk/data.h"
#include "uk/rsp.h"
#include "uk/store.h"
#include "card/wire.h"

/* The command data is one 5C TLV and nothing else. */
static uint16_t
parse_get(const uk_apdu *apdu, uint32_t *tag)
{
	const uint8_t *p = apdu->data, *end;
	uk_tlv list;

	if (p == NULL)
		return UIMKEY_SW_WRONG_DATA;
	end = p + apdu->lc;
	if (uk_tlv_next(&p, end, &list) != 0 || p != end)
		return UIMKEY_SW_WRONG_DATA;
	return uk_obj_parse_tag(&list, tag);
}

/*
 * Append the record's n bytes straight after the header already in the
 * answer: a certificate is up to 3 KiB, too much to stage on the stack
 * of a small card.
 */
static uint16_t
append_record(uimkey_card *card, unsigned rec, size_t n)
{
	uimkey_rsp_chain *r = &card->rsp;
	size_t got;

	if (n > sizeof(r->buf) - r->len)
		return UIMKEY_SW_NO_DIAG;
	if (uk_rec_read(card, rec, r->buf + r->len, n, &got) !=
	    UK_OK || got != n)
		return UIMKEY_SW_MEMORY_FAILURE;
	r->len += n;
	return UIMKEY_SW_OK;
}

uint16_t
uk_obj_answer_stored(uimkey_card *card, int j, uint32_t tag)
{
	unsigned rec = UK_REC_OBJ(j);
	long n = uk_rec_len(card, rec);

	if (n < 0)
		return UIMKEY_SW_MEMORY_FAILURE;
	if (n == 0 && (uk_obj_flags(j) & UK_OBJ_F_DEFAULT))
		return uk_obj_answer_generated(card, tag);
	if (n == 0)
		return UIMKEY_SW_NOT_FOUND;
	if (uk_rsp_put_tl(&card->rsp, uk_obj_wrap_tag(tag),
	    (size_t)n) != UK_OK)
		return UIMKEY_SW_NO_DIAG;
	return append_record(card, rec, (size_t)n);
}

uint16_t
uk_obj_get_data(uimkey_card *card, const uk_apdu *apdu)
{
	uint32_t tag;
	uint16_t sw;
	int j;

	if ((sw = uk_obj_check_p1p2(apdu)) != UIMKEY_SW_OK ||
	    (sw = parse_get(apdu, &tag)) != UIMKEY_SW_OK)
		return sw;
	j = uk_obj_index(tag);
	if (j < 0)
		return uk_obj_answer_generated(card, tag);
	/* Access before presence: a refusal says nothing of the object. */
	if ((uk_obj_flags(j) & UK_OBJ_F_PIN) &&
	    (sw = uk_auth_pin(card)) != UIMKEY_SW_OK)
		return sw;
	return uk_obj_answer_stored(card, j, tag);
}
