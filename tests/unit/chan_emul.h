/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The channel layer of the wire (docs/apdu.md: MANAGE CHANNEL, the
 * channel in the class byte, 6881 for a channel that is not open) played
 * in front of the card core in process, for libuimkey's channel tests,
 * so that they do not depend on the core's own channels.  Every command
 * the client sends is logged (class, INS, P1, P2, inside a transaction
 * or not).  With emulate 0 the core answers everything itself.
 */
#ifndef UIMKEY_TEST_CHAN_EMUL_H
#define UIMKEY_TEST_CHAN_EMUL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card/card.h"
#include "card/wire.h"
#include "host/uimkey.h"
#include "tests/support/channel_cla.h"
#include "tests/support/check.h"
#include "tests/support/fake_io.h"

#define INS_MANAGE_CHANNEL 0x70
#define LOG_MAX            64

/* One command as the card got it. */
struct seen {
	uint8_t cla, ins, p1, p2;
	int in_tx;
};

struct chan_card {
	struct fake_card fc;
	int emulate;            /* channels answered here */
	uint32_t open;          /* bit n: channel n open */
	uint8_t give;           /* number the next open gives; 0: lowest */
	uint16_t refuse;        /* MANAGE CHANNEL refused with it */
	int not_uimkey;         /* SELECT's label says another card */
	int lose_at_open;       /* each channel given is closed at once */
	unsigned opens, closes;
	struct seen log[LOG_MAX];
	unsigned nlog;
};

static struct chan_card *k;
static const uint8_t get_version[] = { 0x00, UIMKEY_INS_GET_VERSION, 0, 0 };

static inline int
chan_of(uint8_t cla)
{
	if (cla & 0x80)
		return -1;
	if (cla & 0x40)
		return 4 + (cla & 0x0F);
	return cla & 0x03;
}

static inline int
answer_sw(uint8_t *r, size_t *rlen, uint16_t sw)
{
	r[0] = (uint8_t)(sw >> 8);
	r[1] = (uint8_t)sw;
	*rlen = 2;
	return UIMKEY_OK;
}

static inline int
manage(int ch, const uint8_t *c, uint8_t *r, size_t *rlen)
{
	unsigned n;

	if (k->refuse != 0)
		return answer_sw(r, rlen, k->refuse);
	if (c[2] == 0x00 && c[3] == 0x00) {
		n = k->give;
		if (n == 0)
			for (n = 1; n < 19 && (k->open >> n & 1); n++)
				;
		k->opens++;
		if (!k->lose_at_open)
			k->open |= 1u << n;
		r[0] = (uint8_t)n;
		r[1] = 0x90;
		r[2] = 0x00;
		*rlen = 3;
		return UIMKEY_OK;
	}
	if (c[2] == 0x80 && c[3] == 0x00 && ch != 0) {
		k->open &= ~(1u << ch);
		k->closes++;
		return answer_sw(r, rlen, UIMKEY_SW_OK);
	}
	return answer_sw(r, rlen, 0x6A86);
}

/* The label of the application's template made another card's. */
static inline void
other_label(uint8_t *r, size_t n)
{
	size_t i;

	for (i = 0; i + 6 <= n; i++)
		if (memcmp(r + i, "uimkey", 6) == 0)
			r[i] = 'x';
}

static inline int
chan_before(struct fake_io *io, const uint8_t *c, size_t clen, uint8_t *r,
    size_t *rlen)
{
	uint8_t cmd[UIMKEY_CARD_CMD_MAX];
	int ch = chan_of(c[0]);
	size_t n;

	if (k->nlog < LOG_MAX && clen >= 4)
		k->log[k->nlog++] = (struct seen){ c[0], c[1], c[2], c[3],
		    io->in_tx };
	if (!k->emulate || ch < 0 || clen > sizeof(cmd))
		return FAKE_PASS;
	if (ch != 0 && !(k->open >> ch & 1))
		return answer_sw(r, rlen, UIMKEY_SW_CHANNEL_UNSUPP);
	if (c[1] == INS_MANAGE_CHANNEL)
		return manage(ch, c, r, rlen);
	memcpy(cmd, c, clen);
	cmd[0] = c[0] & 0x10;
	n = uimkey_card_process(&k->fc.card, cmd, clen, r);
	if (k->not_uimkey && c[1] == UIMKEY_INS_SELECT)
		other_label(r, n);
	*rlen = n;
	explicit_bzero(cmd, sizeof(cmd));
	return UIMKEY_OK;
}

/* A context and a device on the card, as the test set the card up. */
static inline int
open_dev(uimkey_ctx_t **ctx, uimkey_dev_t **dev, int basic)
{
	int r;

	k->nlog = 0;
	*ctx = uimkey_ctx_new();
	*dev = uimkey_dev_new();
	if (basic)
		uimkey_dev_force_basic(*dev);
	/* Plain APDUs: the wire is what these tests look at. */
	uimkey_dev_set_secure(*dev, 0);
	if ((r = uimkey_ctx_set_io(*ctx, &fake_io_vtable, &k->fc.io)) ==
	    UIMKEY_OK && (r = uimkey_ctx_open(*ctx)) == UIMKEY_OK)
		r = uimkey_dev_open(*dev, *ctx, FAKE_READER);
	return r;
}

static inline void
close_dev(uimkey_ctx_t **ctx, uimkey_dev_t **dev)
{
	uimkey_dev_free(dev);
	uimkey_ctx_free(ctx);
}

/* How many logged commands had this INS (and P1, unless p1 < 0). */
static inline unsigned
count_ins(uint8_t ins, int p1)
{
	unsigned i, n = 0;

	for (i = 0; i < k->nlog; i++)
		if (k->log[i].ins == ins && (p1 < 0 || k->log[i].p1 == p1))
			n++;
	return n;
}

static inline void
setup(int emulate)
{
	k->emulate = emulate;
	k->open = 1;
	k->give = 0;
	k->refuse = 0;
	k->not_uimkey = 0;
	k->lose_at_open = 0;
	k->fc.io.busy = 0;
	k->fc.io.reset_at = 0;
	k->fc.io.reset_tx_at = 0;
}

/* The card (blank memory, rng seed 7) with the channel layer in front. */
static inline int
chan_emul_start(void)
{
	if ((k = calloc(1, sizeof(*k))) == NULL)
		return -1;
	ram_memory_blank(&k->fc.memory, 1);
	if (fake_card_start(&k->fc, 7, 0) != UIMKEY_CARD_OK)
		return -1;
	k->fc.io.before = chan_before;
	return 0;
}

#endif
