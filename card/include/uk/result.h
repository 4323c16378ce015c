/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card core's one result space.
 *
 * A command handler, and a check whose answer a handler returns as it is
 * (uk_auth_admin, uk_lock_gate, ...), returns a status word (card/wire.h):
 * that is the edge, where the host reads it.  Every other function of the
 * core that can fail returns one of these: UK_OK, or why not.  The handler
 * that calls it decides which status word the host sees (most often
 * UIMKEY_SW_MEMORY_FAILURE, 6581).
 *
 * Not results, and so not here: predicates return 1 or 0 (uimkey_alg_is_ec,
 * uk_ct_equal, ..._valid); lookups return an index or -1 (uimkey_slot_index);
 * measures return a size, 0 when it does not fit (uk_key_spki); the
 * journal's state is UK_JRNL_* (card/store/store_journal.h).
 *
 * Outside the core, with their own: uimkey_card_init()'s UIMKEY_CARD_* (the
 * platform API, card/card.h), the platform's memory and random source
 * (0 or -1, called only by the store and the engine), and the codec's
 * (shared with libuimkey, where status words mean nothing).
 */
#ifndef UK_RESULT_H
#define UK_RESULT_H

#define UK_OK               0
#define UK_ERR_IO          -1   /* the persistent memory failed: nothing changed */
#define UK_ERR_CORRUPT     -2   /* a record, or what it holds, fails its check */
#define UK_ERR_FULL        -3   /* too much: for one transaction, or for a buffer */
#define UK_ERR_ARG         -4   /* no such record or slot, too long, unknown algorithm */
#define UK_ERR_EMPTY       -5   /* nothing there: an empty key slot */
#define UK_ERR_CRYPTO      -6   /* a key could not be made */
#define UK_ERR_ROLLBACK    -7   /* the store is older than the device counter */
#define UK_ERR_DEVICE      -8   /* the device key or counter failed */

#endif
