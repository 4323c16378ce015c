/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card's life: binding to its services, power and ATR.  Each command
 * APDU is process.c's.
 */
#include <string.h>

#include <bearssl/bearssl_hash.h>

#include "card_start.h"
#include "uk/auth.h"
#include "uk/channel.h"
#include "card/card.h"
#include "uk/dispatch.h"
#include "uk/layout.h"
#include "uk/rsp.h"
#include "uk/store.h"
#include "codec/bytes.h"
#include "card/wire.h"

/* Seed drawn from the platform's random source for the DRBG. */
#define UK_DRBG_SEED_LEN 32

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
	return (*card->rng)->fill(card->rng, seed, UK_DRBG_SEED_LEN);
}

/* Write and make durable: UK_OK or UK_ERR_IO. */
static int
memory_put(uimkey_card *card, size_t off, const void *buf, size_t len)
{
	if ((*card->memory)->write(card->memory, off, buf, len) != 0 ||
	    (*card->memory)->sync(card->memory) != 0)
		return UK_ERR_IO;
	return UK_OK;
}

/*
 * A blank store becomes a factory-fresh card: a serial, empty records,
 * each area's factory state in one transaction, and the header last, so
 * a power cut anywhere before it leaves a blank store that formats again.
 */
static int
format_store(uimkey_card *card, uint8_t *hdr, uk_card_fill fill, void *ctx)
{
	uint8_t r[4];
	int rc;

	if (card->serial == 0) {
		br_hmac_drbg_generate(&card->drbg, r, sizeof(r));
		card->serial = UK_SERIAL_MIN + uk_get_be32(r) % UK_SERIAL_SPAN;
	}
	if (uk_boot_format(card) != UK_OK)
		return UIMKEY_CARD_ERR_STORE;
	uk_txn_begin(card);
	if (uk_dispatch_factory(card) != UIMKEY_SW_OK) {
		uk_txn_abort(card);
		return UIMKEY_CARD_ERR_STORE;
	}
	if (uk_txn_commit(card) != UK_OK)
		return UIMKEY_CARD_ERR_STORE;
	if (fill != NULL && (rc = fill(card, ctx)) != UIMKEY_CARD_OK)
		return rc;
	/* Format, serial and tag first, the magic on its own last: a torn
	 * header write leaves a magic that is still blank (see
	 * is_blank_header). */
	memcpy(hdr, UK_LAYOUT_MAGIC, UK_LAYOUT_MAGIC_LEN);
	hdr[UK_LAYOUT_HDR_FORMAT] = UK_LAYOUT_FORMAT;
	uk_put_be32(hdr + UK_LAYOUT_HDR_SERIAL, card->serial);
	uk_store_seal_header(card, hdr);
	if (memory_put(card, UK_LAYOUT_HDR_FORMAT, hdr + UK_LAYOUT_HDR_FORMAT,
	    UK_LAYOUT_HDR_END - UK_LAYOUT_HDR_FORMAT) != UK_OK ||
	    memory_put(card, UK_LAYOUT_HDR_OFF, hdr,
	    UK_LAYOUT_MAGIC_LEN) != UK_OK)
		return UIMKEY_CARD_ERR_STORE;
	return UIMKEY_CARD_OK;
}

/*
 * The card is blank (to be formatted) until its whole magic is written:
 * the magic is the last thing format_store writes, and a power cut may
 * have landed only a prefix of it.
 */
static int
is_blank_header(const uint8_t *hdr)
{
	static const char magic[] = UK_LAYOUT_MAGIC;
	size_t i = 0;

	while (i < UK_LAYOUT_MAGIC_LEN && hdr[i] == (uint8_t)magic[i])
		i++;
	if (i == UK_LAYOUT_MAGIC_LEN)
		return 0;
	for (; i < UK_LAYOUT_MAGIC_LEN; i++)
		if (hdr[i] != UIMKEY_MEMORY_ERASED)
			return 0;
	return 1;
}

int
uimkey_card_memory_format(const uimkey_memory_class **memory)
{
	uint8_t hdr[UK_LAYOUT_HDR_LEN];

	if (memory == NULL ||
	    (*memory)->read(memory, UK_LAYOUT_HDR_OFF, hdr, sizeof(hdr)) != 0)
		return -1;
	if (is_blank_header(hdr))
		return 0;
	if (memcmp(hdr, UK_LAYOUT_MAGIC, UK_LAYOUT_MAGIC_LEN) != 0 ||
	    hdr[UK_LAYOUT_HDR_FORMAT] == 0 ||
	    hdr[UK_LAYOUT_HDR_FORMAT] == UIMKEY_MEMORY_ERASED)
		return -1;
	return hdr[UK_LAYOUT_HDR_FORMAT];
}

/*
 * A header that is not blank: this core's format with a good tag, or
 * UIMKEY_CARD_ERR_CORRUPT.  Another magic or format is
 * UIMKEY_CARD_ERR_FORMAT (an earlier uimkey's store, or no uimkey
 * store), unless its tag proves it was this format before the damage.
 */
static int
check_header(uimkey_card *card, const uint8_t *hdr)
{
	uint8_t as_ours[UK_LAYOUT_HDR_END];

	if (memcmp(hdr, UK_LAYOUT_MAGIC, UK_LAYOUT_MAGIC_LEN) == 0 &&
	    hdr[UK_LAYOUT_HDR_FORMAT] == UK_LAYOUT_FORMAT)
		return uk_store_check_header(card, hdr) == UK_OK ?
		    UIMKEY_CARD_OK : UIMKEY_CARD_ERR_CORRUPT;
	memcpy(as_ours, hdr, sizeof(as_ours));
	memcpy(as_ours, UK_LAYOUT_MAGIC, UK_LAYOUT_MAGIC_LEN);
	as_ours[UK_LAYOUT_HDR_FORMAT] = UK_LAYOUT_FORMAT;
	return uk_store_check_header(card, as_ours) == UK_OK ?
	    UIMKEY_CARD_ERR_CORRUPT : UIMKEY_CARD_ERR_FORMAT;
}

static int
card_result(int r)
{
	switch (r) {
	case UK_OK:
		return UIMKEY_CARD_OK;
	case UK_ERR_CORRUPT:
		return UIMKEY_CARD_ERR_CORRUPT;
	case UK_ERR_ROLLBACK:
		return UIMKEY_CARD_ERR_ROLLBACK;
	case UK_ERR_DEVICE:
		return UIMKEY_CARD_ERR_DEVICE;
	default:
		return UIMKEY_CARD_ERR_STORE;
	}
}

int
uimkey_card_init(uimkey_card *card, const uimkey_memory_class **store,
    const uimkey_rng_class **rng, const uimkey_device_class **device)
{
	return uk_card_start(card, store, rng, device, 0, NULL, NULL);
}

int
uk_card_start(uimkey_card *card, const uimkey_memory_class **store,
    const uimkey_rng_class **rng, const uimkey_device_class **device,
    uint32_t serial, uk_card_fill fill, void *ctx)
{
	uint8_t seed[UK_DRBG_SEED_LEN];
	uint8_t hdr[UK_LAYOUT_HDR_END];
	int r = UIMKEY_CARD_ERR_DEVICE;

	memset(card, 0, sizeof(*card));
	memset(seed, 0, sizeof(seed));
	card->memory = store;
	card->rng = rng;
	card->device = device;
	if (uk_store_key(card) != UK_OK)
		goto fail;
	r = UIMKEY_CARD_ERR_RNG;
	if (draw_seed(card, seed) != 0)
		goto fail;
	br_hmac_drbg_init(&card->drbg, &br_sha256_vtable, seed, sizeof(seed));

	r = UIMKEY_CARD_ERR_STORE;
	if ((*store)->read(store, UK_LAYOUT_HDR_OFF, hdr, sizeof(hdr)) != 0)
		goto fail;
	if (is_blank_header(hdr)) {
		card->serial = serial;
		if ((r = card_result(uk_boot_blank_check(card))) ==
		    UIMKEY_CARD_OK)
			r = format_store(card, hdr, fill, ctx);
		goto fail;
	}
	/* Only a blank store takes another's content. */
	r = UIMKEY_CARD_ERR_FORMAT;
	if (fill != NULL)
		goto fail;
	if ((r = check_header(card, hdr)) != UIMKEY_CARD_OK)
		goto fail;
	card->serial = uk_get_be32(hdr + UK_LAYOUT_HDR_SERIAL);
	r = card_result(uk_boot_recover(card));
fail:
	uk_wipe(seed, sizeof(seed));
	if (r != UIMKEY_CARD_OK) {
		uk_wipe(card, sizeof(*card));
		card->memory = NULL;
	}
	return r;
}

/* Every channel closed, and all they had proven or held forgotten. */
static void
clear_volatile(uimkey_card *card)
{
	uk_rsp_clear(&card->rsp);
	uimkey_card_clear_security(card);
	uk_channel_close_all(card);
	/* Power is the KP cache's end; SELECT, which clears only the
	 * security state, is not. */
	uk_auth_forget_kp(card);
}

void
uimkey_card_power_on(uimkey_card *card)
{
	uint8_t seed[UK_DRBG_SEED_LEN];

	if (card->memory == NULL)
		return;
	/* Fresh entropy at each power-on; a failing source keeps the DRBG
	 * state, which is still unpredictable. */
	if (draw_seed(card, seed) == 0)
		br_hmac_drbg_update(&card->drbg, seed, sizeof(seed));
	uk_wipe(seed, sizeof(seed));
	clear_volatile(card);
	/* PIV is the card's only application, selected by default. */
	uk_channel_open_basic(card);
	card->powered = 1;
}

void
uimkey_card_power_off(uimkey_card *card)
{
	if (card->memory == NULL)
		return;
	clear_volatile(card);
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
