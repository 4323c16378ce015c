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
	/* the answer of the current command, all parts joined */
	uint8_t answer[PF_ANSWER_MAX];
	size_t answer_len;
	struct leak_watch watch;        /* each answer scanned for secrets */
};

static struct piv_fake *pf;

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

/* A factory-fresh card, a context on the fake and a device open on it. */
static inline void
pf_open(uimkey_ctx_t **ctx, uimkey_dev_t **dev)
{
	if (pf == NULL && (pf = calloc(1, sizeof(*pf))) == NULL)
		abort();
	memset(pf, 0, sizeof(*pf));
	ram_memory_blank(&pf->fc.memory, 1);
	if (fake_card_start(&pf->fc, 7, 0) != UIMKEY_CARD_OK)
		abort();
	pf->fc.io.before = pf_before;
	pf->fc.io.after = pf_after;
	pf->fc.io.user = pf;
	check(fake_io_open(&pf->fc.io, ctx, dev) == UIMKEY_OK,
	    "device open on a factory-fresh card in process");
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

/* The end of every test program: the wire checks, the device and the
 * context closed, the fake freed; the exit status. */
static inline int
pf_done(uimkey_ctx_t **ctx, uimkey_dev_t **dev)
{
	char msg[128];

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
	return check_done();
}

/* A test program's parts, run in order on the one device. */
typedef void (*pf_part)(void);

/* pf_open(), each of the n parts, pf_done(): the exit status. */
static inline int
pf_run(uimkey_ctx_t **ctx, uimkey_dev_t **dev, const pf_part *parts,
    size_t n)
{
	size_t i;

	pf_open(ctx, dev);
	for (i = 0; i < n; i++)
		parts[i]();
	return pf_done(ctx, dev);
}
#define PF_RUN(ctx, dev, parts) \
	pf_run((ctx), (dev), (parts), sizeof(parts) / sizeof((parts)[0]))

/* The management key every fresh card has (3DES 0102..08 x3). */
static const uint8_t pf_default_mgmt[24] = {
	1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8
};

#endif
