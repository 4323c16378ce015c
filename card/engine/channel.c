/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Logical channels: their life (power, MANAGE CHANNEL) and the hold
 * buffer they share.  docs/apdu.md, "Logical channels".
 */
#include "uk/channel.h"
#include "uk/dispatch.h"
#include "uk/rsp.h"
#include "codec/bytes.h"
#include "card/wire.h"

_Static_assert(UK_CHANNELS == UIMKEY_CHANNELS, "channels of the wire");
_Static_assert(UK_CHANNELS <= 0x100, "a channel is a byte");

int
uk_hold_is(const uimkey_card *card, uint8_t ch, uint8_t kind)
{
	return card->hold.kind == kind && card->hold.owner == ch;
}

void
uk_hold_release(uimkey_card *card)
{
	uk_rsp_clear(&card->hold.data);
	card->hold.owner = 0;
	card->hold.kind = UK_HOLD_NONE;
}

void
uk_hold_drop(uimkey_card *card, uint8_t ch, uint8_t kind)
{
	if (card->hold.kind != UK_HOLD_NONE && card->hold.owner == ch &&
	    (kind == UK_HOLD_NONE || kind == card->hold.kind))
		uk_hold_release(card);
}

uimkey_rsp_chain *
uk_hold_take(uimkey_card *card, uint8_t ch, uint8_t kind)
{
	uk_hold_release(card);
	card->hold.owner = ch;
	card->hold.kind = kind;
	return &card->hold.data;
}

/* Channel n ends: what was proven on it, its selection, its chain and
 * what it held are forgotten. */
static void
close_one(uimkey_card *card, uint8_t n)
{
	uk_hold_drop(card, n, UK_HOLD_NONE);
	uk_wipe(&card->ch[n], sizeof(card->ch[n]));
}

/* A new channel: PIV selected (the only application), nothing proven,
 * just used (not the next to be taken back). */
static void
open_one(uimkey_card *card, uint8_t n)
{
	uimkey_channel *c = &card->ch[n];

	uk_wipe(c, sizeof(*c));
	c->open = 1;
	c->piv_selected = 1;
	c->stamp = card->clock;
}

void
uk_channel_close_all(uimkey_card *card)
{
	uint8_t n;

	for (n = 0; n < UK_CHANNELS; n++)
		close_one(card, n);
	uk_hold_release(card);
	card->cur = 0;
}

void
uk_channel_open_basic(uimkey_card *card)
{
	open_one(card, 0);
	card->cur = 0;
}

void
uk_channel_each(uimkey_card *card, void (*fn)(uimkey_card *card))
{
	uint8_t self = card->cur, n;

	for (n = 0; n < UK_CHANNELS; n++) {
		if (!card->ch[n].open)
			continue;
		card->cur = n;
		fn(card);
	}
	card->cur = self;
}

/* The channel's plain security state; each area's clear hook the rest
 * (the sm area's: what a session proved). */
static void
clear_one(uimkey_card *card)
{
	uk_wipe(&UK_CHANNEL(card)->auth, sizeof(UK_CHANNEL(card)->auth));
	uk_dispatch_clear(card);
}

void
uk_channel_clear_security(uimkey_card *card)
{
	clear_one(card);
}

void
uimkey_card_clear_security(uimkey_card *card)
{
	uk_channel_each(card, clear_one);
}

/*
 * The number a MANAGE CHANNEL without one gets: the lowest closed, or
 * when all are open the least recently used, closed first.  That is
 * never the caller's: its stamp is this command's, age 0.  Ages, not
 * stamps, are compared: the clock may wrap.
 */
static uint8_t
pick(uimkey_card *card)
{
	uint32_t age, oldest = 0;
	uint8_t n, lru = 0;

	for (n = 1; n < UK_CHANNELS; n++)
		if (!card->ch[n].open)
			return n;
	for (n = 1; n < UK_CHANNELS; n++) {
		age = card->clock - card->ch[n].stamp;
		if (lru == 0 || age > oldest) {
			lru = n;
			oldest = age;
		}
	}
	close_one(card, lru);
	return lru;
}

uint16_t
uk_channel_manage(uimkey_card *card, const uk_apdu *apdu)
{
	uint8_t n = apdu->p2;

	if (apdu->p1 != UIMKEY_MANAGE_OPEN && apdu->p1 != UIMKEY_MANAGE_CLOSE)
		return UIMKEY_SW_WRONG_P1P2;
	if (apdu->lc != 0)
		return UIMKEY_SW_WRONG_LENGTH;
	if (n >= UK_CHANNELS)
		return UIMKEY_SW_WRONG_P1P2;
	if (apdu->p1 == UIMKEY_MANAGE_CLOSE) {
		if (n == 0)
			n = card->cur;
		/* The basic channel is the card's while it has power. */
		if (n == 0)
			return UIMKEY_SW_WRONG_P1P2;
		if (!card->ch[n].open)
			return UIMKEY_SW_REF_NOT_FOUND;
		close_one(card, n);
		return UIMKEY_SW_OK;
	}
	if (n != 0) {
		/* A number asked for is never taken from its holder. */
		if (card->ch[n].open)
			return UIMKEY_SW_CONDITIONS;
		open_one(card, n);
		return UIMKEY_SW_OK;
	}
	n = pick(card);
	open_one(card, n);
	if (uk_rsp_put(&card->rsp, &n, 1) != UK_OK)
		return UIMKEY_SW_NO_DIAG;
	return UIMKEY_SW_OK;
}
