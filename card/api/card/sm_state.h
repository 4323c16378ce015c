/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What secure messaging (card/sm/; docs/apdu.md, "Secure messaging")
 * keeps in RAM: per logical channel, the session its GENERAL
 * AUTHENTICATE with key 04 set up and what was proven inside it; for the
 * card, the root of its key-establishment key and the certificate (CVC)
 * that names it.  Owned by the sm area; the engine asks through
 * card/include/uk/sm.h.
 */
#ifndef UK_CARD_SM_STATE_H
#define UK_CARD_SM_STATE_H

#include <stdint.h>

#include "card/auth_state.h"

/* A session's keys, counter and MAC chains: the bytes of the codec's
 * uk_sm_session (codec/sm_apdu.h, whose size the sm area checks),
 * copied in and out around each use. */
#define UK_SM_SESSION_BYTES  96

/* The card's key-establishment key is derived, not stored: its root
 * comes from the device key at start, like the store's key. */
#define UK_SM_ROOT_LEN       32

/* Longest CVC (codec/cvc.h, UK_CVC_MAX). */
#define UK_SM_CVC_BYTES      256

/* Largest clear command data a protected command may carry: the
 * largest a chain may carry. */
#define UK_SM_DATA_MAX       3200

/*
 * One channel's session.  The security state proven by commands
 * carried in it (auth) is separate from the channel's plain one: a
 * command sent in the clear on the channel never uses it, so another
 * program that names the channel in its class bytes gets nothing from
 * the session's login.
 */
typedef struct {
	uint8_t session[UK_SM_SESSION_BYTES];
	uimkey_auth_state auth;
	uint8_t on;             /* a session is set up on this channel */
} uimkey_sm_channel;

typedef struct {
	uint8_t root[UK_SM_ROOT_LEN];   /* from the device key, at start */
	/* The CVC, built and signed by the attestation key at the first
	 * key establishment after start; 0 until then. */
	uint16_t cvc_len;
	uint8_t cvc[UK_SM_CVC_BYTES];
	/* The clear data of the protected command being run. */
	uint8_t data[UK_SM_DATA_MAX];
	uint16_t data_len;
	/* 1 while a command carried in a session runs: its security state
	 * is the session's (UK_AUTH in uk/channel.h). */
	uint8_t in_session;
} uimkey_sm_card;

#endif
