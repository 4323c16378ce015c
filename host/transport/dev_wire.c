/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Every APDU of a device on its way to the transport: the logical
 * channel put into its class byte, a sharing violation waited out,
 * 61xx followed with GET RESPONSE, protected in the channel's
 * secure-messaging session when it has one, and the recovery after a
 * reset, the loss of the channel or of the session.  The public exchanges (uimkey_dev_transmit,
 * uimkey_dev_transmit_once, uimkey_dev_select) sit on top.
 */
#define _DEFAULT_SOURCE
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "card/wire.h"
#include "dev_priv.h"

#define SW_MORE(sw)     (((sw) & 0xFF00) == UIMKEY_SW_BYTES_LEFT)
#define SW_WRONG_LE(sw) (((sw) & 0xFF00) == 0x6C00)
/* A short APDU: header, Lc, 255 bytes, Le. */
#define SHORT_APDU_MAX  (4 + 1 + 255 + 1)
/* Times the card may lose our state again while we put it back. */
#define DEV_RESTORE_TRIES 4

/*
 * Another program's transaction blocks an exchange sent without one, and
 * a begin, for as long as it lasts: a few milliseconds for a signature.
 * Try again after 0.2 ms, doubling up to 5 ms, for 2 s at most.
 * libpcsclite itself waits instead, polling every 100 ms, unless the
 * process runs with PCSCLITE_NO_BLOCKING set (read at its first
 * context); then the violation comes here.
 */
#define SHARE_NAP_FIRST_NS  200000L
#define SHARE_NAP_MAX_NS    5000000L
#define SHARE_WAIT_MAX_NS   2000000000LL
#define NS_PER_S            1000000000LL

/*
 * The class byte of cla on logical channel ch (ISO 7816-4, 5.4.1):
 * channels 0-3 in the first interindustry class (b2-b1), 4-19 in the
 * further one (40 | ch - 4); the chaining bit is kept, secure messaging
 * becomes the further class's one bit.  Other classes are left alone.
 */
static uint8_t
cla_on(uint8_t cla, uint8_t ch)
{
	if (ch == 0 || (cla & 0xE0) != 0x00)
		return cla;
	if (ch <= UIMKEY_CLA_FIRST_MAX)
		return (uint8_t)((cla & (UIMKEY_CLA_CHAIN | UIMKEY_CLA_SM_FIRST)) |
		    ch);
	return (uint8_t)(UIMKEY_CLA_FURTHER |
	    ((cla & UIMKEY_CLA_SM_FIRST) != 0 ? UIMKEY_CLA_SM_FURTHER : 0) |
	    (cla & UIMKEY_CLA_CHAIN) | (ch - UIMKEY_CLA_FIRST_MAX - 1));
}

static int64_t
now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * NS_PER_S + t.tv_nsec;
}

/* Sleep *nap and double it; 0 once the wait begun at start is over. */
static int
share_nap(int64_t start, long *nap)
{
	struct timespec t = { 0, 0 };

	if (now_ns() - start >= SHARE_WAIT_MAX_NS)
		return 0;
	t.tv_nsec = *nap;
	nanosleep(&t, NULL);
	*nap = *nap * 2 > SHARE_NAP_MAX_NS ? SHARE_NAP_MAX_NS : *nap * 2;
	return 1;
}

int
pivc_dev_io_begin(uimkey_dev_t *dev)
{
	long nap = SHARE_NAP_FIRST_NS;
	int64_t start = now_ns();
	int r;

	while ((r = dev->ctx->io->begin(dev->card)) == UIMKEY_ERR_SHARING &&
	    share_nap(start, &nap))
		;
	return r;
}

int
pivc_dev_xfer(uimkey_dev_t *dev, uint8_t ch, const uint8_t *apdu,
    size_t len, size_t *rlen)
{
	const uint8_t *c = apdu;
	long nap = SHARE_NAP_FIRST_NS;
	int64_t start = 0;
	int r;

	if (len < 4 || len > sizeof(dev->capdu))
		return UIMKEY_ERR_ARG;
	if (cla_on(apdu[0], ch) != apdu[0]) {
		memcpy(dev->capdu, apdu, len);
		dev->capdu[0] = cla_on(apdu[0], ch);
		if (len > dev->capdu_used)
			dev->capdu_used = len;
		c = dev->capdu;
	}
	for (;;) {
		*rlen = sizeof(dev->rapdu);
		r = dev->ctx->io->transmit(dev->card, c, len, dev->rapdu, rlen);
		if (r != UIMKEY_ERR_SHARING || dev->tx_depth > 0)
			break;
		if (start == 0)
			start = now_ns();
		if (!share_nap(start, &nap))
			break;
	}
	if (r == UIMKEY_OK && *rlen > sizeof(dev->rapdu))
		r = UIMKEY_ERR_INTERNAL;
	if (r == UIMKEY_OK && *rlen > dev->rapdu_used)
		dev->rapdu_used = *rlen;
	/* No status word: the exchange did not complete (vpcd answers so
	 * for a card that died in the middle of it). */
	if (r == UIMKEY_OK && *rlen < 2)
		r = UIMKEY_ERR_TX;
	return r;
}

uint16_t
pivc_dev_sw(const uimkey_dev_t *dev, size_t rlen)
{
	return (uint16_t)(dev->rapdu[rlen - 2] << 8 | dev->rapdu[rlen - 1]);
}

void
pivc_dev_wipe(uimkey_dev_t *dev)
{
	explicit_bzero(dev->capdu, dev->capdu_used);
	explicit_bzero(dev->rapdu, dev->rapdu_used);
	dev->capdu_used = 0;
	dev->rapdu_used = 0;
	if (dev->sm_used) {
		explicit_bzero(dev->sm_capdu, sizeof(dev->sm_capdu));
		explicit_bzero(dev->sm_rapdu, sizeof(dev->sm_rapdu));
		explicit_bzero(dev->sm_clear, sizeof(dev->sm_clear));
		dev->sm_used = 0;
	}
}

/* A short APDU of case 2 or 4 (Le last), which 6Cxx can correct. */
static int
short_with_le(const uint8_t *apdu, size_t len)
{
	return len == 5 || (len > 5 && apdu[4] != 0 &&
	    len == 5 + (size_t)apdu[4] + 1 && len <= SHORT_APDU_MAX);
}

/* apdu once, with every 61xx part collected into out. */
static int
exchange_once(uimkey_dev_t *dev, const uint8_t *apdu, size_t apdu_len,
    int follow, uint8_t *out, size_t cap, size_t *out_len, uint16_t *sw)
{
	uint8_t get_rsp[5] = { UIMKEY_CLA_ISO, UIMKEY_INS_GET_RESPONSE, 0, 0, 0 };
	uint8_t again[SHORT_APDU_MAX];
	size_t rlen, n, total = 0;
	int r, retried = 0;

	*out_len = 0;
	r = pivc_dev_xfer(dev, dev->chan, apdu, apdu_len, &rlen);
	for (;;) {
		if (r != UIMKEY_OK)
			goto fail;
		n = rlen - 2;
		*sw = pivc_dev_sw(dev, rlen);
		if (follow && SW_WRONG_LE(*sw) && !retried &&
		    short_with_le(apdu, apdu_len)) {
			/* Case 2 or 4 with the wrong Le: send it again with
			 * the length the card asked for. */
			memcpy(again, apdu, apdu_len);
			again[apdu_len - 1] = (uint8_t)*sw;
			retried = 1;
			r = pivc_dev_xfer(dev, dev->chan, again, apdu_len, &rlen);
			continue;
		}
		if (n > cap - total) {
			r = UIMKEY_ERR_RSP_TOO_LONG;
			goto fail;
		}
		if (out != NULL && n > 0)
			memcpy(out + total, dev->rapdu, n);
		total += n;
		if (!follow || !SW_MORE(*sw))
			break;
		get_rsp[4] = (uint8_t)*sw;
		r = pivc_dev_xfer(dev, dev->chan, get_rsp, sizeof(get_rsp), &rlen);
	}
	*out_len = total;
fail:
	explicit_bzero(again, sizeof(again));
	return r;
}

/* Does apdu go protected?  Every command of the basic channel's plain
 * class but GET RESPONSE (which fetches the protected answer's rest),
 * on a channel that needs a session, except those that set one up. */
static int
goes_protected(const uimkey_dev_t *dev, const uint8_t *apdu)
{
	return dev->sm_need && !dev->sm_opening &&
	    apdu[0] == UIMKEY_CLA_ISO && apdu[1] != UIMKEY_INS_GET_RESPONSE;
}

/*
 * apdu protected in the device's session, sent, its answer (every part)
 * opened into out.  The card ending the session (6987, 6988) ends ours:
 * *sw says so and the recovery sets up another.  An answer that does
 * not open ends the session too, and is UIMKEY_ERR_SM: the command ran,
 * but what came back is not the card's.
 */
static int
exchange_protected(uimkey_dev_t *dev, const uint8_t *apdu, size_t apdu_len,
    uint8_t *out, size_t cap, size_t *out_len, uint16_t *sw)
{
	size_t n, rn;
	uint16_t outer;
	int r;

	*out_len = 0;
	/* A session lost (an answer that did not open): another one
	 * before anything goes, never the command in the clear. */
	if (!dev->sm_on && (r = pivc_dev_sm_open(dev)) != UIMKEY_OK)
		return r;
	if ((r = pivc_dev_sm_wrap(dev, cla_on(UIMKEY_CLA_SM_FIRST, dev->chan),
	    apdu, apdu_len, &n)) != UIMKEY_OK)
		return r;
	r = exchange_once(dev, dev->sm_capdu, n, 1, dev->sm_rapdu,
	    sizeof(dev->sm_rapdu), &rn, &outer);
	if (r != UIMKEY_OK)
		return r;
	if (outer != UIMKEY_SW_OK) {
		if (outer == UIMKEY_SW_SM_WRONG || outer == UIMKEY_SW_SM_MISSING)
			pivc_dev_sm_end(dev);
		*sw = outer;
		return UIMKEY_OK;
	}
	return pivc_dev_sm_unwrap(dev, rn, out, cap, out_len, sw);
}

/* The card lost our state: reset (the transport reconnected and the
 * command was not sent), our channel is gone (6881), or the card ended
 * our session (6987, 6988: another program's commands on our channel
 * broke it; the command did not run). */
static int
lost(const uimkey_dev_t *dev, int r, uint16_t sw)
{
	if (r == UIMKEY_ERR_CARD_RESET)
		return 1;
	if (r == UIMKEY_OK && dev->sm_need && !dev->sm_on &&
	    (sw == UIMKEY_SW_SM_WRONG || sw == UIMKEY_SW_SM_MISSING))
		return 1;
	return r == UIMKEY_OK && dev->chan != 0 &&
	    sw == UIMKEY_SW_CHANNEL_UNSUPP;
}

static int
exchange_one(uimkey_dev_t *dev, const uint8_t *apdu, size_t apdu_len,
    int follow, uint8_t *out, size_t cap, size_t *out_len, uint16_t *sw)
{
	if (goes_protected(dev, apdu))
		return exchange_protected(dev, apdu, apdu_len, out, cap,
		    out_len, sw);
	return exchange_once(dev, apdu, apdu_len, follow, out, cap, out_len,
	    sw);
}

int
pivc_dev_exchange(uimkey_dev_t *dev, const uint8_t *apdu, size_t apdu_len,
    int follow, uint8_t *out, size_t cap, size_t *out_len, uint16_t *sw)
{
	int r, r2, tries;

	r = exchange_one(dev, apdu, apdu_len, follow, out, cap, out_len, sw);
	/* Programs that reset the card as they leave can do so again while
	 * we put our state back: each time, start over, a few times. */
	for (tries = 0; !dev->restoring && lost(dev, r, *sw) &&
	    tries < DEV_RESTORE_TRIES; tries++) {
		if ((r = pivc_dev_restore(dev)) != UIMKEY_OK)
			continue;
		r = exchange_one(dev, apdu, apdu_len, follow, out, cap,
		    out_len, sw);
		r2 = uimkey_dev_end(dev);
		if (r == UIMKEY_OK)
			r = r2;
	}
	if (r != UIMKEY_OK && out != NULL && cap > 0)
		explicit_bzero(out, cap);
	if (r != UIMKEY_OK)
		*out_len = 0;
	pivc_dev_wipe(dev);
	return r;
}

static int
transmit_args(const uimkey_dev_t *dev, const uint8_t *apdu, size_t apdu_len,
    const uint8_t *rsp, size_t rsp_cap, const size_t *rsp_len,
    const uint16_t *sw)
{
	if (dev == NULL || apdu == NULL || apdu_len < 4 ||
	    apdu_len > DEV_CAPDU_MAX || rsp_len == NULL || sw == NULL ||
	    (rsp == NULL && rsp_cap != 0))
		return UIMKEY_ERR_ARG;
	if (dev->card == NULL)
		return UIMKEY_ERR_NOT_OPEN;
	return UIMKEY_OK;
}

int
uimkey_dev_transmit(uimkey_dev_t *dev, const uint8_t *apdu, size_t apdu_len,
    uint8_t *rsp, size_t rsp_cap, size_t *rsp_len, uint16_t *sw)
{
	int r, r2;

	if (rsp_len != NULL)
		*rsp_len = 0;
	if ((r = transmit_args(dev, apdu, apdu_len, rsp, rsp_cap, rsp_len,
	    sw)) != UIMKEY_OK)
		return r;
	/* On a channel of its own, one exchange needs no transaction. */
	if (dev->ext && dev->tx_depth == 0)
		return pivc_dev_exchange(dev, apdu, apdu_len, 1, rsp, rsp_cap,
		    rsp_len, sw);
	if ((r = uimkey_dev_begin(dev)) != UIMKEY_OK)
		return r;
	r = pivc_dev_exchange(dev, apdu, apdu_len, 1, rsp, rsp_cap, rsp_len,
	    sw);
	r2 = uimkey_dev_end(dev);
	if (r == UIMKEY_OK && r2 != UIMKEY_OK)
		r = r2;
	return r;
}

int
uimkey_dev_transmit_once(uimkey_dev_t *dev, const uint8_t *apdu,
    size_t apdu_len, uint8_t *rsp, size_t rsp_cap, size_t *rsp_len,
    uint16_t *sw)
{
	int r;

	if (rsp_len != NULL)
		*rsp_len = 0;
	if ((r = transmit_args(dev, apdu, apdu_len, rsp, rsp_cap, rsp_len,
	    sw)) != UIMKEY_OK)
		return r;
	if (dev->ext || dev->tx_depth > 0)
		return uimkey_dev_transmit(dev, apdu, apdu_len, rsp, rsp_cap,
		    rsp_len, sw);
	return pivc_dev_exchange(dev, apdu, apdu_len, 0, rsp, rsp_cap,
	    rsp_len, sw);
}

int
uimkey_dev_select(uimkey_dev_t *dev)
{
	int r, r2;

	if (dev == NULL)
		return UIMKEY_ERR_ARG;
	if (dev->card == NULL)
		return UIMKEY_ERR_NOT_OPEN;
	if (dev->ext && dev->tx_depth == 0)
		return pivc_dev_select_piv(dev, 1);
	if ((r = uimkey_dev_begin(dev)) != UIMKEY_OK)
		return r;
	r = pivc_dev_select_piv(dev, 1);
	r2 = uimkey_dev_end(dev);
	if (r == UIMKEY_OK && r2 != UIMKEY_OK)
		r = r2;
	return r;
}
