/* SPDX-License-Identifier: BSD-2-Clause */
/* The fake PC/SC transport of the tests (fake_io.h). */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "card/wire.h"
#include "tests/support/fake_io.h"
#include "tests/support/test_device.h"

static const char one_reader[] = FAKE_READER "\0";

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
	struct fake_io *io = ctx;
	const char *names = io->readers != NULL ? io->readers : one_reader;
	size_t n = io->readers != NULL ? io->readers_len : sizeof(one_reader);

	if (!io->readers_raw) {
		if (*len < n)
			return UIMKEY_ERR_RSP_TOO_LONG;
		memcpy(buf, names, n);
		*len = n;
		return UIMKEY_OK;
	}
	/* A fuzzer's names, made a multi-string as PC/SC always gives it. */
	if (n == 0 || *len < 2)
		return UIMKEY_ERR_NO_READER;
	if (n > *len - 2)
		n = *len - 2;
	memcpy(buf, names, n);
	buf[n] = '\0';
	buf[n + 1] = '\0';
	*len = n + 2;
	return UIMKEY_OK;
}

static int
listed(const struct fake_io *io, const char *reader)
{
	const char *names = io->readers != NULL ? io->readers : one_reader;
	size_t n = io->readers != NULL ? io->readers_len : sizeof(one_reader);
	size_t off, k;

	for (off = 0; off < n && names[off] != '\0'; off += k + 1) {
		k = strnlen(names + off, n - off);
		if (strncmp(names + off, reader, k) == 0 && reader[k] == '\0')
			return 1;
	}
	return 0;
}

static int
holds_card(const struct fake_io *io, const char *reader)
{
	return !io->absent && (io->card_reader == NULL ||
	    strcmp(reader, io->card_reader) == 0);
}

static int
f_present(void *ctx, const char *reader, int *present)
{
	*present = holds_card(ctx, reader);
	return UIMKEY_OK;
}

static int
f_connect(void *ctx, const char *reader, void **card)
{
	struct fake_io *io = ctx;

	if (!holds_card(io, reader))
		return io->absent || listed(io, reader) ? UIMKEY_ERR_NO_CARD :
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
	struct fake_io *io = card;

	if (io->busy > 0) {
		io->busy--;
		io->refused++;
		return UIMKEY_ERR_SHARING;
	}
	io->in_tx = 1;
	if (++io->begins == io->reset_at)
		return UIMKEY_ERR_CARD_RESET;
	return UIMKEY_OK;
}

static int
f_end(void *card)
{
	((struct fake_io *)card)->in_tx = 0;
	return UIMKEY_OK;
}

static void
note(struct fake_wire *w, const uint8_t *c, size_t clen)
{
	w->apdus++;
	if (clen > 1 && c[1] == UIMKEY_INS_SELECT)
		w->selects++;
	if (clen > w->longest)
		w->longest = clen;
	if (clen > 4 + 1 + 255 + 1)
		w->too_long++;
	/* An extended APDU: a 00 where the first length byte would be,
	 * with more bytes after it. */
	if (clen > 5 && c[4] == 0x00)
		w->extended++;
	if (clen > 0 && c[0] == UIMKEY_CLA_CHAIN)
		w->chained++;
	w->last_len = clen < sizeof(w->last) ? clen : sizeof(w->last);
	memcpy(w->last, c, w->last_len);
}

/* A command of the first interindustry class on channel 0, or of a
 * proprietary class (which has no channel). */
static int
on_basic(const uint8_t *c, size_t clen)
{
	return clen == 0 || (c[0] & 0x80) != 0 ||
	    ((c[0] & 0x40) == 0 && (c[0] & 0x03) == 0);
}

static int
f_transmit(void *card, const uint8_t *c, size_t clen, uint8_t *r,
    size_t *rlen)
{
	struct fake_io *io = card;
	size_t n;
	int rc;

	if (io->require_tx && !io->in_tx && on_basic(c, clen))
		return UIMKEY_ERR_TX;
	if (io->max_transmits != 0 && io->transmits >= io->max_transmits)
		return UIMKEY_ERR_TX;
	if (io->busy > 0 && !io->in_tx) {
		io->busy--;
		io->refused++;
		return UIMKEY_ERR_SHARING;
	}
	if (++io->transmits == io->reset_tx_at)
		return UIMKEY_ERR_CARD_RESET;
	note(&io->wire, c, clen);
	if (!io->in_tx)
		io->wire.no_tx++;
	if (io->before != NULL &&
	    (rc = io->before(io, c, clen, r, rlen)) != FAKE_PASS)
		return rc;
	if (io->card == NULL)
		return UIMKEY_ERR_CARD_REMOVED;
	if (*rlen < UIMKEY_CARD_RSP_MAX)
		return UIMKEY_ERR_TX;
	n = uimkey_card_process(io->card, c, clen, r);
	if (io->after != NULL)
		io->after(io, c, clen, r, n);
	*rlen = n;
	return UIMKEY_OK;
}

const uimkey_io_t fake_io_vtable = {
	.establish = f_establish, .release = f_release,
	.list_readers = f_list, .card_present = f_present,
	.connect = f_connect, .disconnect = f_disconnect,
	.begin = f_begin, .end = f_end, .transmit = f_transmit,
};

void
fake_io_init(struct fake_io *io, uimkey_card *card)
{
	memset(io, 0, sizeof(*io));
	io->card_reader = FAKE_READER;
	io->require_tx = 1;
	io->card = card;
}

int
fake_io_open(struct fake_io *io, uimkey_ctx_t **ctx, uimkey_dev_t **dev)
{
	int r = UIMKEY_ERR_NOMEM;

	*ctx = uimkey_ctx_new();
	*dev = uimkey_dev_new();
	if (*ctx == NULL || *dev == NULL)
		goto fail;
	/* Plain APDUs: the wire is what these tests look at. */
	uimkey_dev_set_secure(*dev, 0);
	if ((r = uimkey_ctx_set_io(*ctx, &fake_io_vtable, io)) != UIMKEY_OK ||
	    (r = uimkey_ctx_open(*ctx)) != UIMKEY_OK ||
	    (r = uimkey_dev_open(*dev, *ctx, io->card_reader != NULL ?
	    io->card_reader : FAKE_READER)) != UIMKEY_OK)
		goto fail;
	return UIMKEY_OK;
fail:
	uimkey_dev_free(dev);
	uimkey_ctx_free(ctx);
	return r;
}

int
fake_card_start(struct fake_card *fc, uint8_t seed, int os_rng)
{
	const uimkey_rng_class **rng = &fc->rng.vtable;
	int r;

	if (os_rng) {
		host_rng_init(&fc->os_rng);
		rng = &fc->os_rng.vtable;
	} else {
		test_rng_init(&fc->rng, seed);
	}
	r = uimkey_card_init(&fc->card, &fc->memory.vtable, rng,
	    fc->device != NULL ? fc->device : test_device_default());
	if (r == UIMKEY_CARD_OK)
		uimkey_card_power_on(&fc->card);
	fake_io_init(&fc->io, &fc->card);
	return r;
}
