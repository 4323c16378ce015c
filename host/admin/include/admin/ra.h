/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The registration authority's tools (uimkey ra verify): a PKCS#10
 * request taken apart, an attestation chain verified to a manufacturer
 * root with BearSSL's X.509 validator, and the RA's verdict on a
 * request (X.1122 9.1.1).  No card is needed.
 */
#ifndef UIMKEY_ADMIN_RA_H
#define UIMKEY_ADMIN_RA_H

#include <stddef.h>
#include <stdint.h>

#include "codec/x509.h"
#include "admin/x509_text.h"

/* A CertificationRequest (RFC 2986), pointing into its DER. */
struct adm_csr {
	uk_x509_span info;          /* signed bytes */
	uk_x509_span subject;       /* Name */
	uk_x509_span spki;          /* SubjectPublicKeyInfo */
	uk_x509_sig_alg sig_alg;    /* UNKNOWN when not one of ours */
	uk_x509_span sig;           /* signature bits, after the 00 */
	const uint8_t *challenge;       /* challengePassword value, or NULL */
	size_t challenge_len;
};

/* 0, or -1 with *why set to what is wrong. */
int adm_csr_parse(const uint8_t *der, size_t len, struct adm_csr *csr,
    const char **why);

/* Certificates of a PEM or DER file, in order (at most ADM_CHAIN_MAX). */
#define ADM_CHAIN_MAX 16
struct adm_chain {
	uint8_t *der[ADM_CHAIN_MAX];
	size_t len[ADM_CHAIN_MAX];
	size_t count;
};
int adm_chain_read(const char *path, struct adm_chain *c);
void adm_chain_free(struct adm_chain *c);

/*
 * Verify chain (leaf first) to one of the certificates of roots as trust
 * anchors, at the current time.  0, or -1 with *why set; *anchor gets
 * the index of the root used (a name for the verdict).
 */
int adm_chain_verify(const struct adm_chain *chain,
    const struct adm_chain *roots, const char **why, size_t *anchor);

/*
 * The RA's policy (ra_policy.c): the least RSA modulus, in bits, and the
 * curves accepted.  adm_ra_policy_parse reads "min-rsa=N,curves=C+C"
 * (items in any order, either may be left out; C is p256, p384 or none,
 * curves=none refusing EC); NULL is the default, RSA 2048 and both
 * curves.  0, or -1 for a string that is not one; it prints nothing.
 */
struct adm_ra_policy {
	unsigned min_rsa;
	int p256, p384;
};
int adm_ra_policy_parse(const char *s, struct adm_ra_policy *p);

/* What the RA is given besides its policy.  The files are read only when
 * the checks before them passed. */
struct adm_ra_in {
	const uint8_t *csr;             /* the request, DER */
	size_t csr_len;
	const char *challenge_file;     /* the RA's copy of the
	                                   challengePassword, or NULL */
	const char *chain_file;         /* attestation chain, or NULL */
	const char *roots_file;         /* manufacturer roots */
	int allow_unattested;           /* no chain is not a refusal */
};

/* The verdict: what was found, and when refused, why. */
#define ADM_RA_WHY_MAX 128
struct adm_ra_verdict {
	char key[32];                   /* "P-256", "RSA 2048" */
	char subject[ADM_DN_MAX];       /* the request's */
	char root[ADM_DN_MAX];          /* the manufacturer root used */
	unsigned long serial;           /* the card's, when has_serial */
	int has_serial, attested, challenge;  /* challenge: compared */
	const char *why;                /* refused: the reason */
	char why_buf[ADM_RA_WHY_MAX];   /* where a reason is written */
};

/* adm_ra_verify's answers. */
#define ADM_RA_ACCEPTED  0
#define ADM_RA_REFUSED   1      /* v->why says why */
#define ADM_RA_BAD_INPUT 2      /* a file of the RA's own, after a message */

/*
 * Algorithm and size of the key of spki against the policy: 0, or -1
 * with v->why.  v->key names the key when it is one of ours.
 */
int adm_ra_policy_check(const struct adm_ra_policy *p, const uint8_t *spki,
    size_t spki_len, struct adm_ra_verdict *v);

/*
 * The RA's check of a request, in order, the first failure being the
 * verdict: proof of possession (the request verifies with its own key);
 * the policy; the challengePassword against the RA's copy (in constant
 * time; a request carrying one must be checked); the attestation: the
 * chain verifies to a root at the current time, the attested key is the
 * request's and its origin (uimkey's extension) is "generated".
 */
int adm_ra_verify(const struct adm_ra_in *in, const struct adm_ra_policy *p,
    struct adm_ra_verdict *v);

#endif
