/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Writing a command's answer (card/rsp.h holds it) and handing it out.
 * Exported by card/engine/.
 */
#ifndef UK_RSP_H
#define UK_RSP_H

#include <stddef.h>
#include <stdint.h>

#include "card/rsp.h"
#include "uk/result.h"

/* Forget any answer (and wipe it: answers may hold secrets). */
void uk_rsp_clear(uimkey_rsp_chain *r);

/* Append len bytes: UK_OK, or UK_ERR_FULL (and nothing appended) when
 * they do not fit. */
int uk_rsp_put(uimkey_rsp_chain *r, const void *data, size_t len);

/* Append a BER-TLV header: tag (1 or 2 bytes) and a definite length;
 * UK_OK or UK_ERR_FULL. */
int uk_rsp_put_tl(uimkey_rsp_chain *r, unsigned tag, size_t len);

/* Bytes not yet handed out. */
size_t uk_rsp_left(const uimkey_rsp_chain *r);

/*
 * Write up to ne (at most max) pending bytes to out, followed by the
 * status word: sw itself when nothing is left after them, 61xx when more
 * waits.  Returns the response length.
 */
size_t uk_rsp_emit(uimkey_rsp_chain *r, size_t ne, size_t max,
    uint16_t sw, uint8_t *out);

#endif
