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
#include "tests/unit/mem_card.h"

#define PF_READER        "Test Reader 00"
#define PF_SECRETS_MAX   32
#define PF_WINDOW        16
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
	const uint8_t *secrets[PF_SECRETS_MAX];
	size_t secret_lens[PF_SECRETS_MAX];
	unsigned secret_count, leaks, scanned;
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

static inline int
pf_contains(const uint8_t *hay, size_t n, const uint8_t *needle, size_t k)
{
	size_t i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return 1;
	return 0;
}

/* Does the answer so far hold any window of a registered secret? */
static inline void
pf_scan(struct piv_fake *f)
{
	size_t s, w;

	f->scanned++;
	for (s = 0; s < f->secret_count; s++)
		for (w = 0; w + PF_WINDOW <= f->secret_lens[s]; w++)
			if (pf_contains(f->answer, f->answer_len,
			    f->secrets[s] + w, PF_WINDOW)) {
				f->leaks++;
				return;
			}
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
	pf_scan(f);
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

static inline void
pf_close(uimkey_ctx_t **ctx, uimkey_dev_t **dev)
{
	uimkey_dev_free(dev);
	uimkey_ctx_free(ctx);
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
	if (pf->secret_count < PF_SECRETS_MAX && len >= PF_WINDOW) {
		pf->secrets[pf->secret_count] = s;
		pf->secret_lens[pf->secret_count++] = len;
	}
}

/* The wire checks every test program ends with. */
static inline void
pf_wire_checks(void)
{
	char msg[128];

	snprintf(msg, sizeof(msg), "no extended APDU was sent (%u APDUs, "
	    "%u chained parts, longest %zu bytes)", pf->apdus, pf->chained,
	    pf->longest);
	check(pf->extended == 0 && pf->too_long == 0, msg);
	snprintf(msg, sizeof(msg), "no answer held a registered secret "
	    "(%u secrets, %u answers scanned)", pf->secret_count, pf->scanned);
	check(pf->leaks == 0, msg);
}

/* The management key every fresh card has (3DES 0102..08 x3). */
static const uint8_t pf_default_mgmt[24] = {
	1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8
};

#endif
