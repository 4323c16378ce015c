/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Response data waiting to be read: a command writes its whole answer
 * here, and the card hands it out in pieces that fit the client's Le,
 * announcing the rest with 61xx for GET RESPONSE.
 */
#ifndef UK_CARD_RSP_H
#define UK_CARD_RSP_H

#include <stddef.h>
#include <stdint.h>

/* Longest answer one command can give (a certificate object with room). */
#define UK_RSP_CHAIN_MAX   8192u

typedef struct {
	uint8_t buf[UK_RSP_CHAIN_MAX];
	size_t len;     /* bytes of answer */
	size_t off;     /* bytes already handed out */
} uimkey_rsp_chain;

/* Forget any answer (and wipe it: answers may hold secrets). */
void uk_rsp_clear(uimkey_rsp_chain *r);

/* Append len bytes; -1 (and nothing appended) when they do not fit. */
int uk_rsp_put(uimkey_rsp_chain *r, const void *data, size_t len);

/* Append one byte. */

/* Append a BER-TLV header: tag (1 or 2 bytes) and a definite length. */
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
