/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Inside the PIV client (host/piv/piv_*.c): APDU building and sending,
 * PIN padding, slots and algorithms, TLV writing, random numbers.
 * Names start with pivc_ (PIV client) so they meet nothing of the card
 * core, which tests link into the same program.
 */
#ifndef UIMKEY_PIV_PRIV_H
#define UIMKEY_PIV_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "host/uimkey.h"

/* Most data in one short command APDU; longer data is chained. */
#define PIVC_CHUNK       255
/* Largest answer the client reads at once: a data object of
 * UIMKEY_PIV_OBJ_MAX in 53 or an attestation certificate. */
#define PIVC_RSP_MAX     4096
/* An answer carrying a public key (GENERATE, GET METADATA): RSA 4096's
 * 512-byte modulus with its TLVs fits with room. */
#define PIVC_PUB_RSP_MAX 1024
/* Room for command data built here: an RSA 4096 import (5 elements of
 * 256 bytes and their headers) or an object of UIMKEY_PIV_OBJ_MAX with
 * 5C and 53. */
#define PIVC_CMD_MAX     (UIMKEY_PIV_OBJ_MAX + 16)
/* Longest TLV header pivc_tl() writes: 3 tag bytes, 82 LL LL. */
#define PIVC_TL_MAX      6

/*
 * Send INS P1 P2 with len bytes of data (none when len is 0, at most
 * PIVC_CMD_MAX).  On a device that uses extended APDUs one APDU, its
 * answer whole: short when len and cap are at most 255 and 256, else
 * extended (Le 0000 when rsp is not NULL).  Else one short APDU, or
 * 255-byte parts with CLA 10 then the last with CLA 00, all in one PC/SC
 * transaction, Le 00 ending the last when rsp is not NULL.  The
 * answer's data (every 61xx part joined) goes to rsp (cap bytes,
 * *rsp_len set) and the final status word to *sw; a chained part that
 * is not answered 9000 ends the exchange with its status word.  Returns
 * UIMKEY_OK whenever the card answered.  The APDU buffer is wiped.
 */
int pivc_send(uimkey_dev_t *dev, uint8_t ins, uint8_t p1, uint8_t p2,
    const uint8_t *data, size_t len, uint8_t *rsp, size_t cap,
    size_t *rsp_len, uint16_t *sw);

/* pivc_send(), then UIMKEY_OK only for 9000, else the status word's
 * error (uimkey_sw_err()). */
int pivc_cmd(uimkey_dev_t *dev, uint8_t ins, uint8_t p1, uint8_t p2,
    const uint8_t *data, size_t len, uint8_t *rsp, size_t cap,
    size_t *rsp_len);

/* The error of a PIN or PUK presentation's status word; *tries (may be
 * NULL) set to x for 63Cx, 0 for 6983, -1 otherwise. */
int pivc_pin_err(uint16_t sw, int *tries);

/* A PIN or PUK of 6..8 characters (none of them FF) padded to 8 bytes
 * with FF; UIMKEY_ERR_ARG otherwise (out then holds nothing). */
int pivc_pin_pad(const char *pin, uint8_t out[UIMKEY_PIN_LEN]);

/* The algorithm of the key in slot, from GET METADATA. */
int pivc_slot_alg(uimkey_dev_t *dev, uint8_t slot, uint8_t *alg);

/* Write a BER-TLV header (tag of 1 to 3 bytes as its value reads, a
 * definite length below 65536) at p; returns its length. */
size_t pivc_tl(uint8_t *p, unsigned tag, size_t len);

/* The policy TLVs AA / AB (left out for 0) at p; returns their length,
 * or 0 with *bad set for values outside Yubico's. */
size_t pivc_policies(uint8_t *p, uint8_t pin_policy, uint8_t touch_policy,
    int *bad);

/* len bytes from the kernel's random source (getrandom(2)). */
int pivc_random(uint8_t *buf, size_t len);

/* Whether [p, p+len) is exactly one TLV of tag; its value in *v. */
int pivc_one_tlv(const uint8_t *p, size_t len, unsigned tag,
    const uint8_t **v, size_t *vlen);

#endif
