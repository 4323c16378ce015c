/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card through libuimkey (no PKCS#11): the benchmark's keys put on
 * the card, key generation timed per algorithm, and the signature APDU
 * as libuimkey sends it (inside a PC/SC transaction).
 *
 *   card_ops prov   [-r READER] [-1 | -e ALG]   9A P-256 (PIN once), 9C
 *                   P-256 (always), 9E RSA-2048 (never), each with the
 *                   card's attestation certificate as the slot's
 *                   certificate (OpenSC shows keys only with one); -1: 9A
 *                   only; -e ALG: 9E only, with ALG (p384 or rsa2048).
 *                   (OpenSC's PIV driver signs with 9A, 9C and 9E only:
 *                   9D and the retired slots are for decryption and ECDH.)
 *   card_ops keygen [-r READER] [-k N] [-K N4096]   in retired slot 95
 *   card_ops sign   [-r READER] -s SLOT -a ALG -n N [-p PIN]
 *                   ALG: p256, p384 or rsa2048 (the raw private operation)
 *   card_ops verify [-r READER] -n N [-p PIN]   VERIFY of the right PIN
 *                   (what a PIN-always key adds to each signature)
 * Results are "@KIND key=value ..." lines for bench/run.sh.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/stats.h"
#include "host/uimkey.h"
#include "host/uimkey_piv.h"

#define KEYGEN_SLOT   0x95      /* retired 20: the benchmark keys stay */
#define WARMUP        20

static const uint8_t default_mgmt[24] = { 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3,
    4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8 };

struct gen {
	const char *name;
	uint8_t alg;
};

static const struct gen gens[] = {
	{ "p256", UIMKEY_ALG_ECCP256 },
	{ "p384", UIMKEY_ALG_ECCP384 },
	{ "rsa2048", UIMKEY_ALG_RSA2048 },
	{ "rsa3072", UIMKEY_ALG_RSA3072 },
	{ "rsa4096", UIMKEY_ALG_RSA4096 },
};

static int
fail(const char *what, int r)
{
	fprintf(stderr, "card_ops: %s: %s\n", what, uimkey_strerr(r));
	return -1;
}

/* A key in slot with its attestation certificate as the slot's own. */
static int
prov_slot(uimkey_dev_t *dev, uint8_t slot, uint8_t alg, uint8_t policy)
{
	uint8_t cert[UIMKEY_PIV_CERT_MAX];
	size_t len;
	int r;

	if ((r = uimkey_piv_generate(dev, slot, alg, policy, 0, NULL, 0,
	    NULL)) != UIMKEY_OK)
		return fail("generate", r);
	if ((r = uimkey_piv_attest(dev, slot, cert, sizeof(cert), &len)) !=
	    UIMKEY_OK)
		return fail("attest", r);
	if ((r = uimkey_piv_write_cert(dev, slot, cert, len)) != UIMKEY_OK)
		return fail("write certificate", r);
	return 0;
}

static int
mode_prov(uimkey_dev_t *dev, int only_9a, const char *alg_9e)
{
	uint8_t alg = UIMKEY_ALG_RSA2048;
	int r;

	if (alg_9e != NULL && strcmp(alg_9e, "p384") == 0)
		alg = UIMKEY_ALG_ECCP384;
	else if (alg_9e != NULL && strcmp(alg_9e, "rsa2048") != 0)
		return -1;
	if ((r = uimkey_piv_auth_mgmt(dev, 0, default_mgmt,
	    sizeof(default_mgmt))) != UIMKEY_OK)
		return fail("management key", r);
	if (alg_9e != NULL)
		return prov_slot(dev, 0x9E, alg, UIMKEY_PIN_POLICY_NEVER);
	if (prov_slot(dev, 0x9A, UIMKEY_ALG_ECCP256, UIMKEY_PIN_POLICY_ONCE))
		return -1;
	if (only_9a)
		return 0;
	if (prov_slot(dev, 0x9C, UIMKEY_ALG_ECCP256,
	    UIMKEY_PIN_POLICY_ALWAYS) ||
	    prov_slot(dev, 0x9E, alg, UIMKEY_PIN_POLICY_NEVER))
		return -1;
	return 0;
}

static int
keygen(uimkey_dev_t *dev, const struct gen *g, int n)
{
	double *t = calloc((size_t)n, sizeof(*t)), t0;
	int i, r = -1, e;

	if (t == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		t0 = bench_now_us();
		if ((e = uimkey_piv_generate(dev, KEYGEN_SLOT, g->alg,
		    UIMKEY_PIN_POLICY_NEVER, 0, NULL, 0, NULL)) != UIMKEY_OK) {
			fail("generate", e);
			goto out;
		}
		t[i] = (bench_now_us() - t0) / 1e3;
	}
	bench_sort(t, (size_t)n);
	printf("@keygen alg=%s n=%d med_ms=%.1f min_ms=%.1f max_ms=%.1f\n",
	    g->name, n, bench_pct(t, (size_t)n, 50), t[0], t[n - 1]);
	fflush(stdout);
	r = 0;
out:
	free(t);
	return r;
}

static int
mode_keygen(uimkey_dev_t *dev, int n, int n4096)
{
	size_t i;
	int r;

	if ((r = uimkey_piv_auth_mgmt(dev, 0, default_mgmt,
	    sizeof(default_mgmt))) != UIMKEY_OK)
		return fail("management key", r);
	for (i = 0; i < sizeof(gens) / sizeof(gens[0]); i++)
		if (keygen(dev, &gens[i], gens[i].alg == UIMKEY_ALG_RSA4096 ?
		    n4096 : n) != 0)
			return -1;
	return uimkey_piv_delete_key(dev, KEYGEN_SLOT) == UIMKEY_OK ? 0 : -1;
}

/* The input of the card's operation: a hash for EC; for RSA a PKCS#1
 * v1.5 block (00 01 FF.. 00 and 51 bytes of a SHA-256 DigestInfo). */
static size_t
sign_input(uint8_t alg, uint8_t *in, int i)
{
	memset(in, 0x5A, 256);
	in[0] = (uint8_t)i;
	in[1] = (uint8_t)(i >> 8);
	if (alg == UIMKEY_ALG_ECCP256)
		return 32;
	if (alg == UIMKEY_ALG_ECCP384)
		return 48;
	in[0] = 0x00;
	in[1] = 0x01;
	memset(in + 2, 0xFF, 256 - 2 - 52);
	in[256 - 52] = 0x00;
	return 256;
}

static int
mode_sign(uimkey_dev_t *dev, uint8_t slot, const char *alg_name, int n,
    const char *pin)
{
	uint8_t in[256], out[UIMKEY_PIV_SIG_MAX], alg;
	double *t = NULL, t0, loop;
	size_t len, in_len;
	int i, r = -1, e;

	if (strcmp(alg_name, "p256") == 0)
		alg = UIMKEY_ALG_ECCP256;
	else if (strcmp(alg_name, "p384") == 0)
		alg = UIMKEY_ALG_ECCP384;
	else if (strcmp(alg_name, "rsa2048") == 0)
		alg = UIMKEY_ALG_RSA2048;
	else
		return -1;
	if ((t = calloc((size_t)n, sizeof(*t))) == NULL)
		return -1;
	if ((e = uimkey_piv_verify_pin(dev, pin, NULL)) != UIMKEY_OK) {
		fail("VERIFY", e);
		goto out;
	}
	for (i = -WARMUP; i < n; i++) {
		in_len = sign_input(alg, in, i);
		t0 = bench_now_us();
		if ((e = uimkey_piv_sign(dev, slot, alg, in, in_len, out,
		    sizeof(out), &len)) != UIMKEY_OK) {
			fail("sign", e);
			goto out;
		}
		if (i >= 0)
			t[i] = bench_now_us() - t0;
	}
	for (i = 0, loop = 0; i < n; i++)
		loop += t[i];
	bench_sort(t, (size_t)n);
	printf("@libsign alg=%s slot=%02X n=%d med=%.1f p99=%.1f ops=%.1f\n",
	    alg_name, slot, n, bench_pct(t, (size_t)n, 50),
	    bench_pct(t, (size_t)n, 99), (double)n * 1e6 / loop);
	r = 0;
out:
	free(t);
	return r;
}

static int
mode_verify(uimkey_dev_t *dev, int n, const char *pin)
{
	double *t, t0;
	int i, e;

	if ((t = calloc((size_t)n, sizeof(*t))) == NULL)
		return -1;
	for (i = -WARMUP; i < n; i++) {
		t0 = bench_now_us();
		if ((e = uimkey_piv_verify_pin(dev, pin, NULL)) != UIMKEY_OK) {
			fail("VERIFY", e);
			free(t);
			return -1;
		}
		if (i >= 0)
			t[i] = bench_now_us() - t0;
	}
	bench_sort(t, (size_t)n);
	printf("@libverify n=%d med=%.1f p99=%.1f min=%.1f\n", n,
	    bench_pct(t, (size_t)n, 50), bench_pct(t, (size_t)n, 99), t[0]);
	free(t);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *reader = "uimkey PCD 00 00", *alg = "p256", *pin = "123456";
	const char *mode, *alg_9e = NULL;
	uimkey_ctx_t *ctx = uimkey_ctx_new();
	uimkey_dev_t *dev = uimkey_dev_new();
	int n = 1000, n_gen = 5, n_gen4096 = 3, only_9a = 0, c, r, status = 1;
	uint8_t slot = 0x9A;

	if (argc < 2 || ctx == NULL || dev == NULL)
		goto out;
	mode = argv[1];
	optind = 2;
	while ((c = getopt(argc, argv, "r:n:k:K:s:a:p:1e:")) != -1) {
		switch (c) {
		case 'r': reader = optarg; break;
		case 'n': n = atoi(optarg); break;
		case 'k': n_gen = atoi(optarg); break;
		case 'K': n_gen4096 = atoi(optarg); break;
		case 's': slot = (uint8_t)strtoul(optarg, NULL, 16); break;
		case 'a': alg = optarg; break;
		case 'p': pin = optarg; break;
		case '1': only_9a = 1; break;
		case 'e': alg_9e = optarg; break;
		default: goto out;
		}
	}
	if (n < 1 || n_gen < 1 || n_gen4096 < 1)
		goto out;
	if ((r = uimkey_ctx_open(ctx)) != UIMKEY_OK ||
	    (r = uimkey_dev_open(dev, ctx, reader)) != UIMKEY_OK) {
		fail(reader, r);
		goto out;
	}
	if (strcmp(mode, "prov") == 0)
		status = mode_prov(dev, only_9a, alg_9e) != 0;
	else if (strcmp(mode, "keygen") == 0)
		status = mode_keygen(dev, n_gen, n_gen4096) != 0;
	else if (strcmp(mode, "sign") == 0)
		status = mode_sign(dev, slot, alg, n, pin) != 0;
	else if (strcmp(mode, "verify") == 0)
		status = mode_verify(dev, n, pin) != 0;
out:
	if (status != 0)
		fprintf(stderr, "card_ops: failed (usage: card_ops "
		    "prov|keygen|sign|verify [options], see bench/card_ops.c)\n");
	uimkey_dev_free(&dev);
	uimkey_ctx_free(&ctx);
	return status;
}
