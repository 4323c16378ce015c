/* SPDX-License-Identifier: BSD-2-Clause */
/* libuimkey over an injected transport that talks to the card core in
 * process: open, select, GET RESPONSE joining, reset recovery, errors. */
#include <stdlib.h>
#include <string.h>

#include "card/card.h"
#include "card/wire.h"
#include "host/uimkey.h"
#include "tests/support/channel_cla.h"
#include "tests/support/check.h"
#include "tests/support/fake_io.h"

#define READER_WITH_CARD  "Test Reader 00"
#define READER_EMPTY      "Test Reader 01"

static const char readers[] = READER_WITH_CARD "\0" READER_EMPTY "\0";

static struct fake_card *fk;

/* A device that sends every command in the clear: these checks look at
 * the wire. */
static uimkey_dev_t *
plain_dev(void)
{
	uimkey_dev_t *dev = uimkey_dev_new();

	uimkey_dev_set_secure(dev, 0);
	return dev;
}

static void
test_readers(uimkey_ctx_t *ctx)
{
	uimkey_readers_t *r = uimkey_readers_new();

	check(uimkey_readers_scan(r, ctx) == UIMKEY_OK &&
	    uimkey_readers_count(r) == 2, "two readers listed");
	check(strcmp(uimkey_readers_name(r, 0), READER_WITH_CARD) == 0 &&
	    uimkey_readers_card_present(r, 0) &&
	    !uimkey_readers_card_present(r, 1), "card presence per reader");
	check(uimkey_readers_name(r, 2) == NULL, "out of range name is NULL");
	uimkey_readers_free(&r);
	check(r == NULL, "free clears the pointer");
}

static void
test_open(uimkey_ctx_t *ctx)
{
	uimkey_dev_t *dev = plain_dev();
	uint8_t v[3];
	uint32_t serial = 0;

	check(uimkey_dev_open(dev, ctx, READER_EMPTY) == UIMKEY_ERR_NO_CARD,
	    "open of an empty reader is NO_CARD");
	check(uimkey_dev_open(dev, ctx, "nope") == UIMKEY_ERR_NO_READER,
	    "open of an unknown reader is NO_READER");
	check(uimkey_dev_open(dev, ctx, READER_WITH_CARD) == UIMKEY_OK,
	    "open selects the card");
	check(uimkey_dev_is_uimkey(dev), "the card is recognized as uimkey");
	check(uimkey_dev_version(dev, v) == UIMKEY_OK && v[0] == 5 &&
	    v[1] == 4 && v[2] == 0, "version 5.4.0 read at open");
	check(uimkey_dev_serial(dev, &serial) == UIMKEY_OK &&
	    serial == uimkey_card_serial(&fk->card), "serial read at open");
	check(uimkey_dev_open(dev, ctx, READER_WITH_CARD) == UIMKEY_ERR_ARG,
	    "opening an open device is refused");
	uimkey_dev_free(&dev);
}

static void
test_transmit(uimkey_ctx_t *ctx)
{
	static const uint8_t sel5[] = { 0x00, 0xA4, 0x04, 0x00, 0x05,
	    0xA0, 0x00, 0x00, 0x03, 0x08, 0x05 };
	static const uint8_t ver[] = { 0x00, 0xFD, 0x00, 0x00 };
	static const uint8_t bad[] = { 0x00, 0x12, 0x00, 0x00 };
	uimkey_dev_t *dev = plain_dev();
	uint8_t rsp[64];
	size_t len;
	uint16_t sw;
	unsigned apdus, selects;

	check(uimkey_dev_transmit(dev, ver, sizeof(ver), rsp, sizeof(rsp),
	    &len, &sw) == UIMKEY_ERR_NOT_OPEN, "transmit before open fails");
	uimkey_dev_open(dev, ctx, READER_WITH_CARD);
	apdus = fk->io.wire.apdus;
	check(uimkey_dev_transmit(dev, sel5, sizeof(sel5), rsp, sizeof(rsp),
	    &len, &sw) == UIMKEY_OK && sw == 0x9000 && len == 39 &&
	    rsp[0] == 0x61 && rsp[30] == 'V', "61xx parts are joined");
	check(fk->io.wire.apdus - apdus == 2, "one GET RESPONSE for the rest");
	check(uimkey_dev_transmit(dev, sel5, sizeof(sel5), rsp, 10, &len,
	    &sw) == UIMKEY_ERR_RSP_TOO_LONG, "too small a buffer is reported");
	check(uimkey_dev_transmit(dev, bad, sizeof(bad), rsp, sizeof(rsp),
	    &len, &sw) == UIMKEY_OK && sw == 0x6D00 && len == 0 &&
	    uimkey_sw_err(sw) == UIMKEY_ERR_SW_INS,
	    "a status word is returned, and maps to an error");
	check(uimkey_dev_transmit(dev, ver, 3, rsp, sizeof(rsp), &len, &sw) ==
	    UIMKEY_ERR_ARG, "an APDU shorter than 4 bytes is refused");

	selects = fk->io.wire.selects;
	/* Another program resets the card; the next begin says so. */
	uimkey_card_reset(&fk->card);
	fk->io.reset_at = fk->io.begins + 1;
	check(uimkey_dev_transmit(dev, ver, sizeof(ver), rsp, sizeof(rsp),
	    &len, &sw) == UIMKEY_OK && sw == 0x9000 && len == 3,
	    "after another program's reset the exchange still works");
	check(fk->io.wire.selects == selects + 1, "the application was selected again");

	check(uimkey_dev_begin(dev) == UIMKEY_OK &&
	    uimkey_dev_begin(dev) == UIMKEY_OK &&
	    uimkey_dev_end(dev) == UIMKEY_OK && fk->io.in_tx &&
	    uimkey_dev_end(dev) == UIMKEY_OK && !fk->io.in_tx,
	    "nested transactions end at the outermost end");
	check(uimkey_dev_end(dev) == UIMKEY_ERR_NOT_OPEN,
	    "an unmatched end is refused");
	uimkey_dev_free(&dev);
}

/* The class byte of a class 00 command on the device's channel. */
static uint8_t
cla_of(const uimkey_dev_t *dev)
{
	return cla_for(UIMKEY_CLA_ISO, (unsigned)uimkey_dev_channel(dev));
}

/* A card that answers every SELECT with 6A82 (file not found). */
static int
refuse_select(struct fake_io *io, const uint8_t *c, size_t clen, uint8_t *r,
    size_t *rlen)
{
	(void)io;
	if (clen < 2 || c[1] != UIMKEY_INS_SELECT)
		return FAKE_PASS;
	r[0] = 0x6A;
	r[1] = 0x82;
	*rlen = 2;
	return UIMKEY_OK;
}

/* uimkey_dev_select(): SELECT again, the card forgets what was proven. */
static void
test_select(uimkey_ctx_t *ctx)
{
	static const uint8_t select[] = { 0x00, 0xA4, 0x04, 0x00, 0x0B,
	    0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00,
	    0x00 };
	static const uint8_t mgmt[24] = { 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4,
	    5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8 };
	uimkey_dev_t *dev = plain_dev();
	int verified = -1, tries;
	unsigned apdus;

	check(uimkey_dev_select(NULL) == UIMKEY_ERR_ARG,
	    "select of NULL fails");
	check(uimkey_dev_select(dev) == UIMKEY_ERR_NOT_OPEN,
	    "select before open fails");
	uimkey_dev_open(dev, ctx, READER_WITH_CARD);
	check(uimkey_piv_verify_pin(dev, "123456", NULL) == UIMKEY_OK &&
	    uimkey_piv_auth_mgmt(dev, 0, mgmt, sizeof(mgmt)) == UIMKEY_OK &&
	    uimkey_piv_delete_key(dev, 0x9A) == UIMKEY_ERR_SW_NO_REF,
	    "PIN and management key proven");
	apdus = fk->io.wire.apdus;
	check(uimkey_dev_select(dev) == UIMKEY_OK && !fk->io.in_tx,
	    "select again succeeds, inside a transaction");
	check(fk->io.wire.apdus - apdus == 1 && fk->io.wire.last_len == sizeof(select) &&
	    fk->io.wire.last[0] == cla_of(dev) &&
	    memcmp(fk->io.wire.last + 1, select + 1, sizeof(select) - 1) == 0,
	    "one SELECT of the PIV AID is sent (on the device's channel)");
	check(uimkey_piv_pin_status(dev, &verified, &tries) == UIMKEY_OK &&
	    verified == 0, "the card forgot the PIN");
	check(uimkey_piv_delete_key(dev, 0x9A) == UIMKEY_ERR_SW_SECURITY,
	    "the card forgot the management key");
	check(uimkey_dev_is_uimkey(dev), "the card is still a uimkey");

	fk->io.before = refuse_select;
	check(uimkey_dev_select(dev) == UIMKEY_ERR_NOT_PIV && !fk->io.in_tx,
	    "a refused SELECT is NOT_PIV, and the transaction ends");
	fk->io.before = NULL;
	uimkey_dev_free(&dev);
}

static void
test_errors(void)
{
	int e;
	int all_named = 1;

	for (e = 0; e >= -40; e--)
		if (uimkey_strerr(e) == NULL || uimkey_strerr(e)[0] == '\0')
			all_named = 0;
	check(all_named, "every error has a name");
	check(uimkey_sw_err(0x63C2) == UIMKEY_ERR_SW_WRONG_PIN &&
	    uimkey_sw_err(0x6A82) == UIMKEY_ERR_SW_NOT_FOUND &&
	    uimkey_sw_err(0x9000) == UIMKEY_OK &&
	    uimkey_sw_err(0x6F00) == UIMKEY_ERR_SW_OTHER, "status word mapping");
	check(uimkey_ctx_open(NULL) == UIMKEY_ERR_ARG &&
	    uimkey_dev_open(NULL, NULL, NULL) == UIMKEY_ERR_ARG &&
	    uimkey_readers_scan(NULL, NULL) == UIMKEY_ERR_ARG,
	    "NULL arguments are refused");
}

int
main(void)
{
	uimkey_ctx_t *ctx = uimkey_ctx_new();

	if ((fk = calloc(1, sizeof(*fk))) == NULL)
		return 1;
	ram_memory_blank(&fk->memory, 1);
	fake_card_start(fk, 7, 0);
	fk->io.readers = readers;
	fk->io.readers_len = sizeof(readers);
	fk->io.card_reader = READER_WITH_CARD;

	check(uimkey_ctx_set_io(ctx, &fake_io_vtable, &fk->io) == UIMKEY_OK &&
	    uimkey_ctx_open(ctx) == UIMKEY_OK, "context opens on the fake");
	test_readers(ctx);
	test_open(ctx);
	test_transmit(ctx);
	test_select(ctx);
	test_errors();
	uimkey_ctx_free(&ctx);
	free(fk);
	return check_done();
}
