/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where the record store keeps things, from UK_LAYOUT_RECORDS_OFF to
 * the end of the store (docs/apdu.md, "The record store", draws it):
 *
 *   manifest         the commit sequence and every record's version,
 *                    itself a record (UK_META_ID)
 *   journal header   the commit point of a transaction
 *   journal data     the images a transaction puts, before they go home
 *   records          every record at a fixed place: image header, then
 *                    its encrypted content
 *
 * Every record image (and so every journal entry, which carries one) is
 * AES-256-GCM: a random nonce per write, the tag over the content and
 * the record's id, version and length (store_crypt.h).  All integers are
 * big endian.  Offsets are computed, not looked up, so the layout costs
 * no RAM and no table, and follows the capacities of uk/store.h.
 */
#ifndef UK_CARD_STORE_LAYOUT_H
#define UK_CARD_STORE_LAYOUT_H

#include "uk/layout.h"
#include "uk/store.h"
#include "card/memory.h"

#define UK_NONCE_LEN        12      /* GCM nonce, random per write */
#define UK_TAG_LEN          16      /* GCM tag */
#define UK_SEQ_LEN          8       /* a commit sequence number */

/* Record image header: version (8) = the sequence number of the commit
 * that wrote it, content length (4), nonce (12), tag (16); then the
 * content, encrypted, and erased bytes up to the capacity. */
#define UK_HOME_HDR_VER     0
#define UK_HOME_HDR_LEN_AT  8
#define UK_HOME_HDR_NONCE   12
#define UK_HOME_HDR_TAG     (UK_HOME_HDR_NONCE + UK_NONCE_LEN)
#define UK_HOME_HDR_LEN     (UK_HOME_HDR_TAG + UK_TAG_LEN)

/* The manifest, record id UK_META_ID: sequence number of the last commit
 * (8), the device counter value that commit raised (8), then the version
 * of each record in id order (8 each).  Its own image's version is the
 * sequence number. */
#define UK_META_ID          UK_REC_COUNT
#define UK_MAN_SEQ          0
#define UK_MAN_COUNTER      8
#define UK_MAN_VERSIONS     16
#define UK_META_LEN         (UK_MAN_VERSIONS + UK_SEQ_LEN * UK_REC_COUNT)
#define UK_META_OFF         UK_LAYOUT_RECORDS_OFF
#define UK_META_ROOM        (UK_HOME_HDR_LEN + UK_META_LEN)

/*
 * Journal header: magic (4), sequence number of the commit (8), entry
 * count (4), entry bytes (4), nonce (12), tag (16), mark (4).  The tag
 * authenticates the bytes before the nonce and then every entry byte
 * (GCM with all of it as additional data).  The mark is last so that a
 * torn write of the header, which lands a prefix, never carries it.
 */
#define UK_JHDR_OFF         (UK_META_OFF + UK_META_ROOM)
#define UK_JH_MAGIC         0
#define UK_JH_SEQ           4
#define UK_JH_COUNT         12
#define UK_JH_BYTES         16
#define UK_JH_NONCE         20
#define UK_JH_TAG           (UK_JH_NONCE + UK_NONCE_LEN)
#define UK_JH_MARK          (UK_JH_TAG + UK_TAG_LEN)
#define UK_JHDR_LEN         (UK_JH_MARK + 4)
#define UK_JHDR_MAGIC       0x554A4E4Cu     /* "UJNL" */
#define UK_JHDR_MARK        0x434D4954u     /* "CMIT" */

/* Journal entry: tag (4) = kind << 24 | id, then the record's image as
 * it goes home (header and encrypted content). */
#define UK_JENT_HDR_LEN     4
#define UK_JENT_PUT         0x01u
#define UK_JENT_LEN(len)    (UK_JENT_HDR_LEN + UK_HOME_HDR_LEN + (len))

/* The manifest's entry, which every commit appends last. */
#define UK_JMAN_LEN         UK_JENT_LEN(UK_META_LEN)

/* Room for the largest transaction: its puts, an empty image for each
 * record a reset empties, and the manifest. */
#define UK_JDATA_OFF        (UK_JHDR_OFF + UK_JHDR_LEN)
#define UK_JDATA_LEN        (UK_TXN_MAX + (UK_TXN_RECORDS_MAX + \
                                 UK_REC_COUNT) * UK_JENT_LEN(0) + \
                                 UK_JMAN_LEN)

/* Records in id order: credentials, issuer, key slots, data objects. */
#define UK_RECS_OFF         (UK_JDATA_OFF + UK_JDATA_LEN)
#define UK_KEYS_OFF         (UK_RECS_OFF + 2 * UK_HOME_HDR_LEN + \
                                 UK_REC_CRED_MAX + UK_REC_ISSUER_MAX)
#define UK_KEY_ROOM         (UK_HOME_HDR_LEN + UK_REC_KEY_MAX)
#define UK_OBJS_OFF         (UK_KEYS_OFF + \
                                 UIMKEY_SLOT_COUNT * UK_KEY_ROOM)
#define UK_OBJ_ROOM         (UK_HOME_HDR_LEN + UK_REC_OBJ_MAX)
#define UK_RECS_END         (UK_OBJS_OFF + \
                                 UK_OBJ_COUNT * UK_OBJ_ROOM)

_Static_assert(UK_META_OFF >= UK_LAYOUT_HDR_END,
    "the store starts after the card header");
_Static_assert(UK_RECS_END <= UIMKEY_MEMORY_SIZE,
    "journal and records fit the store");
_Static_assert(UK_REC_COUNT < 256 && UK_TXN_RECORDS_MAX < 256,
    "record ids and put counts fit a byte (txn_state.h)");
_Static_assert(UK_TXN_RECORDS_MAX + UK_REC_COUNT + 1 < 256,
    "journal entries fit a byte (txn_state.h)");
_Static_assert(UK_JDATA_LEN <= 0xFFFF,
    "journal offsets fit 16 bits (txn_state.h)");
_Static_assert(UK_TXN_MAX <= 0xFFFF, "put bytes fit 16 bits (txn_state.h)");

#endif
