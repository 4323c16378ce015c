/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The RA's checks in the admin library (host/admin/ra_csr.c,
 * ra_chain.c, crypto.c, pem.c): a PKCS#10 request taken apart and its
 * signature checked, a byte of it changed and the signature refused;
 * a certificate chain read from PEM and DER files and verified to its
 * root, and refused with another root or a changed signature.  The
 * certificates and the request are made with the codec and BearSSL
 * (x509_fixture.h).
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
#include "tests/unit/x509_fixture.h"

static char dir[] = "/tmp/uimkey-test-admin-ra-XXXXXX";
static char msg[1024];

static ec_key leaf_key, other_key;
static uint8_t leaf_cert[UK_X509_CERT_MAX], other_cert[UK_X509_CERT_MAX];
static uint8_t csr[UK_X509_CERT_MAX];
static size_t leaf_len, other_len, csr_len;

static void
keep(void *arg, int warning, const char *m)
{
	(void)arg;
	(void)warning;
	snprintf(msg, sizeof(msg), "%s", m);
}

/* A certificate of subject cn for key, issued by the issuer's name and
 * key; a CA when ca. */
static size_t
issue(const char *cn, const ec_key *key, const uint8_t *iname,
    size_t iname_len, const ec_key *ikey, int ca, uint8_t *out)
{
	static const uk_x509_date from = { 2024, 1, 1, 0, 0, 0 };
	static const uk_x509_date until = { 2049, 12, 31, 23, 59, 59 };
	static const uint8_t serial[] = { 0x42 };
	uint8_t val[UK_X509_VALIDITY_MAX], ku[UK_X509_EXT_VALUE_MAX];
	uint8_t name[UK_X509_NAME_CN_MAX], tbs[UK_X509_TBS_MAX];
	uk_x509_ext ext[2];
	uk_x509_tbs_in in;
	size_t n, name_len;

	memset(&in, 0, sizeof(in));
	in.serial = serial;
	in.serial_len = sizeof(serial);
	in.sig_alg = UK_X509_SIG_ECDSA_SHA256;
	name_len = uk_x509_name_cn(cn, strlen(cn), name, sizeof(name));
	span_set(&in.subject, name, name_len);
	if (iname == NULL)
		in.issuer = in.subject;
	else
		span_set(&in.issuer, iname, iname_len);
	span_set(&in.validity, val,
	    uk_x509_validity(&from, &until, val, sizeof(val)));
	span_set(&in.spki, key->spki, key->spki_len);
	if (ca) {
		uk_x509_ext_ca(&ext[0]);
		uk_x509_ext_key_usage(&ext[1],
		    UK_KU_KEY_CERT_SIGN | UK_KU_CRL_SIGN, ku);
		in.ext = ext;
		in.ext_count = 2;
	}
	n = uk_x509_tbs(&in, tbs, sizeof(tbs));
	return n == 0 ? 0 : ec_sign_wrap(ikey, tbs, n, out, UK_X509_CERT_MAX);
}

static void
build_csr(void)
{
	static const char pw[] = "open sesame";
	uint8_t info[UK_X509_TBS_MAX], h[32], sig[80];
	uk_x509_csr_in in;
	size_t n, sig_len;

	memset(&in, 0, sizeof(in));
	in.subject_cn = "uimkey Test Leaf";
	in.subject_cn_len = 16;
	span_set(&in.spki, leaf_key.spki, leaf_key.spki_len);
	in.challenge = pw;
	in.challenge_len = sizeof(pw) - 1;
	in.challenge_tag = UK_DER_PRINTABLE;
	n = uk_x509_csr_info(&in, info, sizeof(info));
	sha256(info, n, h);
	sig_len = br_ecdsa_i31_sign_asn1(ec, &br_sha256_vtable, h,
	    &leaf_key.sk, sig);
	csr_len = uk_x509_csr_wrap(info, n, UK_X509_SIG_ECDSA_SHA256,
	    sig, sig_len, csr, sizeof(csr));
	check(n > 0 && csr_len > n, "fixture: a request built");
}

/* Where the bytes of s first occur in p. */
static long
find(const uint8_t *p, size_t len, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(p + i, s, n) == 0)
			return (long)i;
	return -1;
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
path_of(char *out, size_t cap, const char *name)
{
	snprintf(out, cap, "%s/%s", dir, name);
}

static int
write_pem(const char *name, const char *label, const uint8_t *der,
    size_t len, const uint8_t *der2, size_t len2)
{
	char p[300], *a, *b = NULL;
	FILE *f;
	int r = -1;

	path_of(p, sizeof(p), name);
	a = adm_pem_encode(label, der, len);
	if (der2 != NULL)
		b = adm_pem_encode(label, der2, len2);
	if (a != NULL && (der2 == NULL || b != NULL) &&
	    (f = fopen(p, "w")) != NULL) {
		fputs(a, f);
		if (b != NULL)
			fputs(b, f);
		r = fclose(f) == 0 ? 0 : -1;
	}
	free(a);
	free(b);
	return r;
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

int
main(void)
{
	static const char *const files[] = { "leaf.der", "roots.pem",
		"other.pem", "pair.pem" };
	char p[300];
	size_t i;

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	adm_sink_set(keep, NULL);
	fixture_init();
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
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		path_of(p, sizeof(p), files[i]);
		unlink(p);
	}
	rmdir(dir);
	return check_done();
}
