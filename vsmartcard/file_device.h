/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card process's device service (card/device.h): what the card keeps
 * outside its store file, each in a file of its own.
 *
 *   KEY      the device key: UIMKEY_DEVICE_KEY_LEN random bytes, mode
 *            0600.  The store is encrypted and authenticated under keys
 *            derived from it: the store file alone gives nothing away.
 *   COUNTER  the monotonic counter: 8 bytes, big endian, raised in place
 *            (pwrite, fdatasync) after every commit of the store.  A copy
 *            of the store older than it is refused.
 *
 * Both are made together, only for a store that holds no card yet; a
 * store that holds a card without its key is refused, never given a new
 * key.  The key is held in memory only until the card has derived its
 * own keys from it (file_device_forget_key).
 */
#ifndef UIMKEY_VPCD_FILE_DEVICE_H
#define UIMKEY_VPCD_FILE_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include "card/device.h"

/* The suffixes of the default key and counter files beside the store. */
#define FILE_DEVICE_KEY_SUFFIX      ".key"
#define FILE_DEVICE_COUNTER_SUFFIX  ".counter"

typedef struct {
	const uimkey_device_class *vtable;  /* first: the core's view */
	uint8_t key[UIMKEY_DEVICE_KEY_LEN];
	int have_key;
	int counter_fd;
	uint32_t iterations;
} file_device;

extern const uimkey_device_class file_device_vtable;

/*
 * Open the key at key_path and the counter at counter_path.  When the key
 * does not exist and may_create is set (the store holds no card), both
 * are created: the key from getrandom, the counter at 0, each written to
 * a temporary file, flushed and given its name, then the directory
 * flushed.  Refused, with a message in err: a missing key when
 * may_create is 0, a key file that is not a regular file of
 * UIMKEY_DEVICE_KEY_LEN bytes or that group or others may read or write,
 * a missing or malformed counter beside an existing key.  iterations: the
 * PIN-guess cost a new store gets (0: UIMKEY_KDF_ITERATIONS_DEFAULT).
 * Returns 0, or -1 (nothing kept open).
 */
int file_device_open(file_device *d, const char *key_path,
    const char *counter_path, int may_create, uint32_t iterations,
    char *err, size_t errlen);

/* Wipe the key from memory: once uimkey_card_init has run.  The key()
 * call fails from then on. */
void file_device_forget_key(file_device *d);

/* Close the counter and wipe everything. */
void file_device_close(file_device *d);

#endif
