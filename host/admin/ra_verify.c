/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The registration authority's verdict on a request (X.1122 9.1.1), in
 * order, the first failure deciding:
 *   1. proof of possession: the request's signature verifies with the
 *      request's own public key;
 *   2. policy: algorithm and size (ra_policy.c);
 *   3. the shared secret: the challengePassword equals the RA's copy;
 *   4. attestation (ra_attest.c).
 * The RA's files are read only when their step comes, so that what is
 * refused first is reported first.
 */
#define _DEFAULT_SOURCE
#include <string.h>

#include "codec/bytes.h"
#include "admin/crypto.h"
#include "admin/io.h"
#include "ra_attest.h"

/* Constant time in the contents: both are compared padded to the
 * longest a secret can be; the lengths are compared too. */
static int
same_secret(const uint8_t *a, size_t alen, const char *b, size_t blen)
{
	uint8_t x[ADM_SECRET_MAX], y[ADM_SECRET_MAX];
	int same;

	if (alen > ADM_SECRET_MAX || blen > ADM_SECRET_MAX)
		return 0;
	memset(x, 0, sizeof(x));
	memset(y, 0, sizeof(y));
	memcpy(x, a, alen);
	memcpy(y, b, blen);
	same = uk_ct_equal(x, y, sizeof(x)) & (alen == blen);
	explicit_bzero(x, sizeof(x));
	explicit_bzero(y, sizeof(y));
	return same;
}

static int
check_challenge(const struct adm_csr *csr, const char *file,
    struct adm_ra_verdict *v)
{
	struct adm_secret want;
	int r = ADM_RA_REFUSED;

	memset(&want, 0, sizeof(want));
	if (file == NULL) {
		if (csr->challenge == NULL)
			r = ADM_RA_ACCEPTED;
		else
			v->why = "the request carries a challenge password, and "
			    "none was given to check it "
			    "(--challenge-password-file)";
		goto fail;
	}
	if (adm_secret_get(&want, file, "challenge password", 0) != 0) {
		r = ADM_RA_BAD_INPUT;
		goto fail;
	}
	if (csr->challenge == NULL) {
		v->why = "the request carries no challenge password";
		goto fail;
	}
	v->challenge = 1;
	if (!same_secret(csr->challenge, csr->challenge_len, want.s,
	    want.len)) {
		v->why = "wrong challenge password";
		goto fail;
	}
	r = ADM_RA_ACCEPTED;
fail:
	adm_secret_wipe(&want);
	return r;
}

int
adm_ra_verify(const struct adm_ra_in *in, const struct adm_ra_policy *p,
    struct adm_ra_verdict *v)
{
	struct adm_csr csr;
	const char *why;
	int r = ADM_RA_REFUSED;

	memset(v, 0, sizeof(*v));
	if (adm_csr_parse(in->csr, in->csr_len, &csr, &why) != 0) {
		v->why = why;
		goto fail;
	}
	adm_dn_string(csr.subject.der, csr.subject.len, v->subject,
	    sizeof(v->subject));
	if (csr.sig_alg == UK_X509_SIG_UNKNOWN) {
		v->why = "the request's signature algorithm is not supported "
		    "(ECDSA with SHA-256/384, RSA PKCS#1 v1.5 with SHA-256)";
		goto fail;
	}
	if (adm_sig_verify(csr.spki.der, csr.spki.len, csr.sig_alg,
	    csr.info.der, csr.info.len, csr.sig.der, csr.sig.len) != 0) {
		v->why = "bad proof of possession: the request's signature does "
		    "not verify with its public key";
		goto fail;
	}
	if (adm_ra_policy_check(p, csr.spki.der, csr.spki.len, v) != 0)
		goto fail;
	if ((r = check_challenge(&csr, in->challenge_file, v)) ==
	    ADM_RA_ACCEPTED)
		r = adm_ra_attest_check(in, &csr.spki, v);
fail:
	return r;
}
