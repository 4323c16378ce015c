/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Attestation chains checked with BearSSL's minimal X.509 validator: the
 * manufacturer roots become trust anchors (their subject DN and public
 * key, as BearSSL's own tools make them), the chain is pushed leaf
 * first, and BearSSL checks names, signatures, CA flags and validity at
 * the current time.
 */
#include <stdlib.h>
#include <string.h>

#include <bearssl.h>

#include "admin/io.h"
#include "admin/ra.h"

#define CHAIN_FILE_MAX (256 * 1024)

static int
add_cert(void *arg, const char *label, const uint8_t *der, size_t len)
{
	struct adm_chain *c = arg;

	if (strcmp(label, "CERTIFICATE") != 0)
		return 0;
	if (c->count == ADM_CHAIN_MAX)
		return 3;
	if ((c->der[c->count] = malloc(len)) == NULL)
		return 1;
	memcpy(c->der[c->count], der, len);
	c->len[c->count++] = len;
	return 0;
}

int
adm_chain_read(const char *path, struct adm_chain *c)
{
	uint8_t *buf = NULL;
	size_t len;
	int r;

	memset(c, 0, sizeof(*c));
	if (adm_read_file(path, CHAIN_FILE_MAX, &buf, &len) != 0)
		return -1;
	if (!adm_is_pem(buf, len)) {
		c->der[0] = buf;
		c->len[0] = len;
		c->count = 1;
		return 0;
	}
	r = adm_pem_each(buf, len, add_cert, c);
	free(buf);
	if (r == 0 && c->count > 0)
		return 0;
	if (r == 3)
		adm_err("'%s' holds more than %d certificates", path, ADM_CHAIN_MAX);
	else if (r == 1)
		adm_err("out of memory");
	else
		adm_err("'%s': %s", path, r == -1 ? "malformed PEM" :
		    "no certificate in it");
	adm_chain_free(c);
	return -1;
}

void
adm_chain_free(struct adm_chain *c)
{
	size_t i;

	for (i = 0; i < c->count; i++)
		free(c->der[i]);
	memset(c, 0, sizeof(*c));
}

struct dn_acc {
	uint8_t buf[1024];
	size_t len;
	int overflow;
};

static void
dn_append(void *ctx, const void *src, size_t len)
{
	struct dn_acc *d = ctx;

	if (len > sizeof(d->buf) - d->len) {
		d->overflow = 1;
		return;
	}
	memcpy(d->buf + d->len, src, len);
	d->len += len;
}

static void *
dup(const void *p, size_t len)
{
	void *q = malloc(len ? len : 1);

	if (q != NULL)
		memcpy(q, p, len);
	return q;
}

/* A trust anchor from a root certificate; 0 or -1. */
static int
make_anchor(const uint8_t *der, size_t len, br_x509_trust_anchor *ta)
{
	br_x509_decoder_context dc;
	struct dn_acc dn = { { 0 }, 0, 0 };
	const br_x509_pkey *pk;

	memset(ta, 0, sizeof(*ta));
	br_x509_decoder_init(&dc, dn_append, &dn);
	br_x509_decoder_push(&dc, der, len);
	if ((pk = br_x509_decoder_get_pkey(&dc)) == NULL || dn.overflow)
		return -1;
	ta->flags = BR_X509_TA_CA;
	ta->dn.data = dup(dn.buf, dn.len);
	ta->dn.len = dn.len;
	ta->pkey.key_type = pk->key_type;
	if (pk->key_type == BR_KEYTYPE_RSA) {
		ta->pkey.key.rsa.n = dup(pk->key.rsa.n, pk->key.rsa.nlen);
		ta->pkey.key.rsa.nlen = pk->key.rsa.nlen;
		ta->pkey.key.rsa.e = dup(pk->key.rsa.e, pk->key.rsa.elen);
		ta->pkey.key.rsa.elen = pk->key.rsa.elen;
		if (ta->pkey.key.rsa.n == NULL || ta->pkey.key.rsa.e == NULL)
			return -1;
	} else {
		ta->pkey.key.ec.curve = pk->key.ec.curve;
		ta->pkey.key.ec.q = dup(pk->key.ec.q, pk->key.ec.qlen);
		ta->pkey.key.ec.qlen = pk->key.ec.qlen;
		if (ta->pkey.key.ec.q == NULL)
			return -1;
	}
	return ta->dn.data == NULL ? -1 : 0;
}

static void
free_anchor(br_x509_trust_anchor *ta)
{
	free(ta->dn.data);
	if (ta->pkey.key_type == BR_KEYTYPE_RSA) {
		free(ta->pkey.key.rsa.n);
		free(ta->pkey.key.rsa.e);
	} else {
		free(ta->pkey.key.ec.q);
	}
}

static const char *
x509_why(unsigned err)
{
	switch (err) {
	case BR_ERR_X509_NOT_TRUSTED:
		return "the attestation chain does not lead to a trusted "
		    "manufacturer root";
	case BR_ERR_X509_BAD_SIGNATURE:
		return "a signature in the attestation chain does not verify";
	case BR_ERR_X509_EXPIRED:
		return "a certificate of the attestation chain is expired or not "
		    "yet valid";
	case BR_ERR_X509_DN_MISMATCH:
		return "the attestation chain is out of order (an issuer is not "
		    "the next certificate's subject)";
	case BR_ERR_X509_NOT_CA:
		return "a certificate inside the attestation chain is not a CA";
	case BR_ERR_X509_CRITICAL_EXTENSION:
		return "a certificate of the attestation chain has an unknown "
		    "critical extension";
	case BR_ERR_X509_WEAK_PUBLIC_KEY:
		return "a key of the attestation chain is too weak";
	case BR_ERR_X509_UNSUPPORTED:
	case BR_ERR_X509_WRONG_KEY_TYPE:
		return "the attestation chain uses an algorithm not supported";
	default:
		return "the attestation chain is malformed";
	}
}

int
adm_chain_verify(const struct adm_chain *chain, const struct adm_chain *roots,
    const char **why, size_t *anchor)
{
	br_x509_trust_anchor ta[ADM_CHAIN_MAX];
	br_x509_minimal_context xc;
	const br_x509_class **vt;
	size_t i, n = 0;
	unsigned err;
	int r = -1;

	*anchor = 0;
	for (n = 0; n < roots->count; n++) {
		if (make_anchor(roots->der[n], roots->len[n], &ta[n]) != 0) {
			free_anchor(&ta[n]);
			*why = "a manufacturer root cannot be read";
			goto fail;
		}
	}
	br_x509_minimal_init_full(&xc, ta, n);
	vt = &xc.vtable;
	(*vt)->start_chain(vt, NULL);
	for (i = 0; i < chain->count; i++) {
		(*vt)->start_cert(vt, (uint32_t)chain->len[i]);
		(*vt)->append(vt, chain->der[i], chain->len[i]);
		(*vt)->end_cert(vt);
	}
	err = (*vt)->end_chain(vt);
	if (err != BR_ERR_OK) {
		*why = x509_why(err);
		goto fail;
	}
	/* Which root: the one whose key signed the last certificate used.
	 * BearSSL does not say; name the first root whose subject is the
	 * issuer of some certificate of the chain. */
	for (i = 0; i < n; i++) {
		size_t k;
		for (k = 0; k < chain->count; k++) {
			uk_x509_parts cp, rp;
			if (uk_x509_cert_parts(chain->der[k], chain->len[k],
			    &cp) == 0 && uk_x509_cert_parts(roots->der[i],
			    roots->len[i], &rp) == 0 &&
			    cp.issuer.len == rp.subject.len &&
			    memcmp(cp.issuer.der, rp.subject.der, cp.issuer.len) ==
			    0) {
				*anchor = i;
				r = 0;
				goto fail;
			}
		}
	}
	r = 0;
fail:
	for (i = 0; i < n; i++)
		free_anchor(&ta[i]);
	return r;
}
