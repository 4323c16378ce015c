/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The device's insides, shared by dev.c (open, close, transactions),
 * dev_wire.c (every APDU on its way to the transport, recovery) and
 * dev_chan.c (the logical channel and the application's selection).
 */
#ifndef UIMKEY_DEV_PRIV_H
#define UIMKEY_DEV_PRIV_H

#include "ctx_priv.h"

/* Biggest command APDU: extended Lc, 65535 bytes of data, extended Le. */
#define DEV_CAPDU_MAX   (4 + 3 + 65535 + 3)
/* Biggest response APDU PC/SC hands back: extended data plus SW. */
#define DEV_RAPDU_MAX   (65536 + 2)

struct uimkey_dev {
	uimkey_ctx_t *ctx;
	void *card;             /* transport handle; NULL when closed */
	unsigned tx_depth;      /* nesting of uimkey_dev_begin() */
	int basic;              /* uimkey_dev_force_basic(): channel 0 only */
	uint8_t chan;           /* the logical channel in use; 0: basic */
	int ext;                /* own channel of a uimkey card: extended
	                           APDUs, one exchange needs no transaction */
	int restoring;          /* putting the channel back: no recovery */
	char reader[UIMKEY_READER_NAME_MAX + 1];
	uint8_t version[3];
	uint32_t serial;
	int is_uimkey;
	size_t capdu_used;      /* bytes of capdu to wipe */
	size_t rapdu_used;      /* bytes of rapdu to wipe */
	uint8_t capdu[DEV_CAPDU_MAX];
	uint8_t rapdu[DEV_RAPDU_MAX];
};

/*
 * One exchange on logical channel ch: the command's class byte carries
 * the channel (the only place that sets it), and outside a transaction a
 * sharing violation is waited out briefly.  The answer is in dev->rapdu,
 * *rlen bytes, at least the status word.
 */
int pivc_dev_xfer(uimkey_dev_t *dev, uint8_t ch, const uint8_t *apdu,
    size_t len, size_t *rlen);

/* The transport's begin, a sharing violation waited out as by
 * pivc_dev_xfer(); UIMKEY_ERR_CARD_RESET as the transport says it. */
int pivc_dev_io_begin(uimkey_dev_t *dev);

/* The status word of the answer in dev->rapdu, rlen bytes. */
uint16_t pivc_dev_sw(const uimkey_dev_t *dev, size_t rlen);

/* Wipe what the exchanges left in dev->capdu and dev->rapdu. */
void pivc_dev_wipe(uimkey_dev_t *dev);

/*
 * apdu on the device's channel; with follow, 61xx is followed with GET
 * RESPONSE (the parts joined in out) and 6Cxx answered with the length
 * asked for.  Recovery, once: when the transport says the card was reset
 * or the card says our channel is not open (6881), the channel is opened
 * and the application selected again, and apdu sent again.
 */
int pivc_dev_exchange(uimkey_dev_t *dev, const uint8_t *apdu,
    size_t apdu_len, int follow, uint8_t *out, size_t cap, size_t *out_len,
    uint16_t *sw);

/* SELECT the PIV application on the device's channel (again: with
 * recovery); notes whether the card is a uimkey.  UIMKEY_ERR_NOT_PIV
 * when refused. */
int pivc_dev_select_piv(uimkey_dev_t *dev, int again);

/* In a transaction, at open: a channel of its own when the card gives
 * one and is a uimkey, else channel 0; PIV selected on it. */
int pivc_dev_attach(uimkey_dev_t *dev);

/* In a transaction, after a reset or the loss of the channel: a channel
 * again (or channel 0 when the card no longer gives one), PIV selected. */
int pivc_dev_reattach(uimkey_dev_t *dev);

/* MANAGE CHANNEL close of the device's own channel, best effort. */
void pivc_dev_detach(uimkey_dev_t *dev);

/* reattach in a transaction, which is then held (one level more, for
 * uimkey_dev_end()) so that the command sent again follows at once. */
int pivc_dev_restore(uimkey_dev_t *dev);

#endif
