/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The RA's checks in the admin library (host/admin/ra_csr.c,
 * ra_chain.c, ra_policy.c, crypto.c, pem.c): a PKCS#10 request taken
 * apart and its signature checked, a byte of it changed and the
 * signature refused; a certificate chain read from PEM and DER files and
 * verified to its root, and refused with another root or a changed
 * signature; the --policy text read, or refused, and keys of each kind
 * and size held against policies.  The certificates and the request are
 * made with the codec and BearSSL (ra_fixture.h); the verdict as a whole
 * is test_admin_ra_verify.c's.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin/crypto.h"
#include "admin/io.h"
#include "admin/ra.h"
#include "admin/x509_text.h"
#include "tests/unit/ra_fixture.h"

static ec_key leaf_key, other_key;
static uint8_t leaf_cert[UK_X509_CERT_MAX], other_cert[UK_X509_CERT_MAX];
static uint8_t csr[UK_X509_CERT_MAX];
static size_t leaf_len, other_len, csr_len;

static void
build_csr(void)
{
	csr_len = make_csr(&leaf_key, "uimkey Test Leaf", "open sesame", csr);
	check(csr_len > 0, "fixture: a request built");
}

static void
request(void)
{
	struct adm_csr c;
	const char *why = NULL;
	uint8_t bad[UK_X509_CERT_MAX];
	char dn[ADM_DN_MAX];
	long at;

	check(adm_csr_parse(csr, csr_len, &c, &why) == 0,
	    "request: taken apart");
	check(adm_dn_string(c.subject.der, c.subject.len, dn, sizeof(dn)) ==
	    0 && strcmp(dn, "CN=uimkey Test Leaf") == 0,
	    "request: its subject in words");
	check(c.challenge_len == 11 &&
	    memcmp(c.challenge, "open sesame", 11) == 0,
	    "request: its challenge password");
	check(c.sig_alg == UK_X509_SIG_ECDSA_SHA256 &&
	    adm_same_key(c.spki.der, c.spki.len, leaf_key.spki,
	    leaf_key.spki_len) == 1 &&
	    adm_same_key(c.spki.der, c.spki.len, ca_key.spki,
	    ca_key.spki_len) == 0, "request: its key, and no other");
	check(adm_sig_verify(c.spki.der, c.spki.len, c.sig_alg, c.info.der,
	    c.info.len, c.sig.der, c.sig.len) == 0,
	    "request: signed by the key it carries (proof of possession)");

	/* The same request with one letter of its subject changed. */
	memcpy(bad, csr, csr_len);
	at = find(bad, csr_len, "Leaf");
	check(at > 0, "tampered: the subject found");
	if (at > 0)
		bad[at] = 'l';
	check(adm_csr_parse(bad, csr_len, &c, &why) == 0 &&
	    adm_sig_verify(c.spki.der, c.spki.len, c.sig_alg, c.info.der,
	    c.info.len, c.sig.der, c.sig.len) == -1,
	    "tampered: still well formed, but the signature is refused");
	why = NULL;
	check(adm_csr_parse(csr, csr_len - 1, &c, &why) == -1 && why != NULL,
	    "truncated: refused, with a reason");
	bad[0] = 0x31;
	why = NULL;
	check(adm_csr_parse(bad, csr_len, &c, &why) == -1 && why != NULL,
	    "not a SEQUENCE: refused, with a reason");
}

static void
chain(void)
{
	struct adm_chain leaf, roots, others, pair;
	struct adm_cert_info ci;
	const char *why;
	char p[300];
	size_t anchor = 99;
	uint8_t byte;

	path_of(p, sizeof(p), "leaf.der");
	check(adm_write_file(p, leaf_cert, leaf_len, 0) == 0 &&
	    write_pem("roots.pem", "CERTIFICATE", ca_cert, ca_len, NULL, 0) ==
	    0 && write_pem("other.pem", "CERTIFICATE", other_cert, other_len,
	    NULL, 0) == 0 && write_pem("pair.pem", "CERTIFICATE", other_cert,
	    other_len, ca_cert, ca_len) == 0, "files: written");
	check(adm_chain_read(p, &leaf) == 0 && leaf.count == 1 &&
	    leaf.len[0] == leaf_len &&
	    memcmp(leaf.der[0], leaf_cert, leaf_len) == 0,
	    "chain: a DER file read as one certificate");
	path_of(p, sizeof(p), "roots.pem");
	check(adm_chain_read(p, &roots) == 0 && roots.count == 1 &&
	    roots.len[0] == ca_len &&
	    memcmp(roots.der[0], ca_cert, ca_len) == 0,
	    "chain: a PEM file read back to the same bytes");
	path_of(p, sizeof(p), "other.pem");
	check(adm_chain_read(p, &others) == 0 && others.count == 1,
	    "chain: another root read");
	path_of(p, sizeof(p), "pair.pem");
	check(adm_chain_read(p, &pair) == 0 && pair.count == 2 &&
	    pair.len[1] == ca_len, "chain: two PEM certificates, in order");

	why = NULL;
	check(adm_chain_verify(&leaf, &roots, &why, &anchor) == 0 &&
	    anchor == 0, "verify: the leaf chains to its root");
	anchor = 99;
	check(adm_chain_verify(&leaf, &pair, &why, &anchor) == 0 &&
	    anchor == 1, "verify: the root that signed is the one named");
	why = NULL;
	check(adm_chain_verify(&leaf, &others, &why, &anchor) == -1 &&
	    why != NULL, "verify: refused with a root that did not sign");
	byte = leaf.der[0][leaf.len[0] - 3];
	leaf.der[0][leaf.len[0] - 3] ^= 0x01;
	why = NULL;
	check(adm_chain_verify(&leaf, &roots, &why, &anchor) == -1 &&
	    why != NULL, "verify: refused when the signature is changed");
	leaf.der[0][leaf.len[0] - 3] = byte;

	check(adm_cert_info(ca_cert, ca_len, &ci) == 0 &&
	    strcmp(ci.subject, "CN=uimkey Test CA") == 0 &&
	    strcmp(ci.issuer, "CN=uimkey Test CA") == 0 && ci.self_issued &&
	    strcmp(ci.not_before, "2024-01-01 00:00:00 UTC") == 0 &&
	    strcmp(ci.not_after, "2049-12-31 23:59:59 UTC") == 0 &&
	    ci.not_after_epoch == 2524607999LL,
	    "text: the root's names and times as a person reads them");
	check(adm_cert_info(leaf_cert, leaf_len, &ci) == 0 &&
	    strcmp(ci.subject, "CN=uimkey Test Leaf") == 0 &&
	    strcmp(ci.issuer, "CN=uimkey Test CA") == 0 && !ci.self_issued,
	    "text: the leaf, issued by the root");

	adm_chain_free(&others);
	msg[0] = '\0';
	path_of(p, sizeof(p), "missing.pem");
	check(adm_chain_read(p, &others) == -1 && msg[0] != '\0',
	    "chain: a missing file refused with a message");
	adm_chain_free(&leaf);
	adm_chain_free(&roots);
	adm_chain_free(&pair);
	check(leaf.count == 0 && roots.count == 0,
	    "chain: freed and emptied");
}

/* --policy texts the parser takes, each with what it means. */
static void
policy_parse(void)
{
	static const struct {
		const char *s;
		unsigned min_rsa;
		int p256, p384;
	} good[] = {
		{ NULL, 2048, 1, 1 },
		{ "min-rsa=3072", 3072, 1, 1 },
		{ "curves=p256", 2048, 1, 0 },
		{ "curves=p384", 2048, 0, 1 },
		{ "curves=none", 2048, 0, 0 },
		{ "curves=p384+p256,min-rsa=4096", 4096, 1, 1 },
		{ "min-rsa=0,curves=none+p256", 0, 1, 0 },
		{ "min-rsa=16384", 16384, 1, 1 },
	};
	struct adm_ra_policy p;
	char name[200];
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		memset(&p, 0xA5, sizeof(p));
		snprintf(name, sizeof(name), "policy '%s': min-rsa %u, P-256 %s, "
		    "P-384 %s", good[i].s ? good[i].s : "(none)", good[i].min_rsa,
		    good[i].p256 ? "yes" : "no", good[i].p384 ? "yes" : "no");
		check(adm_ra_policy_parse(good[i].s, &p) == 0 &&
		    p.min_rsa == good[i].min_rsa && p.p256 == good[i].p256 &&
		    p.p384 == good[i].p384, name);
	}
}

/* --policy texts the parser refuses, without a word. */
static void
policy_refused(void)
{
	static const char *const bad[] = {
		"min-rsa=big",          /* not a number */
		"min-rsa=",             /* no number */
		"min-rsa=2048x",        /* a number and more */
		"min-rsa=-1",           /* below zero */
		"min-rsa=16385",        /* above the largest */
		"min-rsa",              /* no value */
		"=2048",                /* no name */
		"max-rsa=4096",         /* an unknown name */
		"curves=p521",          /* an unknown curve */
		"curves=P256",          /* names are lower case */
		"curves=p256,min-rsa=x",        /* good, then bad */
	};
	struct adm_ra_policy p;
	char name[200], longer[300];
	size_t i;

	msg[0] = '\0';
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(name, sizeof(name), "policy '%s' refused", bad[i]);
		check(adm_ra_policy_parse(bad[i], &p) == -1, name);
	}
	/* Good items as long as the parser holds them, then longer. */
	strcpy(longer, "curves=p256");
	while (strlen(longer) + 5 < 256)
		strcat(longer, "+p384");
	check(adm_ra_policy_parse(longer, &p) == 0 && p.p256 && p.p384,
	    "a policy of fewer than 256 characters taken");
	strcat(longer, "+p384");
	check(adm_ra_policy_parse(longer, &p) == -1,
	    "the same items in 256 characters or more refused");
	check(msg[0] == '\0', "the parser prints nothing");
}

/* SubjectPublicKeyInfos of an RSA modulus of bits bits and of a P-384
 * point; the values need only their sizes. */
static size_t
rsa_spki(unsigned bits, uint8_t *out)
{
	static const uint8_t e[] = { 0x01, 0x00, 0x01 };
	uint8_t n[512];
	size_t len = (bits + 7) / 8;

	memset(n, 0x5A, len);
	n[0] = (uint8_t)(0xFF >> ((8 - bits % 8) % 8));
	return uk_x509_spki_rsa(n, len, e, sizeof(e), out, UK_X509_SPKI_MAX);
}

static size_t
p384_spki(uint8_t *out)
{
	uint8_t q[97];

	memset(q, 0x33, sizeof(q));
	q[0] = 0x04;
	return uk_x509_spki_ec(UIMKEY_ALG_ECCP384, q, sizeof(q), out,
	    UK_X509_SPKI_MAX);
}

/* Each kind and size of key against policies: the key named, and a
 * refusal's reason. */
static void
policy_keys(void)
{
	enum { P256, P384, RSA1024, RSA2047, RSA2048, RSA3072, JUNK, NKEYS };
	static const struct {
		int key;
		const char *policy, *name, *why;    /* why NULL: accepted */
	} cases[] = {
		{ P256, NULL, "P-256", NULL },
		{ P256, "curves=p256", "P-256", NULL },
		{ P256, "curves=p384", "P-256",
		    "the policy does not accept P-256 keys" },
		{ P256, "curves=none", "P-256",
		    "the policy does not accept P-256 keys" },
		{ P384, NULL, "P-384", NULL },
		{ P384, "curves=p256", "P-384",
		    "the policy does not accept P-384 keys" },
		{ P384, "curves=none,min-rsa=1024", "P-384",
		    "the policy does not accept P-384 keys" },
		{ RSA2048, NULL, "RSA 2048", NULL },
		{ RSA2048, "curves=none", "RSA 2048", NULL },
		{ RSA2048, "min-rsa=3072", "RSA 2048", "the key is too small: "
		    "RSA 2048 bits, the policy wants at least 3072" },
		{ RSA2047, NULL, "RSA 2047", "the key is too small: "
		    "RSA 2047 bits, the policy wants at least 2048" },
		{ RSA1024, NULL, "RSA 1024", "the key is too small: "
		    "RSA 1024 bits, the policy wants at least 2048" },
		{ RSA1024, "min-rsa=1024", "RSA 1024", NULL },
		{ RSA3072, "min-rsa=3072", "RSA 3072", NULL },
		{ JUNK, NULL, "", "the request's public key is of a type or "
		    "curve not accepted (P-256, P-384, RSA)" },
	};
	static uint8_t spki[NKEYS][UK_X509_SPKI_MAX];
	size_t len[NKEYS], i;
	struct adm_ra_policy p;
	struct adm_ra_verdict v;
	char name[300];
	int r;

	memcpy(spki[P256], leaf_key.spki, leaf_key.spki_len);
	len[P256] = leaf_key.spki_len;
	len[P384] = p384_spki(spki[P384]);
	len[RSA1024] = rsa_spki(1024, spki[RSA1024]);
	len[RSA2047] = rsa_spki(2047, spki[RSA2047]);
	len[RSA2048] = rsa_spki(2048, spki[RSA2048]);
	len[RSA3072] = rsa_spki(3072, spki[RSA3072]);
	memcpy(spki[JUNK], leaf_key.spki, leaf_key.spki_len);
	spki[JUNK][5] ^= 0x01;         /* another algorithm OID */
	len[JUNK] = leaf_key.spki_len;
	check(len[P384] > 0 && len[RSA1024] > 0 && len[RSA2047] > 0 &&
	    len[RSA2048] > 0 && len[RSA3072] > 0, "fixture: keys made");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&v, 0, sizeof(v));
		if (adm_ra_policy_parse(cases[i].policy, &p) != 0)
			memset(&p, 0, sizeof(p));
		r = adm_ra_policy_check(&p, spki[cases[i].key],
		    len[cases[i].key], &v);
		snprintf(name, sizeof(name), "%s under policy '%s': %s",
		    cases[i].name[0] ? cases[i].name : "not a key",
		    cases[i].policy ? cases[i].policy : "(default)",
		    cases[i].why ? cases[i].why : "accepted");
		check(strcmp(v.key, cases[i].name) == 0 && (cases[i].why == NULL ?
		    r == 0 && v.why == NULL : r == -1 && v.why != NULL &&
		    strcmp(v.why, cases[i].why) == 0), name);
	}
}

int
main(void)
{
	if (ra_start() != 0)
		return 1;
	ec_key_make(&leaf_key);
	ec_key_make(&other_key);
	leaf_len = issue("uimkey Test Leaf", &leaf_key, ca_name, ca_name_len,
	    &ca_key, 0, leaf_cert);
	other_len = issue("uimkey Other CA", &other_key, NULL, 0, &other_key,
	    1, other_cert);
	check(leaf_len > 0 && other_len > 0, "fixture: certificates made");
	build_csr();
	request();
	chain();
	policy_parse();
	policy_refused();
	policy_keys();
	dir_remove();
	return check_done();
}
