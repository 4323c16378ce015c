/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The stack's share of the floor: APDUs sent with bare SCardTransmit
 * through libpcsclite, pcscd, vpcd and uimkey-card, on the basic
 * channel, with no libuimkey and no module in the way.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <winscard.h>

#include "bench/floor.h"
#include "bench/stats.h"

/* The benchmark cards' PIN (bench/card_ops.c), padded as VERIFY wants. */
#define FLOOR_VERIFY { 0x00, 0x20, 0x00, 0x80, 0x08, '1', '2', '3', '4', \
	'5', '6', 0xFF, 0xFF }
#define FLOOR_ALG_P256  0x11
#define FLOOR_HASH_LEN  32
/* Room for any answer of a short APDU, and a P-256 signature's. */
#define FLOOR_RSP_MAX   258

typedef struct {
	SCARDCONTEXT ctx;
	SCARDHANDLE h;
	const SCARD_IO_REQUEST *pci;
	int connected;
} floor_link;

/* apdu, answered 9000 (with exactly want bytes before it, unless want is
 * 0), n times after the warm-up, each timed into t; inside a transaction
 * each when txn.  0 on success. */
static int
rtt_run(floor_link *l, const uint8_t *apdu, size_t len, size_t want,
    int txn, int n, double *t)
{
	uint8_t out[FLOOR_RSP_MAX];
	DWORD got;
	double t0;
	int i;

	for (i = -floor_warmup; i < n; i++) {
		t0 = bench_now_us();
		if (txn && SCardBeginTransaction(l->h) != SCARD_S_SUCCESS)
			return -1;
		got = sizeof(out);
		if (SCardTransmit(l->h, l->pci, apdu, (DWORD)len, NULL, out,
		    &got) != SCARD_S_SUCCESS || got < 2 ||
		    (want != 0 && got != want + 2) || out[got - 2] != 0x90 ||
		    out[got - 1] != 0x00)
			return -1;
		if (txn && SCardEndTransaction(l->h, SCARD_LEAVE_CARD) !=
		    SCARD_S_SUCCESS)
			return -1;
		if (i >= 0)
			t[i] = bench_now_us() - t0;
	}
	return 0;
}

/* Connect to reader and SELECT PIV on the basic channel. */
static int
link_open(floor_link *l, const char *reader)
{
	static const uint8_t select[] = { 0x00, 0xA4, 0x04, 0x00, 0x05, 0xA0,
	    0x00, 0x00, 0x03, 0x08, 0x00 };
	uint8_t out[FLOOR_RSP_MAX];
	DWORD proto, len = sizeof(out);

	memset(l, 0, sizeof(*l));
	if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &l->ctx) !=
	    SCARD_S_SUCCESS)
		return -1;
	if (SCardConnect(l->ctx, reader, SCARD_SHARE_SHARED,
	    SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &l->h, &proto) !=
	    SCARD_S_SUCCESS) {
		fprintf(stderr, "floor: %s: cannot connect\n", reader);
		return -1;
	}
	l->connected = 1;
	l->pci = proto == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
	return SCardTransmit(l->h, l->pci, select, sizeof(select), NULL, out,
	    &len) == SCARD_S_SUCCESS ? 0 : -1;
}

static void
link_close(floor_link *l)
{
	if (l->connected)
		SCardDisconnect(l->h, SCARD_LEAVE_CARD);
	if (l->ctx != 0)
		SCardReleaseContext(l->ctx);
}

/* The "@rtt" line of a measured loop: its latencies, and with cpu its
 * throughput (one at a time: the count over the sum of the latencies)
 * and the processes' CPU. */
static void
rtt_report(const char *kind, double *t, int n, const bench_cpu *cpu)
{
	double sum = 0;
	int i;

	for (i = 0; i < n; i++)
		sum += t[i];
	bench_sort(t, (size_t)n);
	printf("@rtt kind=%s n=%d med=%.1f p99=%.1f min=%.1f", kind, n,
	    bench_pct(t, (size_t)n, 50), bench_pct(t, (size_t)n, 99), t[0]);
	if (cpu != NULL) {
		printf(" ops=%.1f", n / sum * 1e6);
		bench_cpu_print(cpu);
	}
	printf("\n");
}

int
floor_rtt(const char *reader, int n, const char *watch)
{
	static const uint8_t get_version[] = { 0x00, 0xFD, 0x00, 0x00, 0x00 };
	double *t = calloc((size_t)n, sizeof(*t));
	floor_link l;
	bench_cpu cpu;
	int r = -1;

	if (t == NULL || bench_cpu_watch(&cpu, watch) != 0 ||
	    link_open(&l, reader) != 0)
		goto out;
	bench_cpu_start(&cpu);
	if (rtt_run(&l, get_version, sizeof(get_version), 3, 0, n, t) != 0)
		goto out;
	bench_cpu_stop(&cpu);
	rtt_report("bare", t, n, &cpu);
	if (rtt_run(&l, get_version, sizeof(get_version), 3, 1, n, t) != 0)
		goto out;
	rtt_report("txn_each", t, n, NULL);
	if (SCardBeginTransaction(l.h) != SCARD_S_SUCCESS ||
	    rtt_run(&l, get_version, sizeof(get_version), 3, 0, n, t) != 0)
		goto out;
	SCardEndTransaction(l.h, SCARD_LEAVE_CARD);
	rtt_report("txn_held", t, n, NULL);
	r = 0;
out:
	if (r != 0)
		fprintf(stderr, "floor rtt: failed\n");
	link_close(&l);
	free(t);
	return r;
}

int
floor_sign(const char *reader, uint8_t slot, int n, const char *watch)
{
	static const uint8_t verify[] = FLOOR_VERIFY;
	uint8_t hash[FLOOR_HASH_LEN], apdu[FLOOR_RSP_MAX], out[FLOOR_RSP_MAX];
	double *t = calloc((size_t)n, sizeof(*t));
	DWORD len = sizeof(out);
	size_t alen;
	floor_link l;
	bench_cpu cpu;
	int r = -1;

	memset(hash, 0xA5, sizeof(hash));
	alen = floor_ga_apdu(apdu, FLOOR_ALG_P256, slot, hash, sizeof(hash));
	if (t == NULL || bench_cpu_watch(&cpu, watch) != 0 ||
	    link_open(&l, reader) != 0)
		goto out;
	if (SCardTransmit(l.h, l.pci, verify, sizeof(verify), NULL, out,
	    &len) != SCARD_S_SUCCESS || len != 2 || out[0] != 0x90)
		goto out;
	bench_cpu_start(&cpu);
	if (rtt_run(&l, apdu, alen, 0, 0, n, t) != 0)
		goto out;
	bench_cpu_stop(&cpu);
	rtt_report("sign", t, n, &cpu);
	r = 0;
out:
	if (r != 0)
		fprintf(stderr, "floor sign: failed\n");
	link_close(&l);
	free(t);
	return r;
}
