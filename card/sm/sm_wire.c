/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Protected commands and answers on a channel's session.  Any command
 * that fails its check ends the session: its MAC chain can no longer
 * follow the host's, and a program that guesses or replays gets one try
 * per key establishment, none of it with the session's login.
 */
#include <string.h>

#include "sm_int.h"
#include "uk/channel.h"
#include "uk/rsp.h"
#include "uk/sm.h"
#include "codec/bytes.h"
#include "card/wire.h"

static void
session_get(const uimkey_card *card, uk_sm_session *s)
{
	memcpy(s, card->ch[card->cur].sm.session, sizeof(*s));
}

static void
session_put(uimkey_card *card, const uk_sm_session *s)
{
	memcpy(card->ch[card->cur].sm.session, s, sizeof(*s));
}

void
uk_sm_channel_end(uimkey_card *card)
{
	uk_wipe(&UK_CHANNEL(card)->sm, sizeof(UK_CHANNEL(card)->sm));
}

void
uk_sm_begin(uimkey_card *card, const uk_sm_keys *k)
{
	uk_sm_session s;

	uk_sm_channel_end(card);
	uk_sm_start(&s, k);
	session_put(card, &s);
	UK_CHANNEL(card)->sm.on = 1;
	uk_wipe(&s, sizeof(s));
}

static uint16_t
unwrap_sw(int r)
{
	switch (r) {
	case UK_SM_E_OBJECTS:
		return UIMKEY_SW_SM_MISSING;
	case UK_SM_E_SPACE:
		return UIMKEY_SW_WRONG_LENGTH;
	default:
		return UIMKEY_SW_SM_WRONG;
	}
}

uint16_t
uk_sm_open_cmd(uimkey_card *card, uint8_t cla, uk_apdu *apdu)
{
	uk_sm_session s;
	size_t n, le;
	int r;

	if (!card->ch[card->cur].sm.on)
		return UIMKEY_SW_SM_WRONG;
	session_get(card, &s);
	r = uk_sm_cmd_unwrap(&s, (uint8_t)(cla & ~UIMKEY_CLA_CHAIN),
	    apdu->ins, apdu->p1, apdu->p2, apdu->data, apdu->lc,
	    card->sm.data, sizeof(card->sm.data), &n, &le);
	if (r != UK_SM_OK) {
		uk_wipe(&s, sizeof(s));
		uk_sm_channel_end(card);
		return unwrap_sw(r);
	}
	session_put(card, &s);
	uk_wipe(&s, sizeof(s));
	card->sm.data_len = (uint16_t)n;
	card->sm.in_session = 1;
	apdu->cla = UIMKEY_CLA_ISO;
	apdu->data = card->sm.data;
	apdu->lc = n;
	apdu->ne = le;
	apdu->has_le = le != 0;
	return UIMKEY_SW_OK;
}

uint16_t
uk_sm_seal_rsp(uimkey_card *card, uint16_t sw)
{
	uimkey_rsp_chain *r = &card->rsp;
	uk_sm_session s;
	size_t n;
	int ok;

	/* The clear data may hold PINs or keys. */
	uk_wipe(card->sm.data, card->sm.data_len);
	card->sm.data_len = 0;
	card->sm.in_session = 0;
	session_get(card, &s);
	ok = uk_sm_rsp_wrap(&s, r->buf, r->len, sw, r->buf, sizeof(r->buf),
	    &n) == UK_SM_OK;
	if (ok) {
		r->len = n;
		session_put(card, &s);
	} else {
		uk_rsp_clear(r);
		uk_sm_channel_end(card);
	}
	uk_wipe(&s, sizeof(s));
	return ok ? UIMKEY_SW_OK : UIMKEY_SW_NO_DIAG;
}
