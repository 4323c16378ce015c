/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card's device service in tests: a fixed device key, a PIN-guess
 * cost low enough for thousands of cards a second, and a counter in RAM
 * that is off unless a test turns it on (tests that put an older memory
 * image back on purpose would otherwise meet the rollback check).  Each
 * part can be told to fail.
 */
#ifndef UIMKEY_TEST_SUPPORT_TEST_DEVICE_H
#define UIMKEY_TEST_SUPPORT_TEST_DEVICE_H

#include <stdint.h>

#include "card/device.h"

/* The PIN-guess cost of a test card's new memory. */
#define TEST_DEVICE_KDF_ITERATIONS  2u

struct test_device {
	const uimkey_device_class *vtable;  /* first: the core's view */
	uint8_t key[UIMKEY_DEVICE_KEY_LEN];
	uint64_t counter;
	uint32_t iterations;
	int fail_key, fail_counter;
};

/* With counter: counter_read and counter_raise work on d->counter. */
extern const uimkey_device_class test_device_vtable;
/* Without counter: counter_read is NULL. */
extern const uimkey_device_class test_device_nocounter_vtable;

/* Key bytes seed, seed + 1, ...; counter 0, TEST_DEVICE_KDF_ITERATIONS;
 * no counter when with_counter is 0. */
void test_device_init(struct test_device *d, uint8_t seed, int with_counter);

/* One shared device without counter, seed 0x5D: for the many tests that
 * need a device and nothing special of it. */
const uimkey_device_class **test_device_default(void);

/* The device of the store file at store_path as uimkey-card keeps it
 * (device_files.c): the key from store_path.key, and the counter from
 * store_path.counter when there is one (without counter otherwise; a
 * raise changes only RAM).  0, or -1 when the key cannot be read. */
int test_device_load(struct test_device *d, const char *store_path);

#endif
