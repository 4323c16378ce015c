/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card's persistent memory kept in one file.
 *
 * The whole image lives in RAM; read and write act on RAM, and a write
 * marks the 16-byte blocks whose bytes it changes.  Sync writes just those
 * blocks into FILE in place (neighbouring runs joined into one write),
 * in the order of their offsets, then flushes the file (fdatasync).  A
 * crash or power cut inside a sync leaves FILE holding any part of what
 * that sync was writing, beside everything earlier syncs made durable:
 * the card core's transaction layer is built for such a medium (its
 * journal orders every step that must come before another with a sync
 * in between; docs/design.md, "The file store").  FILE is the bare image,
 * UIMKEY_MEMORY_SIZE bytes, mode 0600; it is opened once and kept open.
 *
 * A sync that fails (a write or the flush) leaves FILE in an unknown
 * state between the last durable image and the new one: from then on
 * read, write and sync all fail, and the card refuses its store until it
 * is opened again, when the core recovers FILE as after a power cut.
 *
 * A new store is written whole to FILE.tmp, flushed and renamed into
 * place, so that FILE exists whole or not at all.  FILE.lock is held
 * (flock) while the store is open, so two card processes can never share
 * one store; it is released when the process ends, which is what
 * uimkey-env waits on when it stops a card.
 */
#ifndef UIMKEY_FILE_STORE_H
#define UIMKEY_FILE_STORE_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "card/memory.h"

/* Room for a file name, and for one with the ".tmp" or ".lock" suffix. */
#define FILE_STORE_NAME_MAX    (NAME_MAX + 1)
#define FILE_STORE_SUFFIX_MAX  8
#define FILE_STORE_NAMEX_MAX   (FILE_STORE_NAME_MAX + FILE_STORE_SUFFIX_MAX)

/* Room for an error message. */
#define FILE_STORE_ERR_MAX   512

/* What a sync writes is tracked in blocks of this many bytes. */
#define FILE_STORE_BLOCK   16u
#define FILE_STORE_BLOCKS  (UIMKEY_MEMORY_SIZE / FILE_STORE_BLOCK)
#define FILE_STORE_WORDS   (FILE_STORE_BLOCKS / 64u)

typedef struct {
	const uimkey_memory_class *vtable;  /* first: the core sees only this */
	int fd;                            /* FILE, read and written */
	int dirfd;                         /* its directory, while opening */
	int lockfd;
	int failed;                        /* a sync failed: all fails */
	uint64_t dirty[FILE_STORE_WORDS];  /* blocks changed since a sync */
	char name[FILE_STORE_NAME_MAX];
	char tmp[FILE_STORE_NAMEX_MAX];
	uint8_t mem[UIMKEY_MEMORY_SIZE];
} file_store;

extern const uimkey_memory_class file_store_vtable;

/*
 * Open the store at path: lock it, then load it, or create it as a blank
 * (erased) image when it does not exist.  A file of the wrong size is
 * refused, never overwritten.  A FILE.tmp left by a crash is removed.
 * Returns 0, or -1 with a message in err.
 */
int file_store_open(file_store *fs, const char *path, char *err,
    size_t errlen);

/* Release the store (its image is wiped).  Writes not synced are lost. */
void file_store_close(file_store *fs);

#endif
