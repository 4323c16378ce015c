/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The key establishment of PIV secure messaging (SP 800-73-4 part 2,
 * cipher suite 2: ECDH P-256, AES-128, SHA-256), from the shared secret
 * on: the card's identifier IDsICC, the KDF's OtherInfo, the four
 * session keys and the card's key confirmation (AuthCryptogram).  The
 * card and the host compute the same values; the ECDH is theirs.
 */
#ifndef UK_CODEC_SM_KDF_H
#define UK_CODEC_SM_KDF_H

#include <stddef.h>
#include <stdint.h>

#define UK_SM_ID_LEN         8    /* IDsH, IDsICC */
#define UK_SM_NONCE_LEN      16   /* N_ICC */
#define UK_SM_KEY_LEN        16   /* each session key (AES-128) */
#define UK_SM_Z_LEN          32   /* the ECDH x-coordinate */
#define UK_SM_POINT_LEN      65   /* an uncompressed P-256 point */
#define UK_SM_OTHERINFO_LEN  61
#define UK_SM_CRYPTOGRAM_LEN 16

/* What both sides know once the card has answered the host's
 * GENERAL AUTHENTICATE. */
typedef struct {
	uint8_t id_h[UK_SM_ID_LEN];           /* the host's identifier */
	uint8_t cb_h;                         /* the host's control byte */
	uint8_t qe_h[UK_SM_POINT_LEN];        /* the host's ephemeral key */
	uint8_t id_icc[UK_SM_ID_LEN];         /* the card's, from its CVC */
	uint8_t n_icc[UK_SM_NONCE_LEN];       /* the card's nonce */
	uint8_t cb_icc;                       /* the card's control byte */
} uk_sm_setup;

/* The session keys, in the order the KDF gives them. */
typedef struct {
	uint8_t cfrm[UK_SM_KEY_LEN];          /* key confirmation only */
	uint8_t mac[UK_SM_KEY_LEN];           /* commands' MAC */
	uint8_t enc[UK_SM_KEY_LEN];           /* data, both ways */
	uint8_t rmac[UK_SM_KEY_LEN];          /* answers' MAC */
} uk_sm_keys;

/* IDsICC: the first 8 bytes of SHA-256 over the whole CVC (its 7F21
 * tag included). */
void uk_sm_id_icc(const uint8_t *cvc, size_t len, uint8_t *id);

/* The KDF's OtherInfo for cipher suite 2 into out (61 bytes). */
void uk_sm_other_info(const uk_sm_setup *s, uint8_t *out);

/* The session keys from the shared secret z (32 bytes): SP 800-56A's
 * single-step KDF with SHA-256, two rounds. */
void uk_sm_derive(const uint8_t *z, const uk_sm_setup *s, uk_sm_keys *k);

/* The card's AuthCryptogram (16 bytes): CMAC under the confirmation key
 * over "KC_1_V", IDsICC, IDsH and the host's key. */
void uk_sm_cryptogram(const uint8_t *cfrm, const uk_sm_setup *s,
    uint8_t *out);

#endif
