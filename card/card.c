/*
 * The card's life: binding to its services, power, ATR and the dispatch
 * of each command APDU to the handler of its instruction.
 */
#include <string.h>

#include <bearssl/bearssl_hash.h>

#include "card/apdu.h"
#include "card/card.h"
#include "card/dispatch.h"
#include "card/layout.h"
#include "card/util.h"
#include "card/wire.h"

/* Seed drawn from the platform's random source for the DRBG. */
#define UIMKEY_DRBG_SEED_LEN 32

/*
 * ATR (ISO 7816-3): TS direct convention; T0 announces TD1 and the
 * historical bytes; TD1 and TD2 offer T=1; TA3 (IFSC 254) and TB3 (block
 * and character waiting times) as common contact cards give them; then the
 * historical bytes and TCK.  It is deliberately not the 3B 8x 80 01 form,
 * which middleware takes for a contactless card.
 */
static const uint8_t atr_prefix[] = { 0x3B, 0x80, 0x81, 0x31, 0xFE, 0x15 };

static int
draw_seed(uimkey_card *card, uint8_t *seed)
{
	return (*card->rng)->fill(card->rng, seed, UIMKEY_DRBG_SEED_LEN);
}

static int
format_store(uimkey_card *card, uint8_t *hdr)
{
	uint8_t r[4];
	uint32_t serial;

	br_hmac_drbg_generate(&card->drbg, r, sizeof(r));
	serial = UIMKEY_SERIAL_MIN + uimkey_get_be32(r) % UIMKEY_SERIAL_SPAN;
	memcpy(hdr, UIMKEY_LAYOUT_MAGIC, UIMKEY_LAYOUT_MAGIC_LEN);
	hdr[UIMKEY_LAYOUT_HDR_FORMAT] = UIMKEY_LAYOUT_FORMAT;
	uimkey_put_be32(hdr + UIMKEY_LAYOUT_HDR_SERIAL, serial);
	if ((*card->store)->write(card->store, UIMKEY_LAYOUT_HDR_OFF, hdr,
	    UIMKEY_LAYOUT_HDR_LEN) != 0 || (*card->store)->sync(card->store) != 0)
		return UIMKEY_CARD_ERR_STORE;
	return UIMKEY_CARD_OK;
}

static int
is_erased(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != UIMKEY_STORE_ERASED)
			return 0;
	return 1;
}

int
uimkey_card_init(uimkey_card *card, const uimkey_store_class **store,
    const uimkey_rng_class **rng)
{
	uint8_t seed[UIMKEY_DRBG_SEED_LEN];
	uint8_t hdr[UIMKEY_LAYOUT_HDR_LEN];
	int r = UIMKEY_CARD_ERR_RNG;

	memset(card, 0, sizeof(*card));
	card->store = store;
	card->rng = rng;
	if (draw_seed(card, seed) != 0)
		goto fail;
	br_hmac_drbg_init(&card->drbg, &br_sha256_vtable, seed, sizeof(seed));

	r = UIMKEY_CARD_ERR_STORE;
	if ((*store)->read(store, UIMKEY_LAYOUT_HDR_OFF, hdr, sizeof(hdr)) != 0)
		goto fail;
	if (is_erased(hdr, sizeof(hdr))) {
		if ((r = format_store(card, hdr)) != UIMKEY_CARD_OK)
			goto fail;
	} else if (memcmp(hdr, UIMKEY_LAYOUT_MAGIC, UIMKEY_LAYOUT_MAGIC_LEN) != 0 ||
	    hdr[UIMKEY_LAYOUT_HDR_FORMAT] != UIMKEY_LAYOUT_FORMAT) {
		r = UIMKEY_CARD_ERR_FORMAT;
		goto fail;
	}
	card->serial = uimkey_get_be32(hdr + UIMKEY_LAYOUT_HDR_SERIAL);
	r = UIMKEY_CARD_OK;
fail:
	uimkey_wipe(seed, sizeof(seed));
	if (r != UIMKEY_CARD_OK) {
		uimkey_wipe(card, sizeof(*card));
		card->store = NULL;
	}
	return r;
}

static void
clear_volatile(uimkey_card *card)
{
	uimkey_rsp_clear(&card->rsp);
	/* PIV is the card's only application, selected by default. */
	card->piv_selected = 1;
}

void
uimkey_card_power_on(uimkey_card *card)
{
	uint8_t seed[UIMKEY_DRBG_SEED_LEN];

	if (card->store == NULL)
		return;
	/* Fresh entropy at each power-on; a failing source keeps the DRBG
	 * state, which is still unpredictable. */
	if (draw_seed(card, seed) == 0)
		br_hmac_drbg_update(&card->drbg, seed, sizeof(seed));
	uimkey_wipe(seed, sizeof(seed));
	clear_volatile(card);
	card->powered = 1;
}

void
uimkey_card_power_off(uimkey_card *card)
{
	if (card->store == NULL)
		return;
	clear_volatile(card);
	card->piv_selected = 0;
	card->powered = 0;
}

void
uimkey_card_reset(uimkey_card *card)
{
	uimkey_card_power_off(card);
	uimkey_card_power_on(card);
}

size_t
uimkey_card_atr(const uimkey_card *card, uint8_t *atr)
{
	static const char hist[] = UIMKEY_ATR_HISTORICAL;
	size_t n = sizeof(atr_prefix), h = sizeof(hist) - 1, i;
	uint8_t tck = 0;

	(void)card;
	memcpy(atr, atr_prefix, n);
	atr[1] = (uint8_t)(atr[1] | h);
	memcpy(atr + n, hist, h);
	n += h;
	for (i = 1; i < n; i++)
		tck ^= atr[i];
	atr[n++] = tck;
	return n;
}

uint32_t
uimkey_card_serial(const uimkey_card *card)
{
	return card->serial;
}

/* Ne as this card honours it: no Le means "whatever fits a short
 * response", since many clients omit Le on commands that return data. */
static size_t
effective_ne(const uimkey_apdu *apdu)
{
	if (!apdu->has_le)
		return UIMKEY_APDU_NE_SHORT_MAX;
	return apdu->ne;
}

static uint16_t
check_cla(uint8_t cla)
{
	if (cla == UIMKEY_CLA_ISO)
		return 0;
	if (cla == UIMKEY_CLA_CHAIN)
		return UIMKEY_SW_CHAINING_UNSUPP;
	if ((cla & 0x80) == 0 && (cla & 0x03) != 0)
		return UIMKEY_SW_CHANNEL_UNSUPP;
	if ((cla & 0x80) == 0 && (cla & 0x0C) != 0)
		return UIMKEY_SW_SM_UNSUPP;
	return UIMKEY_SW_CLA_UNSUPP;
}

size_t
uimkey_card_process(uimkey_card *card, const uint8_t *cmd, size_t cmd_len,
    uint8_t *rsp)
{
	uimkey_apdu apdu;
	uint16_t sw;

	if (card->store == NULL || !card->powered) {
		sw = UIMKEY_SW_NO_DIAG;
		goto status;
	}
	if ((sw = uimkey_apdu_parse(&apdu, cmd, cmd_len)) != 0)
		goto status;
	if ((sw = check_cla(apdu.cla)) != 0)
		goto status;
	if (apdu.ins == UIMKEY_INS_GET_RESPONSE) {
		sw = uimkey_dispatch_get_response(card, &apdu);
		if (sw != UIMKEY_SW_OK)
			goto status;
		return uimkey_rsp_emit(&card->rsp, effective_ne(&apdu),
		    UIMKEY_CARD_RSP_DATA_MAX, UIMKEY_SW_OK, rsp);
	}
	/* Any other command abandons an answer not read to its end. */
	uimkey_rsp_clear(&card->rsp);
	sw = uimkey_dispatch(card, &apdu);
	if (sw != UIMKEY_SW_OK)
		uimkey_rsp_clear(&card->rsp);
	return uimkey_rsp_emit(&card->rsp, effective_ne(&apdu),
	    UIMKEY_CARD_RSP_DATA_MAX, sw, rsp);
status:
	uimkey_rsp_clear(&card->rsp);
	rsp[0] = (uint8_t)(sw >> 8);
	rsp[1] = (uint8_t)sw;
	return 2;
}
