/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card's persistent memory kept in one file.
 *
 * The whole image lives in RAM; read and write act on RAM, and sync makes
 * the image durable all at once: it is written to FILE.tmp, flushed, and
 * renamed over FILE, then the directory is flushed.  A crash at any point
 * leaves FILE holding the previous image or the new one, never a mix.
 *
 * FILE.lock is held (flock) while the store is open, so two card processes
 * can never share one store; it is released when the process ends, which
 * is what uimkey-env waits on when it stops a card.
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

typedef struct {
	const uimkey_memory_class *vtable;  /* first: the core sees only this */
	int dirfd;
	int lockfd;
	int dirty;                         /* RAM differs from the file */
	char name[FILE_STORE_NAME_MAX];
	char tmp[FILE_STORE_NAMEX_MAX];
	uint8_t mem[UIMKEY_MEMORY_SIZE];
} file_store;

extern const uimkey_memory_class file_store_vtable;

/*
 * Open the store at path: lock it, then load it, or create it as a blank
 * (erased) image and sync when it does not exist.  A file of the wrong
 * size is refused, never overwritten.  Returns 0, or -1 with a message in
 * err.
 */
int file_store_open(file_store *fs, const char *path, char *err,
    size_t errlen);

/* Release the store (its image is wiped). */
void file_store_close(file_store *fs);

#endif
