/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * EC curves by their CKA_EC_PARAMS: as applications give it (a named
 * curve's OID, or the curve's name as a PrintableString) and as the
 * module answers it (the OID).  The card has P-256 and P-384 keys; the
 * host also verifies P-521 signatures with session public keys.
 */
#ifndef P11_CURVE_H
#define P11_CURVE_H

#include <stddef.h>
#include <stdint.h>

/* Not a card algorithm: a P-521 public key, only ever used on the host. */
#define P11_ALG_ECCP521  0xE5

/* Largest coordinate (P-521) and uncompressed point 04 X Y. */
#define P11_EC_COORD_MAX  66
#define P11_EC_POINT_MAX  (1 + 2 * P11_EC_COORD_MAX)

/* The curve of CKA_EC_PARAMS: UIMKEY_ALG_ECCP256, _ECCP384 or
 * P11_ALG_ECCP521; 0 for a well-formed value naming another curve
 * (or explicit parameters); -1 for a malformed one. */
int p11_curve_of_params(const uint8_t *p, size_t len);

/* The DER OID (06 len ...) of a curve; NULL for none. */
const uint8_t *p11_curve_oid(uint8_t alg, size_t *len);

/* Bytes of a coordinate; 0 for no curve. */
size_t p11_curve_bytes(uint8_t alg);

/* BearSSL's curve id (BR_EC_secp256r1, ...); 0 for no curve. */
int p11_curve_br_id(uint8_t alg);

#endif
