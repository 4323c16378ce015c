/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * AES-128 CMAC (codec/cmac.c) against published answers (RFC 4493
 * section 4, the examples of SP 800-38B), fed in every split; then
 * against OpenSSL's CMAC (`openssl mac`) for random keys and lengths
 * 0 to 99, so that another implementation judges every padding case.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codec/cmac.h"
#include "tests/support/check.h"
#include "tests/unit/hex.h"

#define RANDOM_CASES 64
#define RANDOM_LEN_MAX 100

static const char rfc_key[] = "2b7e151628aed2a6abf7158809cf4f3c";
static const char rfc_msg[] =
    "6bc1bee22e409f96e93d7e117393172a" "ae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52ef" "f69f2445df4f9b17ad2b417be66c3710";

static const struct {
	size_t len;
	const char *tag;
} rfc[] = {
	{ 0, "bb1d6929e95937287fa37d129b756746" },
	{ 16, "070a16b46b4d4144f79bdd9dd04a287c" },
	{ 40, "dfa66747de9ae63030ca32611497c827" },
	{ 64, "51f0bebf7e3b9d92fc49741779363cfe" },
};

/* The tag of msg fed as three parts cut at a and b. */
static void
tag_split(const uint8_t *key, const uint8_t *msg, size_t len, size_t a,
    size_t b, uint8_t *tag)
{
	uk_cmac c;

	uk_cmac_init(&c, key);
	uk_cmac_update(&c, msg, a);
	uk_cmac_update(&c, msg + a, b - a);
	uk_cmac_update(&c, msg + b, len - b);
	uk_cmac_final(&c, tag);
}

static int
rfc_case(const uint8_t *key, const uint8_t *msg, size_t len, const char *hex)
{
	uint8_t want[UK_CMAC_TAG_LEN], got[UK_CMAC_TAG_LEN];
	size_t a, b;

	hex_parse(hex, want, sizeof(want));
	uk_cmac_once(key, msg, len, got);
	if (memcmp(got, want, sizeof(want)) != 0)
		return 0;
	for (a = 0; a <= len; a++)
		for (b = a; b <= len; b++) {
			tag_split(key, msg, len, a, b, got);
			if (memcmp(got, want, sizeof(want)) != 0) {
				printf("# split at %zu and %zu differs\n", a, b);
				return 0;
			}
		}
	return 1;
}

/* OpenSSL's tag of msg under key, or -1 when openssl cannot be run. */
static int
openssl_tag(const uint8_t *key, const uint8_t *msg, size_t len, uint8_t *tag)
{
	char path[] = "/tmp/uimkey-cmac-XXXXXX", cmd[256], keyhex[40], line[80];
	FILE *f = NULL;
	size_t i;
	int fd, r = -1;

	if ((fd = mkstemp(path)) < 0)
		return -1;
	if (write(fd, msg, len) != (ssize_t)len)
		goto out;
	for (i = 0; i < UK_CMAC_KEY_LEN; i++)
		snprintf(keyhex + 2 * i, sizeof(keyhex) - 2 * i, "%02x", key[i]);
	snprintf(cmd, sizeof(cmd), "openssl mac -cipher AES-128-CBC "
	    "-macopt hexkey:%s -in %s CMAC 2>/dev/null", keyhex, path);
	if ((f = popen(cmd, "r")) == NULL)
		goto out;
	if (fgets(line, sizeof(line), f) != NULL &&
	    hex_parse(line, tag, UK_CMAC_TAG_LEN) == UK_CMAC_TAG_LEN)
		r = 0;
out:
	if (f != NULL && pclose(f) != 0)
		r = -1;
	close(fd);
	unlink(path);
	return r;
}

int
main(void)
{
	uint8_t key[UK_CMAC_KEY_LEN], msg[RANDOM_LEN_MAX], want[UK_CMAC_TAG_LEN];
	uint8_t got[UK_CMAC_TAG_LEN];
	size_t i, j, len, agree = 0, asked = 0;
	char name[96], text[3 * UK_CMAC_TAG_LEN + 1];

	hex_parse(rfc_key, key, sizeof(key));
	hex_parse(rfc_msg, msg, sizeof(msg));
	for (i = 0; i < sizeof(rfc) / sizeof(rfc[0]); i++) {
		snprintf(name, sizeof(name), "RFC 4493 example %zu (%zu bytes), "
		    "whole and in every 3-part split", i + 1, rfc[i].len);
		check(rfc_case(key, msg, rfc[i].len, rfc[i].tag), name);
	}
	msg[0] ^= 1;
	uk_cmac_once(key, msg, 64, got);
	hex_parse(rfc[3].tag, want, sizeof(want));
	check(memcmp(got, want, sizeof(want)) != 0,
	    "one bit flipped in the message changes the tag");

	srandom(4493);
	for (i = 0; i < RANDOM_CASES; i++) {
		for (len = 0; len < sizeof(key); len++)
			key[len] = (uint8_t)random();
		len = (i * 37) % RANDOM_LEN_MAX;
		for (j = 0; j < len; j++)
			msg[j] = (uint8_t)random();
		if (openssl_tag(key, msg, len, want) != 0)
			continue;
		asked++;
		uk_cmac_once(key, msg, len, got);
		if (memcmp(got, want, sizeof(want)) == 0)
			agree++;
		else {
			hex_format(got, sizeof(got), text, sizeof(text));
			printf("# length %zu: ours %s\n", len, text);
			hex_format(want, sizeof(want), text, sizeof(text));
			printf("# length %zu: openssl's %s\n", len, text);
		}
	}
	snprintf(name, sizeof(name), "OpenSSL's CMAC agrees for %zu of %d "
	    "random keys and lengths", agree, RANDOM_CASES);
	check(asked == RANDOM_CASES && agree == asked, name);
	return check_done();
}
