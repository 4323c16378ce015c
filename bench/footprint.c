/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card core's RAM: sizeof the card state, and the deepest stack any
 * command reaches, measured by painting a thread's stack and running the
 * heaviest commands on it (factory format with the attestation key, RSA
 * 4096 generation, signing, ECDH, attestation).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card/card.h"
#include "tests/support/ram_memory.h"
#include "tests/support/test_device.h"
#include "vsmartcard/host_rng.h"

#define PAINT         0xA5
#define STACK_BYTES   (1024 * 1024)

/* The card's memory in RAM (no durable copy: a write is a memcpy) and
 * the OS random source. */
static host_rng os_rng;
static struct ram_memory store;
static uimkey_card card;
static uint8_t rsp[UIMKEY_CARD_RSP_MAX];

static int
hexcmd(const char *hex)
{
	uint8_t cmd[600];
	size_t n = 0;
	unsigned v;

	while (*hex && n < sizeof(cmd)) {
		if (*hex == ' ') {
			hex++;
			continue;
		}
		sscanf(hex, "%2x", &v);
		cmd[n++] = (uint8_t)v;
		hex += 2;
	}
	n = uimkey_card_process(&card, cmd, n, rsp);
	return rsp[n - 2] << 8 | rsp[n - 1];
}

#include <bearssl/bearssl_block.h>

/* Authenticate the factory management key (3DES) with the witness form
 * of GENERAL AUTHENTICATE: decrypt the card's witness, send it back. */
static int
admin(void)
{
	static const uint8_t key[24] = { 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4,
	    5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8 };
	br_des_ct_cbcdec_keys dk;
	uint8_t cmd[32] = { 0x00, 0x87, 0x03, 0x9B, 0x0C, 0x7C, 0x0A, 0x80, 0x08 };
	uint8_t iv[8] = { 0 }, w[8];
	size_t n;

	n = uimkey_card_process(&card, (const uint8_t *)"\x00\x87\x03\x9B\x04\x7C\x02\x80\x00", 9, rsp);
	if (n != 14)
		return -1;
	memcpy(w, rsp + 4, 8);
	br_des_ct_cbcdec_init(&dk, key, sizeof(key));
	br_des_ct_cbcdec_run(&dk, iv, w, sizeof(w));
	memcpy(cmd + 9, w, 8);
	n = uimkey_card_process(&card, cmd, 17, rsp);
	return (rsp[n - 2] << 8 | rsp[n - 1]) == 0x9000 ? 0 : -1;
}

/* 9000, or 61xx: success with more of the answer waiting. */
static int
answered(int sw)
{
	return sw == 0x9000 || (sw & 0xFF00) == 0x6100;
}

static void *
fail_step(const char *what)
{
	fprintf(stderr, "footprint: %s failed (SW %02X%02X)\n", what, rsp[0],
	    rsp[1]);
	return NULL;
}

static void *
workload(void *arg)
{
	const uimkey_memory_class **st = &store.vtable;
	int *ok = arg;

	*ok = 0;
	if (uimkey_card_init(&card, st, &os_rng.vtable,
	    test_device_default()) != UIMKEY_CARD_OK)
		return NULL;
	uimkey_card_power_on(&card);
	if (admin() != 0)
		return fail_step("management key");
	if (!answered(hexcmd("00 47 00 9A 05 AC 03 80 01 16")))
		return fail_step("RSA-4096 generation");
	if (!answered(hexcmd("00 47 00 9C 05 AC 03 80 01 14")))
		return fail_step("P-384 generation");
	if (hexcmd("00 20 00 80 08 31 32 33 34 35 36 FF FF") != 0x9000)
		return fail_step("VERIFY");
	if (hexcmd("00 87 14 9C 36 7C 34 82 00 81 30 "
	    "000102030405060708090A0B0C0D0E0F000102030405060708090A0B0C0D0E0F"
	    "000102030405060708090A0B0C0D0E0F") != 0x9000)
		return fail_step("P-384 signature");
	if (!answered(hexcmd("00 F9 9A 00")))
		return fail_step("attestation of the RSA-4096 key");
	*ok = 1;
	return NULL;
}

int
main(void)
{
	pthread_attr_t attr;
	pthread_t t;
	uint8_t *stack;
	size_t used;
	int ok = 0;

	if ((stack = aligned_alloc(4096, STACK_BYTES)) == NULL)
		return 1;
	memset(stack, PAINT, STACK_BYTES);
	ram_memory_blank(&store, 0);
	host_rng_init(&os_rng);
	pthread_attr_init(&attr);
	pthread_attr_setstack(&attr, stack, STACK_BYTES);
	if (pthread_create(&t, &attr, workload, &ok) != 0)
		return 1;
	pthread_join(t, NULL);
	for (used = 0; used < STACK_BYTES && stack[used] == PAINT; used++)
		;
	printf("card state (sizeof uimkey_card): %zu bytes\n", sizeof(card));
	printf("deepest stack (factory format, RSA-4096 keygen, P-384 sign, "
	    "attest): %zu bytes%s\n", STACK_BYTES - used,
	    ok ? "" : " (WORKLOAD FAILED)");
	free(stack);
	return ok ? 0 : 1;
}
