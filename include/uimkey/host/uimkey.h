/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libuimkey: the host side of uimkey.
 *
 * A uimkey_ctx_t is one PC/SC context (or an injected transport standing in
 * for one); a uimkey_dev_t is one connection to the card in one reader, with
 * the PIV application selected (on a uimkey card, on a logical channel of
 * its own: below).  Every function returns UIMKEY_OK or one
 * negative UIMKEY_ERR_ code; uimkey_strerr() names it.
 */
#ifndef UIMKEY_H
#define UIMKEY_H

#include <stddef.h>
#include <stdint.h>

#include "host/uimkey_api.h"

#include "host/uimkey_err.h"
#include "host/uimkey_io.h"

typedef struct uimkey_ctx uimkey_ctx_t;
typedef struct uimkey_dev uimkey_dev_t;
typedef struct uimkey_readers uimkey_readers_t;

/* Longest reader name kept (PC/SC's own limit is 128). */
#define UIMKEY_READER_NAME_MAX  128
/* Most readers listed at once. */
#define UIMKEY_READERS_MAX      16
/* Longest response data returned by uimkey_dev_transmit(), after all
 * GET RESPONSE parts are joined. */
#define UIMKEY_RSP_MAX          (64 * 1024)

/* Context: one per process or per PKCS#11 C_Initialize. */
UIMKEY_API uimkey_ctx_t *uimkey_ctx_new(void);
UIMKEY_API void uimkey_ctx_free(uimkey_ctx_t **ctxp);
/* Replace the PC/SC transport before uimkey_ctx_open(); arg is passed to
 * io->establish. */
UIMKEY_API int uimkey_ctx_set_io(uimkey_ctx_t *ctx, const uimkey_io_t *io, void *arg);
UIMKEY_API int uimkey_ctx_open(uimkey_ctx_t *ctx);
UIMKEY_API int uimkey_ctx_close(uimkey_ctx_t *ctx);
/* Wait up to timeout_ms (-1: forever) for a reader or card change;
 * UIMKEY_ERR_TIMEOUT when nothing changed. */
UIMKEY_API int uimkey_ctx_wait_change(uimkey_ctx_t *ctx, int timeout_ms);
/* Make a pending or future uimkey_ctx_wait_change() return
 * UIMKEY_ERR_CANCELLED.  Safe to call from another thread. */
UIMKEY_API int uimkey_ctx_cancel(uimkey_ctx_t *ctx);

/* Readers and whether a card is in each. */
UIMKEY_API uimkey_readers_t *uimkey_readers_new(void);
UIMKEY_API void uimkey_readers_free(uimkey_readers_t **rp);
UIMKEY_API int uimkey_readers_scan(uimkey_readers_t *r, uimkey_ctx_t *ctx);
UIMKEY_API size_t uimkey_readers_count(const uimkey_readers_t *r);
UIMKEY_API const char *uimkey_readers_name(const uimkey_readers_t *r, size_t i);
UIMKEY_API int uimkey_readers_card_present(const uimkey_readers_t *r, size_t i);

/*
 * A card connection, shared with other programs.
 *
 * On a uimkey card the device works on a logical channel of its own
 * (1..19, ISO 7816-4 MANAGE CHANNEL), with its own selection and its own
 * security state: what it proves (PIN, management key) is its own, and
 * no other program's SELECT, login or logout touches it.  There:
 * - every APDU it sends has the channel in its class byte, set in one
 *   place below these calls: callers build class 00 (or 10) as for the
 *   basic channel;
 * - commands go whole in one extended-length APDU and answers come whole
 *   (no chaining, no GET RESPONSE; uimkey_dev_uses_ext_apdu());
 * - one exchange needs no PC/SC transaction: uimkey_dev_transmit() sends
 *   it without one; uimkey_dev_begin() is for sequences of several
 *   exchanges.  While another program holds a transaction, libpcsclite
 *   itself retries every 100 ms, unless the process runs with
 *   PCSCLITE_NO_BLOCKING set: then the device waits the sharing
 *   violation out with a short growing back-off (0.2 ms up to 5 ms, for
 *   2 s at most, then UIMKEY_ERR_SHARING);
 * - when the card was reset or powered off by another program, or says
 *   the channel is no longer open (6881: the card reclaimed it for
 *   another program, or it was closed), the device opens a channel
 *   again, selects PIV on it and sends the command again, once, without
 *   the caller seeing it.  What was proven is then gone: the next command
 *   that needs it answers 6982, as after a reset on any PIV card.
 * Any other card, a uimkey card that gives no channel, and a device made
 * with uimkey_dev_force_basic() work on the basic channel 0, with short
 * APDUs, command chaining and GET RESPONSE and a transaction around
 * every exchange, as every PIV client does (and on channel 0 a SELECT or
 * a logout is every such program's).
 */
UIMKEY_API uimkey_dev_t *uimkey_dev_new(void);
UIMKEY_API void uimkey_dev_free(uimkey_dev_t **devp);
/*
 * Before uimkey_dev_open(): stay on the basic channel 0 and send every
 * APDU's bytes exactly as given, as a raw tool must (`uimkey apdu`).
 * UIMKEY_ERR_ARG on an open device.  Kept until the device is freed.
 */
UIMKEY_API int uimkey_dev_force_basic(uimkey_dev_t *dev);
/*
 * Whether to use secure messaging where the card offers it (on: the
 * default, unless the environment says UIMKEY_SECURE_MESSAGING=off at
 * uimkey_dev_new()); off sends every command in the clear, for
 * comparisons and tests of the wire.  UIMKEY_ERR_ARG on an open device.
 */
UIMKEY_API int uimkey_dev_set_secure(uimkey_dev_t *dev, int on);
/* Connect in shared mode; on a uimkey card open a logical channel
 * (MANAGE CHANNEL on channel 0, in the open's transaction); SELECT the PIV
 * application, read the version and serial.  UIMKEY_ERR_NO_CARD when the
 * reader is empty, UIMKEY_ERR_NOT_PIV when the card has no PIV
 * application. */
UIMKEY_API int uimkey_dev_open(uimkey_dev_t *dev, uimkey_ctx_t *ctx, const char *reader);
/* Close the device's channel (MANAGE CHANNEL close, best effort) and
 * disconnect, leaving the card powered. */
UIMKEY_API int uimkey_dev_close(uimkey_dev_t *dev);
/* Firmware version (major, minor, patch) and serial read at open. */
UIMKEY_API int uimkey_dev_version(const uimkey_dev_t *dev, uint8_t ver[3]);
UIMKEY_API int uimkey_dev_serial(const uimkey_dev_t *dev, uint32_t *serial);
/* True when the card answered as a uimkey (and not only as a PIV card). */
UIMKEY_API int uimkey_dev_is_uimkey(const uimkey_dev_t *dev);
UIMKEY_API const char *uimkey_dev_reader(const uimkey_dev_t *dev);
/* The logical channel in use (0: the basic channel; it may change when
 * the channel is lost and opened again), or a negative error. */
UIMKEY_API int uimkey_dev_channel(const uimkey_dev_t *dev);
/* True on a channel of a uimkey card: commands are sent in one
 * extended-length APDU, however long. */
UIMKEY_API int uimkey_dev_uses_ext_apdu(const uimkey_dev_t *dev);
/*
 * True while the device's commands go protected by secure messaging
 * (SP 800-73-4 part 2): on its own channel of a uimkey card that offers
 * it, set up at open (and again after a reset or the session's loss),
 * the card having proven that it holds the key of its CVC, whose
 * signature verifies under the card's Secure Messaging Certificate
 * Signer (5FC122).  Then the card's CVC into *cvc (*len bytes, valid
 * until the next exchange) when cvc is not NULL.
 */
UIMKEY_API int uimkey_dev_secure(const uimkey_dev_t *dev,
    const uint8_t **cvc, size_t *len);

/*
 * Send one command APDU and return its response data in rsp (rsp_cap
 * bytes; *rsp_len is set) and its final status word in *sw.  61xx is
 * followed with GET RESPONSE and the parts joined.  On the basic channel
 * the exchange runs inside a PC/SC transaction, on a channel of the
 * device's own without one (unless inside uimkey_dev_begin()).  After a
 * reset, or the loss of the channel, the device's state is put back and
 * the command sent again (above).  Returns UIMKEY_OK whenever the card
 * answered, whatever the status word; uimkey_sw_err() maps it.
 */
UIMKEY_API int uimkey_dev_transmit(uimkey_dev_t *dev, const uint8_t *apdu,
    size_t apdu_len, uint8_t *rsp, size_t rsp_cap, size_t *rsp_len,
    uint16_t *sw);

/*
 * SELECT the PIV application again: the card forgets what was proven to
 * it (PIN, management key) on the device's channel, which on the basic
 * channel is every program's that shares it.  UIMKEY_ERR_NOT_PIV when
 * the card refuses the SELECT.
 */
UIMKEY_API int uimkey_dev_select(uimkey_dev_t *dev);

/*
 * One command APDU without a PC/SC transaction.  On a channel of the
 * device's own this is uimkey_dev_transmit(), which needs none.  On the
 * basic channel: two calls to pcscd fewer than uimkey_dev_transmit()
 * (about 65-85 us here), for a command that is whole in one short APDU,
 * answered in one (61xx is not followed), and harmless to repeat:
 * between two programs' exchanges the card may have been logged out or
 * moved to another application, and the caller must then do it again
 * with uimkey_dev_transmit() (inside a transaction).  A reset is put
 * back and the command sent again, as by uimkey_dev_transmit().
 * UIMKEY_ERR_SHARING while another program holds a transaction for
 * longer than the back-off above.  Inside uimkey_dev_begin() it is
 * uimkey_dev_transmit().
 */
UIMKEY_API int uimkey_dev_transmit_once(uimkey_dev_t *dev,
    const uint8_t *apdu, size_t apdu_len, uint8_t *rsp, size_t rsp_cap,
    size_t *rsp_len, uint16_t *sw);

/* Hold the card for several exchanges (nested calls are counted): no
 * other program's APDU comes between them. */
UIMKEY_API int uimkey_dev_begin(uimkey_dev_t *dev);
UIMKEY_API int uimkey_dev_end(uimkey_dev_t *dev);

#include "host/uimkey_piv.h"

#endif
