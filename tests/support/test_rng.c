/* SPDX-License-Identifier: BSD-2-Clause */
/* The counter random source of the tests (test_rng.h). */
#include <string.h>

#include "tests/support/test_rng.h"

static int
counter_fill(const uimkey_rng_class **ctx, void *buf, size_t len)
{
	struct test_rng *r = (struct test_rng *)(void *)ctx;
	uint8_t *b = buf;

	if (r->fail)
		return -1;
	while (len--)
		*b++ = r->next++;
	return 0;
}

const uimkey_rng_class test_rng_vtable = { counter_fill };

void
test_rng_init(struct test_rng *r, uint8_t first)
{
	memset(r, 0, sizeof(*r));
	r->vtable = &test_rng_vtable;
	r->next = first;
}
