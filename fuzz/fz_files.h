/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Files of the CLI fuzz targets.  The CLI code is linked with its open(2)
 * renamed to fz_cli_open (objcopy in fuzz/fuzz.mk): a fuzzed profile or
 * request names files, and only regular files inside the target's own
 * temporary directory may be opened, read-only.  /dev/stdin, /dev/zero,
 * FIFOs, "../" and absolute paths elsewhere are refused (EACCES).
 */
#ifndef UIMKEY_FUZZ_FILES_H
#define UIMKEY_FUZZ_FILES_H

#include <stddef.h>
#include <stdint.h>

/* The directory (made once, removed at exit); NULL before fz_files_setup. */
extern char fz_files_dir[];

/* Make the directory and its fixture files; 0 or -1. */
int fz_files_setup(void);
/* Write len bytes to name inside the directory; the full path in path
 * (4096 bytes).  0 or -1. */
int fz_files_put(const char *name, const uint8_t *b, size_t len, char *path);
/* Send the CLI's messages (stderr as a FILE) to /dev/null; the sanitizers
 * and libFuzzer keep writing to descriptor 2. */
void fz_files_quiet(void);

int fz_cli_open(const char *path, int flags, ...);

#endif
