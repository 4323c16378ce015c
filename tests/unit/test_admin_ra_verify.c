/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The RA's verdict (adm_ra_verify, host/admin/ra_verify.c and
 * ra_attest.c) on requests and attestation chains made with the codec
 * and BearSSL (ra_fixture.h): accepted, with what the verdict says;
 * refused with each reason, in the order of the checks (proof of
 * possession, policy, challenge password, attestation); the RA's own
 * unreadable files told apart from a refusal.  Last, a request signed by
 * the card core in process and its own attestation, under its F9
 * certificate.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec/oid_uimkey.h"
#include "admin/ra.h"
#include "tests/unit/admin_fixture.h"
#include "tests/unit/ra_fixture.h"

#define SERIAL 12345678u          /* 00 BC 61 4E */
#define ROOT_DN "CN=uimkey Test CA"

static const uint8_t oid_origin[] = UK_OID_UIMKEY_ORIGIN;
static const uint8_t oid_origin_old[] = UK_OID_UIMKEY_ORIGIN_OLD;
static const uint8_t oid_serial[] = UK_OID_YK_SERIAL;

/* The requests, by index. */
enum { CSR, CSR_NOPW, TAMPERED, JUNK, ODD_ALG, NREQ };
static uint8_t req[NREQ][UK_X509_CERT_MAX];
static size_t req_len[NREQ];

static ec_key leaf_key, other_key;
static struct adm_ra_verdict v;

/* An attestation of key under the test CA with an origin extension of
 * oid and value (none when value is NULL) and the serial when serial,
 * written as PEM to name. */
static int
attestation(const char *name, const ec_key *key, const uint8_t *oid,
    size_t oid_len, const char *value, int serial)
{
	static const uint8_t sn[] = { 0x02, 0x04, 0x00, 0xBC, 0x61, 0x4E };
	uint8_t cert[UK_X509_CERT_MAX];
	uk_x509_ext ext[2];
	size_t n = 0, len;

	memset(ext, 0, sizeof(ext));
	if (value != NULL) {
		ext[n].oid = oid;
		ext[n].oid_len = oid_len;
		ext[n].value = (const uint8_t *)value;
		ext[n++].value_len = 3;
	}
	if (serial) {
		ext[n].oid = oid_serial;
		ext[n].oid_len = sizeof(oid_serial);
		ext[n].value = sn;
		ext[n++].value_len = sizeof(sn);
	}
	len = issue_ext("uimkey PIV Attestation 9a", key, ca_name, ca_name_len,
	    &ca_key, 0, ext, n, cert);
	return len > 0 ? write_pem(name, "CERTIFICATE", cert, len, NULL, 0) :
	    -1;
}

static void
make_files(void)
{
	static const uint8_t junk_cert[] = { 0x30, 0x03, 0x02, 0x01, 0x00 };
	uint8_t other_ca[UK_X509_CERT_MAX];
	char f_nul[300];
	size_t other_len;
	long at;

	ec_key_make(&leaf_key);
	ec_key_make(&other_key);
	other_len = issue("uimkey Other CA", &other_key, NULL, 0, &other_key,
	    1, other_ca);
	req_len[CSR] = make_csr(&leaf_key, "uimkey Test Leaf", "open sesame",
	    req[CSR]);
	req_len[CSR_NOPW] = make_csr(&leaf_key, "uimkey Test Leaf", NULL,
	    req[CSR_NOPW]);
	memcpy(req[TAMPERED], req[CSR], req_len[CSR]);
	req_len[TAMPERED] = req_len[CSR];
	if ((at = find(req[TAMPERED], req_len[TAMPERED], "Leaf")) > 0)
		req[TAMPERED][at] = 'l';
	memcpy(req[JUNK], "not a request", 13);
	req_len[JUNK] = 13;
	/* ecdsa-with-SHA256 made ecdsa-with-SHA512, which the RA does not
	 * know: the signature is not over anything it can hash. */
	memcpy(req[ODD_ALG], req[CSR], req_len[CSR]);
	req_len[ODD_ALG] = req_len[CSR];
	at = find(req[ODD_ALG], req_len[ODD_ALG],
	    "\x2A\x86\x48\xCE\x3D\x04\x03\x02");
	if (at > 0)
		req[ODD_ALG][at + 7] = 0x04;
	check(req_len[CSR] > 0 && req_len[CSR_NOPW] > 0 && at > 0 &&
	    other_len > 0, "fixture: requests and certificates made");
	path_of(f_nul, sizeof(f_nul), "cpnul");
	check(write_pem("roots.pem", "CERTIFICATE", ca_cert, ca_len, NULL,
	    0) == 0 && write_pem("other.pem", "CERTIFICATE", other_ca,
	    other_len, NULL, 0) == 0 && write_pem("both.pem", "CERTIFICATE",
	    other_ca, other_len, ca_cert, ca_len) == 0 &&
	    write_pem("junk.pem", "CERTIFICATE", junk_cert, sizeof(junk_cert),
	    NULL, 0) == 0 &&
	    attestation("good.pem", &leaf_key, oid_origin, sizeof(oid_origin),
	    "\x0A\x01\x01", 1) == 0 &&
	    attestation("noserial.pem", &leaf_key, oid_origin,
	    sizeof(oid_origin), "\x0A\x01\x01", 0) == 0 &&
	    attestation("otherkey.pem", &other_key, oid_origin,
	    sizeof(oid_origin), "\x0A\x01\x01", 1) == 0 &&
	    attestation("imported.pem", &leaf_key, oid_origin,
	    sizeof(oid_origin), "\x0A\x01\x02", 1) == 0 &&
	    attestation("odd.pem", &leaf_key, oid_origin, sizeof(oid_origin),
	    "\x0A\x01\x03", 1) == 0 &&
	    attestation("noorigin.pem", &leaf_key, NULL, 0, NULL, 1) == 0 &&
	    attestation("oldoid.pem", &leaf_key, oid_origin_old,
	    sizeof(oid_origin_old), "\x0A\x01\x01", 1) == 0 &&
	    write_text("cp", "open sesame\n") == 0 &&
	    write_text("cpbad", "open sesamE\n") == 0 &&
	    write_text("cpshort", "open sesam\n") == 0 &&
	    write_text("cplong", "open sesame!\n") == 0 &&
	    adm_write_file(f_nul, "open sesame\0\n", 13, 0) == 0,
	    "fixture: files written");
}

/* adm_ra_verify of request r under the policy text pol with the files
 * named (NULL: not given); allow: --allow-unattested. */
static int
run(int r, const char *pol, const char *cp, const char *chain,
    const char *roots, int allow)
{
	char f_cp[300], f_chain[300], f_roots[300];
	struct adm_ra_policy p;
	struct adm_ra_in in;

	memset(&in, 0, sizeof(in));
	in.csr = req[r];
	in.csr_len = req_len[r];
	path_of(f_cp, sizeof(f_cp), cp ? cp : "");
	path_of(f_chain, sizeof(f_chain), chain ? chain : "");
	path_of(f_roots, sizeof(f_roots), roots ? roots : "");
	in.challenge_file = cp ? f_cp : NULL;
	in.chain_file = chain ? f_chain : NULL;
	in.roots_file = roots ? f_roots : NULL;
	in.allow_unattested = allow;
	msg[0] = '\0';
	if (adm_ra_policy_parse(pol, &p) != 0)
		return -1;
	return adm_ra_verify(&in, &p, &v);
}

static void
accepted(void)
{
	check(run(CSR, NULL, "cp", "good.pem", "roots.pem", 0) ==
	    ADM_RA_ACCEPTED && v.why == NULL && v.attested && v.challenge &&
	    v.has_serial && v.serial == SERIAL &&
	    strcmp(v.key, "P-256") == 0 &&
	    strcmp(v.subject, "CN=uimkey Test Leaf") == 0 &&
	    strcmp(v.root, ROOT_DN) == 0,
	    "accepted: P-256, attested by the test CA, serial, password");
	check(run(CSR, NULL, "cp", "good.pem", "both.pem", 0) ==
	    ADM_RA_ACCEPTED && strcmp(v.root, ROOT_DN) == 0,
	    "accepted: of two roots, the one that signed is named");
	check(run(CSR, NULL, "cp", "noserial.pem", "roots.pem", 0) ==
	    ADM_RA_ACCEPTED && v.attested && !v.has_serial,
	    "accepted: an attestation without a serial, none in the verdict");
	check(run(CSR, NULL, "cp", NULL, NULL, 1) == ADM_RA_ACCEPTED &&
	    !v.attested && v.root[0] == '\0' && v.challenge,
	    "accepted: unattested, when that is allowed");
	check(run(CSR_NOPW, NULL, NULL, "good.pem", "roots.pem", 0) ==
	    ADM_RA_ACCEPTED && v.attested && !v.challenge,
	    "accepted: no password in the request, none expected");
	check(run(CSR, "curves=p256,min-rsa=4096", "cp", "good.pem",
	    "roots.pem", 0) == ADM_RA_ACCEPTED,
	    "accepted: a policy of P-256 only");
	check(msg[0] == '\0', "an acceptance prints nothing");
}

#define ORIGIN_NONE "the attestation does not state the key's origin " \
	"(extension " UK_OID_UIMKEY_ORIGIN_TEXT ")"
#define ORIGIN_OLD "the attestation does not state the key's origin " \
	"under " UK_OID_UIMKEY_ORIGIN_TEXT " (it uses the old OID " \
	"2.25.192900610076208989735487875138748948068.1 of an earlier " \
	"uimkey: make a new attestation)"

/* Each refusal with its reason; the files after the refusing check are
 * missing ones, to show that they are not read. */
static void
refusals(void)
{
	static const struct {
		const char *name;
		int r;
		const char *pol, *cp, *chain, *roots, *why;
	} cases[] = {
		{ "not a request", JUNK, NULL, "missing", "missing", "missing",
		    "not a PKCS#10 certificate request (strict DER)" },
		{ "a signature algorithm not known", ODD_ALG, NULL, "missing",
		    "missing", "missing", "the request's signature algorithm "
		    "is not supported (ECDSA with SHA-256/384, RSA PKCS#1 v1.5 "
		    "with SHA-256)" },
		{ "a request changed after signing", TAMPERED, NULL, "missing",
		    "missing", "missing", "bad proof of possession: the "
		    "request's signature does not verify with its public key" },
		{ "a curve the policy does not accept", CSR, "curves=p384",
		    "missing", "missing", "missing",
		    "the policy does not accept P-256 keys" },
		{ "curves=none", CSR, "curves=none", "missing", "missing",
		    "missing", "the policy does not accept P-256 keys" },
		{ "a wrong challenge password", CSR, NULL, "cpbad", "missing",
		    "missing", "wrong challenge password" },
		{ "a prefix of the challenge password", CSR, NULL, "cpshort",
		    "missing", "missing", "wrong challenge password" },
		{ "the challenge password and more", CSR, NULL, "cplong",
		    "missing", "missing", "wrong challenge password" },
		{ "the challenge password and a NUL byte", CSR, NULL, "cpnul",
		    "missing", "missing", "wrong challenge password" },
		{ "a password the RA did not check", CSR, NULL, NULL,
		    "missing", "missing", "the request carries a challenge "
		    "password, and none was given to check it "
		    "(--challenge-password-file)" },
		{ "no password where one is expected", CSR_NOPW, NULL, "cp",
		    "missing", "missing",
		    "the request carries no challenge password" },
		{ "no attestation", CSR, NULL, "cp", NULL, "missing",
		    "no attestation: nothing proves that the key was generated "
		    "in a card (--attestation CHAIN, or --allow-unattested)" },
		{ "an attestation to another root", CSR, NULL, "cp", "good.pem",
		    "other.pem", "the attestation chain does not lead to a "
		    "trusted manufacturer root" },
		{ "another key's attestation", CSR, NULL, "cp", "otherkey.pem",
		    "roots.pem",
		    "the attestation is for another key than the request's" },
		{ "an imported key", CSR, NULL, "cp", "imported.pem",
		    "roots.pem", "the attestation says the key was imported, "
		    "not generated in the card" },
		{ "an origin neither generated nor imported", CSR, NULL, "cp",
		    "odd.pem", "roots.pem",
		    "the attestation's key origin is not \"generated\"" },
		{ "no origin", CSR, NULL, "cp", "noorigin.pem", "roots.pem",
		    ORIGIN_NONE },
		{ "the origin under the old OID", CSR, NULL, "cp", "oldoid.pem",
		    "roots.pem", ORIGIN_OLD },
		{ "a malformed attestation", CSR, NULL, "cp", "junk.pem",
		    "roots.pem", "the attestation certificate is malformed" },
	};
	char name[200];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(name, sizeof(name), "refused: %s, with its reason, "
		    "nothing printed", cases[i].name);
		check(run(cases[i].r, cases[i].pol, cases[i].cp, cases[i].chain,
		    cases[i].roots, 0) == ADM_RA_REFUSED && v.why != NULL &&
		    strcmp(v.why, cases[i].why) == 0 && msg[0] == '\0', name);
	}
	check(run(CSR, NULL, "cpbad", "good.pem", "roots.pem", 0) ==
	    ADM_RA_REFUSED && v.challenge && !v.attested,
	    "a wrong password: compared, and nothing attested");
}

/* The RA's own files unreadable: not a refusal; the library said why. */
static void
bad_inputs(void)
{
	static const struct {
		const char *name, *cp, *chain, *roots;
	} cases[] = {
		{ "the challenge password file", "missing", "good.pem",
		    "roots.pem" },
		{ "the attestation file", "cp", "missing", "roots.pem" },
		{ "the roots file", "cp", "good.pem", "missing" },
	};
	char name[200];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(name, sizeof(name), "%s missing: an input problem, "
		    "told", cases[i].name);
		check(run(CSR, NULL, cases[i].cp, cases[i].chain,
		    cases[i].roots, 0) == ADM_RA_BAD_INPUT && v.why == NULL &&
		    strstr(msg, "missing") != NULL, name);
	}
}

/* The card's answer 7F49 { 86 point } to GENERATE P-256 in slot as a
 * SubjectPublicKeyInfo. */
static size_t
card_key(uint8_t slot, uint8_t *spki)
{
	if (generate(slot, UIMKEY_ALG_ECCP256, "") != UIMKEY_SW_OK ||
	    ans_len != 5 + 65)
		return 0;
	return uk_x509_spki_ec(UIMKEY_ALG_ECCP256, ans + 5, 65, spki,
	    UK_X509_SPKI_MAX);
}

/* A request for the key of 9A, signed by the card. */
static size_t
card_csr(const uint8_t *spki, size_t spki_len, uint8_t *out)
{
	uint8_t info[UK_X509_TBS_MAX], h[32], sig[80];
	uk_x509_csr_in in;
	size_t n, sig_len;

	memset(&in, 0, sizeof(in));
	in.subject_cn = "card key";
	in.subject_cn_len = 8;
	span_set(&in.spki, spki, spki_len);
	n = uk_x509_csr_info(&in, info, sizeof(info));
	sha256(info, n, h);
	if (n == 0 || !verify_pin() || key_op(UIMKEY_ALG_ECCP256, 0x9A, 0x81,
	    h, sizeof(h), sig, &sig_len) != UIMKEY_SW_OK)
		return 0;
	return uk_x509_csr_wrap(info, n, UK_X509_SIG_ECDSA_SHA256, sig,
	    sig_len, out, UK_X509_CERT_MAX);
}

/* The card's own: its request, ATTEST of 9A, GET DATA of its F9
 * certificate (53 82 L 70 82 L cert ...). */
static void
card_own(void)
{
	uint8_t spki[UK_X509_SPKI_MAX];
	size_t spki_len = 0, len;
	char root[64];

	card_fresh(7);
	if (admin_auth())
		spki_len = card_key(0x9A, spki);
	check(spki_len > 0, "card: a P-256 key generated in 9A");
	req_len[CSR_NOPW] = card_csr(spki, spki_len, req[CSR_NOPW]);
	check(req_len[CSR_NOPW] > 0, "card: a request signed by 9A");
	check(xsend(UIMKEY_INS_ATTEST, 0x9A, 0x00, NULL, 0) == UIMKEY_SW_OK &&
	    write_pem("card.pem", "CERTIFICATE", ans, ans_len, NULL, 0) == 0,
	    "card: 9A attested");
	check(sendx(UIMKEY_INS_GET_DATA, 0x3F, 0xFF, "5C 03 5F FF 01") ==
	    UIMKEY_SW_OK && ans_len > 8 && ans[4] == 0x70 &&
	    (len = (size_t)(ans[6] << 8 | ans[7])) <= ans_len - 8 &&
	    write_pem("f9.pem", "CERTIFICATE", ans + 8, len, NULL, 0) == 0,
	    "card: its F9 certificate read");
	snprintf(root, sizeof(root), "CN=uimkey Attestation Root %08u",
	    (unsigned)uimkey_card_serial(&card));
	check(run(CSR_NOPW, NULL, NULL, "card.pem", "f9.pem", 0) ==
	    ADM_RA_ACCEPTED && v.attested && v.has_serial &&
	    v.serial == uimkey_card_serial(&card) &&
	    strcmp(v.root, root) == 0 && strcmp(v.subject, "CN=card key") == 0,
	    "card: its request and attestation accepted, its serial and F9 "
	    "named");
	check(run(CSR_NOPW, NULL, NULL, "card.pem", "roots.pem", 0) ==
	    ADM_RA_REFUSED && v.why != NULL &&
	    strstr(v.why, "trusted manufacturer root") != NULL,
	    "card: refused under a root that is not its F9");
	check(run(CSR, NULL, "cp", "card.pem", "f9.pem", 0) == ADM_RA_REFUSED &&
	    v.why != NULL && strstr(v.why, "another key") != NULL,
	    "card: its attestation refused for another key's request");
}

int
main(void)
{
	if (ra_start() != 0)
		return 1;
	make_files();
	accepted();
	refusals();
	bad_inputs();
	card_own();
	dir_remove();
	return check_done();
}
