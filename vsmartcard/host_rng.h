/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card's random source on a host: the kernel's getrandom(2).
 */
#ifndef UIMKEY_HOST_RNG_H
#define UIMKEY_HOST_RNG_H

#include "card/rng.h"

typedef struct {
	const uimkey_rng_class *vtable;  /* first: the core sees only this */
} host_rng;

extern const uimkey_rng_class host_rng_vtable;

/* Bind the context to its class. */
void host_rng_init(host_rng *rng);

#endif
