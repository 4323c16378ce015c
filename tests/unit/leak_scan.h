/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Answers scanned for secret bytes: a test registers the private keys it
 * imports, every answer is scanned, and a leak is an answer that holds
 * any LEAK_WINDOW bytes of a registered secret.  The in-process card
 * (card_fixture.h) and the PIV client's fake transport (piv_fake.h) both
 * scan with it.
 */
#ifndef UIMKEY_TEST_LEAK_SCAN_H
#define UIMKEY_TEST_LEAK_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define LEAK_SECRETS_MAX 32
#define LEAK_WINDOW      16     /* a leak is any 16 bytes of a secret */

struct leak_watch {
	const uint8_t *secret[LEAK_SECRETS_MAX];
	size_t len[LEAK_SECRETS_MAX];
	unsigned count;         /* secrets registered */
	unsigned leaks;         /* answers that held a window of one */
	unsigned scanned;       /* answers scanned */
};

/* hay (n bytes) holds needle (k bytes) somewhere. */
static inline int
contains(const uint8_t *hay, size_t n, const uint8_t *needle, size_t k)
{
	size_t i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return 1;
	return 0;
}

/* Register a secret (kept by reference); one shorter than a window or
 * beyond LEAK_SECRETS_MAX is not watched. */
static inline void
leak_watch_add(struct leak_watch *w, const uint8_t *s, size_t len)
{
	if (w->count < LEAK_SECRETS_MAX && len >= LEAK_WINDOW) {
		w->secret[w->count] = s;
		w->len[w->count++] = len;
	}
}

/* Count an answer, and a leak when it holds any window of a secret. */
static inline void
leak_watch_scan(struct leak_watch *w, const uint8_t *ans, size_t n)
{
	size_t s, o;

	w->scanned++;
	for (s = 0; s < w->count; s++)
		for (o = 0; o + LEAK_WINDOW <= w->len[s]; o++)
			if (contains(ans, n, w->secret[s] + o, LEAK_WINDOW)) {
				w->leaks++;
				return;
			}
}

#endif
