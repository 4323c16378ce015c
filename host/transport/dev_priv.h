/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The device's insides, shared by dev.c (open, close, transactions),
 * dev_wire.c (every APDU on its way to the transport, recovery) and
 * dev_chan.c (the logical channel and the application's selection).
 */
#ifndef UIMKEY_DEV_PRIV_H
#define UIMKEY_DEV_PRIV_H

#include "ctx_priv.h"
#include "codec/cvc.h"
#include "codec/sm_apdu.h"

/* Biggest command APDU: extended Lc, 65535 bytes of data, extended Le. */
#define DEV_CAPDU_MAX   (4 + 3 + 65535 + 3)
/* Biggest response APDU PC/SC hands back: extended data plus SW. */
#define DEV_RAPDU_MAX   (65536 + 2)
/* A protected command: a plain one of up to 4096 bytes of data (the card
 * takes 3200) with its objects; a protected answer: the card's longest
 * (8192) with its objects. */
#define DEV_SM_DATA_MAX  4096
#define DEV_SM_CAPDU_MAX (4 + 3 + DEV_SM_DATA_MAX + 64)
#define DEV_SM_RAPDU_MAX (8192 + 64)

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
	/* Secure messaging on the own channel (dev_sm.c): offered by the
	 * card's SELECT answer; the session; the CVC the card proved. */
	int sm_want;            /* uimkey_dev_set_secure() */
	int sm_offered;
	/* The channel is to be protected: set once a session was set up
	 * on it, so that losing the session never means going on in the
	 * clear (sm_on: there is one now). */
	int sm_need;
	int sm_opening;         /* pivc_dev_sm_open()'s own exchanges */
	int sm_on;
	int sm_used;            /* sm_capdu, sm_rapdu to wipe */
	uk_sm_session sm;
	size_t sm_cvc_len;
	uint8_t sm_cvc[UK_CVC_MAX];
	uint8_t sm_capdu[DEV_SM_CAPDU_MAX];
	uint8_t sm_rapdu[DEV_SM_RAPDU_MAX];
	uint8_t sm_clear[DEV_SM_RAPDU_MAX];     /* an answer opened */
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

/* Does a SELECT answer (fci, len bytes) offer secure messaging with
 * cipher suite 2? */
int pivc_dev_sm_offered(const uint8_t *fci, size_t len);

/* Set up a session on the device's channel, the card's CVC and
 * cryptogram checked: UIMKEY_OK, UIMKEY_ERR_SM when the card fails a
 * check, or the exchanges' error.  Outside a session's commands. */
int pivc_dev_sm_open(uimkey_dev_t *dev);

/* The plain command apdu (len bytes, short or extended) protected in
 * the session with class cla (the channel's, secure messaging bits set)
 * into dev->sm_capdu, made extended on the own channel: UIMKEY_OK and
 * *n, or UIMKEY_ERR_ARG for a malformed or too long command. */
int pivc_dev_sm_wrap(uimkey_dev_t *dev, uint8_t cla, const uint8_t *apdu,
    size_t len, size_t *n);

/* The protected answer in dev->sm_rapdu (rn bytes, outer status word
 * 9000) opened: its data into out (cap bytes) and the card's status
 * word.  UIMKEY_ERR_SM (the session ended) when it does not open,
 * UIMKEY_ERR_RSP_TOO_LONG when it does not fit. */
int pivc_dev_sm_unwrap(uimkey_dev_t *dev, size_t rn, uint8_t *out,
    size_t cap, size_t *out_len, uint16_t *sw);

/* End the session (its keys wiped); the channel still needs one. */
void pivc_dev_sm_end(uimkey_dev_t *dev);

/* End it, and the need for one: the channel is given up. */
void pivc_dev_sm_forget(uimkey_dev_t *dev);

/* MANAGE CHANNEL close of the device's own channel, best effort. */
void pivc_dev_detach(uimkey_dev_t *dev);

/* reattach in a transaction, which is then held (one level more, for
 * uimkey_dev_end()) so that the command sent again follows at once. */
int pivc_dev_restore(uimkey_dev_t *dev);

#endif
