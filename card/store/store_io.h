/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The record store's access to the persistent memory: whole-range reads
 * and writes that report UK_ codes, a sync only when something
 * was written, and the streaming helpers that move record images through
 * a small buffer (the card has little RAM).
 */
#ifndef UK_CARD_STORE_IO_H
#define UK_CARD_STORE_IO_H

#include <stddef.h>
#include <stdint.h>

#include "card/card.h"

/* Bytes moved per store call by the streaming helpers (on the stack). */
#define UK_IO_CHUNK 256

int uk_io_get(uimkey_card *card, size_t off, void *buf, size_t len);
int uk_io_put(uimkey_card *card, size_t off, const void *buf,
    size_t len);

/* Sync when anything was written since the last sync. */
int uk_io_flush(uimkey_card *card);

/* 1 when the len bytes at p all read as erased (UIMKEY_MEMORY_ERASED). */
int uk_io_erased(const uint8_t *p, size_t len);

/* Make len bytes at off read as erased, writing only where they do not. */
int uk_io_erase(uimkey_card *card, size_t off, size_t len);

/* Copy len stored bytes from src to dst. */
int uk_io_copy(uimkey_card *card, size_t dst, size_t src, size_t len);

#endif
