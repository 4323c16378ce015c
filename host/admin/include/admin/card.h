/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the admin library and the command line both do with a card
 * through libuimkey (card.c): a library error in words, the management
 * key proven, the issuer lock's state read.
 */
#ifndef UIMKEY_ADMIN_CARD_H
#define UIMKEY_ADMIN_CARD_H

#include "host/uimkey.h"

/* A library error in words, for "uimkey: WHAT: <this>": the card's
 * refusals said as a person reads them, the rest as uimkey_strerr(). */
const char *adm_strerr(int r);
/* adm_err("%s: %s", what, adm_strerr(r)); -1. */
int adm_fail(const char *what, int r);

/*
 * Prove the management key to the card.  The factory key is used only
 * when no key_file is given and the card itself says its key is still
 * the factory one (GET METADATA 9B); otherwise the key (hex) comes from
 * key_file or the terminal.  cmd names the command in the message of a
 * card locked by its issuer.  0; -1 after a message when the card
 * refuses; -2 after a message when the key is missing or malformed.
 */
int adm_mgmt_auth(uimkey_dev_t *dev, const char *key_file, const char *cmd);

/* The card's issuer lock; UIMKEY_OK, else the error after a message
 * that starts with what. */
int adm_lock_info_get(uimkey_dev_t *dev, const char *what,
    uimkey_piv_lock_info_t *info);

#endif
