/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * getrandom(2) random source.
 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <stdint.h>
#include <sys/random.h>

#include "host_rng.h"

static int
host_rng_fill(const uimkey_rng_class **ctx, void *buf, size_t len)
{
	uint8_t *p = buf;
	ssize_t got;

	(void)ctx;
	/* Blocks only until the kernel pool is first seeded (never, after
	 * boot); requests over 256 bytes may come back short. */
	while (len > 0) {
		got = getrandom(p, len, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += got;
		len -= (size_t)got;
	}
	return 0;
}

const uimkey_rng_class host_rng_vtable = {
	host_rng_fill,
};

void
host_rng_init(host_rng *rng)
{
	rng->vtable = &host_rng_vtable;
}
