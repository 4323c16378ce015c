/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The attestation of a request's key: the chain verifies to a
 * manufacturer root (BearSSL, at the current time), the attested key is
 * the request's, and the attested origin (uimkey's extension,
 * codec/oid_uimkey.h) is "generated".  The card's serial, when the
 * attestation carries Yubico's extension, goes into the verdict.
 */
#include <string.h>

#include "codec/oid_uimkey.h"
#include "admin/crypto.h"
#include "admin/x509_text.h"
#include "ra_attest.h"

static const uint8_t oid_origin[] = UK_OID_UIMKEY_ORIGIN;
static const uint8_t oid_origin_old[] = UK_OID_UIMKEY_ORIGIN_OLD;
static const uint8_t oid_yk_serial[] = UK_OID_YK_SERIAL;
static const uint8_t origin_generated[] = { 0x0A, 0x01, 0x01 };
static const uint8_t origin_imported[] = { 0x0A, 0x01, 0x02 };

/* The card serial of a Yubico serial extension (an INTEGER). */
static void
attested_serial(const uk_x509_parts *leaf, struct adm_ra_verdict *v)
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

/* The origin the leaf states: NULL when "generated", else the reason. */
static const char *
origin_why(const uk_x509_parts *leaf)
{
	uk_x509_ext origin;

	if (uk_x509_ext_find(leaf, oid_origin, sizeof(oid_origin),
	    &origin) != 0) {
		/* Not taken for an origin (see codec/oid_uimkey.h); named so
		 * that the issuer knows what to ask the card for. */
		return uk_x509_ext_find(leaf, oid_origin_old,
		    sizeof(oid_origin_old), &origin) == 0 ? "the attestation "
		    "does not state the key's origin under "
		    UK_OID_UIMKEY_ORIGIN_TEXT " (it uses the old OID "
		    "2.25.192900610076208989735487875138748948068.1 of an "
		    "earlier uimkey: make a new attestation)" : "the attestation "
		    "does not state the key's origin (extension "
		    UK_OID_UIMKEY_ORIGIN_TEXT ")";
	}
	if (origin.value_len == sizeof(origin_imported) &&
	    memcmp(origin.value, origin_imported, origin.value_len) == 0)
		return "the attestation says the key was imported, not generated "
		    "in the card";
	if (origin.value_len != sizeof(origin_generated) ||
	    memcmp(origin.value, origin_generated, origin.value_len) != 0)
		return "the attestation's key origin is not \"generated\"";
	return NULL;
}

int
adm_ra_attest_check(const struct adm_ra_in *in, const uk_x509_span *spki,
    struct adm_ra_verdict *v)
{
	struct adm_chain chain, roots;
	uk_x509_parts leaf, root;
	size_t anchor;
	int r = ADM_RA_REFUSED;

	memset(&chain, 0, sizeof(chain));
	memset(&roots, 0, sizeof(roots));
	if (in->chain_file == NULL) {
		if (in->allow_unattested)
			r = ADM_RA_ACCEPTED;
		else
			v->why = "no attestation: nothing proves that the key "
			    "was generated in a card (--attestation CHAIN, or "
			    "--allow-unattested)";
		goto fail;
	}
	if (adm_chain_read(in->chain_file, &chain) != 0 ||
	    adm_chain_read(in->roots_file, &roots) != 0) {
		r = ADM_RA_BAD_INPUT;
		goto fail;
	}
	if (uk_x509_cert_parts(chain.der[0], chain.len[0], &leaf) != 0) {
		v->why = "the attestation certificate is malformed";
		goto fail;
	}
	if (adm_chain_verify(&chain, &roots, &v->why, &anchor) != 0)
		goto fail;
	if (!adm_same_key(leaf.spki.der, leaf.spki.len, spki->der,
	    spki->len)) {
		v->why = "the attestation is for another key than the request's";
		goto fail;
	}
	if ((v->why = origin_why(&leaf)) != NULL)
		goto fail;
	attested_serial(&leaf, v);
	if (uk_x509_cert_parts(roots.der[anchor], roots.len[anchor],
	    &root) == 0)
		adm_dn_string(root.subject.der, root.subject.len, v->root,
		    sizeof(v->root));
	v->attested = 1;
	r = ADM_RA_ACCEPTED;
fail:
	adm_chain_free(&chain);
	adm_chain_free(&roots);
	return r;
}
