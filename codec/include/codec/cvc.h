/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card-verifiable certificate of PIV secure messaging (SP 800-73-4
 * part 1, 4.1.5, for cipher suite 2): the card's key-establishment key,
 * a P-256 point, signed by a content signer with ECDSA and SHA-256.
 *
 *   7F21 {
 *     5F29 80                  certificate profile
 *     42   IIN (8)             which signer (uimkey: the first 8 bytes
 *                              of SHA-256 over the signer's point)
 *     5F20 subject (8 or 16)   the card (uimkey: its GUID, 16 bytes)
 *     7F49 { 06 P-256, 86 point (65) }
 *     5F4C role (1)            00: the card's key-establishment key
 *     5F37 { 30 { 30 { 06 ecdsa-with-SHA256 [05 00] },
 *                 03 { 00, ECDSA-Sig-Value } } }
 *   }
 *
 * The signature covers the body: the TLVs from 5F29 to 5F4C, as they
 * are encoded.  The card builds one, the host takes one apart; the
 * caller owns every buffer.
 */
#ifndef UK_CODEC_CVC_H
#define UK_CODEC_CVC_H

#include <stddef.h>
#include <stdint.h>

#define UK_CVC_IIN_LEN      8
#define UK_CVC_GUID_LEN     16
#define UK_CVC_POINT_LEN    65          /* uncompressed P-256 */
#define UK_CVC_PROFILE      0x80
#define UK_CVC_ROLE_CARD    0x00
/* Longest ECDSA P-256 signature in DER. */
#define UK_CVC_SIG_MAX      72
/* Longest body uk_cvc_body writes and longest whole certificate. */
#define UK_CVC_BODY_MAX     128
#define UK_CVC_MAX          256

/* A certificate taken apart: pointers into the bytes parsed. */
typedef struct {
	const uint8_t *body;            /* the signed TLVs */
	size_t body_len;
	const uint8_t *iin;             /* UK_CVC_IIN_LEN bytes */
	const uint8_t *subject;         /* 8 or 16 bytes */
	size_t subject_len;
	const uint8_t *point;           /* UK_CVC_POINT_LEN bytes, 04 first */
	uint8_t role;
	const uint8_t *sig;             /* ECDSA-Sig-Value, DER */
	size_t sig_len;
} uk_cvc;

/* The IIN that names the signer whose public point is point (65
 * bytes). */
void uk_cvc_iin(const uint8_t *point, uint8_t *iin);

/* The body of a card's certificate for point into out (cap bytes):
 * its length, 0 when it does not fit. */
size_t uk_cvc_body(const uint8_t *iin, const uint8_t *guid,
    const uint8_t *point, uint8_t *out, size_t cap);

/* The whole certificate: body and sig (an ECDSA-Sig-Value over SHA-256
 * of the body) into out (cap bytes, not overlapping them): its length,
 * 0 when it does not fit. */
size_t uk_cvc_wrap(const uint8_t *body, size_t body_len,
    const uint8_t *sig, size_t sig_len, uint8_t *out, size_t cap);

/* Take a certificate apart: 0, or -1 when cvc (len bytes) is not
 * exactly one certificate of the layout above (profile 80, a P-256 key,
 * a one-byte role, ECDSA with SHA-256, nothing else and nothing after). */
int uk_cvc_parse(const uint8_t *cvc, size_t len, uk_cvc *out);

/* 1 when c's signature verifies under the P-256 point signer (65
 * bytes), else 0. */
int uk_cvc_verify(const uk_cvc *c, const uint8_t *signer);

#endif
