/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card's random source in tests: a counter (next, next + 1, ...), so
 * that a card's keys and challenges come out the same on every run, and
 * that can be told to fail.  The operating system's source for programs
 * that want real randomness is vsmartcard/host_rng.h, linked in the same
 * library.
 */
#ifndef UIMKEY_TEST_SUPPORT_TEST_RNG_H
#define UIMKEY_TEST_SUPPORT_TEST_RNG_H

#include <stdint.h>

#include "card/rng.h"

struct test_rng {
	const uimkey_rng_class *vtable;  /* first: the core's view */
	uint8_t next;
	int fail;                       /* the random source fails */
};

extern const uimkey_rng_class test_rng_vtable;

/* A counter from first on, not failing. */
void test_rng_init(struct test_rng *r, uint8_t first);

#endif
