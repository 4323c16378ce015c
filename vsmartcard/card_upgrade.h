/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey-card --upgrade: a store file of format 1 (an earlier uimkey's,
 * unencrypted) replaced by a store of this format, under a new device
 * key and counter (uimkey_card_upgrade does the card's part).
 */
#ifndef UIMKEY_VPCD_CARD_UPGRADE_H
#define UIMKEY_VPCD_CARD_UPGRADE_H

#include "card_args.h"

/*
 * Upgrade o->store with the device key at key and the counter at
 * counter, which must not exist yet (they are made).  The new image is
 * written whole to FILE.tmp, flushed, renamed over FILE and the
 * directory flushed: FILE is the old store or the new one, and the new
 * file holds none of the old bytes.  On any refusal FILE is left as it
 * was and a key and counter made here are removed.  Returns 0, or -1
 * with the reason said on stderr.
 */
int card_upgrade(const struct options *o, const char *key,
    const char *counter);

#endif
