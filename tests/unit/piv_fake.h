/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The PIV client's unit tests: libuimkey over an injected transport that
 * hands every APDU to the real card core in process (as test_host.c
 * does), and watches the wire:
 * - counts APDUs, chained parts (CLA 10) and extended APDUs, the
 *   longest command: on the basic channel the client sends short APDUs
 *   only, on a uimkey's channel of its own never a chained part;
 * - joins each command's answer (61xx parts) and scans it for any
 *   16-byte window of a registered secret (private keys imported);
 * - can lie: corrupt the card's answer 82 of the management key
 *   authentication, or pretend GET METADATA does not exist;
 * - plays the card's logical channels (MANAGE CHANNEL, 6881) in front of
 *   a core that has none, so the client's path on a channel of its own
 *   (extended APDUs, no transaction) meets the real commands.
 * Every program's parts run twice (pf_run): on the channel the device
 * takes, then forced to the basic channel (uimkey_dev_force_basic()).
 * Helpers are static inline so each test program uses what it needs.
 */
#ifndef UIMKEY_TEST_PIV_FAKE_H
#define UIMKEY_TEST_PIV_FAKE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card/card.h"
#include "card/wire.h"
#include "host/uimkey.h"
#include "tests/support/check.h"
#include "tests/unit/leak_scan.h"
#include "tests/support/fake_io.h"

#define PF_READER        FAKE_READER
#define PF_ANSWER_MAX    16384

struct piv_fake {
	struct fake_card fc;            /* the card, its memory, the wire */
	/* lies */
	int lie_82;                     /* flip a byte of 7C { 82 } of 9B */
	int no_metadata;                /* answer F7 with 6D00 */
	int basic;                      /* the device forced to channel 0 */
	int emulate;                    /* channels played here (the core
	                                   has none) */
	uint32_t chans;                 /* bit n: channel n open */
	/* the answer of the current command, all parts joined */
	uint8_t answer[PF_ANSWER_MAX];
	size_t answer_len;
	struct leak_watch watch;        /* each answer scanned for secrets */
};

static struct piv_fake *pf;

static inline void
pf_after(struct fake_io *io, const uint8_t *c, size_t clen, uint8_t *r,
    size_t n)
{
	struct piv_fake *f = io->user;

	/* The lying card: its proof of the management key is wrong. */
	if (f->lie_82 && clen > 4 && c[1] == UIMKEY_INS_GEN_AUTH &&
	    c[3] == 0x9B && n > 6 && r[0] == 0x7C && r[2] == 0x82)
		r[n - 3] ^= 0x01;
	if (clen > 1 && c[1] != UIMKEY_INS_GET_RESPONSE)
		f->answer_len = 0;
	if (f->answer_len + n - 2 <= sizeof(f->answer)) {
		memcpy(f->answer + f->answer_len, r, n - 2);
		f->answer_len += n - 2;
	}
	leak_watch_scan(&f->watch, f->answer, f->answer_len);
}

static inline int
pf_sw(uint8_t *r, size_t *rlen, uint16_t sw)
{
	r[0] = (uint8_t)(sw >> 8);
	r[1] = (uint8_t)sw;
	*rlen = 2;
	return UIMKEY_OK;
}

/* MANAGE CHANNEL on channel ch: open (the lowest free) or close. */
static inline int
pf_manage(struct piv_fake *f, int ch, const uint8_t *c, uint8_t *r,
    size_t *rlen)
{
	unsigned n;

	if (c[2] == 0x00 && c[3] == 0x00) {
		for (n = 1; n < 19 && (f->chans >> n & 1); n++)
			;
		f->chans |= 1u << n;
		r[0] = (uint8_t)n;
		r[1] = 0x90;
		r[2] = 0x00;
		*rlen = 3;
		return UIMKEY_OK;
	}
	if (c[2] == 0x80 && c[3] == 0x00 && ch != 0) {
		f->chans &= ~(1u << ch);
		return pf_sw(r, rlen, UIMKEY_SW_OK);
	}
	return pf_sw(r, rlen, 0x6A86);
}

/*
 * The logical channels of the wire played in front of a core that has
 * none, so that the client's path on a channel of its own runs against
 * the real commands: a channel not opened here is refused (6881), an
 * opened one reaches the core as channel 0.
 */
static inline int
pf_channels(struct piv_fake *f, const uint8_t *c, size_t clen, uint8_t *r,
    size_t *rlen)
{
	uint8_t cmd[UIMKEY_CARD_CMD_MAX];
	size_t n;
	int ch;

	if (clen < 4 || (c[0] & 0x80) != 0 || clen > sizeof(cmd))
		return FAKE_PASS;
	ch = (c[0] & 0x40) ? 4 + (c[0] & 0x0F) : c[0] & 0x03;
	if (ch != 0 && !(f->chans >> ch & 1))
		return pf_sw(r, rlen, UIMKEY_SW_CHANNEL_UNSUPP);
	if (c[1] == 0x70)
		return pf_manage(f, ch, c, r, rlen);
	if (ch == 0)
		return FAKE_PASS;
	memcpy(cmd, c, clen);
	cmd[0] = c[0] & 0x10;
	n = uimkey_card_process(&f->fc.card, cmd, clen, r);
	pf_after(&f->fc.io, cmd, clen, r, n);
	memset(cmd, 0, sizeof(cmd));
	*rlen = n;
	return UIMKEY_OK;
}

/* The card that does not know GET METADATA; the channels. */
static inline int
pf_before(struct fake_io *io, const uint8_t *c, size_t clen, uint8_t *r,
    size_t *rlen)
{
	struct piv_fake *f = io->user;

	if (f->no_metadata && clen > 1 && c[1] == UIMKEY_INS_GET_METADATA)
		return pf_sw(r, rlen, UIMKEY_SW_INS_UNSUPP);
	if (f->emulate)
		return pf_channels(f, c, clen, r, rlen);
	return FAKE_PASS;
}

/* Whether the core has channels of its own; else they are played here. */
static inline void
pf_probe_channels(struct piv_fake *f)
{
	uint8_t open[5] = { 0x00, 0x70, 0x00, 0x00, 0x01 };
	uint8_t close[4] = { 0x00, 0x70, 0x80, 0x00 };
	uint8_t r[UIMKEY_CARD_RSP_MAX];
	size_t n;

	n = uimkey_card_process(&f->fc.card, open, sizeof(open), r);
	f->emulate = n == 2 && r[0] == 0x6D && r[1] == 0x00;
	f->chans = 1;
	if (n == 3 && r[1] == 0x90 && r[0] > 0 && r[0] < 20) {
		close[0] = r[0] < 4 ? r[0] : (uint8_t)(0x40 | (r[0] - 4));
		(void)uimkey_card_process(&f->fc.card, close, sizeof(close), r);
	}
}

/* A factory-fresh card, a context on the fake and a device open on it;
 * with basic, on channel 0 whatever the card gives. */
static inline void
pf_open(uimkey_ctx_t **ctx, uimkey_dev_t **dev, int basic)
{
	if (pf == NULL && (pf = calloc(1, sizeof(*pf))) == NULL)
		abort();
	memset(pf, 0, sizeof(*pf));
	ram_memory_blank(&pf->fc.memory, 1);
	if (fake_card_start(&pf->fc, 7, 0) != UIMKEY_CARD_OK)
		abort();
	pf_probe_channels(pf);
	pf->fc.io.before = pf_before;
	pf->fc.io.after = pf_after;
	pf->fc.io.user = pf;
	pf->basic = basic;
	*ctx = uimkey_ctx_new();
	*dev = uimkey_dev_new();
	if (*ctx == NULL || *dev == NULL)
		abort();
	if (basic)
		uimkey_dev_force_basic(*dev);
	check(uimkey_ctx_set_io(*ctx, &fake_io_vtable, &pf->fc.io) ==
	    UIMKEY_OK && uimkey_ctx_open(*ctx) == UIMKEY_OK &&
	    uimkey_dev_open(*dev, *ctx, PF_READER) == UIMKEY_OK,
	    "device open on a factory-fresh card in process");
	printf("# %s: channel %d%s\n", basic ? "forced to the basic channel" :
	    "the channel the card gives", uimkey_dev_channel(*dev),
	    pf->emulate && !basic ? " (played by the fake: the core has "
	    "none)" : "");
}

/* Whether the device sends one extended APDU per command. */
static inline int
pf_ext(uimkey_dev_t *dev)
{
	return uimkey_dev_uses_ext_apdu(dev);
}

/* The data field of the last command on the wire, short or extended. */
static inline int
pf_last_data(const uint8_t **d, size_t *len)
{
	const uint8_t *c = pf->fc.io.wire.last;
	size_t n = pf->fc.io.wire.last_len;

	if (n > 7 && c[4] == 0x00) {
		*len = (size_t)c[5] << 8 | c[6];
		*d = c + 7;
		return 7 + *len <= n;
	}
	if (n > 5) {
		*len = c[4];
		*d = c + 5;
		return 5 + *len <= n;
	}
	return 0;
}

/* The class byte of a class 00 command on the device's channel, as the
 * card gets it. */
static inline uint8_t
pf_cla(uimkey_dev_t *dev)
{
	int ch = uimkey_dev_channel(dev);

	return ch < 4 ? (uint8_t)ch : (uint8_t)(0x40 | (ch - 4));
}

/* Another program reset the card: everything proven is forgotten. */
static inline void
pf_card_reset(void)
{
	uimkey_card_reset(&pf->fc.card);
	pf->chans = 1;
}

static inline void
pf_secret(const uint8_t *s, size_t len)
{
	leak_watch_add(&pf->watch, s, len);
}

/* The end of a run: the wire checks, the device and the context closed,
 * the fake freed. */
static inline void
pf_close(uimkey_ctx_t **ctx, uimkey_dev_t **dev)
{
	char msg[160];

	/* On a uimkey's channel one extended APDU per command; on the
	 * basic channel short APDUs only, long data chained. */
	if (uimkey_dev_uses_ext_apdu(*dev)) {
		snprintf(msg, sizeof(msg), "no chained part was sent on the "
		    "channel (%u APDUs, %u extended, longest %zu bytes)",
		    pf->fc.io.wire.apdus, pf->fc.io.wire.extended,
		    pf->fc.io.wire.longest);
		check(pf->fc.io.wire.chained == 0, msg);
	} else {
		snprintf(msg, sizeof(msg), "no extended APDU was sent (%u "
		    "APDUs, %u chained parts, longest %zu bytes)",
		    pf->fc.io.wire.apdus, pf->fc.io.wire.chained,
		    pf->fc.io.wire.longest);
		check(pf->fc.io.wire.extended == 0 &&
		    pf->fc.io.wire.too_long == 0, msg);
	}
	snprintf(msg, sizeof(msg), "no answer held a registered secret "
	    "(%u secrets, %u answers scanned)", pf->watch.count,
	    pf->watch.scanned);
	check(pf->watch.leaks == 0, msg);
	uimkey_dev_free(dev);
	uimkey_ctx_free(ctx);
	free(pf);
	pf = NULL;
}

/* A test program's parts, run in order on the one device. */
typedef void (*pf_part)(void);

/*
 * Each of the n parts in order, twice on a factory-fresh card: with the
 * device as the card takes it (on a uimkey that gives channels, its own
 * channel and extended APDUs), then forced to the basic channel (short
 * APDUs, chaining, GET RESPONSE).  The exit status.
 */
static inline int
pf_run(uimkey_ctx_t **ctx, uimkey_dev_t **dev, const pf_part *parts,
    size_t n)
{
	size_t i;
	int basic;

	for (basic = 0; basic <= 1; basic++) {
		pf_open(ctx, dev, basic);
		for (i = 0; i < n; i++)
			parts[i]();
		pf_close(ctx, dev);
	}
	return check_done();
}
#define PF_RUN(ctx, dev, parts) \
	pf_run((ctx), (dev), (parts), sizeof(parts) / sizeof((parts)[0]))

/* The management key every fresh card has (3DES 0102..08 x3). */
static const uint8_t pf_default_mgmt[24] = {
	1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8
};

#endif
