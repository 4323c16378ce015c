/*
 * The card's operations through the whole stack (libuimkey, pcscd, vpcd,
 * uimkey-card): key generation per algorithm and one signature APDU,
 * medians and spread.
 *   card_ops [-r READER] [-n SIGNS] [-k KEYGENS] [-K RSA4096_KEYGENS]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "host/uimkey.h"

static const uint8_t default_mgmt[24] = { 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3,
    4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8 };

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
report(const char *what, double *t, int n, const char *unit, double scale)
{
	qsort(t, (size_t)n, sizeof(*t), cmp_double);
	printf("%-34s median %9.3f %s  min %9.3f  max %9.3f  (n=%d)\n", what,
	    t[n / 2] * scale, unit, t[0] * scale, t[n - 1] * scale, n);
}

static int
keygen(uimkey_dev_t *dev, const char *name, uint8_t alg, int n)
{
	uint8_t spki[UIMKEY_PIV_SPKI_MAX];
	size_t len;
	double *t = calloc((size_t)n, sizeof(*t)), t0;
	int i, r = -1;

	if (t == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		t0 = now_ms();
		if (uimkey_piv_generate(dev, 0x82, alg, UIMKEY_PIN_POLICY_NEVER,
		    0, spki, sizeof(spki), &len) != UIMKEY_OK)
			goto fail;
		t[i] = now_ms() - t0;
	}
	report(name, t, n, "ms", 1.0);
	r = 0;
fail:
	free(t);
	return r;
}

static int
signs(uimkey_dev_t *dev, const char *name, uint8_t slot, uint8_t alg,
    size_t in_len, int n)
{
	uint8_t in[512], out[UIMKEY_PIV_SIG_MAX];
	size_t len;
	double *t = calloc((size_t)n, sizeof(*t)), t0;
	int i, r = -1;

	if (t == NULL)
		return -1;
	memset(in, 0x11, sizeof(in));
	for (i = 0; i < n; i++) {
		t0 = now_ms();
		if (uimkey_piv_sign(dev, slot, alg, in, in_len, out,
		    sizeof(out), &len) != UIMKEY_OK)
			goto fail;
		t[i] = now_ms() - t0;
	}
	report(name, t, n, "us", 1000.0);
	r = 0;
fail:
	free(t);
	return r;
}

int
main(int argc, char **argv)
{
	const char *reader = "uimkey PCD 00 00";
	uimkey_ctx_t *ctx = uimkey_ctx_new();
	uimkey_dev_t *dev = uimkey_dev_new();
	uint8_t spki[UIMKEY_PIV_SPKI_MAX];
	size_t len;
	int n_sign = 1000, n_gen = 5, n_gen4096 = 3, c, r, status = 1;

	while ((c = getopt(argc, argv, "r:n:k:K:")) != -1) {
		switch (c) {
		case 'r': reader = optarg; break;
		case 'n': n_sign = atoi(optarg); break;
		case 'k': n_gen = atoi(optarg); break;
		case 'K': n_gen4096 = atoi(optarg); break;
		default: goto fail;
		}
	}
	if (n_sign < 1 || n_gen < 1 || n_gen4096 < 1 || ctx == NULL ||
	    dev == NULL)
		goto fail;
	if ((r = uimkey_ctx_open(ctx)) != UIMKEY_OK ||
	    (r = uimkey_dev_open(dev, ctx, reader)) != UIMKEY_OK ||
	    (r = uimkey_piv_auth_mgmt(dev, 0, default_mgmt,
	    sizeof(default_mgmt))) != UIMKEY_OK) {
		fprintf(stderr, "card_ops: %s\n", uimkey_strerr(r));
		goto fail;
	}
	if (keygen(dev, "keygen P-256", UIMKEY_ALG_ECCP256, n_gen) ||
	    keygen(dev, "keygen P-384", UIMKEY_ALG_ECCP384, n_gen) ||
	    keygen(dev, "keygen RSA-2048", UIMKEY_ALG_RSA2048, n_gen) ||
	    keygen(dev, "keygen RSA-3072", UIMKEY_ALG_RSA3072, n_gen) ||
	    keygen(dev, "keygen RSA-4096", UIMKEY_ALG_RSA4096, n_gen4096))
		goto fail;
	/* PIN policy never: one APDU per signature, nothing else. */
	if (uimkey_piv_generate(dev, 0x9E, UIMKEY_ALG_ECCP256,
	    UIMKEY_PIN_POLICY_NEVER, 0, spki, sizeof(spki), &len) != UIMKEY_OK ||
	    signs(dev, "ECDSA P-256 sign APDU", 0x9E, UIMKEY_ALG_ECCP256, 32,
	    n_sign))
		goto fail;
	if (uimkey_piv_generate(dev, 0x9E, UIMKEY_ALG_RSA2048,
	    UIMKEY_PIN_POLICY_NEVER, 0, spki, sizeof(spki), &len) != UIMKEY_OK ||
	    signs(dev, "RSA-2048 private-op APDU", 0x9E, UIMKEY_ALG_RSA2048, 256,
	    n_sign / 4 > 0 ? n_sign / 4 : 1))
		goto fail;
	status = 0;
fail:
	if (status != 0)
		fprintf(stderr, "card_ops: failed\n");
	uimkey_dev_free(&dev);
	uimkey_ctx_free(&ctx);
	return status;
}
