/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Persistent memory service of the card core.
 *
 * The platform provides a byte-addressed persistent memory.  Writes become
 * durable only at sync(): a platform whose medium can tear a write (a real
 * EEPROM, a file killed mid-write) must make sync() atomic or the core's
 * own transaction layer must cover it.  A never-used memory reads as 0xFF,
 * like erased flash.
 */
#ifndef UIMKEY_CARD_MEMORY_H
#define UIMKEY_CARD_MEMORY_H

#include <stddef.h>

/* Size of the persistent memory the card core expects. */
#define UIMKEY_MEMORY_SIZE   (256u * 1024u)

/* Value of a byte never written. */
#define UIMKEY_MEMORY_ERASED 0xFF

typedef struct uimkey_memory_class_ uimkey_memory_class;

struct uimkey_memory_class_ {
	/* Read len bytes at off into buf.  0 on success, -1 on failure. */
	int (*read)(const uimkey_memory_class **ctx, size_t off, void *buf,
	    size_t len);
	/* Write len bytes at off.  0 on success, -1 on failure. */
	int (*write)(const uimkey_memory_class **ctx, size_t off,
	    const void *buf, size_t len);
	/* Make every earlier write durable.  0 on success, -1 on failure.
	 * A failed sync may have made any part of its writes durable, as a
	 * power cut would; the core treats it so (the journal decides at the
	 * next start), and a platform may refuse every later call until the
	 * memory is opened again. */
	int (*sync)(const uimkey_memory_class **ctx);
};

#endif
