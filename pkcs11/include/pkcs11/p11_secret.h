/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Secrets the module keeps while a user is logged in: the PIN (to log in
 * again, transparently, after another program reset the card), the PUK or
 * the management key of a security officer.  They live in one page of
 * their own: locked in RAM (mlock), left out of core dumps, zeroed in a
 * forked child (MADV_WIPEONFORK), and wiped at logout and C_Finalize.
 */
#ifndef P11_SECRET_H
#define P11_SECRET_H

#include <stddef.h>
#include <stdint.h>

#include "host/uimkey.h"

struct p11_secrets {
	char pin[UIMKEY_PIN_LEN + 1];       /* "" when none */
	char puk[UIMKEY_PIN_LEN + 1];       /* "" when none */
	uint8_t mgmt[UIMKEY_MGMT_KEY_MAX];
	size_t mgmt_len;                        /* 0 when none */
};

/* At C_Initialize: room for n slots' secrets; -1 when no memory. */
int p11_secrets_init(size_t n);
/* At C_Finalize: wipe and unmap. */
void p11_secrets_fini(void);
/* In a forked child: forget the parent's mapping (already zeroed). */
void p11_secrets_forget(void);
/* The secrets of slot i (< n), or NULL before p11_secrets_init. */
struct p11_secrets *p11_secrets_of(size_t i);
/* Wipe one slot's secrets. */
void p11_secrets_wipe(struct p11_secrets *sec);
/* 1 when sec holds a PIN and it is pin (both zero-padded to the full
 * length), in a time that does not depend on where they differ. */
int p11_secret_is_pin(const struct p11_secrets *sec,
    const char pin[UIMKEY_PIN_LEN + 1]);

#endif
