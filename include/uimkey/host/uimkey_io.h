/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The transport under libuimkey.  The default is PC/SC (libpcsclite);
 * tests inject their own to replay recorded exchanges or to talk to the
 * card core in process.  Every function returns UIMKEY_OK or a negative
 * UIMKEY_ERR_ code.
 */
#ifndef UIMKEY_IO_H
#define UIMKEY_IO_H

#include <stddef.h>
#include <stdint.h>

#include "host/uimkey_api.h"

typedef struct uimkey_io {
	int (*establish)(void *arg, void **ctx);
	void (*release)(void *ctx);
	/* Reader names as a double-NUL-terminated multi-string in buf
	 * (*len bytes available in, used out).  An empty list is
	 * UIMKEY_ERR_NO_READER. */
	int (*list_readers)(void *ctx, char *buf, size_t *len);
	/* *present set to 1 when a card is in the reader. */
	int (*card_present)(void *ctx, const char *reader, int *present);
	/* Block until a reader or card changes, or timeout_ms passes
	 * (-1: forever).  May be NULL. */
	int (*wait_change)(void *ctx, int timeout_ms);
	/* Wake a blocked wait_change().  May be NULL. */
	int (*cancel)(void *ctx);
	/* Connect to the card in shared mode. */
	int (*connect)(void *ctx, const char *reader, void **card);
	void (*disconnect)(void *card);
	/* Begin an exclusive transaction.  UIMKEY_ERR_CARD_RESET when the
	 * card was reset since the last exchange: the transport has then
	 * reconnected and holds the transaction, and the caller must
	 * restore the card's state (select the application again). */
	int (*begin)(void *card);
	int (*end)(void *card);
	/* One APDU exchange; *rlen is capacity in, length out.  Outside
	 * a transaction UIMKEY_ERR_SHARING while another program holds
	 * one.  UIMKEY_ERR_CARD_RESET when the card was reset or powered
	 * off since the last exchange: the command was not sent, the
	 * transport has reconnected (the card powered), and the caller
	 * must restore the card's state and send it again. */
	int (*transmit)(void *card, const uint8_t *c, size_t clen,
	    uint8_t *r, size_t *rlen);
} uimkey_io_t;

/* The PC/SC transport (the default). */
UIMKEY_API extern const uimkey_io_t uimkey_io_pcsc;

#endif
