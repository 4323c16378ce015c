/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey card core: a pure APDU engine.
 *
 * The card takes one command APDU and returns one response APDU.  Power-on,
 * power-off, reset and the ATR are the only other calls.  The core does no
 * I/O and no allocation: the caller owns a uimkey_card of fixed size and
 * injects its platform services (persistent memory and a random source) as
 * BearSSL-style class pointers.
 */
#ifndef UIMKEY_CARD_H
#define UIMKEY_CARD_H

#include <stddef.h>
#include <stdint.h>

#include <bearssl/bearssl_rand.h>

#include "card/auth_state.h"
#include "card/channel_state.h"
#include "card/device.h"
#include "card/rng.h"
#include "card/rsp.h"
#include "card/memory.h"
#include "card/sm_state.h"
#include "card/txn_state.h"

/* Longest ATR the card produces. */
#define UIMKEY_CARD_ATR_MAX        33

/*
 * Largest command APDU the card accepts in one piece: header, extended Lc,
 * data, extended Le.  Longer data arrives by command chaining (the CLA's
 * chaining bit), up to UK_CHAIN_MAX bytes in all.
 */
#define UIMKEY_CARD_CMD_DATA_MAX   4096
#define UIMKEY_CARD_CMD_MAX        (4 + 3 + UIMKEY_CARD_CMD_DATA_MAX + 3)

/* Largest response APDU: data plus the status word.  Every answer fits
 * (UK_RSP_CHAIN_MAX), so a client that asks for all of it (extended Le
 * 0000) never needs GET RESPONSE; a shorter Ne gets 61xx and the rest by
 * GET RESPONSE. */
#define UIMKEY_CARD_RSP_DATA_MAX   UK_RSP_CHAIN_MAX
#define UIMKEY_CARD_RSP_MAX        (UIMKEY_CARD_RSP_DATA_MAX + 2)

/* Firmware version reported by GET VERSION (Yubico-compatible INS FD). */
#define UIMKEY_CARD_VERSION_MAJOR  5
#define UIMKEY_CARD_VERSION_MINOR  4
#define UIMKEY_CARD_VERSION_PATCH  0

/* Result of uimkey_card_init(). */
#define UIMKEY_CARD_OK             0
#define UIMKEY_CARD_ERR_STORE     -1   /* persistent memory failed */
#define UIMKEY_CARD_ERR_RNG       -2   /* random source failed */
#define UIMKEY_CARD_ERR_FORMAT    -3   /* store holds something we cannot read */
#define UIMKEY_CARD_ERR_CORRUPT   -4   /* a record was damaged outside the card */
#define UIMKEY_CARD_ERR_DEVICE    -5   /* device key or counter failed */
#define UIMKEY_CARD_ERR_ROLLBACK  -6   /* the store is older than the device
                                        * counter: a copy put back */

/* The store format this core reads and writes (uimkey_card_memory_format).
 * Format 1, before the store was encrypted, is refused with
 * UIMKEY_CARD_ERR_FORMAT; uimkey_card_upgrade reads it. */
#define UIMKEY_CARD_FORMAT         2

/*
 * The card.  Its fields are private to the core; the size is fixed so the
 * caller can place it statically or on its stack.
 */
typedef struct {
	const uimkey_memory_class **memory;
	const uimkey_rng_class **rng;
	const uimkey_device_class **device;
	br_hmac_drbg_context drbg;      /* all of the card's randomness */
	uimkey_rsp_chain rsp;           /* the answer of the command running */
	uimkey_hold hold;               /* one channel's chain or answer rest */
	/* Logical channels: each one's security state and selection.  The
	 * commands see the one the command came on, ch[cur]. */
	uimkey_channel ch[UK_CHANNELS];
	uimkey_kp_cache kp_cache;       /* what the PIN opened: to power-off */
	uimkey_txn_state txn;           /* record store transaction */
	uimkey_sm_card sm;              /* secure messaging: key, CVC */
	uint32_t serial;                /* from the memory's header */
	uint32_t clock;                 /* APDUs on open channels: stamps */
	uint8_t powered;
	uint8_t cur;                    /* channel of the APDU being run */
	/* PBKDF2 runs since uimkey_card_init: how tests and the benchmark
	 * see the KP cache at work.  A count, nothing secret. */
	uint32_t kdf_runs;
} uimkey_card;

/*
 * Bind the card to its services and open its persistent memory.  A blank
 * store (never formatted) is formatted as a factory-fresh card: a random
 * serial number is drawn and committed.  device (card/device.h) holds
 * what the card keeps outside the memory: its key is read once here, the
 * store's key derived from it and the device key wiped.  Returns
 * UIMKEY_CARD_OK or one of the UIMKEY_CARD_ERR_ codes; on error the card
 * answers nothing.  A memory that fails authentication anywhere (another
 * device key, damage) is UIMKEY_CARD_ERR_CORRUPT; one older than the
 * device's counter UIMKEY_CARD_ERR_ROLLBACK.
 */
int uimkey_card_init(uimkey_card *card, const uimkey_memory_class **store,
    const uimkey_rng_class **rng, const uimkey_device_class **device);

/*
 * What memory holds, from its header alone (no key needed, nothing
 * written): 0 when it was never formatted (or a format was cut short),
 * the store format N >= 1 of a uimkey card (UIMKEY_CARD_FORMAT is this
 * core's), -1 when it is no uimkey card or cannot be read.  The header
 * is only authenticated by uimkey_card_init.
 */
int uimkey_card_memory_format(const uimkey_memory_class **memory);

/*
 * A store of format 1 (old, only read: never written) made a card of
 * this format in store, which must be blank: the same serial, PIN and
 * PUK (now wrapping a new KP: never stored), tries, PIN policy,
 * management key, issuer lock state, keys (their policies kept; those
 * of PIN policy once and always encrypted under the new KP) and data
 * objects.  A transaction old holds committed but not yet applied (its
 * card was stopped after the commit point) counts as applied, as that
 * card applied it at its next start.  Every old record's CRC-32 is
 * checked before anything is written.  On UIMKEY_CARD_OK the card is as
 * after uimkey_card_init, with the KP cache empty.
 * UIMKEY_CARD_ERR_FORMAT: old is no format-1 store, or store is not
 * blank; UIMKEY_CARD_ERR_CORRUPT: an old record or the committed
 * journal fails its check or is not valid; the others as
 * uimkey_card_init.  On any error store may hold part of the new card
 * but never its header: it is still blank.
 */
int uimkey_card_upgrade(uimkey_card *card, const uimkey_memory_class **old,
    const uimkey_memory_class **store, const uimkey_rng_class **rng,
    const uimkey_device_class **device);

/* Power on: volatile state is cleared; the basic channel (0) is open
 * with PIV selected, every other logical channel closed. */
void uimkey_card_power_on(uimkey_card *card);

/* Power off: every logical channel closed, its security state, chain and
 * pending answer wiped, and the KP cache too. */
void uimkey_card_power_off(uimkey_card *card);

/* Warm reset: the same as power off then on. */
void uimkey_card_reset(uimkey_card *card);

/* Forget everything proven to the card (PIN, management key) on every
 * logical channel: power-off, reset, RESET and an issuer's lock do this
 * (SELECT only on its own channel).  The KP cache (card/auth_state.h)
 * proves nothing and stays: power-off and reset wipe it themselves. */
void uimkey_card_clear_security(uimkey_card *card);

/* Write the ATR into atr (UIMKEY_CARD_ATR_MAX bytes) and return its length. */
size_t uimkey_card_atr(const uimkey_card *card, uint8_t *atr);

/* The card's serial number (also the GUID of its CHUID). */
uint32_t uimkey_card_serial(const uimkey_card *card);

/*
 * Process one command APDU of cmd_len bytes and write the response APDU,
 * data then SW1 SW2, into rsp (UIMKEY_CARD_RSP_MAX bytes).  Returns the
 * response length, always at least 2.  A card that is not powered answers
 * 6F00; a command on a logical channel that is not open 6881.
 */
size_t uimkey_card_process(uimkey_card *card, const uint8_t *cmd,
    size_t cmd_len, uint8_t *rsp);

#endif
