/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_card: the card core fed a sequence of APDUs and card events.
 *
 * Input:
 *   byte 0   start state (bits 0-2, mod 5: fz_card.h's enum fz_mode:
 *            factory from rng 7 / from rng 1, personalized, personalized
 *            with the management key and the PIN proven, locked) and the
 *            tear of a power cut (bits 3-5, mod 5: how much of the torn
 *            write lands, none .. all)
 *   byte 1   power cut at that write (0: none); every write and sync
 *            after it fails until the next restart
 *   then items, each
 *     L < FE      an APDU of L bytes
 *     FF HH LL    an APDU of HHLL bytes (extended APDUs, long chains)
 *     FE E ...    an event, E mod 8:
 *                 0 power on; 1 warm reset; 3 power off (the card then
 *                 answers 6F00 until it is powered on);
 *                 2 restart: power back, uimkey_card_init on the store
 *                 as it is, power on;
 *                 4 O1 O2 O3 X: damage done outside the card: the store
 *                 byte at O1O2O3 (mod the used part) xor X (00: FF);
 *                 5 the store's reads fail from now / work again;
 *                 6 the random source fails from now / works again;
 *                 7 the store's header erased, then a restart: the card
 *                 formats itself anew (a new serial)
 *   A truncated last item is sent as it is.
 *
 * Checked (a failure aborts, so libFuzzer keeps the input):
 *   - every answer is 2 .. UIMKEY_CARD_RSP_MAX bytes;
 *   - a restart, after any power cut, opens the store (UIMKEY_CARD_OK)
 *     with the same serial, unless the store was damaged (then it may
 *     also refuse: UIMKEY_CARD_ERR_CORRUPT / _FORMAT, never crash) or
 *     its reads or the random source fail (an error, never a crash);
 *   - at the end, after a restart (when anything was written): SELECT
 *     answers 9000, GET VERSION 05 04 00, GET SERIAL the card's serial;
 *   - no answer (with the GET RESPONSE parts its 61xx announced) held
 *     16 bytes of private key material (the keys of the start state and
 *     every key record at the end, the management key) that the input
 *     did not itself carry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card/card.h"
#include "card/wire.h"
#include "fuzz/fz_card.h"
#include "tests/support/test_device.h"

#define LOG_MAX (256 * 1024)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t rsp[UIMKEY_CARD_RSP_MAX];
static uint8_t rlog[LOG_MAX];           /* every answer's data */
static size_t rlog_len;
/* Where each answer starts in rlog: an answer and the GET RESPONSE parts
 * its 61xx announced are one; separate answers are judged apart, so
 * that short answers in a row (MANAGE CHANNEL's 01, 02, 03 ...) are not
 * taken for a key that counts the same way. */
#define RUNS_MAX 4096
static size_t runs[RUNS_MAX];
static size_t nruns;
static int more;                        /* the last answer said 61xx */
static struct fz_secrets secrets;

static void
fail(const char *what, const uint8_t *r, size_t n)
{
	size_t i;

	fprintf(stderr, "fuzz_card: invariant broken: %s", what);
	for (i = 0; r != NULL && i < n && i < 32; i++)
		fprintf(stderr, " %02X", r[i]);
	fputc('\n', stderr);
	abort();
}

static size_t
apdu(const uint8_t *c, size_t len)
{
	size_t n;
	uint8_t *copy;

	/* The command in a buffer of its own size, so that a read past
	 * its end is caught. */
	if ((copy = malloc(len > 0 ? len : 1)) == NULL)
		abort();
	memcpy(copy, c, len);
	n = uimkey_card_process(&fz_card, len > 0 ? copy : copy + 1, len, rsp);
	free(copy);

	if (n < 2 || n > UIMKEY_CARD_RSP_MAX)
		fail("answer length out of range", NULL, 0);
	if (rlog_len + n - 2 <= sizeof(rlog)) {
		/* A full table merges the rest into one run: stricter. */
		if (!more && nruns < RUNS_MAX)
			runs[nruns++] = rlog_len;
		memcpy(rlog + rlog_len, rsp, n - 2);
		rlog_len += n - 2;
	}
	more = rsp[n - 2] == (UIMKEY_SW_BYTES_LEFT >> 8);
	return n;
}

static uint16_t
sw_of(size_t n)
{
	return (uint16_t)(rsp[n - 2] << 8 | rsp[n - 1]);
}

/* What the input did to the card that a restart may refuse. */
static int damaged;

/* Power back, the card started on its store as it is. */
static void
restart(uint32_t *serial)
{
	int r;

	fz_reboot();
	r = uimkey_card_init(&fz_card, &fz_store.vtable, &fz_rng.vtable,
	    test_device_default());
	if (r == UIMKEY_CARD_OK && !damaged &&
	    uimkey_card_serial(&fz_card) != *serial)
		fail("the serial changed across a restart", NULL, 0);
	if (r == UIMKEY_CARD_OK)
		*serial = uimkey_card_serial(&fz_card);
	else if (!damaged && !fz_store.fail_read && !fz_rng.fail) {
		fprintf(stderr, "fuzz_card: uimkey_card_init: %d\n", r);
		fail("the store does not open after a restart", NULL, 0);
	} else if (r != UIMKEY_CARD_ERR_CORRUPT &&
	    r != UIMKEY_CARD_ERR_FORMAT && r != UIMKEY_CARD_ERR_STORE &&
	    r != UIMKEY_CARD_ERR_RNG)
		fail("uimkey_card_init answered no known code", NULL, 0);
	uimkey_card_power_on(&fz_card);
}

static const uint8_t *
event(const uint8_t *p, const uint8_t *end, uint32_t *serial)
{
	size_t off;
	uint8_t x;

	if (p >= end)
		return p;
	switch (*p++ % 8) {
	case 0:
		uimkey_card_power_on(&fz_card);
		break;
	case 1:
		uimkey_card_reset(&fz_card);
		break;
	case 2:
		restart(serial);
		break;
	case 3:
		uimkey_card_power_off(&fz_card);
		break;
	case 4:
		if (end - p < 4)
			return end;
		off = ((size_t)p[0] << 16 | (size_t)p[1] << 8 | p[2]) % fz_used();
		x = p[3] ? p[3] : 0xFF;
		fz_store.mem[off] ^= x;
		if (off < fz_store.lo)
			fz_store.lo = off;
		if (off + 1 > fz_store.hi)
			fz_store.hi = off + 1;
		damaged = 1;
		p += 4;
		break;
	case 5:
		fz_store.fail_read = !fz_store.fail_read;
		break;
	case 6:
		fz_rng.fail = !fz_rng.fail;
		break;
	default:
		/* Blank again: the header's magic erased (as a torn format
		 * leaves it), so the card formats a new store. */
		memset(fz_store.mem, UIMKEY_MEMORY_ERASED, 4);
		if (fz_store.lo > 0)
			fz_store.lo = 0;
		if (fz_store.hi < 4)
			fz_store.hi = 4;
		damaged = 1;
		restart(serial);
		break;
	}
	return p;
}

static void
final_checks(uint32_t serial, const uint8_t *data, size_t size,
    enum fz_mode mode)
{
	static const uint8_t sel[] = { 0x00, 0xA4, 0x04, 0x00, 0x05, 0xA0,
		0x00, 0x00, 0x03, 0x08, 0x00 };
	static const uint8_t ver[] = { 0x00, 0xFD, 0x00, 0x00, 0x00 };
	static const uint8_t ser[] = { 0x00, 0xF8, 0x00, 0x00, 0x00 };
	size_t n, which = 0, i;

	/* Nothing written: the store is the start state's, which opens. */
	fz_store.fail_read = 0;
	fz_rng.fail = 0;
	if (fz_store.writes > 0 || fz_store.cut || damaged ||
	    fz_card.memory == NULL)
		restart(&serial);
	else
		uimkey_card_power_on(&fz_card);
	/* A damaged store may be refused: nothing more to check. */
	if (fz_card.memory == NULL) {
		if (!damaged)
			fail("the card does not start", NULL, 0);
		return;
	}
	n = apdu(sel, sizeof(sel));
	if (sw_of(n) != UIMKEY_SW_OK)
		fail("SELECT after a restart", rsp, n);
	n = apdu(ver, sizeof(ver));
	if (n != 5 || memcmp(rsp, "\x05\x04\x00\x90\x00", 5) != 0)
		fail("GET VERSION after a restart", rsp, n);
	n = apdu(ser, sizeof(ser));
	if (n != 6 || sw_of(n) != UIMKEY_SW_OK ||
	    ((uint32_t)rsp[0] << 24 | (uint32_t)rsp[1] << 16 |
	    (uint32_t)rsp[2] << 8 | rsp[3]) != serial)
		fail("GET SERIAL after a restart", rsp, n);
	/* Private key material in any answer. */
	fz_secrets_reset(&secrets);
	{
		const struct fz_secrets *m = fz_mode_secrets(mode);

		for (i = 0; i < m->n; i++)
			fz_secrets_add(&secrets, m->s[i], m->len[i]);
	}
	fz_secrets_from_card(&secrets);
	for (i = 0; i < nruns; i++) {
		size_t end = i + 1 < nruns ? runs[i + 1] : rlog_len;

		if (fz_leaks(&secrets, rlog + runs[i], end - runs[i], data,
		    size, &which))
			break;
	}
	if (i < nruns) {
		fprintf(stderr, "fuzz_card: secret %zu (%zu bytes) answered\n",
		    which, secrets.len[which]);
		fail("private key material in an answer", NULL, 0);
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (fz_setup() != 0) {
		fprintf(stderr, "fuzz_card: cannot build the start states\n");
		abort();
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	uint8_t atr[UIMKEY_CARD_ATR_MAX];
	enum fz_mode mode;
	uint32_t serial;
	size_t len;

	if (size < 2)
		return 0;
	mode = (enum fz_mode)((data[0] & 7) % FZ_MODES);
	fz_start(mode);
	damaged = 0;
	serial = uimkey_card_serial(&fz_card);
	(void)uimkey_card_atr(&fz_card, atr);
	if (data[1] != 0)
		fz_arm_cut(data[1], ((data[0] >> 3) & 7) % 5);
	rlog_len = 0;
	nruns = 0;
	more = 0;
	p += 2;
	while (p < end) {
		len = *p++;
		if (len == 0xFE) {
			p = event(p, end, &serial);
			continue;
		}
		if (len == 0xFF) {
			if (end - p < 2)
				break;
			len = (size_t)p[0] << 8 | p[1];
			p += 2;
		}
		if (len > (size_t)(end - p))
			len = (size_t)(end - p);
		apdu(p, len);
		p += len;
	}
	final_checks(serial, data, size, mode);
	return 0;
}
