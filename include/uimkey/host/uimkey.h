/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libuimkey: the host side of uimkey.
 *
 * A uimkey_ctx_t is one PC/SC context (or an injected transport standing in
 * for one); a uimkey_dev_t is one connection to the card in one reader, with
 * the PIV application selected.  Every function returns UIMKEY_OK or one
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

/* A card connection, shared with other programs. */
UIMKEY_API uimkey_dev_t *uimkey_dev_new(void);
UIMKEY_API void uimkey_dev_free(uimkey_dev_t **devp);
/* Connect in shared mode, SELECT the PIV application, read the version
 * and serial.  UIMKEY_ERR_NO_CARD when the reader is empty,
 * UIMKEY_ERR_NOT_PIV when the card has no PIV application. */
UIMKEY_API int uimkey_dev_open(uimkey_dev_t *dev, uimkey_ctx_t *ctx, const char *reader);
UIMKEY_API int uimkey_dev_close(uimkey_dev_t *dev);
/* Firmware version (major, minor, patch) and serial read at open. */
UIMKEY_API int uimkey_dev_version(const uimkey_dev_t *dev, uint8_t ver[3]);
UIMKEY_API int uimkey_dev_serial(const uimkey_dev_t *dev, uint32_t *serial);
/* True when the card answered as a uimkey (and not only as a PIV card). */
UIMKEY_API int uimkey_dev_is_uimkey(const uimkey_dev_t *dev);
UIMKEY_API const char *uimkey_dev_reader(const uimkey_dev_t *dev);

/*
 * Send one command APDU and return its response data in rsp (rsp_cap
 * bytes; *rsp_len is set) and its final status word in *sw.  61xx is
 * followed with GET RESPONSE and the parts joined.  The exchange runs
 * inside a PC/SC transaction; when another program reset the card,
 * the application is selected again first.  Returns UIMKEY_OK whenever
 * the card answered, whatever the status word; uimkey_sw_err() maps it.
 */
UIMKEY_API int uimkey_dev_transmit(uimkey_dev_t *dev, const uint8_t *apdu,
    size_t apdu_len, uint8_t *rsp, size_t rsp_cap, size_t *rsp_len,
    uint16_t *sw);

/*
 * SELECT the PIV application again, inside a PC/SC transaction: the card
 * forgets what was proven to it (PIN, management key), for every program
 * that shares it.  UIMKEY_ERR_NOT_PIV when the card refuses the SELECT.
 */
UIMKEY_API int uimkey_dev_select(uimkey_dev_t *dev);

/*
 * One command APDU without a PC/SC transaction: two calls to pcscd fewer
 * than uimkey_dev_transmit() (about 65-85 us here).  For a command that
 * is whole in one short APDU, answered in one (61xx is not followed),
 * and harmless to repeat: between two programs' exchanges the card may
 * have been reset, logged out or moved to another application, and the
 * caller must then do it again with uimkey_dev_transmit() (inside a
 * transaction, which also selects the application again after a reset).
 * UIMKEY_ERR_SHARING while another program holds a transaction.  Inside
 * uimkey_dev_begin() it is uimkey_dev_transmit().
 */
UIMKEY_API int uimkey_dev_transmit_once(uimkey_dev_t *dev,
    const uint8_t *apdu, size_t apdu_len, uint8_t *rsp, size_t rsp_cap,
    size_t *rsp_len, uint16_t *sw);

/* Hold the card for several exchanges (nested calls are counted). */
UIMKEY_API int uimkey_dev_begin(uimkey_dev_t *dev);
UIMKEY_API int uimkey_dev_end(uimkey_dev_t *dev);

#include "host/uimkey_piv.h"

#endif
