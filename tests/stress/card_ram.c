/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card's RAM (what a reset must wipe): the card core in
 * process, as uimkey-card runs it.  After a PIN verified, the management
 * key authenticated, a private key imported and used, a command chain
 * left half-sent and an answer left half-read:
 *   - reset and power-off leave the volatile security state of every
 *     channel (what was proven, the management-key nonce), the hold
 *     buffer (a chain's parts or an answer's rest) and the answer
 *     buffer all zero, and the KP cache too; SELECT the security state
 *     of its channel, and keeps the KP cache (it proves nothing);
 *   - the imported private key is nowhere in the card's RAM (its
 *     structure) nor in the stack the card core ran on (the process's
 *     [stack], read through /proc/self/mem): only in its persistent store.
 * The test itself keeps the key XORed with a mask and wipes every clear
 * copy it makes; a residue it leaves on purpose first proves that the
 * stack search finds residues.
 *
 *   card_ram      (no card, no pcscd; prints ok/not ok lines)
 */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "card/wire.h"
#include "tests/stress/cardstate.h"
#include "tests/stress/probe.h"
#include "tests/stress/stress.h"
#include "tests/support/channel_cla.h"

#define MASK     0x3C
#define WINDOW   12

static uint8_t d_masked[32];    /* the P-256 private key, masked */

static int
zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != 0)
			return 0;
	return 1;
}

/* Windows of the key (masked compare) in buf[0, n). */
static unsigned long
key_windows(const uint8_t *buf, size_t n)
{
	unsigned long found = 0;
	size_t i, w, j;

	for (i = 0; i + WINDOW <= n; i++) {
		for (w = 0; w + WINDOW <= sizeof(d_masked); w += WINDOW / 2) {
			for (j = 0; j < WINDOW; j++)
				if ((uint8_t)(buf[i + j] ^ MASK) !=
				    d_masked[w + j])
					break;
			if (j == WINDOW) {
				found++;
				break;
			}
		}
	}
	return found;
}

/* Windows of the key in the process's [stack], below the live frames
 * too (residues of returned calls). */
static unsigned long
stack_windows(void)
{
	static uint8_t buf[1 << 20];
	char line[512];
	unsigned long long lo, hi;
	unsigned long found = 0;
	ssize_t got;
	FILE *maps;
	int mem;

	if ((maps = fopen("/proc/self/maps", "r")) == NULL ||
	    (mem = open("/proc/self/mem", O_RDONLY | O_CLOEXEC)) < 0)
		return (unsigned long)-1;
	while (fgets(line, sizeof(line), maps) != NULL) {
		if (strstr(line, "[stack]") == NULL ||
		    sscanf(line, "%llx-%llx", &lo, &hi) != 2)
			continue;
		while (lo < hi) {
			size_t n = hi - lo < sizeof(buf) ? (size_t)(hi - lo) :
			    sizeof(buf);
			got = pread(mem, buf, n, (off_t)lo);
			if (got <= 0)
				break;
			found += key_windows(buf, (size_t)got);
			explicit_bzero(buf, (size_t)got);
			lo += (unsigned long long)got;
		}
	}
	close(mem);
	fclose(maps);
	return found;
}

/* A frame that leaves the key behind (the search's positive control). */
__attribute__((noinline)) static void
leave_residue(void)
{
	uint8_t clear[32];
	size_t i;

	for (i = 0; i < 32; i++)
		clear[i] = (uint8_t)(d_masked[i] ^ MASK);
	/* Kept: the compiler may not drop the stores. */
	__asm__ volatile("" : : "r"(clear) : "memory");
}

/* Run fn 128 KiB further down the stack than the caller: its frames (and
 * their residues) lie below anything the search's own calls reach. */
__attribute__((noinline)) static int
deep(int (*fn)(void *), void *arg)
{
	volatile uint8_t pad[128 * 1024];
	int r;

	pad[0] = 1;
	r = fn(arg);
	__asm__ volatile("" : : "r"(pad) : "memory");
	return r;
}

/* Zero a deep stretch of stack: whatever earlier calls left is gone. */
__attribute__((noinline)) static void
scrub_stack(void)
{
	volatile uint8_t big[512 * 1024];

	explicit_bzero((void *)(uintptr_t)big, sizeof(big));
}

/* The logical channel libuimkey's device took: the raw commands go
 * there too, so that they and the library's share one security state. */
static int raw_chan;
/* The longest raw command this program sends: a short APDU. */
#define RAW_APDU_MAX 320

static uint16_t
apdu(uimkey_card *card, const uint8_t *cmd, size_t len, uint8_t *rsp,
    size_t *rlen)
{
	uint8_t c[RAW_APDU_MAX];
	size_t n;

	if (len > sizeof(c))
		return 0x6700;
	memcpy(c, cmd, len);
	c[0] = cla_for(c[0] & UIMKEY_CLA_CHAIN, (unsigned)raw_chan);
	n = uimkey_card_process(card, c, len, rsp);
	explicit_bzero(c, sizeof(c));
	*rlen = n;
	return (uint16_t)(rsp[n - 2] << 8 | rsp[n - 1]);
}

/* The security state of the channel the last command came on. */
static const uimkey_auth_state *
auth_now(const uimkey_card *c)
{
	return &c->ch[c->cur].auth;
}

/* The card state that must be zero after a reset: 1 when it is. */
static int
volatile_zero(const uimkey_card *c, char *why, size_t n)
{
	size_t i;

	for (i = 0; i < UK_CHANNELS; i++) {
		const uimkey_auth_state *a = &c->ch[i].auth;

		if (zero(a, sizeof(*a)))
			continue;
		snprintf(why, n, "the security state of channel %zu (PIN %u, "
		    "management key %u, nonce pending %u)", i, a->pin_ok,
		    a->mgmt_ok, a->mgmt_pending);
		return 0;
	}
	if (!zero(&c->kp_cache, sizeof(c->kp_cache))) {
		snprintf(why, n, "the KP cache (held %u)", c->kp_cache.known);
		return 0;
	}
	if (!zero(&c->hold, sizeof(c->hold))) {
		snprintf(why, n, "the hold buffer (%zu bytes, kind %u)",
		    c->hold.data.len, c->hold.kind);
		return 0;
	}
	if (!zero(&c->rsp, sizeof(c->rsp))) {
		snprintf(why, n, "the answer buffer (%zu bytes, %zu handed "
		    "out)", c->rsp.len, c->rsp.off);
		return 0;
	}
	return 1;
}

/*
 * Put the card in a state with everything volatile in use: PIN verified,
 * management key authenticated, the key imported and used, a nonce
 * waiting, and a chain half sent or (half_answer) an answer half read
 * (any command ends the other).  0, or -1 (printed).
 */
__attribute__((noinline)) static int
busy_card(uimkey_card *card, uimkey_dev_t *dev, struct st_rng *rng,
    int half_answer)
{
	static const uint8_t verify[] = { 0x00, 0x20, 0x00, 0x80, 0x08, '1',
	    '2', '3', '4', '5', '6', 0xFF, 0xFF };
	uint8_t cmd[300], rsp[UIMKEY_CARD_RSP_MAX], der[3000], rnd[3000];
	size_t rlen, i;
	uint16_t sw;
	int r;

	if ((r = uimkey_piv_auth_mgmt(dev, UIMKEY_ALG_3DES, cs_factory_mgmt,
	    sizeof(cs_factory_mgmt))) != UIMKEY_OK) {
		printf("# management key: %s\n", uimkey_strerr(r));
		return -1;
	}
	/* IMPORT ASYMMETRIC KEY 9A: 06 20 d */
	memcpy(cmd, (const uint8_t[]){ 0x00, 0xFE, 0x11, 0x9A, 34, 0x06, 32 },
	    7);
	for (i = 0; i < 32; i++)
		cmd[7 + i] = (uint8_t)(d_masked[i] ^ MASK);
	sw = apdu(card, cmd, 39, rsp, &rlen);
	explicit_bzero(cmd, sizeof(cmd));
	if (sw != 0x9000) {
		printf("# import: %04X\n", sw);
		return -1;
	}
	/* A certificate to read back in parts. */
	st_fill(rng, rnd, sizeof(rnd));
	cs_fake_cert(der, sizeof(der), rnd);
	if ((r = uimkey_piv_write_cert(dev, 0x9C, der, sizeof(der))) !=
	    UIMKEY_OK) {
		printf("# a certificate: %s\n", uimkey_strerr(r));
		return -1;
	}
	if ((sw = apdu(card, verify, sizeof(verify), rsp, &rlen)) != 0x9000) {
		printf("# VERIFY: %04X\n", sw);
		return -1;
	}
	/* GENERAL AUTHENTICATE 9A: 7C 24 { 82 00, 81 20 hash } */
	memcpy(cmd, (const uint8_t[]){ 0x00, 0x87, 0x11, 0x9A, 0x26, 0x7C,
	    0x24, 0x82, 0x00, 0x81, 0x20 }, 11);
	st_fill(rng, cmd + 11, 32);
	cmd[43] = 0x00;
	if ((sw = apdu(card, cmd, 44, rsp, &rlen)) != 0x9000) {
		printf("# a signature: %04X\n", sw);
		return -1;
	}
	/* A management-key witness left waiting: 7C 02 80 00. */
	memcpy(cmd, (const uint8_t[]){ 0x00, 0x87, 0x03, 0x9B, 0x04, 0x7C,
	    0x02, 0x80, 0x00, 0x00 }, 10);
	if ((sw = apdu(card, cmd, 10, rsp, &rlen)) != 0x9000) {
		printf("# a witness left waiting: %04X\n", sw);
		return -1;
	}
	if (half_answer)
		goto answer;
	/* Half a chained PUT DATA (CLA 10): 200 bytes waiting. */
	memcpy(cmd, (const uint8_t[]){ 0x10, 0xDB, 0x3F, 0xFF, 200, 0x5C,
	    0x03, 0x5F, 0xC1, 0x05, 0x53, 0x82, 0x0B, 0xB8 }, 14);
	st_fill(rng, cmd + 14, 200 - 9);
	if ((sw = apdu(card, cmd, 5 + 200, rsp, &rlen)) != 0x9000) {
		printf("# half a chain: %04X\n", sw);
		return -1;
	}
	explicit_bzero(rsp, sizeof(rsp));
	return 0;
answer:
	/* Half an answer: GET DATA 5FC10A, Le 0x10: 61xx. */
	memcpy(cmd, (const uint8_t[]){ 0x00, 0xCB, 0x3F, 0xFF, 0x05, 0x5C,
	    0x03, 0x5F, 0xC1, 0x0A, 0x10 }, 11);
	sw = apdu(card, cmd, 11, rsp, &rlen);
	if ((sw & 0xFF00) != 0x6100) {
		printf("# half an answer: %04X\n", sw);
		return -1;
	}
	explicit_bzero(rsp, sizeof(rsp));
	return 0;
}

struct busy_args {
	uimkey_card *card;
	uimkey_dev_t *dev;
	struct st_rng *rng;
	int half_answer;
};

static int
busy_deep(void *arg)
{
	struct busy_args *a = arg;

	return busy_card(a->card, a->dev, a->rng, a->half_answer);
}

static int
residue_deep(void *arg)
{
	(void)arg;
	leave_residue();
	return 0;
}

int
main(void)
{
	static const uint8_t select[] = { 0x00, 0xA4, 0x04, 0x00, 0x05, 0xA0,
	    0x00, 0x00, 0x03, 0x08 };
	struct st_rng rng = { st_seed(NULL) };
	uimkey_ctx_t *ctx;
	uimkey_dev_t *dev;
	uimkey_card *card;
	uint8_t rsp[UIMKEY_CARD_RSP_MAX];
	char why[200];
	unsigned long n;
	size_t rlen, i;
	int r, step;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* A P-256 scalar below the order: top byte below 0x7F. */
	st_fill(&rng, d_masked, sizeof(d_masked));
	d_masked[0] &= 0x3F;
	d_masked[31] |= 1;
	for (i = 0; i < sizeof(d_masked); i++)
		d_masked[i] ^= MASK;

	(void)deep(residue_deep, NULL);
	n = stack_windows();
	checkf(n > 0, "card RAM: the stack search finds a residue left on "
	    "purpose (%lu windows)", n);
	scrub_stack();
	n = stack_windows();
	checkf(n == 0, "card RAM: and none once the stack is scrubbed");

	if ((r = probe_open(NULL, &ctx, &dev)) != PROBE_OK) {
		checkf(0, "card RAM: a factory-fresh card in process (%d)", r);
		return 1;
	}
	card = probe_card();
	raw_chan = uimkey_dev_channel(dev);
	for (i = 0; i < 6; i++) {
		static const char *const how[] = { "a warm reset",
		    "a power-off", "SELECT" };
		struct busy_args ba = { card, dev, &rng, (int)(i / 3) };
		const char *pend = i / 3 ? "an answer half read" :
		    "a chain half sent";
		int ok_before, ok_after;

		step = (int)(i % 3);

		if (deep(busy_deep, &ba) != 0) {
			checkf(0, "card RAM: the card in use before %s",
			    how[step]);
			probe_close(&ctx, &dev);
			if (probe_open(NULL, &ctx, &dev) != PROBE_OK)
				return 1;
			card = probe_card();
			raw_chan = uimkey_dev_channel(dev);
			continue;
		}
		printf("# PIN %u, management key %u, nonce %u, held %u: "
		    "%zu of %zu bytes handed out\n",
		    auth_now(card)->pin_ok, auth_now(card)->mgmt_ok,
		    auth_now(card)->mgmt_pending, card->hold.kind,
		    card->hold.data.off, card->hold.data.len);
		ok_before = auth_now(card)->pin_ok &&
		    auth_now(card)->mgmt_pending && card->kp_cache.known &&
		    card->hold.data.len > card->hold.data.off &&
		    card->hold.kind == (i / 3 ? UK_HOLD_ANSWER :
		    UK_HOLD_CHAIN);
		checkf(ok_before, "card RAM: before %s: PIN verified, KP "
		    "held, a management-key nonce waiting, %s", how[step],
		    pend);
		n = key_windows((const uint8_t *)card, sizeof(*card));
		checkf(n == 0, "card RAM: the imported private key is not in "
		    "the card's RAM after its use (%lu windows)", n);
		n = stack_windows();
		checkf(n == 0, "card RAM: nor in the stack the card core ran "
		    "on (%lu windows)", n);
		if (step == 0) {
			uimkey_card_reset(card);
		} else if (step == 1) {
			uimkey_card_power_off(card);
		} else {
			(void)apdu(card, select, sizeof(select), rsp, &rlen);
			/* SELECT keeps its own answer pending: drop it. */
			card->rsp.len = card->rsp.off = 0;
			explicit_bzero(card->rsp.buf, sizeof(card->rsp.buf));
		}
		why[0] = '\0';
		/* Judged first: the message reads what it wrote into why. */
		ok_after = step == 2 ? zero(auth_now(card),
		    sizeof(*auth_now(card))) :
		    volatile_zero(card, why, sizeof(why));
		checkf(ok_after, "card RAM: after %s "
		    "the security state%s is all zero%s%s", how[step],
		    step == 2 ? "" : ", the KP cache, the hold buffer and "
		    "the answer buffer", why[0] ? ": not " : "", why);
		if (step == 2)
			checkf(card->kp_cache.known, "card RAM: after SELECT "
			    "the KP cache is still held");
		probe_close(&ctx, &dev);
		if ((r = probe_open(NULL, &ctx, &dev)) != PROBE_OK)
			return 1;
		card = probe_card();
		raw_chan = uimkey_dev_channel(dev);
	}
	probe_close(&ctx, &dev);
	return check_done();
}
