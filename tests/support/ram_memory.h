/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card's memory in RAM, for every test program, fuzz target and
 * benchmark that runs the card core in process, with the faults they
 * need:
 * - reads, writes or syncs that fail (fail_read, fail_write, fail_sync,
 *   or the sync number fail_sync_at); a failed sync loses what was not
 *   synced when the durable copy is kept;
 * - a power cut at the n-th write from now (ram_memory_arm_cut): that
 *   write is torn (only a prefix of its bytes lands, see RAM_TEAR_*) and
 *   fails, and every later write and sync fails, as if power went while
 *   the card kept running; ram_memory_reboot() then keeps what landed:
 *     RAM_PREFIX  every write before the torn one landed (the medium
 *                 kept them in order, synced or not);
 *     RAM_SYNCED  only what the last sync made durable, plus the torn
 *                 write: writes since the sync are lost.
 * Without the durable copy (keep_durable 0) a write is one memcpy and
 * a sync a counter: the fuzz targets and the benchmarks time the card
 * core, not this.  Every write also widens [lo, hi), the range written
 * since ram_memory_clean(), so a caller can undo exactly that.
 */
#ifndef UIMKEY_TEST_SUPPORT_RAM_MEMORY_H
#define UIMKEY_TEST_SUPPORT_RAM_MEMORY_H

#include <stddef.h>
#include <stdint.h>

#include "card/memory.h"

/* How much of the torn write lands.  With RAM_SYNCED, RAM_TEAR_WHOLE is
 * a write that landed while the unsynced ones before it did not. */
#define RAM_TEAR_NONE        0   /* none of it */
#define RAM_TEAR_ONE         1   /* its first byte */
#define RAM_TEAR_HALF        2   /* its first half */
#define RAM_TEAR_ALL_BUT_ONE 3   /* all but its last byte */
#define RAM_TEAR_WHOLE       4   /* all of it: the cut comes right after */
#define RAM_TEARS            5

/* What else lands at a cut (see above). */
#define RAM_PREFIX           0
#define RAM_SYNCED           1
#define RAM_MODELS           2

struct ram_memory {
	const uimkey_memory_class *vtable;      /* first: the core's view */
	uint8_t mem[UIMKEY_MEMORY_SIZE];         /* what reads see */
	uint8_t durable[UIMKEY_MEMORY_SIZE];     /* at the last sync, if kept */
	int keep_durable;
	size_t lo, hi;                  /* written since ram_memory_clean() */
	unsigned long writes;           /* writes that were tried */
	unsigned long syncs;            /* syncs that worked */
	unsigned long sync_calls;       /* syncs asked for, failed ones too */
	/* faults */
	int fail_read, fail_write, fail_sync;
	unsigned long fail_sync_at;     /* sync_calls number that fails; 0 none */
	unsigned long cut_at;           /* write number that tears; 0 none */
	int tear, model;
	int cut;                        /* the power is gone */
	/* after each sync that worked, with its sync_calls number */
	void (*on_sync)(struct ram_memory *m, unsigned long call);
};

extern const uimkey_memory_class ram_memory_vtable;

/* A never-written memory (erased bytes), no fault armed, counters 0. */
void ram_memory_blank(struct ram_memory *m, int keep_durable);
/* The same holding image (UIMKEY_MEMORY_SIZE bytes), all of it durable. */
void ram_memory_load(struct ram_memory *m, const uint8_t *image,
    int keep_durable);
/* Forget the range written so far. */
void ram_memory_clean(struct ram_memory *m);
/* Widen the written range by [off, off + len) (a test's own damage). */
void ram_memory_dirty(struct ram_memory *m, size_t off, size_t len);

/* Cut the power at the n-th write from now (n >= 1; 0: no cut).  With
 * RAM_SYNCED what is in the memory now counts as durable. */
void ram_memory_arm_cut(struct ram_memory *m, unsigned long n, int tear,
    int model);
/* No cut armed; the power is back. */
void ram_memory_disarm(struct ram_memory *m);
/* Power comes back: the memory keeps what landed (see above), and is
 * whole again. */
void ram_memory_reboot(struct ram_memory *m);

/* How many bytes of a torn write of len bytes land. */
size_t ram_memory_landed(int tear, size_t len);

#endif
