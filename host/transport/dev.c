/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One connection to a PIV card: connect, select, exchange APDUs inside
 * PC/SC transactions, follow 61xx with GET RESPONSE, select again after
 * another program reset the card.
 */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>

#include "codec/tlv.h"
#include "card/wire.h"
#include "ctx_priv.h"

/* Biggest response APDU PC/SC hands back: extended data plus SW. */
#define DEV_RAPDU_MAX   (65536 + 2)
#define SW_MORE(sw)     (((sw) & 0xFF00) == UIMKEY_SW_BYTES_LEFT)
#define SW_WRONG_LE(sw) (((sw) & 0xFF00) == 0x6C00)

struct uimkey_dev {
	uimkey_ctx_t *ctx;
	void *card;             /* transport handle; NULL when closed */
	unsigned tx_depth;      /* nesting of uimkey_dev_begin() */
	char reader[UIMKEY_READER_NAME_MAX + 1];
	uint8_t version[3];
	uint32_t serial;
	int is_uimkey;
	uint8_t rapdu[DEV_RAPDU_MAX];
};

uimkey_dev_t *
uimkey_dev_new(void)
{
	return calloc(1, sizeof(struct uimkey_dev));
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

/* One exchange, no GET RESPONSE; a card reset mid-way is reported. */
static int
xfer(uimkey_dev_t *dev, const uint8_t *apdu, size_t len, size_t *rlen)
{
	int r;

	*rlen = sizeof(dev->rapdu);
	r = dev->ctx->io->transmit(dev->card, apdu, len, dev->rapdu, rlen);
	/* No status word: the exchange did not complete (vpcd answers so
	 * for a card that died in the middle of it). */
	if (r == UIMKEY_OK && *rlen < 2)
		r = UIMKEY_ERR_TX;
	return r;
}

/* Send apdu; collect the data of every 61xx part into out. */
static int
exchange(uimkey_dev_t *dev, const uint8_t *apdu, size_t apdu_len,
    uint8_t *out, size_t cap, size_t *out_len, uint16_t *sw)
{
	uint8_t get_rsp[5] = { UIMKEY_CLA_ISO, UIMKEY_INS_GET_RESPONSE, 0, 0, 0 };
	uint8_t again[UIMKEY_READER_NAME_MAX];
	size_t rlen, n, total = 0;
	int r, retried = 0;

	r = xfer(dev, apdu, apdu_len, &rlen);
	for (;;) {
		if (r != UIMKEY_OK)
			goto fail;
		n = rlen - 2;
		*sw = (uint16_t)(dev->rapdu[n] << 8 | dev->rapdu[n + 1]);
		if (SW_WRONG_LE(*sw) && !retried && apdu_len >= 5 &&
		    apdu_len <= sizeof(again)) {
			/* Case 2 with the wrong Le: send it again with the
			 * length the card asked for. */
			memcpy(again, apdu, apdu_len);
			again[apdu_len - 1] = (uint8_t)*sw;
			retried = 1;
			r = xfer(dev, again, apdu_len, &rlen);
			continue;
		}
		if (n > cap - total) {
			r = UIMKEY_ERR_RSP_TOO_LONG;
			goto fail;
		}
		if (out != NULL)
			memcpy(out + total, dev->rapdu, n);
		total += n;
		if (!SW_MORE(*sw))
			break;
		get_rsp[4] = (uint8_t)*sw;
		r = xfer(dev, get_rsp, sizeof(get_rsp), &rlen);
	}
	*out_len = total;
fail:
	explicit_bzero(dev->rapdu, sizeof(dev->rapdu));
	explicit_bzero(again, sizeof(again));
	return r;
}

/* SELECT the PIV application; note whether the card is one of ours. */
static int
select_piv(uimkey_dev_t *dev)
{
	static const uint8_t aid[UIMKEY_PIV_AID_LEN] = UIMKEY_PIV_AID;
	static const char label[] = UIMKEY_APP_LABEL;
	uint8_t apdu[5 + UIMKEY_PIV_AID_LEN + 1];
	uint8_t fci[256];
	size_t len;
	uint16_t sw;
	uk_tlv apt, lbl;
	int r;

	apdu[0] = UIMKEY_CLA_ISO;
	apdu[1] = UIMKEY_INS_SELECT;
	apdu[2] = 0x04;
	apdu[3] = 0x00;
	apdu[4] = UIMKEY_PIV_AID_LEN;
	memcpy(apdu + 5, aid, UIMKEY_PIV_AID_LEN);
	apdu[5 + UIMKEY_PIV_AID_LEN] = 0x00;
	r = exchange(dev, apdu, sizeof(apdu), fci, sizeof(fci), &len, &sw);
	if (r != UIMKEY_OK)
		return r;
	if (sw != UIMKEY_SW_OK)
		return UIMKEY_ERR_NOT_PIV;
	dev->is_uimkey = uk_tlv_find(fci, len, 0x61, &apt) == 0 &&
	    uk_tlv_find(apt.value, apt.len, 0x50, &lbl) == 0 &&
	    lbl.len == sizeof(label) - 1 &&
	    memcmp(lbl.value, label, lbl.len) == 0;
	return UIMKEY_OK;
}

static int
tx_begin(uimkey_dev_t *dev)
{
	int r;

	if (dev->card == NULL)
		return UIMKEY_ERR_NOT_OPEN;
	if (dev->tx_depth > 0) {
		dev->tx_depth++;
		return UIMKEY_OK;
	}
	r = dev->ctx->io->begin(dev->card);
	if (r == UIMKEY_ERR_CARD_RESET) {
		/* We hold the card again; put the application back. */
		if ((r = select_piv(dev)) != UIMKEY_OK) {
			dev->ctx->io->end(dev->card);
			return r;
		}
	}
	if (r == UIMKEY_OK)
		dev->tx_depth = 1;
	return r;
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
	if ((r = exchange(dev, apdu, sizeof(apdu), buf, sizeof(buf), &len,
	    &sw)) != UIMKEY_OK)
		return r;
	if (sw != UIMKEY_SW_OK)
		return uimkey_sw_err(sw);
	if (len != want)
		return UIMKEY_ERR_BAD_RSP;
	memcpy(out, buf, want);
	return UIMKEY_OK;
}

int
uimkey_dev_open(uimkey_dev_t *dev, uimkey_ctx_t *ctx, const char *reader)
{
	uint8_t serial[4];
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
	if ((r = tx_begin(dev)) != UIMKEY_OK)
		goto fail;
	if ((r = select_piv(dev)) == UIMKEY_OK) {
		if (get_info(dev, UIMKEY_INS_GET_VERSION, dev->version, 3) != 0)
			memset(dev->version, 0, sizeof(dev->version));
		if (get_info(dev, UIMKEY_INS_GET_SERIAL, serial, 4) == 0)
			dev->serial = (uint32_t)serial[0] << 24 |
			    (uint32_t)serial[1] << 16 |
			    (uint32_t)serial[2] << 8 | serial[3];
	}
	tx_end(dev);
fail:
	if (r != UIMKEY_OK)
		uimkey_dev_close(dev);
	return r;
}

int
uimkey_dev_close(uimkey_dev_t *dev)
{
	if (dev == NULL)
		return UIMKEY_ERR_ARG;
	if (dev->card != NULL) {
		if (dev->tx_depth > 0)
			dev->ctx->io->end(dev->card);
		dev->ctx->io->disconnect(dev->card);
	}
	dev->card = NULL;
	dev->tx_depth = 0;
	dev->is_uimkey = 0;
	dev->serial = 0;
	memset(dev->version, 0, sizeof(dev->version));
	return UIMKEY_OK;
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

int
uimkey_dev_transmit(uimkey_dev_t *dev, const uint8_t *apdu, size_t apdu_len,
    uint8_t *rsp, size_t rsp_cap, size_t *rsp_len, uint16_t *sw)
{
	int r, r2;

	if (dev == NULL || apdu == NULL || apdu_len < 4 || rsp_len == NULL ||
	    sw == NULL || (rsp == NULL && rsp_cap != 0))
		return UIMKEY_ERR_ARG;
	*rsp_len = 0;
	if ((r = tx_begin(dev)) != UIMKEY_OK)
		return r;
	r = exchange(dev, apdu, apdu_len, rsp, rsp_cap, rsp_len, sw);
	r2 = tx_end(dev);
	if (r == UIMKEY_OK && r2 != UIMKEY_OK)
		r = r2;
	return r;
}

int
uimkey_dev_select(uimkey_dev_t *dev)
{
	int r, r2;

	if (dev == NULL)
		return UIMKEY_ERR_ARG;
	if ((r = tx_begin(dev)) != UIMKEY_OK)
		return r;
	r = select_piv(dev);
	r2 = tx_end(dev);
	if (r == UIMKEY_OK && r2 != UIMKEY_OK)
		r = r2;
	return r;
}

int
uimkey_dev_transmit_once(uimkey_dev_t *dev, const uint8_t *apdu,
    size_t apdu_len, uint8_t *rsp, size_t rsp_cap, size_t *rsp_len,
    uint16_t *sw)
{
	size_t rlen = 0, n;
	int r;

	if (dev == NULL || apdu == NULL || apdu_len < 4 || rsp_len == NULL ||
	    sw == NULL || (rsp == NULL && rsp_cap != 0))
		return UIMKEY_ERR_ARG;
	*rsp_len = 0;
	if (dev->card == NULL)
		return UIMKEY_ERR_NOT_OPEN;
	if (dev->tx_depth > 0)
		return uimkey_dev_transmit(dev, apdu, apdu_len, rsp, rsp_cap,
		    rsp_len, sw);
	if ((r = xfer(dev, apdu, apdu_len, &rlen)) == UIMKEY_OK) {
		n = rlen - 2;
		*sw = (uint16_t)(dev->rapdu[n] << 8 | dev->rapdu[n + 1]);
		if (n > rsp_cap) {
			r = UIMKEY_ERR_RSP_TOO_LONG;
		} else {
			if (n > 0)
				memcpy(rsp, dev->rapdu, n);
			*rsp_len = n;
		}
	}
	explicit_bzero(dev->rapdu, rlen < sizeof(dev->rapdu) ? rlen :
	    sizeof(dev->rapdu));
	return r;
}
