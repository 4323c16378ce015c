/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Attestation (Yubico-compatible): the card's own attestation key in
 * slot F9, its self-signed CA certificate in object 5FFF01, and ATTEST,
 * which certifies that a slot's key was generated on this card.  The
 * OID of uimkey's origin extension is in codec/oid_uimkey.h.
 */
#ifndef UK_CARD_ATTEST_H
#define UK_CARD_ATTEST_H

#include <stddef.h>
#include <stdint.h>

#include "uk/apdu.h"
#include "card/card.h"
#include "uk/keys.h"

/* Random serial numbers of the certificates, in bytes. */
#define UK_ATTEST_SERIAL_LEN  16

/* Subject CNs: the F9 certificate's ends with the card serial in 8
 * decimal digits, an attestation's with the slot in 2 hex digits. */
#define UK_ATTEST_ROOT_CN     "uimkey Attestation Root "
#define UK_ATTEST_LEAF_CN     "uimkey PIV Attestation "

/* Factory hook: a new F9 key and its certificate, put into the open
 * transaction.  9000 or why not. */
uint16_t uk_attest_factory(uimkey_card *card);

/* ATTEST, 00 F9 slot 00: the attestation certificate, raw DER. */
uint16_t uk_attest_cmd(uimkey_card *card, const uk_apdu *apdu);

/*
 * Sign tbs (one TBSCertificate) with the EC P-256 key, ECDSA with
 * SHA-256, and write the certificate into out (cap bytes); returns its
 * length, 0 on failure.
 */
size_t uk_attest_sign(uimkey_card *card, const uk_key *key,
    const uint8_t *tbs, size_t tbs_len, uint8_t *out, size_t cap);

/* A random positive serial of UK_ATTEST_SERIAL_LEN bytes. */
void uk_attest_serial(uimkey_card *card,
    uint8_t serial[UK_ATTEST_SERIAL_LEN]);

#endif
