/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card process's device service (card/device.h).  For now a fixed
 * key and no counter: the key file and the counter file come next.
 */
#ifndef UIMKEY_VPCD_FILE_DEVICE_H
#define UIMKEY_VPCD_FILE_DEVICE_H

#include <stdint.h>

#include "card/device.h"

typedef struct {
	const uimkey_device_class *vtable;  /* first: the core's view */
	uint8_t key[UIMKEY_DEVICE_KEY_LEN];
	uint32_t iterations;
} file_device;

extern const uimkey_device_class file_device_vtable;

void file_device_init(file_device *d, uint32_t iterations);

#endif
