/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What one guess at the PIN costs whoever holds a copy of the store and
 * its device key: one PBKDF2-HMAC-SHA-256 of the guess at the card's
 * iterations (the wrap's ChaCha20-Poly1305 over 32 bytes adds well
 * under a microsecond), timed with the card's own implementation.
 * bench/run.sh times OpenSSL's beside it, the implementation an
 * attacker's CPU would more likely run.
 *
 *   kdf [-n N] [-i ITERATIONS]   one "@kdf impl=uimkey" line
 *   kdf -d                        the iterations of a new store
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/stats.h"
#include "card/auth/auth_pbkdf2.h"
#include "card/device.h"

int
main(int argc, char **argv)
{
	static const uint8_t salt[16] = "uimkey bench sal";
	uint8_t pin[8] = { '1', '2', '3', '4', '5', '6', 0xFF, 0xFF };
	uint8_t kek[32];
	unsigned long iter = UIMKEY_KDF_ITERATIONS_DEFAULT;
	double *t, t0;
	int n = 10, c, i;

	while ((c = getopt(argc, argv, "n:i:d")) != -1) {
		if (c == 'n')
			n = atoi(optarg);
		else if (c == 'i')
			iter = strtoul(optarg, NULL, 10);
		else if (c == 'd') {
			printf("%u\n", UIMKEY_KDF_ITERATIONS_DEFAULT);
			return 0;
		} else
			goto usage;
	}
	if (n < 1 || iter < 1 || iter > 0xFFFFFFFFul || optind != argc)
		goto usage;
	if ((t = calloc((size_t)n, sizeof(*t))) == NULL)
		return 1;
	for (i = 0; i < n; i++) {
		pin[5] = (uint8_t)('0' + i % 10);
		t0 = bench_now_us();
		uk_pbkdf2_sha256(pin, sizeof(pin), salt, sizeof(salt),
		    (uint32_t)iter, kek, sizeof(kek));
		t[i] = bench_now_us() - t0;
	}
	bench_sort(t, (size_t)n);
	printf("@kdf impl=uimkey iter=%lu n=%d med_ms=%.2f min_ms=%.2f\n",
	    iter, n, bench_pct(t, (size_t)n, 50) / 1000, t[0] / 1000);
	free(t);
	return 0;
usage:
	fprintf(stderr, "usage: kdf [-n N] [-i ITERATIONS] | kdf -d\n");
	return 2;
}
