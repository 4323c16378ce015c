/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device service of the card core: what a card keeps outside its
 * persistent memory, so that a copy of the memory alone gives nothing
 * away and an older copy put back can be told from the current one.
 *
 * - The device key: UIMKEY_DEVICE_KEY_LEN secret bytes.  The core derives
 *   from it the keys that encrypt and authenticate every record, header
 *   and journal entry of its memory.  A platform keeps it where the
 *   memory's readers cannot reach (a secure element's own key, a file of
 *   its own readable by the card process only).
 * - A monotonic counter: the memory records the counter value of its
 *   last committed change; at start a memory older than the counter is
 *   refused.  A platform without such a counter leaves counter_read NULL
 *   (nothing is checked).  The counter only protects against rollback
 *   when it lives where a copy of the memory cannot take it back.
 * - The cost of one PIN guess that a newly formatted memory gets
 *   (PBKDF2-HMAC-SHA-256 iterations; 0: UIMKEY_KDF_ITERATIONS_DEFAULT).
 *   Tests lower it for speed; personalization can raise it later.
 */
#ifndef UIMKEY_CARD_DEVICE_H
#define UIMKEY_CARD_DEVICE_H

#include <stdint.h>

#define UIMKEY_DEVICE_KEY_LEN          32

/* One PIN guess at this cost takes >= 100 ms on a 2020s x86-64 core,
 * with OpenSSL's PBKDF2 using the CPU's SHA instructions (the card's own,
 * portable code takes about twice as long). */
#define UIMKEY_KDF_ITERATIONS_DEFAULT  300000u
#define UIMKEY_KDF_ITERATIONS_MIN      1u

typedef struct uimkey_device_class_ uimkey_device_class;

struct uimkey_device_class_ {
	/* Copy the device key into out (UIMKEY_DEVICE_KEY_LEN bytes).  0 on
	 * success, -1 on failure. */
	int (*key)(const uimkey_device_class **ctx, uint8_t *out);
	/* The counter's value into *value.  0 on success, -1 on failure.
	 * NULL when the platform has no counter. */
	int (*counter_read)(const uimkey_device_class **ctx, uint64_t *value);
	/* Raise the counter to value (a lower value leaves it as it is);
	 * durable on return.  0 on success, -1 on failure. */
	int (*counter_raise)(const uimkey_device_class **ctx, uint64_t value);
	/* Iterations a newly formatted memory's PIN and PUK get. */
	uint32_t (*kdf_iterations)(const uimkey_device_class **ctx);
};

#endif
