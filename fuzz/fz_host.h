/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_host's operations: libuimkey's calls (and a tour of the PKCS#11
 * module) on a device over the fuzz transport.  The same runner makes
 * the seeds, with the real card behind the transport.
 *
 * An operation is two bytes, op and arg; FZ_HOST_OPS kinds.
 */
#ifndef UIMKEY_FUZZ_HOST_H
#define UIMKEY_FUZZ_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "fuzz/fz_io.h"

#define FZ_HOST_OPS      30
#define FZ_HOST_OPS_MAX  32

/* Flags (first input byte). */
#define FZ_HF_READERS    0x01   /* the first item is the reader list */
#define FZ_HF_ABSENT     0x02   /* no card in the reader */
#define FZ_HF_RESET_SH   2      /* bits 2-4: begin that reports a reset */

/* Take the next script item (fz_io.c); 0 when none. */
int fz_io_take(struct fz_io *io, const uint8_t **b, size_t *len);

/* Open a device and run the operations. */
void fz_host_run(struct fz_io *io, uint8_t flags, const uint8_t *ops,
    size_t nops);

#endif
