/* SPDX-License-Identifier: BSD-2-Clause */
/* Pieces of uimkey personalize (perso_*.c). */
#ifndef UIMKEY_ADMIN_PERSO_H
#define UIMKEY_ADMIN_PERSO_H

#include <stddef.h>
#include <stdint.h>

#include "admin/crypto.h"
#include "admin/io.h"
#include "admin/profile.h"

/* Values (contents of 53) of the PIV objects of the profile; the length,
 * 0 when it does not fit. */
size_t adm_perso_chuid(const struct adm_profile *p, uint32_t serial, uint8_t *out,
    size_t cap);
size_t adm_perso_ccc(const struct adm_profile *p, uint8_t *out, size_t cap);
size_t adm_perso_printed(const struct adm_profile *p, uint8_t *out, size_t cap);

/*
 * The manufacturer CA's certificate for the card's attestation key: the
 * subject of the card's current F9 certificate, the F9 public key, issued
 * by the CA certificate ca_cert with the CA's key; a CA itself
 * (basicConstraints cA, keyUsage keyCertSign), since it signs the
 * attestations.  0, or -1 after a message.
 */
int adm_perso_f9_cert(const struct adm_skey *ca_key, const uint8_t *ca_cert,
    size_t ca_len, const uint8_t *f9_cert, size_t f9_len,
    const uint8_t *f9_spki, size_t f9_spki_len, long validity_days,
    uint8_t *out, size_t cap, size_t *len);

/* 1 when the CA key is the key of the CA certificate (a test signature
 * checked with the certificate's public key). */
int adm_perso_ca_matches(const struct adm_skey *ca_key, const uint8_t *ca_cert,
    size_t ca_len);

/* A random PIN or PUK of 8 digits, never a trivial one. */
int adm_perso_random_pin(struct adm_secret *s);

#endif
