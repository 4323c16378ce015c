/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card's persistent records and the transactions that change them.
 *
 * All persistent state lives in records of fixed capacity at fixed places
 * in the store: the credentials, one record per key slot, one per data
 * object.  A record holds 0..cap bytes; an empty record (length 0) means
 * "absent".  Each record is stored encrypted and authenticated under a
 * key derived from the device key, with its id and version: damage,
 * forgery, a record moved or an older image put back are refused instead
 * of used, and a copy of the store gives nothing away.  A manifest
 * committed with every transaction names each record's version; the
 * device counter (card/device.h) follows the commits, so an older copy
 * of the whole store is refused at start.
 *
 * Every change is a transaction: begin, put one or more records, commit
 * (uk_rec_write does all three for a change of one record).
 * A power cut at any instant leaves either all of the transaction's
 * records or none of them.  Writes become visible to reads only after the
 * commit.  A transaction may put up to UK_TXN_RECORDS_MAX times
 * (txn_state.h) and up to UK_TXN_MAX bytes; a record put twice counts
 * twice, and the later put wins.  Any failed put or wipe fails the whole
 * transaction: its commit returns that error and changes nothing.
 * The store's layout and journal: store_layout.h, docs/apdu.md ("The record store").
 */
#ifndef UK_CARD_RECORDS_H
#define UK_CARD_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "card/card.h"
#include "uk/result.h"
#include "card/piv_rules.h"

/* Storable data objects (certificates, CHUID, CCC, ...): see objects.c. */
#define UK_OBJ_COUNT        42

/* Record identifiers. */
#define UK_REC_CRED         0       /* PIN, PUK, management key, policy */
#define UK_REC_ISSUER       1       /* issuer lock state (lost/stolen) */
#define UK_REC_KEY0         2       /* + slot index: key slots */
#define UK_REC_OBJ0         (UK_REC_KEY0 + UIMKEY_SLOT_COUNT)
#define UK_REC_COUNT        (UK_REC_OBJ0 + UK_OBJ_COUNT)
#define UK_REC_KEY(i)       (UK_REC_KEY0 + (unsigned)(i))
#define UK_REC_OBJ(j)       (UK_REC_OBJ0 + (unsigned)(j))

/* Capacities. */
#define UK_REC_CRED_MAX     320
#define UK_REC_ISSUER_MAX   128
#define UK_REC_KEY_MAX      2560    /* an RSA-4096 private key with CRT */
#define UK_REC_OBJ_MAX      3072    /* value of a data object (tag 53) */

/* Most bytes of records one transaction may put (the journal's room);
 * more is UK_ERR_FULL. */
#define UK_TXN_MAX          (UK_REC_KEY_MAX + UK_REC_OBJ_MAX + 1024)


/* Capacity of record id (0 for an unknown id). */
size_t uk_rec_cap(unsigned id);

/*
 * Read record id into buf (cap bytes) and set *len; an absent record reads
 * as *len == 0.  UK_ERR_ARG when it does not fit cap;
 * UK_ERR_CORRUPT (buf wiped) when it fails authentication;
 * UK_ERR_IO while the store cannot finish a commit.
 */
int uk_rec_read(uimkey_card *card, unsigned id, uint8_t *buf,
    size_t cap, size_t *len);

/* Length of record id without reading it (0: absent); < 0 on error. */
long uk_rec_len(uimkey_card *card, unsigned id);

/* Start a transaction (one at a time; a begun but not committed one is
 * dropped by the next begin). */
void uk_txn_begin(uimkey_card *card);

/* Put len bytes as the new content of record id (len 0: delete it).  The
 * bytes go to the store's journal at once: data may be wiped on return. */
int uk_txn_put(uimkey_card *card, unsigned id, const void *data,
    size_t len);

/*
 * Empty every record except those put in this transaction (before or
 * after this call) and those in keep (a list of n ids): the factory reset,
 * atomic like the rest; once per transaction.  The commit erases the
 * emptied records' bytes from the store.
 */
int uk_txn_wipe_all(uimkey_card *card, const unsigned *keep, size_t n);

/* Make the transaction durable.  On failure the previous state stays and
 * the caller answers 6581.  UK_OK once the new state is durable,
 * even when copying it into place must be finished by a later call. */
int uk_txn_commit(uimkey_card *card);

/* Drop the transaction. */
void uk_txn_abort(uimkey_card *card);

/*
 * The whole transaction for a change of one record: begin, put len bytes
 * as record id (len 0: delete it), commit, or abort when the put fails.
 * The put's or the commit's result, with the same meaning and the same
 * syncs as those calls made one by one: on any failure the previous
 * content stays.  data may be wiped on return.
 */
int uk_rec_write(uimkey_card *card, unsigned id, const void *data,
    size_t len);

/*
 * The store's key, derived from the device key (card->device), which is
 * wiped at once: first of all at start.  The root of the card's
 * secure-messaging key (card->sm.root) is derived beside it.
 * UK_ERR_DEVICE when the device gives no key.
 */
int uk_store_key(uimkey_card *card);

/* The card header (uk/layout.h, UK_LAYOUT_HDR_END bytes): its nonce and
 * tag written over its first UK_LAYOUT_HDR_LEN bytes, or checked
 * (UK_ERR_CORRUPT). */
void uk_store_seal_header(uimkey_card *card, uint8_t *hdr);
int uk_store_check_header(uimkey_card *card, const uint8_t *hdr);

/*
 * At start: finish or drop an interrupted transaction, authenticate every
 * record against the manifest, and compare the manifest with the device
 * counter.  Called by uimkey_card_init on a formatted store.
 * UK_ERR_CORRUPT: something was damaged or forged outside the card (not by
 * a power cut); UK_ERR_ROLLBACK: the store is older than the counter
 * (nothing is written then); UK_ERR_DEVICE: the counter failed.  Nothing
 * is used or mended.
 */
int uk_boot_recover(uimkey_card *card);

/* The sequence number of a new store's factory commit on a new device. */
#define UK_SEQ_FACTORY  1u

/*
 * May a blank store be formatted?  Not on a device whose counter is past
 * a factory commit: that device held a store which made changes, and a
 * blank one in its place was erased or replaced, not new (UK_ERR_ROLLBACK,
 * so that erasing the card header is no way to a fresh card in the old
 * one's place).  A counter at the factory commit may be a format cut
 * short before its header: formatting again loses nothing.
 */
int uk_boot_blank_check(uimkey_card *card);

/* On a blank store: lay out empty records (erasing whatever an earlier
 * format cut short left) and the manifest, at the device counter's value.
 * Then the caller commits the factory state in a transaction, and writes
 * its header last. */
int uk_boot_format(uimkey_card *card);

#endif
