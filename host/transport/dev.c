/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One connection to a PIV card: connect, take a logical channel and
 * select, transactions (and the card's state put back when another
 * program reset it), close.  The exchanges themselves are dev_wire.c's.
 */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>

#include "card/wire.h"
#include "dev_priv.h"

/* Resets in a row a begin survives while putting our state back. */
#define DEV_BEGIN_TRIES 4

uimkey_dev_t *
uimkey_dev_new(void)
{
	uimkey_dev_t *dev = calloc(1, sizeof(struct uimkey_dev));
	const char *sm = getenv("UIMKEY_SECURE_MESSAGING");

	if (dev != NULL)
		dev->sm_want = sm == NULL || (strcmp(sm, "off") != 0 &&
		    strcmp(sm, "0") != 0);
	return dev;
}

void
uimkey_dev_free(uimkey_dev_t **devp)
{
	if (devp == NULL || *devp == NULL)
		return;
	uimkey_dev_close(*devp);
	explicit_bzero(*devp, sizeof(**devp));
	free(*devp);
	*devp = NULL;
}

static int
tx_begin(uimkey_dev_t *dev)
{
	int r, tries;

	if (dev->card == NULL)
		return UIMKEY_ERR_NOT_OPEN;
	if (dev->tx_depth > 0) {
		dev->tx_depth++;
		return UIMKEY_OK;
	}
	for (tries = 0;; tries++) {
		r = pivc_dev_io_begin(dev);
		if (r != UIMKEY_OK && r != UIMKEY_ERR_CARD_RESET)
			return r;
		dev->tx_depth = 1;
		/* We hold the card again after a reset: put our state
		 * back. */
		if (r == UIMKEY_OK ||
		    (r = pivc_dev_reattach(dev)) == UIMKEY_OK)
			return UIMKEY_OK;
		dev->tx_depth = 0;
		dev->ctx->io->end(dev->card);
		/* A transaction does not stop another program's reset as
		 * it leaves (pcscd carries it out): start over. */
		if (r != UIMKEY_ERR_CARD_RESET || tries == DEV_BEGIN_TRIES)
			return r;
	}
}

static int
tx_end(uimkey_dev_t *dev)
{
	if (dev->card == NULL || dev->tx_depth == 0)
		return UIMKEY_ERR_NOT_OPEN;
	if (--dev->tx_depth > 0)
		return UIMKEY_OK;
	return dev->ctx->io->end(dev->card);
}

int
pivc_dev_restore(uimkey_dev_t *dev)
{
	int r;

	dev->restoring = 1;
	if (dev->tx_depth > 0) {
		if ((r = pivc_dev_reattach(dev)) == UIMKEY_OK)
			dev->tx_depth++;
		goto fail;
	}
	/* A reset the begin reports is put back here too. */
	r = pivc_dev_io_begin(dev);
	if (r != UIMKEY_OK && r != UIMKEY_ERR_CARD_RESET)
		goto fail;
	dev->tx_depth = 1;
	if ((r = pivc_dev_reattach(dev)) != UIMKEY_OK) {
		dev->tx_depth = 0;
		dev->ctx->io->end(dev->card);
	}
fail:
	dev->restoring = 0;
	return r;
}

/* A 3-byte GET VERSION or 4-byte GET SERIAL; absent on plain PIV cards. */
static int
get_info(uimkey_dev_t *dev, uint8_t ins, uint8_t *out, size_t want)
{
	uint8_t apdu[5] = { UIMKEY_CLA_ISO, 0, 0, 0, 0 };
	uint8_t buf[16];
	size_t len;
	uint16_t sw;
	int r;

	apdu[1] = ins;
	if ((r = pivc_dev_exchange(dev, apdu, sizeof(apdu), 1, buf,
	    sizeof(buf), &len, &sw)) != UIMKEY_OK)
		return r;
	if (sw != UIMKEY_SW_OK)
		return uimkey_sw_err(sw);
	if (len != want)
		return UIMKEY_ERR_BAD_RSP;
	memcpy(out, buf, want);
	return UIMKEY_OK;
}

/* In the open's transaction: the channel, PIV, version and serial. */
static int
open_once(uimkey_dev_t *dev)
{
	uint8_t serial[4];
	int r;

	/* The card is as the transport found it: nothing to put back. */
	r = pivc_dev_io_begin(dev);
	if (r != UIMKEY_OK && r != UIMKEY_ERR_CARD_RESET)
		return r;
	dev->tx_depth = 1;
	dev->restoring = 1;
	if ((r = pivc_dev_attach(dev)) != UIMKEY_OK)
		goto fail;
	/* Absent on plain PIV cards: only a reset makes them count. */
	if ((r = get_info(dev, UIMKEY_INS_GET_VERSION, dev->version, 3)) !=
	    UIMKEY_OK)
		memset(dev->version, 0, sizeof(dev->version));
	if (r != UIMKEY_ERR_CARD_RESET &&
	    (r = get_info(dev, UIMKEY_INS_GET_SERIAL, serial, 4)) == UIMKEY_OK)
		dev->serial = (uint32_t)serial[0] << 24 |
		    (uint32_t)serial[1] << 16 |
		    (uint32_t)serial[2] << 8 | serial[3];
	if (r != UIMKEY_ERR_CARD_RESET)
		r = UIMKEY_OK;
fail:
	dev->restoring = 0;
	tx_end(dev);
	return r;
}

/* Another program's reset in the middle of the open: open again. */
static int
open_card(uimkey_dev_t *dev)
{
	int r, tries = 0;

	while ((r = open_once(dev)) == UIMKEY_ERR_CARD_RESET &&
	    tries++ < DEV_BEGIN_TRIES)
		continue;
	return r;
}

int
uimkey_dev_open(uimkey_dev_t *dev, uimkey_ctx_t *ctx, const char *reader)
{
	int r;

	if (dev == NULL || ctx == NULL || reader == NULL ||
	    strlen(reader) > UIMKEY_READER_NAME_MAX)
		return UIMKEY_ERR_ARG;
	if (dev->card != NULL)
		return UIMKEY_ERR_ARG;
	if (ctx->h == NULL)
		return UIMKEY_ERR_NOT_OPEN;
	dev->ctx = ctx;
	memcpy(dev->reader, reader, strlen(reader) + 1);
	if ((r = ctx->io->connect(ctx->h, reader, &dev->card)) != UIMKEY_OK) {
		dev->card = NULL;
		goto fail;
	}
	r = open_card(dev);
fail:
	if (r != UIMKEY_OK)
		uimkey_dev_close(dev);
	return r;
}

int
uimkey_dev_force_basic(uimkey_dev_t *dev)
{
	if (dev == NULL || dev->card != NULL)
		return UIMKEY_ERR_ARG;
	dev->basic = 1;
	return UIMKEY_OK;
}

int
uimkey_dev_set_secure(uimkey_dev_t *dev, int on)
{
	if (dev == NULL || dev->card != NULL)
		return UIMKEY_ERR_ARG;
	dev->sm_want = on != 0;
	return UIMKEY_OK;
}

int
uimkey_dev_close(uimkey_dev_t *dev)
{
	if (dev == NULL)
		return UIMKEY_ERR_ARG;
	if (dev->card != NULL) {
		/* Free the number for others; a card that lost it already
		 * answers 6881 and nothing else happens. */
		dev->restoring = 1;
		pivc_dev_detach(dev);
		dev->restoring = 0;
		pivc_dev_sm_forget(dev);
		if (dev->tx_depth > 0)
			dev->ctx->io->end(dev->card);
		dev->ctx->io->disconnect(dev->card);
	}
	dev->card = NULL;
	dev->tx_depth = 0;
	dev->chan = 0;
	dev->ext = 0;
	dev->is_uimkey = 0;
	dev->serial = 0;
	memset(dev->version, 0, sizeof(dev->version));
	return UIMKEY_OK;
}

int
uimkey_dev_channel(const uimkey_dev_t *dev)
{
	if (dev == NULL)
		return UIMKEY_ERR_ARG;
	if (dev->card == NULL)
		return UIMKEY_ERR_NOT_OPEN;
	return dev->chan;
}

int
uimkey_dev_uses_ext_apdu(const uimkey_dev_t *dev)
{
	return dev != NULL && dev->card != NULL && dev->ext;
}

int
uimkey_dev_secure(const uimkey_dev_t *dev, const uint8_t **cvc,
    size_t *len)
{
	if (dev == NULL || dev->card == NULL || !dev->sm_on)
		return 0;
	if (cvc != NULL && len != NULL) {
		*cvc = dev->sm_cvc;
		*len = dev->sm_cvc_len;
	}
	return 1;
}

int
uimkey_dev_version(const uimkey_dev_t *dev, uint8_t ver[3])
{
	if (dev == NULL || ver == NULL)
		return UIMKEY_ERR_ARG;
	if (dev->card == NULL)
		return UIMKEY_ERR_NOT_OPEN;
	memcpy(ver, dev->version, 3);
	return UIMKEY_OK;
}

int
uimkey_dev_serial(const uimkey_dev_t *dev, uint32_t *serial)
{
	if (dev == NULL || serial == NULL)
		return UIMKEY_ERR_ARG;
	if (dev->card == NULL)
		return UIMKEY_ERR_NOT_OPEN;
	*serial = dev->serial;
	return UIMKEY_OK;
}

int
uimkey_dev_is_uimkey(const uimkey_dev_t *dev)
{
	return dev != NULL && dev->card != NULL && dev->is_uimkey;
}

const char *
uimkey_dev_reader(const uimkey_dev_t *dev)
{
	if (dev == NULL || dev->card == NULL)
		return NULL;
	return dev->reader;
}

int
uimkey_dev_begin(uimkey_dev_t *dev)
{
	if (dev == NULL)
		return UIMKEY_ERR_ARG;
	return tx_begin(dev);
}

int
uimkey_dev_end(uimkey_dev_t *dev)
{
	if (dev == NULL)
		return UIMKEY_ERR_ARG;
	return tx_end(dev);
}
