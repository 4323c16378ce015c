/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libuimkey's recovery on its channel, over the fake transport and the
 * channel layer of chan_emul.h: the channel lost (6881) in the middle of
 * use, a reset seen by a transmit or by a begin, each time a channel
 * opened again, PIV selected and the command sent again, once; a sharing
 * violation waited out with a short back-off, and given up after about
 * 2 s.
 */
#define _DEFAULT_SOURCE
#include <time.h>

#include "tests/unit/chan_emul.h"

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* GET VERSION through uimkey_dev_transmit: UIMKEY_OK and 9000 with the
 * version, or what went wrong. */
static int
version(uimkey_dev_t *dev, uint16_t *sw)
{
	uint8_t rsp[16];
	size_t len = 0;
	int r;

	*sw = 0;
	r = uimkey_dev_transmit(dev, get_version, sizeof(get_version), rsp,
	    sizeof(rsp), &len, sw);
	if (r == UIMKEY_OK && *sw == UIMKEY_SW_OK && len != 3)
		r = UIMKEY_ERR_BAD_RSP;
	return r;
}

/* The log since the loss: the command refused, MANAGE CHANNEL open on
 * channel 0 in a transaction, SELECT and the command on channel ch. */
static int
reopened_on(unsigned ch, unsigned first)
{
	const struct seen *l = k->log + first;

	return k->nlog == first + 3 && l[0].cla == 0x00 &&
	    l[0].ins == INS_MANAGE_CHANNEL && l[0].p1 == 0x00 && l[0].in_tx &&
	    l[1].cla == cla_for(0x00, ch) && l[1].ins == UIMKEY_INS_SELECT &&
	    l[2].cla == cla_for(0x00, ch) &&
	    l[2].ins == UIMKEY_INS_GET_VERSION;
}

static void
test_lost_channel(void)
{
	uimkey_ctx_t *ctx;
	uimkey_dev_t *dev;
	uint16_t sw;
	unsigned opens;

	setup(1);
	k->give = 2;
	check(open_dev(&ctx, &dev, 0) == UIMKEY_OK &&
	    uimkey_dev_channel(dev) == 2, "open on channel 2");
	/* Another program's open reclaimed it: the card closed it. */
	k->open &= ~(1u << 2);
	k->give = 9;
	k->nlog = 0;
	check(version(dev, &sw) == UIMKEY_OK && sw == UIMKEY_SW_OK,
	    "6881 mid-use: the command still gets its answer");
	check(k->nlog > 0 && k->log[0].cla == cla_for(0x00, 2) &&
	    reopened_on(9, 1) && uimkey_dev_channel(dev) == 9,
	    "6881: a channel opened again (9), PIV selected, the command sent "
	    "again on it");
	k->nlog = 0;
	check(version(dev, &sw) == UIMKEY_OK && k->nlog == 1,
	    "the next command goes straight on the new channel");
	k->nlog = 0;
	uimkey_dev_close(dev);
	check(k->nlog == 1 && k->log[0].cla == cla_for(0x00, 9) &&
	    k->log[0].ins == INS_MANAGE_CHANNEL && k->log[0].p1 == 0x80 &&
	    !(k->open >> 9 & 1), "close closes the new channel");
	close_dev(&ctx, &dev);

	/* A card that takes every new channel back at once: one try. */
	setup(1);
	check(open_dev(&ctx, &dev, 0) == UIMKEY_OK &&
	    uimkey_dev_channel(dev) == 1, "open on channel 1");
	k->open &= ~(1u << 1);
	k->lose_at_open = 1;
	opens = k->opens;
	check(version(dev, &sw) == UIMKEY_OK && sw == UIMKEY_SW_OK &&
	    k->opens == opens + 1 && uimkey_dev_channel(dev) == 0,
	    "a new channel lost at once: one recovery, then channel 0");
	close_dev(&ctx, &dev);
}

static void
test_reset(void)
{
	uimkey_ctx_t *ctx;
	uimkey_dev_t *dev;
	uint16_t sw;

	setup(1);
	k->give = 4;
	check(open_dev(&ctx, &dev, 0) == UIMKEY_OK &&
	    uimkey_dev_channel(dev) == 4, "open on channel 4");
	/* Another program reset the card: every channel closed. */
	uimkey_card_reset(&k->fc.card);
	k->open = 1;
	k->give = 5;
	k->fc.io.reset_tx_at = k->fc.io.transmits + 1;
	k->nlog = 0;
	check(version(dev, &sw) == UIMKEY_OK && sw == UIMKEY_SW_OK &&
	    reopened_on(5, 0) && uimkey_dev_channel(dev) == 5,
	    "a reset seen by the transmit: a channel again, SELECT, the "
	    "command sent again");
	uimkey_card_reset(&k->fc.card);
	k->open = 1;
	k->give = 11;
	k->fc.io.reset_at = k->fc.io.begins + 1;
	k->nlog = 0;
	check(uimkey_dev_begin(dev) == UIMKEY_OK && k->nlog == 2 &&
	    k->log[0].ins == INS_MANAGE_CHANNEL &&
	    k->log[1].cla == cla_for(0x00, 11) && uimkey_dev_channel(dev) == 11,
	    "a reset seen by a begin: a channel again and SELECT on it");
	check(version(dev, &sw) == UIMKEY_OK && sw == UIMKEY_SW_OK &&
	    uimkey_dev_end(dev) == UIMKEY_OK, "and the exchange inside works");
	close_dev(&ctx, &dev);

	/* On channel 0 a reset seen by a transmit: SELECT, send again. */
	setup(1);
	k->refuse = 0x6D00;
	check(open_dev(&ctx, &dev, 0) == UIMKEY_OK &&
	    uimkey_dev_channel(dev) == 0, "open on channel 0");
	k->fc.io.reset_tx_at = k->fc.io.transmits + 1;
	k->nlog = 0;
	/* transmit_once sends without a transaction on channel 0 too. */
	k->fc.io.require_tx = 0;
	check(uimkey_dev_transmit_once(dev, get_version, sizeof(get_version),
	    (uint8_t[16]){ 0 }, 16, &(size_t){ 0 }, &sw) == UIMKEY_OK &&
	    sw == UIMKEY_SW_OK && k->nlog == 2 &&
	    k->log[0].ins == UIMKEY_INS_SELECT && k->log[0].in_tx &&
	    k->log[1].ins == UIMKEY_INS_GET_VERSION,
	    "channel 0: a reset seen by a transmit without a transaction: "
	    "SELECT in one, then the command");
	k->fc.io.require_tx = 1;
	close_dev(&ctx, &dev);
}

static void
test_sharing(void)
{
	uimkey_ctx_t *ctx;
	uimkey_dev_t *dev;
	uint16_t sw;
	double t;

	setup(1);
	check(open_dev(&ctx, &dev, 0) == UIMKEY_OK &&
	    uimkey_dev_channel(dev) != 0, "open on a channel");
	k->fc.io.busy = 5;
	k->fc.io.refused = 0;
	t = now_s();
	check(version(dev, &sw) == UIMKEY_OK && sw == UIMKEY_SW_OK &&
	    k->fc.io.refused == 5 && k->fc.io.busy == 0,
	    "five sharing violations waited out");
	t = now_s() - t;
	checkf(t >= 0.006 && t < 0.5, "backing off 0.2, 0.4 ... 3.2 ms, not "
	    "100 ms (%.1f ms)", t * 1e3);
	k->fc.io.busy = 3;
	k->fc.io.refused = 0;
	check(uimkey_dev_begin(dev) == UIMKEY_OK && k->fc.io.refused == 3 &&
	    k->fc.io.in_tx && uimkey_dev_end(dev) == UIMKEY_OK,
	    "a begin refused three times: waited out too");
	k->fc.io.busy = 1000000;
	k->fc.io.refused = 0;
	t = now_s();
	check(version(dev, &sw) == UIMKEY_ERR_SHARING,
	    "a transaction that does not end: UIMKEY_ERR_SHARING");
	t = now_s() - t;
	checkf(t >= 1.9 && t < 4.0 && k->fc.io.refused > 100 &&
	    k->fc.io.refused < 1000, "after about 2 s (%.2f s, %u tries, "
	    "every 5 ms at most)", t, k->fc.io.refused);
	k->fc.io.busy = 0;
	close_dev(&ctx, &dev);
}

int
main(void)
{
	if (chan_emul_start() != 0)
		return 1;
	test_lost_channel();
	test_reset();
	test_sharing();
	free(k);
	return check_done();
}
