/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The PIV client's unit tests: libuimkey over an injected transport that
 * hands every APDU to the real card core in process (as test_host.c
 * does), and watches the wire:
 * - counts APDUs, chained parts (CLA 10) and extended APDUs (never
 *   allowed: the client sends short APDUs only), the longest command;
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
#include "tests/unit/check.h"
#include "tests/unit/leak_scan.h"
#include "tests/unit/mem_card.h"

#define PF_READER        "Test Reader 00"
#define PF_ANSWER_MAX    16384

struct piv_fake {
	struct mem_store store;
	struct counter_rng rng;
	uimkey_card card;
	int in_tx;
	/* what the client sent */
	unsigned apdus, chained, extended, too_long;
	size_t longest;
	uint8_t last[300];              /* the last command APDU */
	size_t last_len;
	/* lies */
	int lie_82;                     /* flip a byte of 7C { 82 } of 9B */
	int no_metadata;                /* answer F7 with 6D00 */
	/* the answer of the current command, all parts joined */
	uint8_t answer[PF_ANSWER_MAX];
	size_t answer_len;
	struct leak_watch watch;        /* each answer scanned for secrets */
};

static struct piv_fake *pf;

static inline int
pf_establish(void *arg, void **ctx)
{
	*ctx = arg;
	return UIMKEY_OK;
}

static inline void
pf_release(void *ctx)
{
	(void)ctx;
}

static inline int
pf_list(void *ctx, char *buf, size_t *len)
{
	static const char names[] = PF_READER "\0";

	(void)ctx;
	if (*len < sizeof(names))
		return UIMKEY_ERR_RSP_TOO_LONG;
	memcpy(buf, names, sizeof(names));
	*len = sizeof(names);
	return UIMKEY_OK;
}

static inline int
pf_present(void *ctx, const char *reader, int *present)
{
	(void)ctx;
	*present = strcmp(reader, PF_READER) == 0;
	return UIMKEY_OK;
}

static inline int
pf_connect(void *ctx, const char *reader, void **card)
{
	if (strcmp(reader, PF_READER) != 0)
		return UIMKEY_ERR_NO_READER;
	*card = ctx;
	return UIMKEY_OK;
}

static inline void
pf_disconnect(void *card)
{
	(void)card;
}

static inline int
pf_begin(void *card)
{
	((struct piv_fake *)card)->in_tx = 1;
	return UIMKEY_OK;
}

static inline int
pf_end(void *card)
{
	((struct piv_fake *)card)->in_tx = 0;
	return UIMKEY_OK;
}

/* An extended APDU: a 00 where the first length byte would be, with
 * more bytes after it. */
static inline int
pf_is_extended(const uint8_t *c, size_t clen)
{
	return clen > 5 && c[4] == 0x00;
}

static inline int
pf_transmit(void *card, const uint8_t *c, size_t clen, uint8_t *r,
    size_t *rlen)
{
	struct piv_fake *f = card;
	size_t n;

	if (!f->in_tx || *rlen < UIMKEY_CARD_RSP_MAX)
		return UIMKEY_ERR_TX;   /* every exchange must be transacted */
	f->apdus++;
	if (clen > f->longest)
		f->longest = clen;
	if (clen > 4 + 1 + 255 + 1)
		f->too_long++;
	if (pf_is_extended(c, clen))
		f->extended++;
	if (clen > 0 && c[0] == UIMKEY_CLA_CHAIN)
		f->chained++;
	f->last_len = clen < sizeof(f->last) ? clen : sizeof(f->last);
	memcpy(f->last, c, f->last_len);
	if (f->no_metadata && clen > 1 && c[1] == UIMKEY_INS_GET_METADATA) {
		r[0] = 0x6D;
		r[1] = 0x00;
		*rlen = 2;
		return UIMKEY_OK;
	}
	n = uimkey_card_process(&f->card, c, clen, r);
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
	*rlen = n;
	return UIMKEY_OK;
}

static const uimkey_io_t pf_io = {
	.establish = pf_establish, .release = pf_release,
	.list_readers = pf_list, .card_present = pf_present,
	.connect = pf_connect, .disconnect = pf_disconnect,
	.begin = pf_begin, .end = pf_end, .transmit = pf_transmit,
};

/* A factory-fresh card, a context on the fake and a device open on it. */
static inline void
pf_open(uimkey_ctx_t **ctx, uimkey_dev_t **dev)
{
	if (pf == NULL && (pf = calloc(1, sizeof(*pf))) == NULL)
		abort();
	memset(pf, 0, sizeof(*pf));
	mem_store_blank(&pf->store);
	counter_rng_init(&pf->rng, 7);
	if (uimkey_card_init(&pf->card, &pf->store.vtable, &pf->rng.vtable) !=
	    UIMKEY_CARD_OK)
		abort();
	uimkey_card_power_on(&pf->card);
	*ctx = uimkey_ctx_new();
	*dev = uimkey_dev_new();
	check(*ctx != NULL && *dev != NULL &&
	    uimkey_ctx_set_io(*ctx, &pf_io, pf) == UIMKEY_OK &&
	    uimkey_ctx_open(*ctx) == UIMKEY_OK &&
	    uimkey_dev_open(*dev, *ctx, PF_READER) == UIMKEY_OK,
	    "device open on a factory-fresh card in process");
}

/* Another program reset the card: everything proven is forgotten. */
static inline void
pf_card_reset(void)
{
	uimkey_card_reset(&pf->card);
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

	snprintf(msg, sizeof(msg), "no extended APDU was sent (%u APDUs, "
	    "%u chained parts, longest %zu bytes)", pf->apdus, pf->chained,
	    pf->longest);
	check(pf->extended == 0 && pf->too_long == 0, msg);
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

/* The management key every fresh card has (3DES 0102..08 x3). */
static const uint8_t pf_default_mgmt[24] = {
	1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8
};

#endif
