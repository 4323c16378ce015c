/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PIV secure messaging on the wire (SP 800-73-4 part 2, cipher suite 2):
 * a command's data encrypted in tag 87 and its expected length in 97,
 * the answer's data in 87 and its status word in 99, each side MACed in
 * 8E with a chained CMAC, the IVs derived from a counter.  Both ends:
 * the host wraps commands and unwraps answers, the card the reverse.
 * The caller owns every buffer; nothing is allocated.
 */
#ifndef UK_CODEC_SM_APDU_H
#define UK_CODEC_SM_APDU_H

#include <stddef.h>
#include <stdint.h>

#include "codec/sm_kdf.h"

#define UK_SM_BLOCK        16
#define UK_SM_MAC_LEN      8     /* the MAC in 8E: the chained CMAC cut */
/* Bytes an answer grows by: 87's header and padding, 99, 8E. */
#define UK_SM_RSP_OVERHEAD (4 + UK_SM_BLOCK + 4 + 2 + UK_SM_MAC_LEN)

#define UK_SM_OK           0
#define UK_SM_E_OBJECTS    -1    /* objects missing, misplaced or malformed (6987) */
#define UK_SM_E_MAC        -2    /* a MAC or a padding is wrong (6988) */
#define UK_SM_E_SPACE      -3    /* the output does not fit */

/* One session's keys and chaining state, on one logical channel. */
typedef struct {
	uint8_t enc[UK_SM_KEY_LEN];
	uint8_t mac[UK_SM_KEY_LEN];
	uint8_t rmac[UK_SM_KEY_LEN];
	uint8_t ctr[UK_SM_BLOCK];       /* the encryption counter */
	uint8_t c_mcv[UK_SM_BLOCK];     /* the commands' MAC chain */
	uint8_t r_mcv[UK_SM_BLOCK];     /* the answers' MAC chain */
} uk_sm_session;

/* A command in the clear: the class byte is the one sent (with its
 * secure-messaging bits), le 0 when no answer data is expected;
 * extended 1 for the extended form even where the short one would do
 * (Le 0000 outside: the answer comes whole). */
typedef struct {
	uint8_t cla, ins, p1, p2;
	const uint8_t *data;
	size_t len;
	size_t le;
	uint8_t extended;
} uk_sm_cmd;

/* Start a session with the keys the KDF gave (counter 1, chains 0). */
void uk_sm_start(uk_sm_session *s, const uk_sm_keys *k);

/* End a session: every key and chain wiped. */
void uk_sm_end(uk_sm_session *s);

/* Host: the whole protected APDU of c into out (short when it fits
 * and c->extended is 0, else extended).  The command's MAC chain moves on. */
int uk_sm_cmd_wrap(uk_sm_session *s, const uk_sm_cmd *c, uint8_t *out,
    size_t cap, size_t *out_len);

/* Card: the data field of a protected command (body, body_len) with its
 * header (cla, ins, p1, p2 as received) checked and opened: the clear
 * data into data (up to cap), its length and the expected answer length
 * into *data_len and *le.  The MAC chain moves on only on success. */
int uk_sm_cmd_unwrap(uk_sm_session *s, uint8_t cla, uint8_t ins,
    uint8_t p1, uint8_t p2, const uint8_t *body, size_t body_len,
    uint8_t *data, size_t cap, size_t *data_len, size_t *le);

/* Card: the protected answer (87, 99, 8E) of data and sw into out; the
 * counter moves on to the next command. */
int uk_sm_rsp_wrap(uk_sm_session *s, const uint8_t *data, size_t len,
    uint16_t sw, uint8_t *out, size_t cap, size_t *out_len);

/* Host: a protected answer's data field (without the outer status word)
 * checked and opened: the clear data into data, the card's status word
 * into *sw; the counter moves on. */
int uk_sm_rsp_unwrap(uk_sm_session *s, const uint8_t *rsp, size_t len,
    uint8_t *data, size_t cap, size_t *data_len, uint16_t *sw);

#endif
