/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_ra: the registration authority's parsing (uimkey ra verify):
 * PKCS#10 requests (host/admin/ra_csr.c), certificates and attestation
 * chains (codec/x509_parse.c, codec/der_read.c, host/admin/ra_chain.c,
 * host/admin/x509_text.c, host/admin/pem.c), SubjectPublicKeyInfos and
 * signatures (host/piv/piv_pub.c, host/admin/crypto.c).
 *
 * Input: byte 0 mode, then items (L < FF: L bytes; FF HH LL: HHLL
 * bytes): a request, a chain, the roots, a challenge password, a policy.
 *   mode & 1 = 0  the parsers called directly on the items (no files):
 *                 the request taken apart and its signature checked with
 *                 its own key; every item as a certificate (parts,
 *                 extensions, text, validity) and as PEM; the chain
 *                 verified (each item a certificate, the last the root)
 *   mode & 1 = 1  the whole command, cmd_ra_verify, on the items written
 *                 as files (the CLI opens nothing else: fz_files.h);
 *                 bits 1-3 choose the options given
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec/der_read.h"
#include "codec/x509.h"
#include "fuzz/fz_files.h"
#include "cli/cli.h"
#include "admin/crypto.h"
#include "admin/ra.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ITEMS 8

struct item {
	uint8_t *b;             /* a copy of exactly len bytes */
	size_t len;
};

static int
split(const uint8_t *p, const uint8_t *end, struct item *it)
{
	size_t n;
	int k = 0;

	while (p < end && k < ITEMS) {
		n = *p++;
		if (n == 0xFF) {
			if (end - p < 2)
				break;
			n = (size_t)p[0] << 8 | p[1];
			p += 2;
		}
		if (n > (size_t)(end - p))
			n = (size_t)(end - p);
		if ((it[k].b = malloc(n)) == NULL && n > 0)
			abort();
		if (n > 0)
			memcpy(it[k].b, p, n);
		it[k].len = n;
		p += n;
		k++;
	}
	return k;
}

static int
count_pem(void *arg, const char *label, const uint8_t *der, size_t len)
{
	uk_x509_parts parts;

	(void)label;
	(*(int *)arg)++;
	(void)uk_x509_cert_parts(der, len, &parts);
	return 0;
}

static void
one_cert(const struct item *it, const struct item *csr_spki)
{
	static const uint8_t oids[][21] = { UK_OID_YK_SERIAL,
		UK_OID_YK_FIRMWARE, UK_OID_YK_POLICY,
		UK_OID_BASIC_CONSTRAINTS, UK_OID_KEY_USAGE,
		UK_OID_SUBJECT_KEY_ID, UK_OID_AUTHORITY_KEY_ID };
	static const size_t oid_len[] = { sizeof((uint8_t[])UK_OID_YK_SERIAL),
		sizeof((uint8_t[])UK_OID_YK_FIRMWARE),
		sizeof((uint8_t[])UK_OID_YK_POLICY), 3, 3, 3, 3 };
	uk_x509_parts parts;
	uk_x509_ext e;
	uimkey_piv_pubkey_t pk;
	struct adm_cert_info *ci;
	char dn[ADM_DN_MAX];
	size_t i;
	int n = 0;

	if (adm_is_pem(it->b, it->len))
		(void)adm_pem_each(it->b, it->len, count_pem, &n);
	if ((ci = malloc(sizeof(*ci))) == NULL)
		abort();
	(void)adm_cert_info(it->b, it->len, ci);
	free(ci);
	if (uk_x509_cert_parts(it->b, it->len, &parts) != 0)
		return;
	for (i = 0; i < sizeof(oid_len) / sizeof(oid_len[0]); i++)
		(void)uk_x509_ext_find(&parts, oids[i], oid_len[i], &e);
	(void)uk_x509_validity_ok(parts.validity.der, parts.validity.len);
	(void)adm_dn_string(parts.subject.der, parts.subject.len, dn,
	    sizeof(dn));
	(void)adm_dn_string(parts.issuer.der, parts.issuer.len, dn, 40);
	(void)uimkey_piv_spki_parse(parts.spki.der, parts.spki.len, &pk);
	if (csr_spki != NULL)
		(void)adm_same_key(parts.spki.der, parts.spki.len, csr_spki->b,
		    csr_spki->len);
	/* A self-signed certificate's signature with its own key. */
	(void)adm_sig_verify(parts.spki.der, parts.spki.len, parts.sig_alg,
	    parts.tbs.der, parts.tbs.len, parts.sig.der, parts.sig.len);
}

static void
direct(struct item *it, int k)
{
	struct adm_csr csr;
	struct adm_chain chain, roots;
	struct item spki = { NULL, 0 };
	uimkey_piv_pubkey_t pk;
	const char *why;
	char dn[ADM_DN_MAX];
	size_t anchor;
	int i;

	if (k > 0 && adm_csr_parse(it[0].b, it[0].len, &csr, &why) == 0) {
		(void)adm_dn_string(csr.subject.der, csr.subject.len, dn,
		    sizeof(dn));
		(void)uimkey_piv_spki_parse(csr.spki.der, csr.spki.len, &pk);
		(void)adm_sig_verify(csr.spki.der, csr.spki.len, csr.sig_alg,
		    csr.info.der, csr.info.len, csr.sig.der, csr.sig.len);
		spki.b = (uint8_t *)(uintptr_t)csr.spki.der;
		spki.len = csr.spki.len;
	}
	for (i = 1; i < k; i++)
		one_cert(&it[i], spki.b != NULL ? &spki : NULL);
	/* The chain: items 1 .. k-2, the root item k-1. */
	if (k >= 3) {
		memset(&chain, 0, sizeof(chain));
		memset(&roots, 0, sizeof(roots));
		for (i = 1; i < k - 1 && chain.count < ADM_CHAIN_MAX; i++) {
			chain.der[chain.count] = it[i].b;
			chain.len[chain.count++] = it[i].len;
		}
		roots.der[0] = it[k - 1].b;
		roots.len[0] = it[k - 1].len;
		roots.count = 1;
		(void)adm_chain_verify(&chain, &roots, &why, &anchor);
	}
}

static void
command(uint8_t mode, struct item *it, int k)
{
	static char csr[4096], chain[4096], roots[4096], chal[4096];
	char policy[128], *pos[1];
	struct cli_args a;
	size_t n;

	memset(&a, 0, sizeof(a));
	if (k < 1 || fz_files_put("csr", it[0].b, it[0].len, csr) != 0)
		return;
	pos[0] = csr;
	a.cmd = "ra verify";
	a.npos = 1;
	a.pos = pos;
	if (k >= 2 && (mode & 2) && fz_files_put("chain", it[1].b, it[1].len,
	    chain) == 0)
		a.attestation = chain;
	if (k >= 3 && fz_files_put("roots", it[2].b, it[2].len, roots) == 0)
		a.roots = roots;
	if (k >= 4 && (mode & 4) && fz_files_put("challenge", it[3].b,
	    it[3].len, chal) == 0)
		a.challenge_file = chal;
	if (k >= 5) {
		n = it[4].len < sizeof(policy) - 1 ? it[4].len : sizeof(policy) - 1;
		memcpy(policy, it[4].b, n);
		policy[n] = '\0';
		a.policy = policy;
	}
	a.allow_unattested = (mode & 8) != 0;
	(void)cmd_ra_verify(&a);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (fz_files_setup() != 0) {
		fprintf(stderr, "fuzz_ra: cannot make the directory\n");
		abort();
	}
	if (getenv("FUZZ_VERBOSE") == NULL) {
		fz_files_quiet();
		if (freopen("/dev/null", "w", stdout) == NULL)
			abort();
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct item it[ITEMS];
	int k, i;

	if (size < 1)
		return 0;
	memset(it, 0, sizeof(it));
	k = split(data + 1, data + size, it);
	if (data[0] & 1)
		command(data[0], it, k);
	else
		direct(it, k);
	for (i = 0; i < k; i++)
		free(it[i].b);
	return 0;
}
