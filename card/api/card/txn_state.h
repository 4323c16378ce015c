/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Volatile state of the record store (store_*.c): the store's key, the
 * committed sequence number and the transaction being built.  Record
 * images go straight to the journal in the store; RAM keeps only the
 * bookkeeping.
 */
#ifndef UK_CARD_TXN_STATE_H
#define UK_CARD_TXN_STATE_H

#include <stddef.h>
#include <stdint.h>

#include <bearssl/bearssl_block.h>

/* Most puts one transaction may make (a repeated id counts again). */
#define UK_TXN_RECORDS_MAX  16

/* The store's AES-256-GCM key, derived from the device key.  The card
 * keeps its key schedule (BearSSL's ct64 context, 256 bytes): computed
 * once at start rather than for each record image, on the stack under
 * the deepest commands. */
#define UK_STORE_KEY_LEN    32

typedef struct {
	uint64_t seq;           /* sequence number of the last commit */
	uint16_t used;          /* journal data bytes of this transaction */
	uint16_t dirty;         /* journal data bytes that may hold images */
	uint16_t bytes;         /* record bytes put (UK_TXN_MAX) */
	uint8_t active;         /* a transaction is open */
	uint8_t wipe;           /* uk_txn_wipe_all() was called */
	int8_t fail;            /* first error of a put: commit refuses */
	uint8_t pending;        /* committed, not yet copied home */
	uint8_t broken;         /* the store failed in an unknown state */
	uint8_t unsynced;       /* written since the last sync */
	uint8_t puts;           /* puts so far */
	uint8_t entries;        /* journal entries so far */
	uint8_t ids[UK_TXN_RECORDS_MAX];    /* their record ids */
	/* Last: a reset of the bookkeeping stops before it. */
	br_aes_ct64_ctr_keys aes;   /* the store key, expanded */
} uimkey_txn_state;

#endif
