/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey ra verify: the registration authority's check of a request
 * (X.1122 9.1.1), on any machine, no card needed.  In order:
 *   1. proof of possession: the CSR's signature verifies with the CSR's
 *      own public key;
 *   2. policy: algorithm and size (--policy min-rsa=N,curves=p256+p384);
 *   3. the shared secret: the challengePassword equals the RA's copy
 *      (compared in constant time);
 *   4. attestation: the chain verifies to a manufacturer root (BearSSL,
 *      at the current time), the attested key is the CSR's key, and the
 *      attested origin (uimkey's extension) is "generated".
 * The first failure is the verdict: exit 1 and its reason.  Success: exit
 * 0 and one line.  Problems with the RA's own inputs (unreadable files,
 * a bad --policy) exit 2.
 */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>

#include "codec/oid_uimkey.h"
#include "codec/x509.h"
#include "admin/crypto.h"
#include "admin/ra.h"
#include "cli.h"

#define CSR_FILE_MAX (64 * 1024)

static const uint8_t oid_origin[] = UK_OID_UIMKEY_ORIGIN;
static const uint8_t oid_origin_old[] = UK_OID_UIMKEY_ORIGIN_OLD;
static const uint8_t oid_yk_serial[] = UK_OID_YK_SERIAL;
static const uint8_t origin_generated[] = { 0x0A, 0x01, 0x01 };
static const uint8_t origin_imported[] = { 0x0A, 0x01, 0x02 };

struct policy {
	unsigned min_rsa;
	int p256, p384;
};

struct verdict {
	char key[32];           /* "P-256", "RSA 2048" */
	char subject[ADM_DN_MAX];
	char root[ADM_DN_MAX];
	unsigned long serial;
	int has_serial, attested, challenge;
};

static int
parse_policy(const char *s, struct policy *p)
{
	char buf[256], *item, *save = NULL, *v, *c, *save2 = NULL, *end;
	unsigned long n;

	p->min_rsa = 2048;
	p->p256 = p->p384 = 1;
	if (s == NULL)
		return 0;
	if (strlen(s) >= sizeof(buf))
		goto bad;
	strcpy(buf, s);
	for (item = strtok_r(buf, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		if ((v = strchr(item, '=')) == NULL)
			goto bad;
		*v++ = '\0';
		if (strcmp(item, "min-rsa") == 0) {
			n = strtoul(v, &end, 10);
			if (*v == '\0' || *end != '\0' || n > 16384)
				goto bad;
			p->min_rsa = (unsigned)n;
		} else if (strcmp(item, "curves") == 0) {
			p->p256 = p->p384 = 0;
			for (c = strtok_r(v, "+", &save2); c != NULL;
			    c = strtok_r(NULL, "+", &save2)) {
				if (strcmp(c, "p256") == 0)
					p->p256 = 1;
				else if (strcmp(c, "p384") == 0)
					p->p384 = 1;
				else if (strcmp(c, "none") != 0)
					goto bad;
			}
		} else {
			goto bad;
		}
	}
	return 0;
bad:
	cli_err("ra verify: bad --policy '%s' (e.g. min-rsa=2048,curves=p256+"
	    "p384; curves=none refuses EC)", s);
	return -1;
}

static unsigned
rsa_bits(const uint8_t *n, size_t len)
{
	unsigned bits = (unsigned)len * 8;
	uint8_t top = len ? n[0] : 0;

	while (bits > 0 && !(top & 0x80)) {
		bits--;
		top = (uint8_t)(top << 1);
	}
	return bits;
}

/* Algorithm and size against the policy; NULL, or the reason. */
static const char *
check_policy(const struct adm_csr *csr, const struct policy *p,
    struct verdict *v)
{
	static char why[128];
	uimkey_piv_pubkey_t pk;
	unsigned bits;

	if (uimkey_piv_spki_parse(csr->spki.der, csr->spki.len, &pk) !=
	    UIMKEY_OK)
		return "the request's public key is of a type or curve not "
		    "accepted (P-256, P-384, RSA)";
	if (pk.point != NULL) {
		int p384 = pk.alg == UIMKEY_ALG_ECCP384;
		snprintf(v->key, sizeof(v->key), "%s", p384 ? "P-384" : "P-256");
		if (!(p384 ? p->p384 : p->p256)) {
			snprintf(why, sizeof(why), "the policy does not accept %s "
			    "keys", v->key);
			return why;
		}
		return NULL;
	}
	bits = rsa_bits(pk.n, pk.n_len);
	snprintf(v->key, sizeof(v->key), "RSA %u", bits);
	if (bits < p->min_rsa) {
		snprintf(why, sizeof(why), "the key is too small: RSA %u bits, "
		    "the policy wants at least %u", bits, p->min_rsa);
		return why;
	}
	return NULL;
}

/* Constant time in the contents; the lengths are compared too. */
static int
same_secret(const uint8_t *a, size_t alen, const char *b, size_t blen)
{
	uint8_t x[ADM_SECRET_MAX], y[ADM_SECRET_MAX], d = 0;
	size_t i;

	if (alen > ADM_SECRET_MAX || blen > ADM_SECRET_MAX)
		return 0;
	memset(x, 0, sizeof(x));
	memset(y, 0, sizeof(y));
	memcpy(x, a, alen);
	memcpy(y, b, blen);
	for (i = 0; i < ADM_SECRET_MAX; i++)
		d |= (uint8_t)(x[i] ^ y[i]);
	d |= (uint8_t)(alen != blen);
	explicit_bzero(x, sizeof(x));
	explicit_bzero(y, sizeof(y));
	return d == 0;
}

static const char *
check_challenge(const struct adm_csr *csr, const char *file, int *status,
    struct verdict *v)
{
	struct adm_secret want;
	int same;

	if (file == NULL)
		return csr->challenge == NULL ? NULL : "the request carries a "
		    "challenge password, and none was given to check it "
		    "(--challenge-password-file)";
	if (adm_secret_get(&want, file, "challenge password", 0) != 0) {
		*status = CLI_USAGE;
		return "";
	}
	if (csr->challenge == NULL) {
		adm_secret_wipe(&want);
		return "the request carries no challenge password";
	}
	same = same_secret(csr->challenge, csr->challenge_len, want.s,
	    want.len);
	adm_secret_wipe(&want);
	v->challenge = 1;
	return same ? NULL : "wrong challenge password";
}

/* The card serial of a Yubico serial extension (an INTEGER). */
static void
attested_serial(const uk_x509_parts *leaf, struct verdict *v)
{
	uk_x509_ext e;
	size_t i;

	if (uk_x509_ext_find(leaf, oid_yk_serial, sizeof(oid_yk_serial),
	    &e) != 0 || e.value_len < 3 || e.value[0] != 0x02 ||
	    e.value[1] != e.value_len - 2 || e.value_len > 7)
		return;
	v->serial = 0;
	for (i = 2; i < e.value_len; i++)
		v->serial = v->serial << 8 | e.value[i];
	v->has_serial = 1;
}

static const char *
check_attestation(const struct cli_args *a, const struct adm_csr *csr,
    int *status, struct verdict *v)
{
	struct adm_chain chain, roots;
	uk_x509_parts leaf, root;
	uk_x509_ext origin;
	const char *why = NULL;
	size_t anchor;

	memset(&chain, 0, sizeof(chain));
	memset(&roots, 0, sizeof(roots));
	if (a->attestation == NULL)
		return a->allow_unattested ? NULL : "no attestation: nothing "
		    "proves that the key was generated in a card "
		    "(--attestation CHAIN, or --allow-unattested)";
	if (adm_chain_read(a->attestation, &chain) != 0 ||
	    adm_chain_read(a->roots, &roots) != 0) {
		*status = CLI_USAGE;
		why = "";
		goto done;
	}
	if (uk_x509_cert_parts(chain.der[0], chain.len[0], &leaf) != 0) {
		why = "the attestation certificate is malformed";
		goto done;
	}
	if (adm_chain_verify(&chain, &roots, &why, &anchor) != 0)
		goto done;
	if (!adm_same_key(leaf.spki.der, leaf.spki.len, csr->spki.der,
	    csr->spki.len)) {
		why = "the attestation is for another key than the request's";
		goto done;
	}
	if (uk_x509_ext_find(&leaf, oid_origin, sizeof(oid_origin),
	    &origin) != 0) {
		/* Not taken for an origin (see codec/oid_uimkey.h); named so
		 * that the issuer knows what to ask the card for. */
		why = uk_x509_ext_find(&leaf, oid_origin_old,
		    sizeof(oid_origin_old), &origin) == 0 ? "the attestation "
		    "does not state the key's origin under "
		    UK_OID_UIMKEY_ORIGIN_TEXT " (it uses the old OID "
		    "2.25.192900610076208989735487875138748948068.1 of an "
		    "earlier uimkey: make a new attestation)" : "the attestation "
		    "does not state the key's origin (extension "
		    UK_OID_UIMKEY_ORIGIN_TEXT ")";
		goto done;
	}
	if (origin.value_len == sizeof(origin_imported) &&
	    memcmp(origin.value, origin_imported, origin.value_len) == 0) {
		why = "the attestation says the key was imported, not generated "
		    "in the card";
		goto done;
	}
	if (origin.value_len != sizeof(origin_generated) ||
	    memcmp(origin.value, origin_generated, origin.value_len) != 0) {
		why = "the attestation's key origin is not \"generated\"";
		goto done;
	}
	attested_serial(&leaf, v);
	if (uk_x509_cert_parts(roots.der[anchor], roots.len[anchor],
	    &root) == 0)
		adm_dn_string(root.subject.der, root.subject.len, v->root,
		    sizeof(v->root));
	v->attested = 1;
done:
	adm_chain_free(&chain);
	adm_chain_free(&roots);
	return why;
}

int
cmd_ra_verify(struct cli_args *a)
{
	struct adm_csr csr;
	struct policy pol;
	struct verdict v;
	uint8_t *der = NULL;
	size_t len = 0;
	const char *why = NULL;
	int status = CLI_USAGE;

	memset(&v, 0, sizeof(v));
	if (parse_policy(a->policy, &pol) != 0)
		return CLI_USAGE;
	if (a->roots == NULL && !a->allow_unattested) {
		cli_err("ra verify: --manufacturer-roots FILE is required");
		return CLI_USAGE;
	}
	if (a->attestation != NULL && a->roots == NULL) {
		cli_err("ra verify: --attestation needs --manufacturer-roots FILE");
		return CLI_USAGE;
	}
	if (adm_object_read(a->pos[0], NULL, &der, &len) != 0)
		goto fail;
	status = CLI_FAIL;
	if (adm_csr_parse(der, len, &csr, &why) != 0)
		goto fail;
	adm_dn_string(csr.subject.der, csr.subject.len, v.subject,
	    sizeof(v.subject));
	if (csr.sig_alg == UK_X509_SIG_UNKNOWN) {
		why = "the request's signature algorithm is not supported "
		    "(ECDSA with SHA-256/384, RSA PKCS#1 v1.5 with SHA-256)";
		goto fail;
	}
	if (adm_sig_verify(csr.spki.der, csr.spki.len, csr.sig_alg,
	    csr.info.der, csr.info.len, csr.sig.der, csr.sig.len) != 0) {
		why = "bad proof of possession: the request's signature does not "
		    "verify with its public key";
		goto fail;
	}
	if ((why = check_policy(&csr, &pol, &v)) != NULL ||
	    (why = check_challenge(&csr, a->challenge_file, &status, &v)) !=
	    NULL ||
	    (why = check_attestation(a, &csr, &status, &v)) != NULL)
		goto fail;
	printf("accepted: %s, %s key; proof of possession verified", v.subject,
	    v.key);
	if (v.attested) {
		printf("; generated on card");
		if (v.has_serial)
			printf(" serial %lu", v.serial);
		printf(", attested to %s", v.root);
	} else {
		printf("; NOT attested");
	}
	printf("%s\n", v.challenge ? "; challenge password matches" : "");
	status = CLI_OK;
fail:
	if (why != NULL && *why != '\0')
		cli_err("ra verify: rejected: %s", why);
	adm_free_secret(der, len);
	return status;
}
