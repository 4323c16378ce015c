/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The fuzz targets' transport (host/uimkey_io.h) under libuimkey and the
 * PKCS#11 module.  The "card" behind it is either
 *   - a script: the answers come from the fuzzer's bytes, in order
 *     (fuzz_host: a malicious card), or
 *   - the real card core in process (fz_card.h), optionally recording
 *     every answer (the seeds of fuzz_host are such recordings).
 *
 * The transport is tests/support/fake_io.h; this adds the script and the
 * recording.  The PKCS#11 module makes its own context at C_Initialize; the fuzz
 * build links with -Wl,--wrap=uimkey_ctx_open, so that every context
 * opened gets this transport (fz_io_wrap_all).
 */
#ifndef UIMKEY_FUZZ_IO_H
#define UIMKEY_FUZZ_IO_H

#include <stddef.h>
#include <stdint.h>

#include "host/uimkey.h"
#include "tests/support/fake_io.h"

#define FZ_READER "Fuzz Reader 00"

struct fz_io {
	struct fake_io fake;            /* first: the transport's context */
	/* script: answers as items (L < FF: L bytes; FF HH LL: HHLL bytes) */
	const uint8_t *p, *end;
	/* recording of the card's answers (the card behind), as script
	 * items */
	uint8_t *rec;
	size_t rec_len, rec_cap;
};

/* io zeroed, the one reader FZ_READER (io->fake.readers may name others,
 * as a fuzzer gives them: readers_raw), no transactions needed; the card
 * behind it fz_card (use_card) or the script. */
void fz_io_init(struct fz_io *io, int use_card);

/* The transport every context opened from now gets (NULL: keep PC/SC). */
extern struct fz_io *fz_io_wrap_all;

/* The next byte getrandom() gives in the fuzz build (-Wl,--wrap=getrandom):
 * reset it before each input so that the input replays the same. */
extern uint8_t fz_random_next;

/* Script item encoding (also used by the seed generator). */
size_t fz_item_put(uint8_t *out, size_t cap, const uint8_t *b, size_t len);

#endif
