/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey's own object identifiers: the one definition that the card (its
 * attestation certificates, card/attest/attest_cmd.c) and the registration
 * authority's check (host/admin/ra_attest.c) both use.
 *
 * uimkey's arc is the UUID 911f4e5e-1e53-4b6d-981d-01916c1c1e64 under
 * Microsoft's registration-free GUID arc 1.2.840.113556.1.8000.2554: the
 * UUID's hex digits cut into pieces of 4, 4, 4, 4, 4, 6 and 6 digits
 * (16, 16, 16, 16, 16, 24 and 24 bits), each written as a decimal arc,
 * as Microsoft's "Obtaining an Object Identifier" script does:
 *
 *   911f 4e5e 1e53 4b6d 981d 01916c 1c1e64
 *   1.2.840.113556.1.8000.2554.37151.20062.7763.19309.38941.102764.1842788
 *
 * Every arc is below 2^28, the least RFC 5280 (4.1.2.4, 4.2) asks every
 * implementation to handle.  The same UUID as one X.667 arc,
 * 2.25.192900610076208989735487875138748948068 (128 bits), was the old
 * encoding: GnuTLS (certtool, p11tool: "ASN1 parser: Error in DER
 * parsing") and python-cryptography 38 ("InvalidValue ... extn_id")
 * refuse a whole certificate that carries it.
 */
#ifndef UK_CODEC_OID_UIMKEY_H
#define UK_CODEC_OID_UIMKEY_H

/* uimkey's arc, dotted. */
#define UK_OID_ARC_TEXT \
	"1.2.840.113556.1.8000.2554.37151.20062.7763.19309.38941.102764.1842788"

/*
 * arc.1: the key's origin in an attestation certificate, non-critical,
 * extnValue a DER ENUMERATED: generated(1) on the card, imported(2)
 * (the values of UIMKEY_ORIGIN_* in card/wire.h).  As DER contents (the
 * bytes after 06 20), for  static const uint8_t oid[] = ...;
 */
#define UK_OID_UIMKEY_ORIGIN_TEXT  UK_OID_ARC_TEXT ".1"
#define UK_OID_UIMKEY_ORIGIN { \
	0x2A, 0x86, 0x48, 0x86, 0xF7, 0x14,     /* 1.2.840.113556 */ \
	0x01, 0xBE, 0x40, 0x93, 0x7A,           /* .1.8000.2554 */ \
	0x82, 0xA2, 0x1F, 0x81, 0x9C, 0x5E,     /* .37151.20062 */ \
	0xBC, 0x53, 0x81, 0x96, 0x6D,           /* .7763.19309 */ \
	0x82, 0xB0, 0x1D, 0x86, 0xA2, 0x6C,     /* .38941.102764 */ \
	0xF0, 0xBC, 0x64, 0x01 }                /* .1842788.1 */

/*
 * The origin under the old encoding, 2.25.192900610076208989735487875138748948068.1.
 * Never written.  The RA does not take it for an origin (a card makes
 * its attestations afresh at each ATTEST, so a current one never carries
 * it); it only names it when it refuses such an attestation.
 */
#define UK_OID_UIMKEY_ORIGIN_OLD { 0x69, 0x82, 0xA2, 0x9F, 0xA7, 0x97, \
	0xC3, 0xE5, 0x9A, 0xAD, 0xDB, 0x98, 0x8E, 0xC0, 0xB2, 0x96, 0xE0, \
	0xF0, 0xBC, 0x64, 0x01 }

#endif
