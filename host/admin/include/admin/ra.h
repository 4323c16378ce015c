/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The registration authority's tools (uimkey ra verify): a PKCS#10
 * request taken apart, and an attestation chain verified to a
 * manufacturer root with BearSSL's X.509 validator.  No card is needed.
 */
#ifndef UIMKEY_ADMIN_RA_H
#define UIMKEY_ADMIN_RA_H

#include <stddef.h>
#include <stdint.h>

#include "codec/x509.h"

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

#endif
