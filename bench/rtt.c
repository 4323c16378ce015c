/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One SELECT round trip through the whole stack (libuimkey, pcscd, vpcd,
 * uimkey-card), timed many times: median and p99, alone and inside a held
 * PC/SC transaction.
 *   rtt [-n COUNT] [-r READER]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "host/uimkey.h"

#define RTT_DEFAULT_COUNT 2000
#define RTT_WARMUP        50

static const uint8_t select_piv[] = { 0x00, 0xA4, 0x04, 0x00, 0x05,
    0xA0, 0x00, 0x00, 0x03, 0x08, 0x00 };

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Time count SELECTs; 0 on success. */
static int
measure(uimkey_dev_t *dev, double *t, int count)
{
	uint8_t rsp[256];
	size_t len;
	uint16_t sw;
	double t0;
	int i;

	for (i = -RTT_WARMUP; i < count; i++) {
		t0 = now_us();
		if (uimkey_dev_transmit(dev, select_piv, sizeof(select_piv), rsp,
		    sizeof(rsp), &len, &sw) != UIMKEY_OK || sw != 0x9000)
			return -1;
		if (i >= 0)
			t[i] = now_us() - t0;
	}
	qsort(t, (size_t)count, sizeof(*t), cmp_double);
	return 0;
}

static void
report(const char *what, const double *t, int count)
{
	printf("%-44s median %7.1f us  p99 %7.1f us  (n=%d)\n", what,
	    t[count / 2], t[count * 99 / 100], count);
}

int
main(int argc, char **argv)
{
	const char *reader = "uimkey PCD 00 00";
	uimkey_ctx_t *ctx = uimkey_ctx_new();
	uimkey_dev_t *dev = uimkey_dev_new();
	double *t = NULL;
	int count = RTT_DEFAULT_COUNT, c, r, status = 1;

	while ((c = getopt(argc, argv, "n:r:")) != -1) {
		if (c == 'n')
			count = atoi(optarg);
		else if (c == 'r')
			reader = optarg;
		else
			goto fail;
	}
	if (count < 1 || ctx == NULL || dev == NULL ||
	    (t = calloc((size_t)count, sizeof(*t))) == NULL)
		goto fail;
	if ((r = uimkey_ctx_open(ctx)) != UIMKEY_OK ||
	    (r = uimkey_dev_open(dev, ctx, reader)) != UIMKEY_OK) {
		fprintf(stderr, "rtt: %s: %s\n", reader, uimkey_strerr(r));
		goto fail;
	}
	if (measure(dev, t, count) != 0)
		goto fail;
	report("SELECT, one PC/SC transaction each", t, count);
	if (uimkey_dev_begin(dev) != UIMKEY_OK || measure(dev, t, count) != 0)
		goto fail;
	uimkey_dev_end(dev);
	report("SELECT, inside one held transaction", t, count);
	status = 0;
fail:
	free(t);
	uimkey_dev_free(&dev);
	uimkey_ctx_free(&ctx);
	return status;
}
