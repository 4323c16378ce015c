/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A card store seen as the card would see it after a restart, without
 * restarting anything: the store file's image is loaded into RAM with
 * its device key and counter (FILE.key, FILE.counter), the card core
 * opens it in process (recovering an interrupted commit, or
 * refusing a damaged store), and libuimkey talks to it through an
 * injected transport.  Nothing is ever written back to the file.
 */
#ifndef UIMKEY_STRESS_PROBE_H
#define UIMKEY_STRESS_PROBE_H

#include "card/card.h"
#include "host/uimkey.h"

#define PROBE_READER    "uimkey probe 00"
#define PROBE_OK        0       /* UIMKEY_CARD_OK */
#define PROBE_ERR_FILE  -100    /* the file cannot be read whole */

/* UIMKEY_CARD_OK with *ctx and *dev open on the image of the store file
 * at path (NULL: a blank store, a factory-fresh card), or
 * uimkey_card_init()'s error (UIMKEY_CARD_ERR_CORRUPT: the store does not
 * open), or PROBE_ERR_FILE (the store or its key cannot be read).  One
 * probe at a time. */
int probe_open(const char *path, uimkey_ctx_t **ctx, uimkey_dev_t **dev);
void probe_close(uimkey_ctx_t **ctx, uimkey_dev_t **dev);
/* The open probe's card core, to look at its RAM. */
uimkey_card *probe_card(void);

#endif
