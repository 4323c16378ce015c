/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Names and text in the admin library (host/admin/names.c, subject.c,
 * x509_text.c, secret.c): slots, algorithms and policies as people
 * write them, --subject text to a DER Name and back, hex.
 */
#include <stdio.h>
#include <string.h>

#include "admin/io.h"
#include "admin/names.h"
#include "admin/x509_text.h"
#include "host/uimkey.h"
#include "tests/support/check.h"

static char msg[512];

static void
keep(void *arg, int warning, const char *m)
{
	(void)arg;
	(void)warning;
	snprintf(msg, sizeof(msg), "%s", m);
}

static void
slots(void)
{
	static const char *const bad[] = { "", "9b", "9B", "96", "81", "0x9a",
		"9a ", "9", "f9x", "ff" };
	char s[4];
	size_t i;
	int ok = 1, v;

	check(adm_slot_parse("9a", 0) == 0x9A && adm_slot_parse("9A", 0) ==
	    0x9A && adm_slot_parse("9c", 0) == 0x9C &&
	    adm_slot_parse("9d", 0) == 0x9D && adm_slot_parse("9e", 0) == 0x9E,
	    "slots: 9a 9c 9d 9e, either case");
	for (v = 0x82; v <= 0x95; v++) {
		snprintf(s, sizeof(s), "%02x", (unsigned)v);
		ok &= adm_slot_parse(s, 0) == v;
	}
	check(ok, "slots: the retired slots 82 to 95");
	check(adm_slot_parse("f9", 0) == -1 && adm_slot_parse("f9", 1) == 0xF9,
	    "slots: f9 only where attestation is allowed");
	ok = 1;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (adm_slot_parse(bad[i], 1) != -1) {
			printf("# '%s' taken\n", bad[i]);
			ok = 0;
		}
	check(ok, "slots: everything else refused");
	check(strcmp(adm_slot_name(0x9A), "PIV authentication") == 0 &&
	    strcmp(adm_slot_name(0x9C), "digital signature") == 0 &&
	    strcmp(adm_slot_name(0x82), "retired key management") == 0,
	    "slots: named");
}

static void
algs(void)
{
	static const char *const names[] = { "p256", "p384", "rsa2048",
		"rsa3072", "rsa4096" };
	static const unsigned bits[] = { 256, 384, 2048, 3072, 4096 };
	size_t i;
	int ok = 1, a;

	for (i = 0; i < 5; i++) {
		a = adm_alg_parse(names[i]);
		ok &= a > 0 && strcmp(adm_alg_name((uint8_t)a), names[i]) == 0 &&
		    uimkey_alg_bits((uint8_t)a) == bits[i] &&
		    uimkey_alg_is_rsa((uint8_t)a) == (i >= 2);
	}
	check(ok, "algorithms: each name parsed and named back, its size");
	check(adm_alg_parse("P256") == UIMKEY_ALG_ECCP256 &&
	    adm_alg_parse("RSA2048") == UIMKEY_ALG_RSA2048,
	    "algorithms: any case");
	check(adm_alg_parse("p521") == -1 && adm_alg_parse("rsa1024") == -1 &&
	    adm_alg_parse("aes256") == -1 && uimkey_alg_bits(0) == 0,
	    "algorithms: others refused");
	check(adm_mgmt_alg_parse("3des") == UIMKEY_ALG_3DES &&
	    adm_mgmt_alg_parse("aes128") == UIMKEY_ALG_AES128 &&
	    adm_mgmt_alg_parse("AES192") == UIMKEY_ALG_AES192 &&
	    adm_mgmt_alg_parse("aes256") == UIMKEY_ALG_AES256 &&
	    adm_mgmt_alg_parse("p256") == -1,
	    "management key algorithms");
	check(adm_policy_parse("never") == UIMKEY_PIN_POLICY_NEVER &&
	    adm_policy_parse("once") == UIMKEY_PIN_POLICY_ONCE &&
	    adm_policy_parse("always") == UIMKEY_PIN_POLICY_ALWAYS &&
	    adm_policy_parse("sometimes") == -1 &&
	    strcmp(adm_policy_name(UIMKEY_PIN_POLICY_ONCE), "once") == 0,
	    "PIN policies");
}

/* --subject text to DER and back to text. */
static int
round_trip(const char *in, const char *want)
{
	uint8_t der[512];
	char out[ADM_DN_MAX];
	size_t len = 0;

	msg[0] = '\0';
	if (adm_subject_parse(in, der, sizeof(der), &len) != 0 ||
	    adm_dn_string(der, len, out, sizeof(out)) != 0) {
		printf("# '%s': %s\n", in, msg);
		return 0;
	}
	if (strcmp(out, want) != 0)
		printf("# '%s' -> '%s'\n", in, out);
	return strcmp(out, want) == 0;
}

static void
subjects(void)
{
	uint8_t der[512];
	size_t len;

	check(round_trip("CN=Alice", "CN=Alice"), "subject: one attribute");
	check(round_trip("CN=Alice,OU=Sales,O=Example\\, Inc.,C=JP",
	    "CN=Alice,OU=Sales,O=Example\\, Inc.,C=JP"),
	    "subject: four, an escaped comma, in the order given");
	check(round_trip("cn=Ren\xc3\xa9" "e,serialNumber=42",
	    "CN=Ren\xc3\xa9" "e,serialNumber=42"),
	    "subject: UTF-8 and serialNumber; the type in any case");
	msg[0] = '\0';
	check(adm_subject_parse("XX=1", der, sizeof(der), &len) == -1 &&
	    strncmp(msg, "--subject: unknown attribute 'XX'", 33) == 0,
	    "subject: an unknown attribute refused with its name");
	msg[0] = '\0';
	check(adm_subject_parse("CN", der, sizeof(der), &len) == -1 &&
	    strcmp(msg, "--subject: 'CN' is not TYPE=value") == 0,
	    "subject: no '=' refused");
	msg[0] = '\0';
	check(adm_subject_parse("", der, sizeof(der), &len) == -1 &&
	    strcmp(msg, "--subject: empty") == 0, "subject: empty refused");
}

static void
hex(void)
{
	uint8_t b[4];

	check(adm_hex_decode("01:ab CD", 8, b, sizeof(b)) == 3 &&
	    b[0] == 0x01 && b[1] == 0xAB && b[2] == 0xCD,
	    "hex: colons and spaces between bytes");
	check(adm_hex_decode("0", 1, b, sizeof(b)) == -1 &&
	    adm_hex_decode("zz", 2, b, sizeof(b)) == -1 &&
	    adm_hex_decode("0102030405", 10, b, sizeof(b)) == -1,
	    "hex: odd, not hex, or too long refused");
}

int
main(void)
{
	adm_sink_set(keep, NULL);
	slots();
	algs();
	subjects();
	hex();
	return check_done();
}
