/* SPDX-License-Identifier: BSD-2-Clause */
/* libuimkey over an injected transport that talks to the card core in
 * process: open, select, GET RESPONSE joining, reset recovery, errors. */
#include <stdlib.h>
#include <string.h>

#include "card/card.h"
#include "card/wire.h"
#include "host/uimkey.h"
#include "tests/unit/check.h"
#include "tests/unit/mem_card.h"

#define READER_WITH_CARD  "Test Reader 00"
#define READER_EMPTY      "Test Reader 01"

struct fake {
	struct mem_store store;
	struct counter_rng rng;
	uimkey_card card;
	int reset_pending;      /* next begin reports another program's reset */
	int in_tx;
	unsigned selects, apdus;
	uint16_t select_sw;     /* when set, the answer to every SELECT */
	uint8_t last[64];       /* the last command APDU */
	size_t last_len;
};

static struct fake *fk;

static int
f_establish(void *arg, void **ctx)
{
	*ctx = arg;
	return UIMKEY_OK;
}

static void
f_release(void *ctx)
{
	(void)ctx;
}

static int
f_list(void *ctx, char *buf, size_t *len)
{
	static const char names[] = READER_WITH_CARD "\0" READER_EMPTY "\0";

	(void)ctx;
	if (*len < sizeof(names))
		return UIMKEY_ERR_RSP_TOO_LONG;
	memcpy(buf, names, sizeof(names));
	*len = sizeof(names);
	return UIMKEY_OK;
}

static int
f_present(void *ctx, const char *reader, int *present)
{
	(void)ctx;
	*present = strcmp(reader, READER_WITH_CARD) == 0;
	return UIMKEY_OK;
}

static int
f_connect(void *ctx, const char *reader, void **card)
{
	if (strcmp(reader, READER_WITH_CARD) != 0)
		return strcmp(reader, READER_EMPTY) == 0 ? UIMKEY_ERR_NO_CARD :
		    UIMKEY_ERR_NO_READER;
	*card = ctx;
	return UIMKEY_OK;
}

static void
f_disconnect(void *card)
{
	(void)card;
}

static int
f_begin(void *card)
{
	struct fake *f = card;

	f->in_tx = 1;
	if (f->reset_pending) {
		f->reset_pending = 0;
		uimkey_card_reset(&f->card);
		return UIMKEY_ERR_CARD_RESET;
	}
	return UIMKEY_OK;
}

static int
f_end(void *card)
{
	struct fake *f = card;

	f->in_tx = 0;
	return UIMKEY_OK;
}

static int
f_transmit(void *card, const uint8_t *c, size_t clen, uint8_t *r, size_t *rlen)
{
	struct fake *f = card;

	if (!f->in_tx || *rlen < UIMKEY_CARD_RSP_MAX)
		return UIMKEY_ERR_TX;   /* every exchange must be transacted */
	f->apdus++;
	f->last_len = clen < sizeof(f->last) ? clen : sizeof(f->last);
	memcpy(f->last, c, f->last_len);
	if (clen > 1 && c[1] == UIMKEY_INS_SELECT) {
		f->selects++;
		if (f->select_sw != 0) {
			r[0] = (uint8_t)(f->select_sw >> 8);
			r[1] = (uint8_t)f->select_sw;
			*rlen = 2;
			return UIMKEY_OK;
		}
	}
	*rlen = uimkey_card_process(&f->card, c, clen, r);
	return UIMKEY_OK;
}

static const uimkey_io_t fake_io = {
	.establish = f_establish, .release = f_release, .list_readers = f_list,
	.card_present = f_present, .connect = f_connect,
	.disconnect = f_disconnect, .begin = f_begin, .end = f_end,
	.transmit = f_transmit,
};

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
	uimkey_dev_t *dev = uimkey_dev_new();
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
	uimkey_dev_t *dev = uimkey_dev_new();
	uint8_t rsp[64];
	size_t len;
	uint16_t sw;
	unsigned apdus, selects;

	check(uimkey_dev_transmit(dev, ver, sizeof(ver), rsp, sizeof(rsp),
	    &len, &sw) == UIMKEY_ERR_NOT_OPEN, "transmit before open fails");
	uimkey_dev_open(dev, ctx, READER_WITH_CARD);
	apdus = fk->apdus;
	check(uimkey_dev_transmit(dev, sel5, sizeof(sel5), rsp, sizeof(rsp),
	    &len, &sw) == UIMKEY_OK && sw == 0x9000 && len == 31 &&
	    rsp[0] == 0x61 && rsp[30] == 'V', "61xx parts are joined");
	check(fk->apdus - apdus == 2, "one GET RESPONSE for the rest");
	check(uimkey_dev_transmit(dev, sel5, sizeof(sel5), rsp, 10, &len,
	    &sw) == UIMKEY_ERR_RSP_TOO_LONG, "too small a buffer is reported");
	check(uimkey_dev_transmit(dev, bad, sizeof(bad), rsp, sizeof(rsp),
	    &len, &sw) == UIMKEY_OK && sw == 0x6D00 && len == 0 &&
	    uimkey_sw_err(sw) == UIMKEY_ERR_SW_INS,
	    "a status word is returned, and maps to an error");
	check(uimkey_dev_transmit(dev, ver, 3, rsp, sizeof(rsp), &len, &sw) ==
	    UIMKEY_ERR_ARG, "an APDU shorter than 4 bytes is refused");

	selects = fk->selects;
	fk->reset_pending = 1;
	check(uimkey_dev_transmit(dev, ver, sizeof(ver), rsp, sizeof(rsp),
	    &len, &sw) == UIMKEY_OK && sw == 0x9000 && len == 3,
	    "after another program's reset the exchange still works");
	check(fk->selects == selects + 1, "the application was selected again");

	check(uimkey_dev_begin(dev) == UIMKEY_OK &&
	    uimkey_dev_begin(dev) == UIMKEY_OK &&
	    uimkey_dev_end(dev) == UIMKEY_OK && fk->in_tx &&
	    uimkey_dev_end(dev) == UIMKEY_OK && !fk->in_tx,
	    "nested transactions end at the outermost end");
	check(uimkey_dev_end(dev) == UIMKEY_ERR_NOT_OPEN,
	    "an unmatched end is refused");
	uimkey_dev_free(&dev);
}

static void
test_select(uimkey_ctx_t *ctx)
{
	static const uint8_t select[] = { 0x00, 0xA4, 0x04, 0x00, 0x0B,
	    0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00,
	    0x00 };
	static const uint8_t mgmt[24] = { 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4,
	    5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8 };
	uimkey_dev_t *dev = uimkey_dev_new();
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
	apdus = fk->apdus;
	check(uimkey_dev_select(dev) == UIMKEY_OK && !fk->in_tx,
	    "select again succeeds, inside a transaction");
	check(fk->apdus - apdus == 1 && fk->last_len == sizeof(select) &&
	    memcmp(fk->last, select, sizeof(select)) == 0,
	    "one SELECT of the PIV AID is sent");
	check(uimkey_piv_pin_status(dev, &verified, &tries) == UIMKEY_OK &&
	    verified == 0, "the card forgot the PIN");
	check(uimkey_piv_delete_key(dev, 0x9A) == UIMKEY_ERR_SW_SECURITY,
	    "the card forgot the management key");
	check(uimkey_dev_is_uimkey(dev), "the card is still a uimkey");

	fk->select_sw = 0x6A82;
	check(uimkey_dev_select(dev) == UIMKEY_ERR_NOT_PIV && !fk->in_tx,
	    "a refused SELECT is NOT_PIV, and the transaction ends");
	fk->select_sw = 0;
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
	mem_store_blank(&fk->store);
	counter_rng_init(&fk->rng, 7);
	uimkey_card_init(&fk->card, &fk->store.vtable, &fk->rng.vtable);
	uimkey_card_power_on(&fk->card);

	check(uimkey_ctx_set_io(ctx, &fake_io, fk) == UIMKEY_OK &&
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
