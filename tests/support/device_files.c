/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A test device loaded from the files uimkey-card keeps beside a store
 * (vsmartcard/file_device.h): for the probes and benchmarks that open a
 * card's store file in process.
 */
#include <stdio.h>

#include "tests/support/test_device.h"

/* Read exactly len bytes of path into p: 0, or -1. */
static int
slurp(const char *path, uint8_t *p, size_t len)
{
	FILE *f = fopen(path, "rb");
	size_t got;
	int extra;

	if (f == NULL)
		return -1;
	got = fread(p, 1, len, f);
	extra = fgetc(f);
	fclose(f);
	return got == len && extra == EOF ? 0 : -1;
}

int
test_device_load(struct test_device *d, const char *store_path)
{
	char path[4096];
	uint8_t c[8];
	size_t i;

	test_device_init(d, 0, 0);
	if (snprintf(path, sizeof(path), "%s.key", store_path) >=
	    (int)sizeof(path) || slurp(path, d->key, sizeof(d->key)) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s.counter", store_path);
	if (slurp(path, c, sizeof(c)) == 0) {
		d->vtable = &test_device_vtable;
		for (i = 0; i < sizeof(c); i++)
			d->counter = d->counter << 8 | c[i];
	}
	return 0;
}
