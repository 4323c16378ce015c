/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One command APDU: its class (which channel, chaining, secure
 * messaging), the channel's chain, the command, and its answer handed
 * out whole or in parts (61xx, GET RESPONSE).  docs/apdu.md, "Commands
 * and responses" and "Logical channels".
 */
#include <string.h>

#include "uk/apdu.h"
#include "uk/auth.h"
#include "uk/channel.h"
#include "uk/dispatch.h"
#include "uk/rsp.h"
#include "uk/sm.h"
#include "card/wire.h"

/* Class bits (ISO 7816-4 5.4.1): b8-b6 000 is the first interindustry
 * class, b8-b7 01 the further one. */
#define CLA_FIRST_MASK    0xE0
#define CLA_FURTHER_MASK  0xC0
#define CLA_FIRST_CH      0x03
#define CLA_FURTHER_CH    0x0F
#define CLA_FURTHER_BASE  (UIMKEY_CLA_FIRST_MAX + 1)

/* Ne as this card honours it: no Le means "whatever fits a short
 * response", since many clients omit Le on commands that return data. */
static size_t
effective_ne(const uk_apdu *apdu)
{
	if (!apdu->has_le)
		return UK_APDU_NE_SHORT_MAX;
	return apdu->ne;
}

/*
 * The channel cla names (0 for a class that names none: such a command
 * counts as the basic channel's), its chaining bit and its secure
 * messaging bits; 9000, or 6E00 for a class that is not interindustry.
 */
static uint16_t
decode_cla(uint8_t cla, uint8_t *ch, int *chained, int *sm)
{
	*ch = 0;
	*chained = (cla & UIMKEY_CLA_CHAIN) != 0;
	*sm = 0;
	if ((cla & CLA_FIRST_MASK) == 0) {
		*ch = cla & CLA_FIRST_CH;
		*sm = (cla & UIMKEY_CLA_SM_FIRST) != 0;
		return UIMKEY_SW_OK;
	}
	if ((cla & CLA_FURTHER_MASK) == UIMKEY_CLA_FURTHER) {
		*ch = (uint8_t)(CLA_FURTHER_BASE + (cla & CLA_FURTHER_CH));
		*sm = (cla & UIMKEY_CLA_SM_FURTHER) != 0;
		return UIMKEY_SW_OK;
	}
	*chained = 0;
	return UIMKEY_SW_CLA_UNSUPP;
}

static size_t
put_sw(uint16_t sw, uint8_t *rsp)
{
	rsp[0] = (uint8_t)(sw >> 8);
	rsp[1] = (uint8_t)sw;
	return 2;
}

/* An APDU that ends without running a command still ends the command
 * slot a VERIFY opened, on its channel, for a key of PIN policy
 * "always". */
static void
no_command(uimkey_card *card)
{
	uk_auth_command_start(card);
	uk_auth_command_end(card);
}

/* The channel's chain ends, its parts wiped if it still held them. */
static void
chain_end(uimkey_card *card)
{
	UK_CHANNEL(card)->chain = 0;
	uk_hold_drop(card, card->cur, UK_HOLD_CHAIN);
}

/* A status word alone; the channel's answer not read to its end, if
 * any, is dropped. */
static size_t
sw_only(uimkey_card *card, uint16_t sw, uint8_t *rsp)
{
	uk_rsp_clear(&card->rsp);
	uk_hold_drop(card, card->cur, UK_HOLD_ANSWER);
	return put_sw(sw, rsp);
}

/*
 * Command chaining (ISO 7816-4 5.1.1.1), per channel: parts with the
 * chaining bit are kept in the hold buffer and answered 9000; the part
 * without it and with the same header completes the command, which then
 * runs on all the data.  A command with another header abandons the
 * chain.  A chain whose parts another channel took (uk_hold_take) is
 * lost: each of its later parts is refused (6985), up to its last one,
 * so that no command runs on part of its data.  Returns 9000 with
 * *ready 1 when *apdu is ready to run, 9000 with *ready 0 after keeping
 * a part, or an error status word.
 */
static uint16_t
chain_step(uimkey_card *card, uk_apdu *apdu, int sm, int *ready)
{
	uimkey_channel *c = UK_CHANNEL(card);
	int chained = apdu->cla == UIMKEY_CLA_CHAIN;
	int same = c->chain && c->chain_ins == apdu->ins &&
	    c->chain_p1 == apdu->p1 && c->chain_p2 == apdu->p2 &&
	    c->chain_sm == sm;
	uimkey_rsp_chain *h = &card->hold.data;

	*ready = 0;
	if (!same) {
		/* An abandoned chain was a command, one that never ran. */
		if (c->chain)
			no_command(card);
		chain_end(card);
		if (!chained) {
			*ready = 1;
			return UIMKEY_SW_OK;
		}
		h = uk_hold_take(card, card->cur, UK_HOLD_CHAIN);
		c->chain = 1;
		c->chain_ins = apdu->ins;
		c->chain_p1 = apdu->p1;
		c->chain_p2 = apdu->p2;
		c->chain_sm = (uint8_t)sm;
	} else if (!uk_hold_is(card, card->cur, UK_HOLD_CHAIN)) {
		if (!chained)
			c->chain = 0;
		return UIMKEY_SW_CONDITIONS;
	}
	if (apdu->lc > UK_CHAIN_MAX - h->len) {
		chain_end(card);
		return UIMKEY_SW_WRONG_LENGTH;
	}
	/* Below UK_CHAIN_MAX it fits the hold buffer. */
	(void)uk_rsp_put(h, apdu->data, apdu->lc);
	if (chained)
		return UIMKEY_SW_OK;
	c->chain = 0;
	apdu->data = h->buf;
	apdu->lc = h->len;
	apdu->cla = UIMKEY_CLA_ISO;
	*ready = 1;
	return UIMKEY_SW_OK;
}

/* The command's answer: what fits Ne now, the rest (61xx) kept in the
 * hold buffer for the channel's GET RESPONSE. */
static size_t
answer(uimkey_card *card, size_t ne, uint16_t sw, uint8_t *rsp)
{
	size_t n = uk_rsp_emit(&card->rsp, ne, UIMKEY_CARD_RSP_DATA_MAX, sw,
	    rsp);
	size_t left = uk_rsp_left(&card->rsp);
	uimkey_rsp_chain *h;

	if (left > 0) {
		h = uk_hold_take(card, card->cur, UK_HOLD_ANSWER);
		/* The two buffers are of one size: it fits. */
		(void)uk_rsp_put(h, card->rsp.buf + card->rsp.off, left);
		uk_rsp_clear(&card->rsp);
	}
	return n;
}

/* GET RESPONSE: the rest of this channel's answer, never another's. */
static size_t
get_response(uimkey_card *card, const uk_apdu *apdu, int chained,
    uint8_t *rsp)
{
	uimkey_rsp_chain *h = &card->hold.data;
	uint16_t sw = UIMKEY_SW_CHAINING_UNSUPP;
	size_t n;

	if (!chained)
		sw = uk_dispatch_get_response(card, apdu);
	if (sw != UIMKEY_SW_OK) {
		no_command(card);
		return sw_only(card, sw, rsp);
	}
	n = uk_rsp_emit(h, effective_ne(apdu), UIMKEY_CARD_RSP_DATA_MAX,
	    UIMKEY_SW_OK, rsp);
	if (uk_rsp_left(h) == 0)
		uk_hold_release(card);
	return n;
}

/* Run the ready command; a protected one (sm) is opened first and its
 * answer protected after.  The answer's status word. */
static uint16_t
run(uimkey_card *card, uk_apdu *apdu, uint8_t cla, int sm)
{
	uint16_t sw;

	if (sm && (sw = uk_sm_open_cmd(card, cla, apdu)) != UIMKEY_SW_OK) {
		no_command(card);
		uk_rsp_clear(&card->rsp);
		return sw;
	}
	uk_auth_command_start(card);
	sw = uk_dispatch(card, apdu);
	uk_auth_command_end(card);
	if (sw != UIMKEY_SW_OK)
		uk_rsp_clear(&card->rsp);
	return sm ? uk_sm_seal_rsp(card, sw) : sw;
}

size_t
uimkey_card_process(uimkey_card *card, const uint8_t *cmd, size_t cmd_len,
    uint8_t *rsp)
{
	uk_apdu apdu;
	uint16_t sw, psw;
	uint8_t ch, cla = cmd_len > 0 ? cmd[0] : UIMKEY_CLA_ISO;
	int chained, ready, sm;
	size_t ne;

	if (card->memory == NULL || !card->powered)
		return put_sw(UIMKEY_SW_NO_DIAG, rsp);
	sw = decode_cla(cla, &ch, &chained, &sm);
	/* Nothing else happens on a channel that is not open. */
	if (!card->ch[ch].open)
		return put_sw(UIMKEY_SW_CHANNEL_UNSUPP, rsp);
	card->cur = ch;
	card->ch[ch].stamp = ++card->clock;
	if ((psw = uk_apdu_parse(&apdu, cmd, cmd_len)) != UIMKEY_SW_OK)
		sw = psw;
	if (sw != UIMKEY_SW_OK) {
		chain_end(card);
		no_command(card);
		return sw_only(card, sw, rsp);
	}
	/* The handlers see the basic channel's classes. */
	apdu.cla = chained ? UIMKEY_CLA_CHAIN : UIMKEY_CLA_ISO;
	/* The rest of an answer, protected or not, comes in the clear. */
	if (apdu.ins == UIMKEY_INS_GET_RESPONSE)
		return get_response(card, &apdu, chained, rsp);
	/* Any other command abandons an answer not read to its end. */
	uk_hold_drop(card, ch, UK_HOLD_ANSWER);
	if ((sw = chain_step(card, &apdu, sm, &ready)) != UIMKEY_SW_OK ||
	    !ready) {
		if (sw != UIMKEY_SW_OK)
			no_command(card);
		return sw_only(card, sw, rsp);
	}
	/* Ne is the outer command's: a protected one's own Le is inside. */
	ne = effective_ne(&apdu);
	sw = run(card, &apdu, cla, sm);
	/* The joined data may hold PINs or keys. */
	uk_hold_drop(card, ch, UK_HOLD_CHAIN);
	return answer(card, ne, sw, rsp);
}
