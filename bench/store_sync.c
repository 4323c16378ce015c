/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What uimkey-card's file store (vsmartcard/file_store.c) costs, in a
 * directory of choice (a disk or a tmpfs):
 *
 *   store_sync DIR [-n N]
 *
 *   sync     one store sync after a 32-byte write (a journal header):
 *            the time of the sync alone
 *   verify   VERIFY of the right PIN by the card core in process on a
 *            file store in DIR: its store writes and syncs included, no
 *            PC/SC (the card core's share is `floor core ... -a verify`)
 *
 * Each makes its store file afresh (DIR/store_sync.store) and removes it.
 * Results are "@storesync key=value ..." lines, times in microseconds.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/stats.h"
#include "card/card.h"
#include "tests/support/card_fixture.h"
#include "tests/support/test_device.h"
#include "vsmartcard/file_store.h"
#include "vsmartcard/host_rng.h"

#define WARMUP      20
#define HDR_OFF     96      /* the journal header (store_layout.h) */
#define HDR_LEN     32

/* The file store, its syncs counted. */
struct counted {
	const uimkey_memory_class *vtable;
	file_store *fs;
	unsigned long syncs, writes;
};

static file_store fs;
static struct counted cm;
static uimkey_card card;
static host_rng rng;
static char path[4096];

static struct counted *
cm_of(const uimkey_memory_class **ctx)
{
	return (struct counted *)(void *)ctx;
}

static int
cm_read(const uimkey_memory_class **ctx, size_t off, void *buf, size_t len)
{
	file_store *f = cm_of(ctx)->fs;

	return f->vtable->read(&f->vtable, off, buf, len);
}

static int
cm_write(const uimkey_memory_class **ctx, size_t off, const void *buf,
    size_t len)
{
	file_store *f = cm_of(ctx)->fs;

	cm_of(ctx)->writes++;
	return f->vtable->write(&f->vtable, off, buf, len);
}

static int
cm_sync(const uimkey_memory_class **ctx)
{
	file_store *f = cm_of(ctx)->fs;

	cm_of(ctx)->syncs++;
	return f->vtable->sync(&f->vtable);
}

static const uimkey_memory_class cm_vtable = { cm_read, cm_write, cm_sync };

static void
report(const char *what, double *t, int n, unsigned long syncs)
{
	bench_sort(t, (size_t)n);
	printf("@storesync what=%s n=%d med=%.1f p99=%.1f min=%.1f "
	    "syncs=%lu\n", what, n, bench_pct(t, (size_t)n, 50),
	    bench_pct(t, (size_t)n, 99), t[0], syncs);
}

static int
open_fresh(void)
{
	char err[FILE_STORE_ERR_MAX];

	unlink(path);
	if (file_store_open(&fs, path, err, sizeof(err)) != 0) {
		fprintf(stderr, "store_sync: %s\n", err);
		return -1;
	}
	return 0;
}

static int
bench_sync(int n, double *t)
{
	const uimkey_memory_class **m = &fs.vtable;
	uint8_t hdr[HDR_LEN];
	double t0;
	int i;

	if (open_fresh() != 0)
		return -1;
	for (i = -WARMUP; i < n; i++) {
		memset(hdr, i & 1 ? 0x5A : 0xFF, sizeof(hdr));
		hdr[0] = (uint8_t)i;
		if ((*m)->write(m, HDR_OFF, hdr, sizeof(hdr)) != 0)
			return -1;
		t0 = bench_now_us();
		if ((*m)->sync(m) != 0)
			return -1;
		if (i >= 0)
			t[i] = bench_now_us() - t0;
	}
	report("sync", t, n, 1);
	file_store_close(&fs);
	return 0;
}

static int
bench_verify(int n, double *t)
{
	static const uint8_t verify[] = { 0x00, 0x20, 0x00, 0x80, 0x08, '1',
	    '2', '3', '4', '5', '6', 0xFF, 0xFF };
	uint8_t rsp[UIMKEY_CARD_RSP_MAX];
	unsigned long s0 = 0;
	size_t len, none = 0;
	double t0;
	int i;

	if (open_fresh() != 0)
		return -1;
	cm.vtable = &cm_vtable;
	cm.fs = &fs;
	host_rng_init(&rng);
	if (uimkey_card_init(&card, &cm.vtable, &rng.vtable,
	    test_device_default()) != UIMKEY_CARD_OK) {
		fprintf(stderr, "store_sync: the card did not start\n");
		return -1;
	}
	uimkey_card_power_on(&card);
	for (i = -WARMUP; i < n; i++) {
		if (i == 0)
			s0 = cm.syncs;
		t0 = bench_now_us();
		if (tc_process_all(&card, verify, sizeof(verify), rsp, &len,
		    NULL, 0, &none) != 0x9000) {
			fprintf(stderr, "store_sync: VERIFY failed\n");
			return -1;
		}
		if (i >= 0)
			t[i] = bench_now_us() - t0;
	}
	report("verify", t, n, (cm.syncs - s0) / (unsigned long)n);
	file_store_close(&fs);
	return 0;
}

int
main(int argc, char **argv)
{
	double *t;
	int n = 500, c, r;

	if (argc < 2) {
		fprintf(stderr, "usage: store_sync DIR [-n N]\n");
		return 2;
	}
	optind = 2;
	while ((c = getopt(argc, argv, "n:")) != -1) {
		if (c != 'n' || (n = atoi(optarg)) < 1) {
			fprintf(stderr, "usage: store_sync DIR [-n N]\n");
			return 2;
		}
	}
	snprintf(path, sizeof(path), "%s/store_sync.store", argv[1]);
	if ((t = calloc((size_t)n, sizeof(*t))) == NULL)
		return 1;
	r = bench_sync(n, t) != 0 || bench_verify(n, t) != 0;
	free(t);
	unlink(path);
	strcat(path, ".lock");
	unlink(path);
	return r;
}
