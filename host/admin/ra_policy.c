/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The RA's policy: which algorithms and sizes it accepts
 * (--policy min-rsa=N,curves=p256+p384), read from its text, and a
 * request's key held against it.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/uimkey.h"
#include "admin/ra.h"

int
adm_ra_policy_parse(const char *s, struct adm_ra_policy *p)
{
	char buf[256], *item, *save = NULL, *v, *c, *save2 = NULL, *end;
	unsigned long n;
	int r = -1;

	p->min_rsa = 2048;
	p->p256 = p->p384 = 1;
	if (s == NULL)
		return 0;
	if (strlen(s) >= sizeof(buf))
		goto fail;
	strcpy(buf, s);
	for (item = strtok_r(buf, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		if ((v = strchr(item, '=')) == NULL)
			goto fail;
		*v++ = '\0';
		if (strcmp(item, "min-rsa") == 0) {
			n = strtoul(v, &end, 10);
			if (*v == '\0' || *end != '\0' || n > 16384)
				goto fail;
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
					goto fail;
			}
		} else {
			goto fail;
		}
	}
	r = 0;
fail:
	return r;
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

int
adm_ra_policy_check(const struct adm_ra_policy *p, const uint8_t *spki,
    size_t spki_len, struct adm_ra_verdict *v)
{
	uimkey_piv_pubkey_t pk;
	unsigned bits;
	int p384, r = -1;

	if (uimkey_piv_spki_parse(spki, spki_len, &pk) != UIMKEY_OK) {
		v->why = "the request's public key is of a type or curve not "
		    "accepted (P-256, P-384, RSA)";
		goto fail;
	}
	if (pk.point != NULL) {
		p384 = pk.alg == UIMKEY_ALG_ECCP384;
		snprintf(v->key, sizeof(v->key), "%s", p384 ? "P-384" : "P-256");
		if (!(p384 ? p->p384 : p->p256)) {
			snprintf(v->why_buf, sizeof(v->why_buf), "the policy "
			    "does not accept %s keys", v->key);
			v->why = v->why_buf;
			goto fail;
		}
	} else {
		bits = rsa_bits(pk.n, pk.n_len);
		snprintf(v->key, sizeof(v->key), "RSA %u", bits);
		if (bits < p->min_rsa) {
			snprintf(v->why_buf, sizeof(v->why_buf), "the key is too "
			    "small: RSA %u bits, the policy wants at least %u",
			    bits, p->min_rsa);
			v->why = v->why_buf;
			goto fail;
		}
	}
	r = 0;
fail:
	return r;
}
