/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The personalization profile (host/admin/profile.c, profile_json.c):
 * a full profile read into its fields, and bad ones refused with the
 * path of the bad field in the message and the profile wiped.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin/io.h"
#include "admin/profile.h"
#include "tests/support/check.h"

static char dir[] = "/tmp/uimkey-test-admin-XXXXXX";
static char path[256];
static char msg[2048];
static int nmsg;

/* The admin library's messages, kept instead of printed. */
static void
keep(void *arg, int warning, const char *m)
{
	(void)arg;
	nmsg++;
	snprintf(msg, sizeof(msg), "%s%s", warning ? "warning: " : "", m);
}

static void
put(const char *name, const char *text)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	if ((f = fopen(p, "w")) == NULL) {
		perror(p);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
}

/* Load text as profile.json; the result, msg holding the message. */
static int
load(const char *text, struct adm_profile *p)
{
	put("profile.json", text);
	msg[0] = '\0';
	nmsg = 0;
	return adm_profile_load(path, p);
}

static int
all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != 0)
			return 0;
	return 1;
}

#define CREDS \
	"\"credentials\": {\"pin\": {\"value\": \"123456\"}, " \
	"\"puk\": {\"file\": \"puk.txt\"}, \"management_key\": {\"alg\": " \
	"\"aes128\", \"key\": {\"value\": " \
	"\"00112233445566778899aabbccddeeff\"}}"

static void
accepted(void)
{
	static const uint8_t mgmt_hex[] = "00112233445566778899aabbccddeeff";
	static const uint8_t fascn0[] = { 0xD4, 0x32 };
	struct adm_profile p;
	char want[300];
	int r;

	r = load("{\"version\": 1, " CREDS ", \"pin_retries\": 3, "
	    "\"puk_retries\": 5, \"kdf_iterations\": 600000, "
	    "\"secrets_output\": \"out/secrets.txt\"},\n"
	    " \"pin_policy\": {\"min_length\": 8, \"digits_only\": true},\n"
	    " \"objects\": {\"chuid\": {\"fascn\": "
	    "\"D432000000000000000000000000000000000000000000000A\", "
	    "\"expiry\": \"20301231\"},\n"
	    "  \"printed\": {\"name\": \"Ren\\u00e9e \\\"R\\\" \\ud83d\\ude00\"}},\n"
	    " \"slots\": {\"9a\": {\"generate\": \"p256\", \"pin_policy\": "
	    "\"once\"}, \"9C\": {\"generate\": \"RSA2048\"}},\n"
	    " \"attestation\": {\"ca_key\": \"ca.key\", \"ca_cert\": "
	    "\"/etc/ca.pem\", \"validity_days\": 365}}\n", &p);
	check(r == 0 && nmsg == 0, "profile: a full profile is accepted, "
	    "without a message");
	if (r != 0) {
		printf("# %s\n", msg);
		return;
	}
	check(!p.pin.random && p.pin.v.len == 6 &&
	    strcmp(p.pin.v.s, "123456") == 0, "profile: the PIN's value");
	check(!p.puk.random && strcmp(p.puk.v.s, "87654321") == 0,
	    "profile: the PUK from its file, relative to the profile");
	check(p.mgmt_alg == UIMKEY_ALG_AES128 && p.mgmt.v.len == 32 &&
	    memcmp(p.mgmt.v.s, mgmt_hex, 32) == 0,
	    "profile: the management key's algorithm and text");
	check(p.pin_retries == 3 && p.puk_retries == 5,
	    "profile: the retry counters");
	check(p.kdf_iterations == 600000, "profile: the PIN-guess cost");
	snprintf(want, sizeof(want), "%s/out/secrets.txt", dir);
	check(strcmp(p.secrets_out, want) == 0,
	    "profile: secrets_output relative to the profile's directory");
	check(p.has_policy && p.min_len == 8 &&
	    p.rules == (UIMKEY_PIV_PIN_RULE_NO_TRIVIAL |
	    UIMKEY_PIV_PIN_RULE_DIGITS),
	    "profile: the PIN policy keeps the factory no-trivial rule and "
	    "adds digits only");
	check(p.has_chuid && p.has_fascn && !p.has_guid &&
	    memcmp(p.fascn, fascn0, 2) == 0 && p.fascn[24] == 0x0A &&
	    strcmp(p.expiry, "20301231") == 0, "profile: the CHUID's fields");
	check(p.has_printed && strcmp(p.printed[0],
	    "Ren\xc3\xa9" "e \"R\" \xf0\x9f\x98\x80") == 0,
	    "profile: escapes, \\u and a surrogate pair decoded to UTF-8");
	check(p.ngen == 2 && p.gen[0].slot == 0x9A &&
	    p.gen[0].alg == UIMKEY_ALG_ECCP256 &&
	    p.gen[0].policy == UIMKEY_PIN_POLICY_ONCE &&
	    p.gen[1].slot == 0x9C && p.gen[1].alg == UIMKEY_ALG_RSA2048 &&
	    p.gen[1].policy == 0, "profile: the slots, in order");
	snprintf(want, sizeof(want), "%s/ca.key", dir);
	check(p.has_attest && strcmp(p.ca_key, want) == 0 &&
	    strcmp(p.ca_cert, "/etc/ca.pem") == 0 && p.validity_days == 365,
	    "profile: the attestation CA's files and validity");
	check(!p.has_issuer && !p.has_ccc, "profile: what is not there is "
	    "not set");
	adm_profile_wipe(&p);
	check(all_zero(&p, sizeof(p)), "profile: wiped");

	check(load("{\"version\": 1, \"credentials\": {\"pin\": \"random\", "
	    "\"puk\": \"random\", \"management_key\": {\"key\": \"random\"}}}",
	    &p) == 0 && p.pin.random && p.puk.random && p.mgmt.random &&
	    p.mgmt_alg == UIMKEY_ALG_AES256 && p.rules == -1 && p.ngen == 0,
	    "profile: random credentials, AES-256 and the card's rules by "
	    "default");
	adm_profile_wipe(&p);
}

/* Each bad profile: refused, the message as the user sees it after
 * "uimkey: ", the profile left wiped. */
static void
refused(const char *text, const char *want, const char *name)
{
	struct adm_profile p;
	char full[512];
	int r;

	memset(&p, 0xA5, sizeof(p));
	r = load(text, &p);
	snprintf(full, sizeof(full), "profile %s: %s", path, want);
	if (r == 0 || strcmp(msg, full) != 0)
		printf("# got %d, '%s'\n# want '%s'\n", r, msg, full);
	check(r == -1 && nmsg == 1 && strcmp(msg, full) == 0 &&
	    all_zero(&p, sizeof(p)), name);
}

#define V1 "{\"version\": 1, "

static void
bad(void)
{
	char want[400];

	refused("{\"version\": 1}", "$: \"credentials\" is required",
	    "refused: no credentials");
	refused("{" CREDS "}}", "$: \"version\": 1 is required",
	    "refused: no version");
	refused("{\"version\": 2, " CREDS "}}",
	    "$.version: expected a whole number from 1 to 1",
	    "refused: version 2");
	refused(V1 CREDS ", \"pin_retries\": 16, \"puk_retries\": 3}}",
	    "$.credentials.pin_retries: expected a whole number from 1 to 15",
	    "refused: 16 PIN tries");
	refused(V1 CREDS ", \"kdf_iterations\": 9999}}",
	    "$.credentials.kdf_iterations: expected a whole number from 10000 "
	    "to 10000000", "refused: 9999 iterations");
	refused(V1 CREDS ", \"kdf_iterations\": 10000001}}",
	    "$.credentials.kdf_iterations: expected a whole number from 10000 "
	    "to 10000000", "refused: 10000001 iterations");
	refused(V1 CREDS ", \"pin_retries\": 3}}",
	    "$.credentials: give both pin_retries and puk_retries, or neither",
	    "refused: PIN tries without PUK tries");
	refused(V1 CREDS ", \"pin\": \"random\"}}",
	    "$.credentials.pin: given twice", "refused: a key given twice");
	refused(V1 CREDS ", \"colour\": 1}}",
	    "$.credentials.colour: unknown key", "refused: an unknown key");
	refused(V1 "\"credentials\": {\"pin\": {\"value\": \"12345\"}}}",
	    "$.credentials.pin: a PIN has 6 to 8 characters",
	    "refused: a PIN of 5");
	refused(V1 "\"credentials\": {\"pin\": \"random\"}}",
	    "$.credentials: \"puk\" is required: personalization replaces "
	    "every factory credential", "refused: no PUK");
	refused(V1 CREDS "}, \"slots\": {\"9b\": {\"generate\": \"p256\"}}}",
	    "$.slots.9b: not a key slot (9a, 9c, 9d, 9e, 82 to 95)",
	    "refused: 9B is not a key slot");
	refused(V1 CREDS "}, \"slots\": {\"9a\": {\"generate\": \"p521\"}}}",
	    "$.slots.9a.generate: expected p256, p384, rsa2048, rsa3072 or "
	    "rsa4096", "refused: an algorithm the card lacks");
	refused(V1 CREDS "}, \"slots\": {\"9a\": {\"pin_policy\": \"once\"}}}",
	    "$.slots.9a: \"generate\" is required",
	    "refused: a slot without an algorithm");
	refused(V1 CREDS "}, \"objects\": {\"ccc\": {\"card_id\": \"00\"}}}",
	    "$.objects.ccc.card_id: expected 21 bytes in hex",
	    "refused: a short card_id");
	refused(V1 CREDS "}, \"objects\": {\"chuid\": {\"expiry\": "
	    "\"2030123x\"}}}", "$.objects.chuid.expiry: expected YYYYMMDD",
	    "refused: an expiry with a letter");
	refused(V1 CREDS "}, \"objects\": {\"chuid\": {\"expiry\": "
	    "\"2030-12-31\"}}}",
	    "$.objects.chuid.expiry: too long (at most 8 bytes)",
	    "refused: an expiry with dashes");
	refused(V1 CREDS "}, \"objects\": {\"printed\": {\"name\": "
	    "\"a\\u0000b\"}}}", "$.objects.printed.name: NUL in a string",
	    "refused: \\u0000");
	refused(V1 CREDS "}, \"objects\": {\"printed\": {\"name\": "
	    "\"\\udc00\"}}}", "$.objects.printed.name: bad surrogate pair",
	    "refused: a lone low surrogate");
	refused(V1 CREDS "}, \"pin_policy\": {\"digits_only\": 1}}",
	    "$.pin_policy.digits_only: expected true or false",
	    "refused: a number for a boolean");
	snprintf(want, sizeof(want), "$.issuer.public_key: '%s/puk.txt' is "
	    "not an EC P-256 public key (PEM or DER SubjectPublicKeyInfo)", dir);
	refused(V1 CREDS "}, \"issuer\": {\"public_key\": \"puk.txt\"}}",
	    want, "refused: an issuer key file without a P-256 key");
}

/* Syntax: the message names the line and the column. */
static void
syntax(void)
{
	struct adm_profile p;
	char want[512];

	check(load("{\"version\": 1,, " CREDS "}}", &p) == -1 &&
	    (snprintf(want, sizeof(want), "profile %s: line 1, column 15: not "
	    "valid JSON", path), strcmp(msg, want) == 0),
	    "refused: ',,' (jsmn lets it through), at its column");
	if (strcmp(msg, want) != 0)
		printf("# got '%s'\n", msg);
	check(load("{\"version\": 1,\n \"credentials\": {", &p) == -1 &&
	    (snprintf(want, sizeof(want), "profile %s: line 2, column 18: the "
	    "JSON ends too early", path), strcmp(msg, want) == 0),
	    "refused: a truncated profile, where it ends");
	if (strcmp(msg, want) != 0)
		printf("# got '%s'\n", msg);
	check(load(V1 CREDS "}}\n[]", &p) == -1 &&
	    (snprintf(want, sizeof(want), "profile %s: line 2, column 1: text "
	    "after the profile's object", path), strcmp(msg, want) == 0),
	    "refused: text after the object");
	if (strcmp(msg, want) != 0)
		printf("# got '%s'\n", msg);
}

int
main(void)
{
	char p[300];

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/profile.json", dir);
	put("puk.txt", "87654321\n");
	adm_sink_set(keep, NULL);
	accepted();
	bad();
	syntax();
	snprintf(p, sizeof(p), "%s/profile.json", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/puk.txt", dir);
	unlink(p);
	rmdir(dir);
	return check_done();
}
