/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A fake PC/SC transport (host/uimkey_io.h) for libuimkey and the
 * PKCS#11 module in tests: the "card" behind it is the card core in
 * process, or whatever a hook answers (a fuzzer's script, a lie).
 *
 *   readers      the list as PC/SC gives it, each name ending in NUL
 *                (NULL: the one reader FAKE_READER); readers_raw: the
 *                bytes as a fuzzer gives them, cut to fit and ended
 *                with two NULs
 *   card_reader  the reader holding the card; another listed one is
 *                empty (NULL: every reader listed holds it)
 *   absent       no card anywhere
 *   require_tx   every exchange on the basic channel (class byte with
 *                no channel bits) must be inside a transaction
 *   reset_at     the begin number that says another program reset the
 *                card (UIMKEY_ERR_CARD_RESET); 0: none
 *   reset_tx_at  the transmit number that says so (the command is then
 *                not carried out, as PC/SC does); 0: none
 *   busy         so many begins and exchanges outside a transaction
 *                are refused with UIMKEY_ERR_SHARING (another program's
 *                transaction)
 *   max_transmits  exchanges that work (0: no limit)
 *   before       called for each command first: FAKE_PASS to go on to
 *                the card, or the transmit's own answer (UIMKEY_OK with
 *                r and *rlen filled, or an error)
 *   after        called with each answer of the card (may change it)
 * The wire counters say what the client sent.
 */
#ifndef UIMKEY_TEST_SUPPORT_FAKE_IO_H
#define UIMKEY_TEST_SUPPORT_FAKE_IO_H

#include <stddef.h>
#include <stdint.h>

#include "card/card.h"
#include "host/uimkey.h"
#include "tests/support/ram_memory.h"
#include "tests/support/test_rng.h"
#include "vsmartcard/host_rng.h"

#define FAKE_READER  "Test Reader 00"
#define FAKE_PASS    1

/* What the client sent. */
struct fake_wire {
	unsigned apdus, selects, chained, extended, too_long;
	unsigned no_tx;                 /* sent outside a transaction */
	size_t longest;
	uint8_t last[300];              /* the last command APDU */
	size_t last_len;
};

struct fake_io {
	const char *readers;
	size_t readers_len;
	int readers_raw;
	const char *card_reader;
	int absent;
	int require_tx;
	unsigned reset_at;
	unsigned reset_tx_at;
	unsigned busy;
	unsigned max_transmits;
	uimkey_card *card;              /* NULL: only before answers */
	int (*before)(struct fake_io *io, const uint8_t *c, size_t clen,
	    uint8_t *r, size_t *rlen);
	void (*after)(struct fake_io *io, const uint8_t *c, size_t clen,
	    uint8_t *r, size_t rlen);
	void *user;                     /* the hooks' own */
	/* state */
	int in_tx;
	unsigned begins, transmits, refused;
	struct fake_wire wire;
};

extern const uimkey_io_t fake_io_vtable;

/* One reader FAKE_READER holding card, transactions required, no hook. */
void fake_io_init(struct fake_io *io, uimkey_card *card);

/* *ctx and *dev new, the context on io, the device open on the card's
 * reader; UIMKEY_OK or the first error (both freed then). */
int fake_io_open(struct fake_io *io, uimkey_ctx_t **ctx, uimkey_dev_t **dev);

/* A card core on a RAM memory, behind a fake transport.  device: the
 * card's device service (NULL: test_device_default()). */
struct fake_card {
	const uimkey_device_class **device;
	struct ram_memory memory;
	struct test_rng rng;
	host_rng os_rng;
	uimkey_card card;
	struct fake_io io;
};

/* Start fc's card on what fc->memory holds, with the counter rng from
 * seed, or the operating system's source when os_rng; powered on, and
 * fc->io (fake_io_init) in front of it.  uimkey_card_init()'s result. */
int fake_card_start(struct fake_card *fc, uint8_t seed, int os_rng);

#endif
