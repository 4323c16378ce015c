/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gen_seeds OUTDIR: the generated seeds of the fuzz targets, made by
 * running the real card core in process (fz_card.c), so that the
 * management key authentications, signatures, lock tokens and
 * certificates in them are the real ones for the fuzzers' start states.
 * Writes OUTDIR/TARGET/gen-*; make fuzz-seeds merges them (with the
 * unit tests' recorded sessions) into fuzz/corpus/TARGET, keeping only
 * inputs that add coverage.
 *
 * This file writes the seeds and makes fuzz_profile's; the card's are
 * made in gen_seeds_card.c, those of the host side targets (fuzz_host,
 * fuzz_p11_template, fuzz_ra) in gen_seeds_host.c.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz/fz_card.h"
#include "fuzz/gen_seeds.h"

static const char *outdir;
static unsigned count;

void
gen_seeds_write(const char *target, const char *name, const uint8_t *b,
    size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", outdir, target);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/gen-%s", outdir, target, name);
	if ((f = fopen(path, "wb")) == NULL || fwrite(b, 1, n, f) != n) {
		perror(path);
		exit(1);
	}
	fclose(f);
	count++;
}

/* ------------------------------------------------------------------ */
/* fuzz_profile                                                         */

static void
profile_seeds(void)
{
	static const char *const p[] = {
		"{\"version\": 1, \"credentials\": {\"pin\": \"random\", "
		"\"puk\": \"random\", \"management_key\": {\"key\": \"random\"}, "
		"\"secrets_output\": \"out.txt\"}}",
		"{\n  \"version\": 1,\n  \"credentials\": {\n"
		"    \"pin\": {\"value\": \"246801\"},\n"
		"    \"puk\": {\"file\": \"puk.txt\"},\n"
		"    \"management_key\": {\"alg\": \"aes128\", \"key\": "
		"{\"file\": \"mgmt.hex\"}},\n"
		"    \"pin_retries\": 5, \"puk_retries\": 3\n  },\n"
		"  \"pin_policy\": {\"min_length\": 7, \"digits_only\": true, "
		"\"no_trivial\": false, \"change_first\": true},\n"
		"  \"objects\": {\"chuid\": {\"fascn\": \"D4E739DA739CED39CE739D"
		"836858210842108421C84210C3EB\", \"guid\": \"00112233445566778899"
		"AABBCCDDEEFF\", \"expiry\": \"20301231\"},\n"
		"    \"ccc\": {\"card_id\": \"A000000116FF0275696D6B65790000000000"
		"000000\"},\n"
		"    \"printed\": {\"name\": \"J\\u00e9r\\u00f4me \\ud83d\\ude00\", "
		"\"employee_affiliation\": \"Staff\", \"expiration_date\": "
		"\"2030DEC31\", \"agency_card_serial\": \"1234\", \"issuer_id\": "
		"\"uimkey\", \"organization_affiliation1\": \"Org\", "
		"\"organization_affiliation2\": \"Unit\"}},\n"
		"  \"slots\": {\"9a\": {\"generate\": \"p256\", \"pin_policy\": "
		"\"once\"}, \"9c\": {\"generate\": \"p384\", \"pin_policy\": "
		"\"always\"}, \"9d\": {\"generate\": \"rsa2048\"}, \"82\": "
		"{\"generate\": \"rsa4096\", \"pin_policy\": \"never\"}},\n"
		"  \"attestation\": {\"ca_key\": \"ca.key\", \"ca_cert\": "
		"\"ca.pem\", \"validity_days\": 365},\n"
		"  \"issuer\": {\"public_key\": \"issuer.pem\", \"counter\": "
		"4294967294}\n}\n",
		"{\"version\":1,\"credentials\":{\"pin\":{\"value\":\"12\\\"\\\\"
		"\\/\\b\\f\\n\\r\\t\"},\"puk\":{\"value\":\"12345678\"},"
		"\"management_key\":{\"alg\":\"3des\",\"key\":{\"value\":"
		"\"010203040506070801020304050607080102030405060708\"}}}}",
		"{\"version\": 1, \"credentials\": {\"pin\": {\"file\": "
		"\"pin.txt\"}, \"puk\": {\"file\": \"secret.txt\"}, "
		"\"management_key\": {\"alg\": \"aes192\", \"key\": {\"value\": "
		"\"00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44"
		":55:66:77\"}}}, \"slots\": {}, \"objects\": {}, \"pin_policy\": "
		"{}}",
		"{\"version\": 1, \"credentials\": {\"pin\": \"random\", \"puk\": "
		"\"random\", \"management_key\": {\"alg\": \"aes256\", \"key\": "
		"\"random\"}}, \"issuer\": {\"public_key\": \"../../etc/passwd\"}}",
		"[1, 2, {\"a\": [true, false, null]}]",
		"{\"version\": 2}",
	};
	char name[32];
	size_t i;

	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
		snprintf(name, sizeof(name), "%zu.json", i);
		gen_seeds_write("fuzz_profile", name, (const uint8_t *)p[i],
		    strlen(p[i]));
	}
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: gen_seeds OUTDIR\n");
		return 2;
	}
	outdir = argv[1];
	mkdir(outdir, 0755);
	if (fz_setup() != 0) {
		fprintf(stderr, "gen_seeds: cannot build the card states\n");
		return 1;
	}
	gen_seeds_card();
	gen_seeds_host();
	gen_seeds_p11();
	gen_seeds_ra();
	profile_seeds();
	printf("gen_seeds: %u seeds in %s\n", count, outdir);
	return 0;
}
