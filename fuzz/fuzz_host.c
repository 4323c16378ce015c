/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_host: a malicious card.  libuimkey (and the PKCS#11 module on top
 * of it) over a transport whose answers are the fuzzer's bytes: SELECT,
 * GET VERSION/SERIAL at open, metadata, certificates, attestations,
 * data objects, GET RESPONSE chains, signatures, lock state...
 *
 * Input:
 *   byte 0   flags (fz_host.h): reader list from the input, card
 *            absent, the begin that reports "card reset" (bits 2-4)
 *   byte 1   number of operations (mod FZ_HOST_OPS_MAX + 1)
 *   then     2 bytes per operation (fz_host.c: op, arg)
 *   then     with FZ_HF_READERS, one item: the reader names
 *   then     the card's answers, one item each (fz_io.h: L < FF then L
 *            bytes, or FF HH LL then HHLL bytes), data and status word;
 *            when they run out the card is gone.
 *
 * Nothing is checked but the sanitizers: no answer may make the host
 * read or write out of bounds, leak, or hit undefined behaviour.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fz_host.h"
#include "fuzz/fz_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_io io;
	const uint8_t *p = data, *end = data + size, *ops, *names;
	size_t nops;
	uint8_t flags;

	if (size < 2)
		return 0;
	flags = p[0];
	nops = p[1] % (FZ_HOST_OPS_MAX + 1);
	p += 2;
	if (nops > (size_t)(end - p) / 2)
		nops = (size_t)(end - p) / 2;
	ops = p;
	p += 2 * nops;
	fz_io_init(&io, 0);
	io.p = p;
	io.end = end;
	io.fake.absent = (flags & FZ_HF_ABSENT) != 0;
	io.fake.reset_at = (flags >> FZ_HF_RESET_SH) & 7;
	if (flags & FZ_HF_READERS) {
		io.fake.readers_raw = 1;
		io.fake.readers_len = 0;
		if (fz_io_take(&io, &names, &io.fake.readers_len))
			io.fake.readers = (const char *)names;
		else
			io.fake.readers = (const char *)p;
	}
	fz_random_next = 0x5A;
	fz_io_wrap_all = &io;
	fz_host_run(&io, flags, ops, nops);
	fz_io_wrap_all = NULL;
	return 0;
}
