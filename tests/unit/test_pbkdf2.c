/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PBKDF2-HMAC-SHA-256 (card/auth/auth_pbkdf2.c) against published
 * answers: RFC 7914 section 11 (64-byte keys, two blocks) and the
 * RFC 6070 cases as computed for SHA-256 (one block, a cut block,
 * NUL bytes in password and salt); the iteration count must be used
 * whole (one fewer gives another key).
 */
#include <stdio.h>
#include <string.h>

#include "card/auth/auth_pbkdf2.h"
#include "tests/support/check.h"
#include "tests/unit/hex.h"

struct kat {
	const char *name;
	const char *pw;
	size_t pw_len;
	const char *salt;
	size_t salt_len;
	uint32_t iterations;
	const char *dk;
};

#define S(x) x, sizeof(x) - 1

static const struct kat kats[] = {
	{ "RFC 7914 11: passwd, salt, c 1, 64 bytes", S("passwd"), S("salt"), 1,
	  "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
	  "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783" },
	{ "RFC 7914 11: Password, NaCl, c 80000, 64 bytes", S("Password"),
	  S("NaCl"), 80000,
	  "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
	  "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d" },
	{ "RFC 6070 style: password, salt, c 1", S("password"), S("salt"), 1,
	  "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b" },
	{ "RFC 6070 style: password, salt, c 2", S("password"), S("salt"), 2,
	  "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43" },
	{ "RFC 6070 style: password, salt, c 4096", S("password"), S("salt"),
	  4096,
	  "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a" },
	{ "RFC 6070 style: long password and salt, 40 bytes",
	  S("passwordPASSWORDpassword"),
	  S("saltSALTsaltSALTsaltSALTsaltSALTsalt"), 4096,
	  "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1"
	  "c635518c7dac47e9" },
	{ "RFC 6070 style: NUL in password and salt, 16 bytes",
	  S("pass\0word"), S("sa\0lt"), 4096,
	  "89b69d0516f829893c696226650a8687" },
};

static int
kat_ok(const struct kat *k, uint32_t iterations)
{
	uint8_t want[64], got[64 + 8];
	size_t n = hex_parse(k->dk, want, sizeof(want));
	char text[3 * sizeof(got)];
	int same;

	/* A guard after the key: nothing beyond out_len is written. */
	memset(got, 0xA5, sizeof(got));
	uk_pbkdf2_sha256(k->pw, k->pw_len, k->salt, k->salt_len, iterations,
	    got, n);
	same = memcmp(got, want, n) == 0 && got[n] == 0xA5 &&
	    got[n + 7] == 0xA5;
	if (!same && iterations == k->iterations) {
		hex_format(got, n, text, sizeof(text));
		printf("# got %s\n", text);
	}
	return same;
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(kats) / sizeof(kats[0]); i++)
		check(kat_ok(&kats[i], kats[i].iterations), kats[i].name);
	/* The count is the cost: one iteration fewer is another key. */
	check(!kat_ok(&kats[4], 4095), "4095 iterations do not give c 4096's key");
	check(!kat_ok(&kats[3], 1), "1 iteration does not give c 2's key");
	return check_done();
}
