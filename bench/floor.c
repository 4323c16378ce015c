/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The physical floor of a signature through the stack, in two halves
 * measured separately:
 *
 *   floor core STORE -a ALG -s SLOT [-n N]   the card core called in
 *        process (no PC/SC, no sockets) on a copy of the card's own
 *        store, so with the very key the benchmark signs with: GENERAL
 *        AUTHENTICATE with SLOT's key of ALG (p256, p384, rsa2048), and
 *        the bare BearSSL operation beside it (the card core's own share
 *        is the difference: APDU parsing, key record load and decryption, PIN
 *        policy); ALG verify: VERIFY of the PIN, with its store writes.
 *   floor rtt [-r READER] [-n N]   one no-op APDU (GET VERSION) through
 *        libpcsclite, pcscd, vpcd and uimkey-card: bare SCardTransmit,
 *        the same inside SCardBeginTransaction/EndTransaction each time
 *        (what libuimkey does per operation), and inside one held
 *        transaction.
 *   floor sign [-r READER] [-s SLOT] [-n N]   an ECDSA P-256 GENERAL
 *        AUTHENTICATE with SLOT's key, sent bare with SCardTransmit after
 *        one VERIFY: the best any host software can do with the card
 *        process as it is (bench/floor_rtt.c).
 *
 * floor = core + one bare round trip.  Results are "@KIND key=value"
 * lines for bench/run.sh.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include <bearssl.h>
#include <winscard.h>

#include "bench/floor.h"
#include "bench/stats.h"
#include "card/card.h"
#include "tests/support/card_fixture.h"
#include "tests/support/test_device.h"
#include "tests/support/ram_memory.h"
#include "vsmartcard/host_rng.h"

/* Under valgrind --tool=callgrind each measured loop is dumped on its
 * own (exact instruction counts: run.sh divides them by the count);
 * without valgrind these do nothing. */
#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#endif
#endif
#ifndef CALLGRIND_ZERO_STATS
#define CALLGRIND_ZERO_STATS
#define CALLGRIND_DUMP_STATS_AT(s)  ((void)(s))
#endif

int floor_warmup = 20;

/* ---------------------------------------------------------------- core */

/* The card's memory in RAM (no durable copy: a write is a memcpy) and
 * the OS random source. */
static host_rng os_rng;
static struct ram_memory store;
static uimkey_card card;
static uint8_t rsp[UIMKEY_CARD_RSP_MAX];

/* One command and its GET RESPONSEs; the last status word. */
static unsigned
process(const uint8_t *cmd, size_t len)
{
	size_t n, none = 0;

	return tc_process_all(&card, cmd, len, rsp, &n, NULL, 0, &none);
}

size_t
floor_ga_apdu(uint8_t *a, uint8_t alg, uint8_t slot, const uint8_t *data,
    size_t len)
{
	size_t n = 0, inner = 2 + 1 + (len < 0x80 ? 1 : len < 0x100 ? 2 : 3) +
	    len, lc = 1 + (inner < 0x80 ? 1 : inner < 0x100 ? 2 : 3) + inner;

	a[n++] = 0x00;
	a[n++] = 0x87;
	a[n++] = alg;
	a[n++] = slot;
	if (lc < 0x100) {
		a[n++] = (uint8_t)lc;
	} else {
		a[n++] = 0x00;
		a[n++] = (uint8_t)(lc >> 8);
		a[n++] = (uint8_t)lc;
	}
	a[n++] = 0x7C;
	if (inner >= 0x100) {
		a[n++] = 0x82;
		a[n++] = (uint8_t)(inner >> 8);
	} else if (inner >= 0x80) {
		a[n++] = 0x81;
	}
	a[n++] = (uint8_t)inner;
	a[n++] = 0x82;
	a[n++] = 0x00;
	a[n++] = 0x81;
	if (len >= 0x100) {
		a[n++] = 0x82;
		a[n++] = (uint8_t)(len >> 8);
	} else if (len >= 0x80) {
		a[n++] = 0x81;
	}
	a[n++] = (uint8_t)len;
	memcpy(a + n, data, len);
	n += len;
	if (lc >= 0x100) {
		a[n++] = 0x00;
		a[n++] = 0x00;
	} else {
		a[n++] = 0x00;
	}
	return n;
}

static void
report(const char *kind, const char *what, double *t, int n)
{
	bench_sort(t, (size_t)n);
	printf("@%s alg=%s n=%d med=%.1f p99=%.1f min=%.1f\n", kind, what, n,
	    bench_pct(t, (size_t)n, 50), bench_pct(t, (size_t)n, 99), t[0]);
}

static int
core_sign(const char *name, uint8_t alg, uint8_t slot, size_t len, int n,
    double *t)
{
	uint8_t data[256], a[300];
	unsigned long w0 = store.writes, s0 = store.syncs;
	size_t al;
	double t0;
	int i;

	memset(data, 0x5A, sizeof(data));
	if (len == 256) {       /* a PKCS#1 v1.5 block, below the modulus */
		data[0] = 0x00;
		data[1] = 0x01;
		memset(data + 2, 0xFF, 256 - 2 - 52);
		data[256 - 52] = 0x00;
	}
	for (i = -floor_warmup; i < n; i++) {
		data[len - 1] = (uint8_t)i;
		al = floor_ga_apdu(a, alg, slot, data, len);
		if (i == 0) {
			w0 = store.writes;
			s0 = store.syncs;
			CALLGRIND_ZERO_STATS;
		}
		t0 = bench_now_us();
		if (process(a, al) != 0x9000) {
			fprintf(stderr, "floor: GENERAL AUTHENTICATE %02X "
			    "failed\n", slot);
			return -1;
		}
		if (i >= 0)
			t[i] = bench_now_us() - t0;
	}
	CALLGRIND_DUMP_STATS_AT("core");
	report("core", name, t, n);
	printf("@corestore alg=%s writes=%lu syncs=%lu\n", name,
	    (store.writes - w0) / (unsigned long)n,
	    (store.syncs - s0) / (unsigned long)n);
	return 0;
}

/* VERIFY of the right PIN (what a PIN-always key costs besides its
 * signature): the card core's work and its store writes, in RAM. */
static int
core_verify(int n, double *t)
{
	static const uint8_t verify[] = { 0x00, 0x20, 0x00, 0x80, 0x08, '1',
	    '2', '3', '4', '5', '6', 0xFF, 0xFF };
	unsigned long w0 = store.writes, s0 = store.syncs;
	double t0;
	int i;

	for (i = -floor_warmup; i < n; i++) {
		if (i == 0) {
			w0 = store.writes;
			s0 = store.syncs;
		}
		t0 = bench_now_us();
		if (process(verify, sizeof(verify)) != 0x9000)
			return -1;
		if (i >= 0)
			t[i] = bench_now_us() - t0;
	}
	report("core", "verify", t, n);
	printf("@corestore alg=verify writes=%lu syncs=%lu\n",
	    (store.writes - w0) / (unsigned long)n,
	    (store.syncs - s0) / (unsigned long)n);
	return 0;
}

/* The bare BearSSL operations the card runs, on fresh keys. */
static int
bare_ec(const char *name, int curve, const br_hash_class *hc, size_t hlen,
    int n, double *t)
{
	const br_ec_impl *impl = br_ec_get_default();
	br_hmac_drbg_context rng;
	br_ec_private_key sk;
	uint8_t seed[32], kbuf[BR_EC_KBUF_PRIV_MAX_SIZE], h[64], sig[128];
	double t0;
	int i;

	if (getrandom(seed, sizeof(seed), 0) != (ssize_t)sizeof(seed))
		return -1;
	br_hmac_drbg_init(&rng, &br_sha256_vtable, seed, sizeof(seed));
	if (br_ec_keygen(&rng.vtable, impl, &sk, kbuf, curve) == 0)
		return -1;
	memset(h, 0x5A, sizeof(h));
	for (i = -floor_warmup; i < n; i++) {
		h[0] = (uint8_t)i;
		if (i == 0)
			CALLGRIND_ZERO_STATS;
		t0 = bench_now_us();
		if (br_ecdsa_i31_sign_asn1(impl, hc, h, &sk, sig) == 0)
			return -1;
		if (i >= 0)
			t[i] = bench_now_us() - t0;
	}
	CALLGRIND_DUMP_STATS_AT("bearssl");
	(void)hlen;
	report("bearssl", name, t, n);
	return 0;
}

static int
bare_rsa(int n, double *t)
{
	static uint8_t kp[BR_RSA_KBUF_PRIV_SIZE(2048)];
	static uint8_t kq[BR_RSA_KBUF_PUB_SIZE(2048)];
	br_rsa_keygen gen = br_rsa_keygen_get_default();
	br_rsa_private priv = br_rsa_private_get_default();
	br_hmac_drbg_context rng;
	br_rsa_private_key sk;
	br_rsa_public_key pk;
	uint8_t seed[32], x[256];
	double t0;
	int i;

	if (getrandom(seed, sizeof(seed), 0) != (ssize_t)sizeof(seed))
		return -1;
	br_hmac_drbg_init(&rng, &br_sha256_vtable, seed, sizeof(seed));
	if (gen(&rng.vtable, &sk, kp, &pk, kq, 2048, 65537) == 0)
		return -1;
	for (i = -floor_warmup; i < n; i++) {
		memset(x, 0x5A, sizeof(x));
		x[0] = 0x00;
		x[255] = (uint8_t)i;
		if (i == 0)
			CALLGRIND_ZERO_STATS;
		t0 = bench_now_us();
		if (priv(x, &sk) == 0)
			return -1;
		if (i >= 0)
			t[i] = bench_now_us() - t0;
	}
	CALLGRIND_DUMP_STATS_AT("bearssl");
	report("bearssl", "rsa2048", t, n);
	return 0;
}

/* The store's device: its key and counter beside it (file_device.h). */
static struct test_device device;

static int
load_store(const char *path)
{
	FILE *f = fopen(path, "rb");
	size_t got;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	ram_memory_blank(&store, 0);
	got = fread(store.mem, 1, sizeof(store.mem), f);
	fclose(f);
	if (got != sizeof(store.mem)) {
		fprintf(stderr, "floor: %s: not a card store\n", path);
		return -1;
	}
	if (test_device_load(&device, path) != 0) {
		fprintf(stderr, "floor: %s.key: no device key\n", path);
		return -1;
	}
	host_rng_init(&os_rng);
	return 0;
}

static int
mode_core(const char *path, const char *alg, uint8_t slot, int n)
{
	static const uint8_t select[] = { 0x00, 0xA4, 0x04, 0x00, 0x05, 0xA0,
	    0x00, 0x00, 0x03, 0x08, 0x00 };
	static const uint8_t verify[] = { 0x00, 0x20, 0x00, 0x80, 0x08, '1',
	    '2', '3', '4', '5', '6', 0xFF, 0xFF };
	double *t = calloc((size_t)n, sizeof(*t));
	int r = -1;

	if (t == NULL || load_store(path) != 0)
		goto out;
	if (uimkey_card_init(&card, &store.vtable, &os_rng.vtable,
	    &device.vtable) != UIMKEY_CARD_OK) {
		fprintf(stderr, "floor: %s: the card core refused it\n", path);
		goto out;
	}
	uimkey_card_power_on(&card);
	if (process(select, sizeof(select)) != 0x9000 ||
	    process(verify, sizeof(verify)) != 0x9000) {
		fprintf(stderr, "floor: SELECT or VERIFY failed\n");
		goto out;
	}
	if (strcmp(alg, "verify") == 0)
		r = core_verify(n, t);
	else if (strcmp(alg, "p256") == 0)
		r = core_sign(alg, 0x11, slot, 32, n, t) || bare_ec(alg,
		    BR_EC_secp256r1, &br_sha256_vtable, 32, n, t);
	else if (strcmp(alg, "p384") == 0)
		r = core_sign(alg, 0x14, slot, 48, n, t) || bare_ec(alg,
		    BR_EC_secp384r1, &br_sha384_vtable, 48, n, t);
	else if (strcmp(alg, "rsa2048") == 0)
		r = core_sign(alg, 0x07, slot, 256, n, t) || bare_rsa(n, t);
	r = r == 0 ? 0 : -1;
out:
	free(t);
	return r;
}

int
main(int argc, char **argv)
{
	const char *reader = "uimkey PCD 00 00", *watch = NULL, *mode;
	const char *alg = "p256";
	uint8_t slot = 0x9A;
	int n = 1000, c;

	if (argc < 2)
		goto usage;
	mode = argv[1];
	optind = 2;
	while ((c = getopt(argc, argv, "r:n:W:a:s:w:")) != -1) {
		if (c == 'w')
			floor_warmup = atoi(optarg);
		else if (c == 'a')
			alg = optarg;
		else if (c == 's')
			slot = (uint8_t)strtoul(optarg, NULL, 16);
		else if (c == 'r')
			reader = optarg;
		else if (c == 'n')
			n = atoi(optarg);
		else if (c == 'W')
			watch = optarg;
		else
			goto usage;
	}
	if (n < 2 || floor_warmup < 0)
		goto usage;
	if (strcmp(mode, "core") == 0 && optind == argc - 1)
		return mode_core(argv[optind], alg, slot, n) == 0 ? 0 : 1;
	if (strcmp(mode, "rtt") == 0 && optind == argc)
		return floor_rtt(reader, n, watch) == 0 ? 0 : 1;
	if (strcmp(mode, "sign") == 0 && optind == argc)
		return floor_sign(reader, slot, n, watch) == 0 ? 0 : 1;
usage:
	fprintf(stderr, "usage: floor core STORE [-a ALG] [-s SLOT] [-n N] [-w WARM] | "
	    "floor rtt|sign [-r READER] [-s SLOT] [-n N] [-W name=pid,...]\n");
	return 2;
}
