/* SPDX-License-Identifier: BSD-2-Clause */
#include <stddef.h>

#include "tests/support/test_device.h"

static struct test_device *
td_of(const uimkey_device_class **ctx)
{
	return (struct test_device *)(void *)ctx;
}

static int
td_key(const uimkey_device_class **ctx, uint8_t *out)
{
	struct test_device *d = td_of(ctx);
	size_t i;

	if (d->fail_key)
		return -1;
	for (i = 0; i < UIMKEY_DEVICE_KEY_LEN; i++)
		out[i] = d->key[i];
	return 0;
}

static int
td_counter_read(const uimkey_device_class **ctx, uint64_t *value)
{
	struct test_device *d = td_of(ctx);

	if (d->fail_counter)
		return -1;
	*value = d->counter;
	return 0;
}

static int
td_counter_raise(const uimkey_device_class **ctx, uint64_t value)
{
	struct test_device *d = td_of(ctx);

	if (d->fail_counter)
		return -1;
	if (value > d->counter)
		d->counter = value;
	return 0;
}

static uint32_t
td_kdf_iterations(const uimkey_device_class **ctx)
{
	return td_of(ctx)->iterations;
}

const uimkey_device_class test_device_vtable = {
	td_key, td_counter_read, td_counter_raise, td_kdf_iterations
};

const uimkey_device_class test_device_nocounter_vtable = {
	td_key, NULL, td_counter_raise, td_kdf_iterations
};

void
test_device_init(struct test_device *d, uint8_t seed, int with_counter)
{
	size_t i;

	d->vtable = with_counter ? &test_device_vtable :
	    &test_device_nocounter_vtable;
	for (i = 0; i < UIMKEY_DEVICE_KEY_LEN; i++)
		d->key[i] = (uint8_t)(seed + i);
	d->counter = 0;
	d->iterations = TEST_DEVICE_KDF_ITERATIONS;
	d->fail_key = d->fail_counter = 0;
}

const uimkey_device_class **
test_device_default(void)
{
	static struct test_device d;

	if (d.vtable == NULL)
		test_device_init(&d, 0x5D, 0);
	return &d.vtable;
}
