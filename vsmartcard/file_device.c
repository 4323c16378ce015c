/* SPDX-License-Identifier: BSD-2-Clause */
#include <string.h>

#include "file_device.h"

static int
fd_key(const uimkey_device_class **ctx, uint8_t *out)
{
	const file_device *d = (const file_device *)(const void *)ctx;

	memcpy(out, d->key, sizeof(d->key));
	return 0;
}

static int
fd_counter_raise(const uimkey_device_class **ctx, uint64_t value)
{
	return 0;
}

static uint32_t
fd_kdf_iterations(const uimkey_device_class **ctx)
{
	return ((const file_device *)(const void *)ctx)->iterations;
}

const uimkey_device_class file_device_vtable = {
	fd_key, NULL, fd_counter_raise, fd_kdf_iterations
};

void
file_device_init(file_device *d, uint32_t iterations)
{
	memset(d, 0, sizeof(*d));
	d->vtable = &file_device_vtable;
	d->iterations = iterations;
}
