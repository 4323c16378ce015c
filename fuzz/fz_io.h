/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The fuzz targets' transport (host/uimkey_io.h) under libuimkey and the
 * PKCS#11 module.  The "card" behind it is either
 *   - a script: the answers come from the fuzzer's bytes, in order
 *     (fuzz_host: a malicious card), or
 *   - the real card core in process (fz_card.h), optionally recording
 *     every answer (the seeds of fuzz_host are such recordings).
 *
 * The PKCS#11 module makes its own context at C_Initialize; the fuzz
 * build links with -Wl,--wrap=uimkey_ctx_open, so that every context
 * opened gets this transport (fz_io_wrap_all).
 */
#ifndef UIMKEY_FUZZ_IO_H
#define UIMKEY_FUZZ_IO_H

#include <stddef.h>
#include <stdint.h>

#include "host/uimkey.h"

#define FZ_READER "Fuzz Reader 00"

struct fz_io {
	int use_card;                   /* 1: fz_card; 0: script */
	/* script: answers as items (L < FF: L bytes; FF HH LL: HHLL bytes) */
	const uint8_t *p, *end;
	/* reader list: NULL for the one reader FZ_READER */
	const uint8_t *readers;
	size_t readers_len;
	int absent;                     /* card_present says no card */
	unsigned reset_at;              /* begin number that reports a reset */
	unsigned begins, transmits;
	unsigned max_transmits;         /* 0: no limit */
	/* recording of the card's answers (use_card), as script items */
	uint8_t *rec;
	size_t rec_len, rec_cap;
	int in_tx;
};

extern const uimkey_io_t fz_io_vtable;
/* The transport every context opened from now gets (NULL: keep PC/SC). */
extern struct fz_io *fz_io_wrap_all;

/* The next byte getrandom() gives in the fuzz build (-Wl,--wrap=getrandom):
 * reset it before each input so that the input replays the same. */
extern uint8_t fz_random_next;

/* Script item encoding (also used by the seed generator). */
size_t fz_item_put(uint8_t *out, size_t cap, const uint8_t *b, size_t len);

#endif
