/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The issuer lock's commands.  A card bound to an issuer (INSTALL ISSUER
 * KEY, once) obeys the lock and unlock tokens that issuer signs, from
 * whoever delivers them, each only if its counter is above the last one
 * applied.  The issuer key and the lock survive RESET (auth_reset.c
 * keeps the record), so a thief can neither unbind nor wipe the card.
 */
#include <string.h>

#include "uk/auth.h"
#include "lock_cmd.h"
#include "lock_state.h"
#include "lock_token.h"
#include "uk/rsp.h"
#include "codec/tlv.h"
#include "codec/bytes.h"
#include "card/wire.h"

#define COUNTER_LEN     4
/* A start counter no token could ever pass would brick the lock. */
#define COUNTER_LAST    0xFFFFFFFFu

/* INSTALL data: exactly 01 point (valid) and 02 counter, any order. */
static uint16_t
parse_install(const uk_apdu *apdu, uk_lock_state *st)
{
	const uint8_t *p = apdu->data, *end = apdu->data + apdu->lc;
	int have_point = 0, have_counter = 0;
	uk_tlv t;

	if (apdu->data == NULL)
		return UIMKEY_SW_WRONG_DATA;
	while (p < end) {
		if (uk_tlv_next(&p, end, &t) != 0)
			return UIMKEY_SW_WRONG_DATA;
		if (t.tag == UIMKEY_LOCK_TAG_ISSUER && !have_point &&
		    t.len == UIMKEY_LOCK_POINT_LEN &&
		    uk_lock_point_valid(t.value)) {
			memcpy(st->issuer, t.value, UIMKEY_LOCK_POINT_LEN);
			have_point = 1;
		} else if (t.tag == UIMKEY_LOCK_TAG_START && !have_counter &&
		    t.len == COUNTER_LEN) {
			st->counter = uk_get_be32(t.value);
			have_counter = 1;
		} else {
			return UIMKEY_SW_WRONG_DATA;
		}
	}
	if (!have_point || !have_counter || st->counter == COUNTER_LAST)
		return UIMKEY_SW_WRONG_DATA;
	return UIMKEY_SW_OK;
}

uint16_t
uk_lock_cmd_install(uimkey_card *card, const uk_apdu *apdu)
{
	uk_lock_state cur, st;
	uint16_t sw;

	if (apdu->p1 != 0 || apdu->p2 != 0)
		return UIMKEY_SW_WRONG_P1P2;
	if ((sw = uk_auth_admin(card)) != UIMKEY_SW_OK)
		return sw;
	memset(&st, 0, sizeof(st));
	if ((sw = parse_install(apdu, &st)) != UIMKEY_SW_OK)
		return sw;
	if ((sw = uk_lock_load(card, &cur)) != UIMKEY_SW_OK)
		return sw;
	/* Set once: replacing the issuer would let anyone holding the
	 * management key escape the issuer's lock. */
	if (cur.installed)
		return UIMKEY_SW_CONDITIONS;
	/* Binding is for good (RESET keeps it): with the factory key,
	 * which anyone knows, a stranger could bind the card to a key of
	 * their own and lock it. */
	if ((sw = uk_auth_mgmt_own(card)) != UIMKEY_SW_OK)
		return sw;
	st.installed = 1;
	st.locked = 0;
	return uk_lock_commit(card, &st);
}

uint16_t
uk_lock_cmd_apply(uimkey_card *card, const uk_apdu *apdu)
{
	uk_lock_token tok;
	uk_lock_state st;
	uint16_t sw;

	if (apdu->p1 != 0 || apdu->p2 != 0)
		return UIMKEY_SW_WRONG_P1P2;
	if ((sw = uk_lock_parse_token(apdu->data, apdu->lc, &tok)) !=
	    UIMKEY_SW_OK)
		return sw;
	if ((sw = uk_lock_load(card, &st)) != UIMKEY_SW_OK)
		return sw;
	if (!st.installed)
		return UIMKEY_SW_CONDITIONS;
	if (tok.serial != card->serial)
		return UIMKEY_SW_REF_NOT_FOUND;
	if (!uk_lock_verify_token(&tok, st.issuer))
		return UIMKEY_SW_SECURITY;
	/* Strictly greater: no replay of the same token, no rollback to an
	 * older unlock. */
	if (tok.counter <= st.counter)
		return UIMKEY_SW_REF_UNUSABLE;
	st.locked = tok.action == UIMKEY_LOCK_ACTION_LOCK;
	st.counter = tok.counter;
	if ((sw = uk_lock_commit(card, &st)) != UIMKEY_SW_OK)
		return sw;
	/* Nothing proven before a lock holds after its unlock either, and
	 * a locked card keeps nothing the PIN opened. */
	if (st.locked) {
		uimkey_card_clear_security(card);
		uk_auth_forget_kp(card);
	}
	return UIMKEY_SW_OK;
}

static int
put_tlv(uimkey_card *card, unsigned tag, const uint8_t *v, size_t len)
{
	return uk_rsp_put_tl(&card->rsp, tag, len) != UK_OK ||
	    uk_rsp_put(&card->rsp, v, len) != UK_OK;
}

uint16_t
uk_lock_cmd_metadata(uimkey_card *card, const uk_apdu *apdu)
{
	uk_lock_state st;
	uint8_t state, counter[COUNTER_LEN];
	uint16_t sw;
	int bad;

	if (apdu->p1 != 0)
		return UIMKEY_SW_WRONG_P1P2;
	if (apdu->lc != 0)
		return UIMKEY_SW_WRONG_LENGTH;
	if ((sw = uk_lock_load(card, &st)) != UIMKEY_SW_OK)
		return sw;
	state = uk_lock_state_byte(&st);
	uk_put_be32(counter, st.counter);
	bad = put_tlv(card, UIMKEY_LOCK_META_STATE, &state, 1);
	if (!bad && st.installed)
		bad = put_tlv(card, UIMKEY_LOCK_META_COUNTER, counter,
		    sizeof(counter)) || put_tlv(card, UIMKEY_LOCK_META_ISSUER,
		    st.issuer, UIMKEY_LOCK_POINT_LEN);
	return bad ? UIMKEY_SW_NO_DIAG : UIMKEY_SW_OK;
}
