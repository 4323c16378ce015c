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
 *   authentication, or pretend GET METADATA does not exist.
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
#include "tests/support/channel_cla.h"
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
	/* the answer of the current command, all parts joined */
	uint8_t answer[PF_ANSWER_MAX];
	size_t answer_len;
	struct leak_watch watch;        /* each answer scanned for secrets */
};

static struct piv_fake *pf;
/* Secure messaging for the devices pf_open() makes: off unless a test
 * turns it on (1), or leaves libuimkey's default (-1). */
static int pf_secure;

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

/* The card that does not know GET METADATA. */
static inline int
pf_before(struct fake_io *io, const uint8_t *c, size_t clen, uint8_t *r,
    size_t *rlen)
{
	struct piv_fake *f = io->user;

	if (f->no_metadata && clen > 1 && c[1] == UIMKEY_INS_GET_METADATA) {
		r[0] = 0x6D;
		r[1] = 0x00;
		*rlen = 2;
		return UIMKEY_OK;
	}
	return FAKE_PASS;
}

/* Hooks a test puts in front of the card before the device opens
 * (NULL: the fake's own, which these should call in turn). */
static int (*pf_hook_before)(struct fake_io *, const uint8_t *, size_t,
    uint8_t *, size_t *);
static void (*pf_hook_after)(struct fake_io *, const uint8_t *, size_t,
    uint8_t *, size_t);

/* A factory-fresh card, a context on the fake and a device opened on
 * it; with basic, on channel 0 whatever the card gives.  The open's
 * result. */
static inline int
pf_try_open(uimkey_ctx_t **ctx, uimkey_dev_t **dev, int basic)
{
	int r;

	if (pf == NULL && (pf = calloc(1, sizeof(*pf))) == NULL)
		abort();
	memset(pf, 0, sizeof(*pf));
	ram_memory_blank(&pf->fc.memory, 1);
	if (fake_card_start(&pf->fc, 7, 0) != UIMKEY_CARD_OK)
		abort();
	pf->fc.io.before = pf_hook_before != NULL ? pf_hook_before : pf_before;
	pf->fc.io.after = pf_hook_after != NULL ? pf_hook_after : pf_after;
	pf->fc.io.user = pf;
	pf->basic = basic;
	*ctx = uimkey_ctx_new();
	*dev = uimkey_dev_new();
	if (*ctx == NULL || *dev == NULL)
		abort();
	if (basic)
		uimkey_dev_force_basic(*dev);
	/* The wire's tests see plain APDUs; test_host_sm.c the others. */
	if (pf_secure >= 0)
		uimkey_dev_set_secure(*dev, pf_secure);
	if ((r = uimkey_ctx_set_io(*ctx, &fake_io_vtable, &pf->fc.io)) ==
	    UIMKEY_OK && (r = uimkey_ctx_open(*ctx)) == UIMKEY_OK)
		r = uimkey_dev_open(*dev, *ctx, PF_READER);
	return r;
}

/* The same, which must work. */
static inline void
pf_open(uimkey_ctx_t **ctx, uimkey_dev_t **dev, int basic)
{
	check(pf_try_open(ctx, dev, basic) == UIMKEY_OK,
	    "device open on a factory-fresh card in process");
	printf("# %s: channel %d\n", basic ? "forced to the basic channel" :
	    "the channel the card gives", uimkey_dev_channel(*dev));
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
	return cla_for(UIMKEY_CLA_ISO, (unsigned)uimkey_dev_channel(dev));
}

/* Another program reset the card: everything proven is forgotten. */
static inline void
pf_card_reset(void)
{
	uimkey_card_reset(&pf->fc.card);
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
