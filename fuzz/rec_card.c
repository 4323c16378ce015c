/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The recorder of fuzz_card's seeds: linked into the unit test programs
 * (make fuzz-seeds) with
 *   -Wl,--wrap=uimkey_card_init,--wrap=uimkey_card_power_on,
 *   --wrap=uimkey_card_power_off,--wrap=uimkey_card_reset,
 *   --wrap=uimkey_card_process
 * it writes every card session a test runs, from a blank store with the
 * counter rng of tests/support/test_rng.h started at 7 or 1 (fuzz_card's
 * modes 0 and 1 are exactly those cards), as one fuzz_card input in
 * $FUZZ_REC_DIR: the APDUs and the power events, in order.  Sessions
 * on other stores (images loaded, copies) are left out: they would not
 * replay.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card/card.h"

#define SESSIONS_MAX  4096
#define SESSION_BYTES (64 * 1024)

int __real_uimkey_card_init(uimkey_card *card, const uimkey_memory_class **store,
    const uimkey_rng_class **rng,
    const uimkey_device_class **device);
void __real_uimkey_card_power_on(uimkey_card *card);
void __real_uimkey_card_power_off(uimkey_card *card);
void __real_uimkey_card_reset(uimkey_card *card);
size_t __real_uimkey_card_process(uimkey_card *card, const uint8_t *cmd,
    size_t cmd_len, uint8_t *rsp);
int __wrap_uimkey_card_init(uimkey_card *card,
    const uimkey_memory_class **store, const uimkey_rng_class **rng,
    const uimkey_device_class **device);
void __wrap_uimkey_card_power_on(uimkey_card *card);
void __wrap_uimkey_card_power_off(uimkey_card *card);
void __wrap_uimkey_card_reset(uimkey_card *card);
size_t __wrap_uimkey_card_process(uimkey_card *card, const uint8_t *cmd,
    size_t cmd_len, uint8_t *rsp);

struct session {
	const uimkey_card *card;
	const uimkey_memory_class **store;
	uint8_t buf[SESSION_BYTES];
	size_t len;
	unsigned apdus;
	int fresh;              /* just made: the power-on is fuzz_card's */
	int full;
};

static struct session *cur;
static unsigned written, seq;

static void
flush(void)
{
	char path[4096];
	const char *dir = getenv("FUZZ_REC_DIR");
	FILE *f;

	if (cur == NULL)
		return;
	if (dir != NULL && cur->apdus > 0 && written < SESSIONS_MAX) {
		snprintf(path, sizeof(path), "%s/%s-%04u", dir,
		    program_invocation_short_name, seq++);
		if ((f = fopen(path, "wb")) != NULL) {
			fwrite(cur->buf, 1, cur->len, f);
			fclose(f);
			written++;
		}
	}
	free(cur);
	cur = NULL;
}

static void
put(const uint8_t *b, size_t n)
{
	if (cur->full || n > sizeof(cur->buf) - cur->len) {
		cur->full = 1;
		return;
	}
	memcpy(cur->buf + cur->len, b, n);
	cur->len += n;
}

static void
event(uint8_t e)
{
	uint8_t b[2] = { 0xFE, e };

	put(b, 2);
}

static int
blank(const uimkey_memory_class **store)
{
	uint8_t hdr[16];
	size_t i;

	if ((*store)->read(store, 0, hdr, sizeof(hdr)) != 0)
		return 0;
	for (i = 0; i < sizeof(hdr); i++)
		if (hdr[i] != UIMKEY_MEMORY_ERASED)
			return 0;
	return 1;
}

static void
at_exit(void)
{
	flush();
}

int
__wrap_uimkey_card_init(uimkey_card *card, const uimkey_memory_class **store,
    const uimkey_rng_class **rng,
    const uimkey_device_class **device)
{
	static int registered;
	/* tests/support/test_rng.h: struct test_rng { vtable; uint8_t next; } */
	uint8_t first = *((const uint8_t *)rng + sizeof(void *));
	int was_blank = blank(store);

	if (!registered) {
		atexit(at_exit);
		registered = 1;
	}
	if (cur != NULL && cur->card == card && cur->store == store &&
	    !was_blank) {
		event(0x02);            /* restart on the same store */
		return __real_uimkey_card_init(card, store, rng, device);
	}
	flush();
	if (was_blank && (first == 7 || first == 1) &&
	    (cur = calloc(1, sizeof(*cur))) != NULL) {
		cur->card = card;
		cur->store = store;
		cur->buf[0] = first == 7 ? 0 : 1;
		cur->buf[1] = 0;
		cur->len = 2;
		cur->fresh = 1;
	}
	return __real_uimkey_card_init(card, store, rng, device);
}

void
__wrap_uimkey_card_power_on(uimkey_card *card)
{
	if (cur != NULL && cur->card == card) {
		if (cur->fresh)
			cur->fresh = 0;
		else
			event(0x00);
	}
	__real_uimkey_card_power_on(card);
}

void
__wrap_uimkey_card_power_off(uimkey_card *card)
{
	if (cur != NULL && cur->card == card)
		event(0x03);
	__real_uimkey_card_power_off(card);
}

void
__wrap_uimkey_card_reset(uimkey_card *card)
{
	if (cur != NULL && cur->card == card)
		event(0x01);
	__real_uimkey_card_reset(card);
}

size_t
__wrap_uimkey_card_process(uimkey_card *card, const uint8_t *cmd,
    size_t cmd_len, uint8_t *rsp)
{
	uint8_t h[3];

	if (cur != NULL && cur->card == card) {
		cur->fresh = 0;
		if (cmd_len < 0xFE) {
			h[0] = (uint8_t)cmd_len;
			put(h, 1);
		} else {
			h[0] = 0xFF;
			h[1] = (uint8_t)(cmd_len >> 8);
			h[2] = (uint8_t)cmd_len;
			put(h, 3);
		}
		put(cmd, cmd_len);
		cur->apdus++;
	}
	return __real_uimkey_card_process(card, cmd, cmd_len, rsp);
}
