/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey request: a PKCS#10 certificate request for the key of a slot,
 * signed by that key ON THE CARD — the proof of possession of X.1122
 * 9.1.1.  The CertificationRequestInfo is built here (codec/x509.h),
 * hashed here (SHA-256, SHA-384 for P-384), and only the hash (EC) or
 * the PKCS#1 v1.5 block (RSA) goes to the card.  The signature is
 * checked against the slot's public key before the request is written.
 *
 * --challenge-password-file adds the challengePassword attribute, the
 * secret shared with the RA (X.1122 9.1.1 figure 10).  --attest writes
 * the attestation chain (the slot's attestation certificate, then the F9
 * certificate) to --attestation-out: the evidence that the key was
 * generated in this card.
 */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>

#include "codec/der.h"
#include "admin/crypto.h"
#include "cli.h"

#define NAME_MAX_LEN  4096
#define INFO_MAX      (NAME_MAX_LEN + UIMKEY_PIV_SPKI_MAX + ADM_SECRET_MAX + 64)
#define CSR_MAX       (INFO_MAX + UIMKEY_PIV_SIG_MAX + 64)

struct request {
	int slot;
	uint8_t name[NAME_MAX_LEN];
	size_t name_len;
	struct adm_secret challenge;
	int has_challenge;
	uimkey_piv_meta_t meta;
	uint8_t info[INFO_MAX], csr[CSR_MAX], sig[UIMKEY_PIV_SIG_MAX];
	size_t info_len, csr_len, sig_len;
};

static int
printable(const char *s, size_t len)
{
	static const char extra[] = " '()+,-./:=?";
	size_t i;

	for (i = 0; i < len; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') ||
		    (s[i] != '\0' && strchr(extra, s[i]) != NULL)))
			return 0;
	return 1;
}

static int
build_info(struct request *rq)
{
	uk_x509_csr_in in;

	memset(&in, 0, sizeof(in));
	in.subject.der = rq->name;
	in.subject.len = rq->name_len;
	in.spki.der = rq->meta.spki;
	in.spki.len = rq->meta.spki_len;
	if (rq->has_challenge) {
		in.challenge = rq->challenge.s;
		in.challenge_len = rq->challenge.len;
		in.challenge_tag = printable(rq->challenge.s, rq->challenge.len) ?
		    UK_DER_PRINTABLE : UK_DER_UTF8_STRING;
	}
	rq->info_len = uk_x509_csr_info(&in, rq->info, sizeof(rq->info));
	return rq->info_len == 0 ? -1 : 0;
}

/* The card signs the info: ECDSA over its hash, or the raw RSA operation
 * over the PKCS#1 v1.5 block. */
static int
card_sign(uimkey_dev_t *dev, uint8_t slot, struct request *rq,
    uk_x509_sig_alg alg)
{
	uint8_t hash[ADM_HASH_MAX], em[UIMKEY_PIV_SIG_MAX];
	size_t hlen = adm_hash(alg, rq->info, rq->info_len, hash), n;
	int r;

	if (!uimkey_alg_is_rsa(rq->meta.alg))
		return uimkey_piv_sign(dev, slot, rq->meta.alg, hash, hlen,
		    rq->sig, sizeof(rq->sig), &rq->sig_len);
	n = uimkey_alg_bits(rq->meta.alg) / 8;
	if (adm_pkcs1_pad(hash, hlen, em, n) != 0)
		return UIMKEY_ERR_INTERNAL;
	r = uimkey_piv_sign(dev, slot, rq->meta.alg, em, n, rq->sig, n,
	    &rq->sig_len);
	return r;
}

static int
write_chain(uimkey_dev_t *dev, uint8_t slot, const char *path)
{
	uint8_t att[UIMKEY_PIV_CERT_MAX], f9[UIMKEY_PIV_CERT_MAX];
	size_t att_len, f9_len, l1, l2;
	char *p1 = NULL, *p2 = NULL, *both = NULL;
	int r, status = -1;

	r = uimkey_piv_attest(dev, slot, att, sizeof(att), &att_len);
	if (r == UIMKEY_ERR_SW_DATA) {
		cli_err("request: the key in slot %02x was imported; the card "
		    "attests only keys it generated", slot);
		return -1;
	}
	if (r != UIMKEY_OK ||
	    (r = uimkey_piv_read_cert(dev, UIMKEY_SLOT_ATTEST, f9,
	    sizeof(f9), &f9_len)) != UIMKEY_OK) {
		cli_fail("request: attestation", r);
		return -1;
	}
	if ((p1 = adm_pem_encode("CERTIFICATE", att, att_len)) == NULL ||
	    (p2 = adm_pem_encode("CERTIFICATE", f9, f9_len)) == NULL ||
	    (both = malloc((l1 = strlen(p1)) + (l2 = strlen(p2)))) == NULL) {
		cli_err("out of memory");
		goto fail;
	}
	memcpy(both, p1, l1);
	memcpy(both + l1, p2, l2);
	if (adm_write_file(path, both, l1 + l2, 0) != 0)
		goto fail;
	status = 0;
fail:
	free(p1);
	free(p2);
	free(both);
	return status;
}

static int
check_args(struct cli_args *a, struct request *rq)
{
	if ((rq->slot = cli_slot_arg(a, a->slot, "--slot", 0)) < 0)
		return -1;
	if (a->subject == NULL) {
		cli_err("request: --subject DN is required (e.g. \"CN=Alice,O="
		    "Example,C=JP\")");
		return -1;
	}
	if (a->attest != (a->attestation_out != NULL)) {
		cli_err("request: --attest and --attestation-out FILE go "
		    "together");
		return -1;
	}
	if (a->attestation_out != NULL && a->out != NULL &&
	    strcmp(a->attestation_out, a->out) == 0) {
		cli_err("request: -o and --attestation-out name the same file");
		return -1;
	}
	if (adm_subject_parse(a->subject, rq->name, sizeof(rq->name),
	    &rq->name_len) != 0)
		return -1;
	if (a->challenge_file != NULL) {
		if (adm_secret_get(&rq->challenge, a->challenge_file,
		    "challenge password", 0) != 0)
			return -1;
		rq->has_challenge = 1;
	}
	return 0;
}

static int
sign_request(uimkey_dev_t *dev, struct cli_args *a, void *arg)
{
	struct request *rq = arg;
	uint8_t slot = (uint8_t)rq->slot;
	uk_x509_sig_alg alg;
	int r;

	r = uimkey_piv_get_metadata(dev, slot, &rq->meta);
	if (r == UIMKEY_ERR_SW_NO_REF) {
		cli_err("request: slot %02x is empty: generate a key first "
		    "(uimkey key generate)", slot);
		return CLI_FAIL;
	}
	if (r != UIMKEY_OK || rq->meta.spki_len == 0)
		return cli_fail("request: the slot's public key", r != UIMKEY_OK ?
		    r : UIMKEY_ERR_UNSUPPORTED);
	alg = adm_sig_alg_for(rq->meta.alg);
	if (build_info(rq) != 0) {
		cli_err("request: cannot build the request (subject or challenge "
		    "password too long?)");
		return CLI_FAIL;
	}
	if (rq->meta.pin_policy != UIMKEY_PIN_POLICY_NEVER &&
	    (r = cli_verify_pin(dev, a)) != CLI_OK)
		return r;
	if ((r = card_sign(dev, slot, rq, alg)) != UIMKEY_OK)
		return cli_fail("request: signing on the card", r);
	if (adm_sig_verify(rq->meta.spki, rq->meta.spki_len, alg, rq->info,
	    rq->info_len, rq->sig, rq->sig_len) != 0) {
		cli_err("request: the card's signature does not verify with the "
		    "slot's public key");
		return CLI_FAIL;
	}
	rq->csr_len = uk_x509_csr_wrap(rq->info, rq->info_len, alg, rq->sig,
	    rq->sig_len, rq->csr, sizeof(rq->csr));
	if (rq->csr_len == 0) {
		cli_err("request: cannot build the request");
		return CLI_FAIL;
	}
	if (a->attest && write_chain(dev, slot, a->attestation_out))
		return CLI_FAIL;
	if (cli_object_write(a, "CERTIFICATE REQUEST", rq->csr,
	    rq->csr_len) != 0)
		return CLI_FAIL;
	return CLI_OK;
}

int
cmd_request(struct cli_args *a)
{
	struct request *rq;
	int status = CLI_USAGE;

	if ((rq = calloc(1, sizeof(*rq))) == NULL) {
		cli_err("out of memory");
		return CLI_FAIL;
	}
	if (check_args(a, rq) != 0)
		goto fail;
	status = CLI_FAIL;
	if (adm_out_check(a->out) != 0 ||
	    adm_out_check(a->attestation_out) != 0)
		goto fail;
	status = cli_with_card(a, 0, sign_request, rq);
fail:
	adm_secret_wipe(&rq->challenge);
	explicit_bzero(rq->info, sizeof(rq->info));
	explicit_bzero(rq->csr, sizeof(rq->csr));
	free(rq);
	return status;
}
