/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared helpers of the auth area's unit tests (test_auth*.c): the card of
 * card_fixture.h on a RAM store whose syncs can be counted, failed and
 * photographed, with the PIN commands and management-key authentication
 * of admin_fixture.h.
 */
#ifndef UIMKEY_TEST_AUTH_H
#define UIMKEY_TEST_AUTH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uk/auth.h"
#include "tests/unit/admin_fixture.h"

/* A RAM memory whose Nth sync can fail (m.fail_sync_at), and whose
 * durable state right after sync number snap_at is kept in snap; the
 * syncs asked for are counted in m.sync_calls. */
struct spy_store {
	struct ram_memory m;        /* first: the vtable is the context */
	unsigned long snap_at;      /* photograph after sync snap_at */
	uint8_t snap[UIMKEY_MEMORY_SIZE];
};

static struct spy_store *spy;

static inline void
spy_photograph(struct ram_memory *m, unsigned long call)
{
	struct spy_store *s = (struct spy_store *)(void *)m;

	if (call == s->snap_at)
		memcpy(s->snap, s->m.durable, sizeof(s->snap));
}

/* Start counting syncs again; fail_at / snap_at count from here. */
static inline void
spy_arm(unsigned fail_at, unsigned snap_at)
{
	spy->m.sync_calls = 0;
	spy->m.fail_sync_at = fail_at;
	spy->snap_at = snap_at;
}

static inline void
fresh_card(void)
{
	if (spy == NULL)
		spy = malloc(sizeof(*spy));
	ram_memory_blank(&spy->m, 1);
	spy->m.on_sync = spy_photograph;
	spy_arm(0, 0);
	if (card_start(&spy->m.vtable, 1) != UIMKEY_CARD_OK) {
		printf("not ok - card init\n");
		exit(1);
	}
}

/* The durable store as it is now, to compare after a refusal. */
static inline uint8_t *
store_photo(void)
{
	uint8_t *p = malloc(UIMKEY_MEMORY_SIZE);

	memcpy(p, spy->m.durable, UIMKEY_MEMORY_SIZE);
	spy_arm(0, 0);
	return p;
}

/* 1 when the store is as photographed and nothing was synced since;
 * frees the photo. */
static inline int
store_same(uint8_t *photo)
{
	int same = memcmp(photo, spy->m.durable, UIMKEY_MEMORY_SIZE) == 0 &&
	    memcmp(photo, spy->m.mem, UIMKEY_MEMORY_SIZE) == 0 &&
	    spy->m.sync_calls == 0;

	free(photo);
	return same;
}

/* One-sided: the card's challenge, encrypted by the host. */
static inline uint16_t
single_auth(uint8_t alg, const uint8_t *key)
{
	uint8_t c[16];
	size_t b = host_block(alg);
	uint16_t sw;

	if ((sw = ga_send(alg, 0x81, NULL, 0, 0, NULL, 0)) != UIMKEY_SW_OK)
		return sw;
	if (!dyn_item(0x81, b, c))
		return 0;
	host_cipher(alg, key, c, 1);
	return ga_send(alg, 0x82, c, b, 0, NULL, 0);
}

#endif
