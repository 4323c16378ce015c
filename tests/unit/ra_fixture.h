/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the RA's unit tests share (test_admin_ra.c,
 * test_admin_ra_verify.c), on the CA of x509_fixture.h: certificates of
 * any key with any extensions, PKCS#10 requests signed by an EC key, and
 * a private temporary folder whose files the admin library reads.
 * Included by one test program each, which defines _DEFAULT_SOURCE
 * first (mkdtemp); all static inline: each test uses what it needs.
 */
#ifndef UIMKEY_TEST_RA_FIXTURE_H
#define UIMKEY_TEST_RA_FIXTURE_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin/io.h"
#include "tests/unit/x509_fixture.h"

static char dir[] = "/tmp/uimkey-test-admin-ra-XXXXXX";
static char msg[1024];          /* the admin library's last message */

/* The admin library's sink (adm_sink_set): its messages kept in msg. */
static inline void
keep(void *arg, int warning, const char *m)
{
	(void)arg;
	(void)warning;
	snprintf(msg, sizeof(msg), "%s", m);
}

/* Where the bytes of s first occur in p, or -1. */
static inline long
find(const uint8_t *p, size_t len, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(p + i, s, n) == 0)
			return (long)i;
	return -1;
}

/* The folder's file name in out. */
static inline void
path_of(char *out, size_t cap, const char *name)
{
	snprintf(out, cap, "%s/%s", dir, name);
}

/* The folder made, the library's messages kept, x509_fixture.h's CA
 * made; 0, or -1 when there is no folder. */
static inline int
ra_start(void)
{
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return -1;
	}
	adm_sink_set(keep, NULL);
	fixture_init();
	return 0;
}

/* The folder removed with every file in it. */
static inline void
dir_remove(void)
{
	struct dirent *e;
	char p[600];
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		path_of(p, sizeof(p), e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

/* A file of the folder holding s. */
static inline int
write_text(const char *name, const char *s)
{
	char p[300];

	path_of(p, sizeof(p), name);
	unlink(p);
	return adm_write_file(p, s, strlen(s), 0);
}

/* PEM objects of label in a file of the folder: der, then der2 when it
 * is not NULL. */
static inline int
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

/* A certificate of subject cn for key, issued by the issuer's name and
 * key (a NULL name: self-issued); a CA when ca, else with the n
 * extensions ext.  Its length, or 0. */
static inline size_t
issue_ext(const char *cn, const ec_key *key, const uint8_t *iname,
    size_t iname_len, const ec_key *ikey, int ca, const uk_x509_ext *ext,
    size_t n, uint8_t *out)
{
	static const uk_x509_date from = { 2024, 1, 1, 0, 0, 0 };
	static const uk_x509_date until = { 2049, 12, 31, 23, 59, 59 };
	static const uint8_t serial[] = { 0x42 };
	uint8_t val[UK_X509_VALIDITY_MAX], ku[UK_X509_EXT_VALUE_MAX];
	uint8_t name[UK_X509_NAME_CN_MAX], tbs[UK_X509_TBS_MAX];
	uk_x509_ext ca_ext[2];
	uk_x509_tbs_in in;
	size_t len, name_len;

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
	in.ext = ext;
	in.ext_count = n;
	if (ca) {
		uk_x509_ext_ca(&ca_ext[0]);
		uk_x509_ext_key_usage(&ca_ext[1],
		    UK_KU_KEY_CERT_SIGN | UK_KU_CRL_SIGN, ku);
		in.ext = ca_ext;
		in.ext_count = 2;
	}
	len = uk_x509_tbs(&in, tbs, sizeof(tbs));
	return len == 0 ? 0 : ec_sign_wrap(ikey, tbs, len, out,
	    UK_X509_CERT_MAX);
}

static inline size_t
issue(const char *cn, const ec_key *key, const uint8_t *iname,
    size_t iname_len, const ec_key *ikey, int ca, uint8_t *out)
{
	return issue_ext(cn, key, iname, iname_len, ikey, ca, NULL, 0, out);
}

/* A request of subject cn for key, signed by it, with the challenge
 * password pw unless NULL.  Its length, or 0. */
static inline size_t
make_csr(const ec_key *key, const char *cn, const char *pw, uint8_t *out)
{
	uint8_t info[UK_X509_TBS_MAX], h[32], sig[80];
	uk_x509_csr_in in;
	size_t n, sig_len;

	memset(&in, 0, sizeof(in));
	in.subject_cn = cn;
	in.subject_cn_len = strlen(cn);
	span_set(&in.spki, key->spki, key->spki_len);
	if (pw != NULL) {
		in.challenge = pw;
		in.challenge_len = strlen(pw);
		in.challenge_tag = UK_DER_PRINTABLE;
	}
	if ((n = uk_x509_csr_info(&in, info, sizeof(info))) == 0)
		return 0;
	sha256(info, n, h);
	sig_len = br_ecdsa_i31_sign_asn1(ec, &br_sha256_vtable, h, &key->sk,
	    sig);
	return uk_x509_csr_wrap(info, n, UK_X509_SIG_ECDSA_SHA256, sig,
	    sig_len, out, UK_X509_CERT_MAX);
}

#endif
