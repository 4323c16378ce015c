/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A personalization run (admin/perso.h has the order and why): the
 * profile and its secrets prepared before any card, the random values
 * written to their new file before the card changes, then the card's
 * part (perso_card.c).
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin/card.h"
#include "admin/names.h"
#include "perso_card.h"

#define HEX_KEY (2 * UIMKEY_MGMT_KEY_MAX + 1)

struct adm_perso *
adm_perso_new(void)
{
	return calloc(1, sizeof(struct adm_perso));
}

void
adm_perso_free(struct adm_perso **psp)
{
	struct adm_perso *ps;

	if (psp == NULL || (ps = *psp) == NULL)
		return;
	adm_profile_wipe(&ps->p);
	adm_skey_free(&ps->ca_key);
	free(ps->ca_cert);
	explicit_bzero(ps, sizeof(*ps));
	free(ps);
	*psp = NULL;
}

/* A given PIN against the profile's policy (the card's default policy
 * when the profile has none: 6 characters, no trivial values), so that
 * the card never refuses it half way through. */
static int
pin_ok(const struct adm_profile *p)
{
	int rules = p->has_policy ? p->rules : UIMKEY_PIV_PIN_RULE_NO_TRIVIAL;
	size_t min = p->has_policy && p->min_len > 0 ? (size_t)p->min_len : 6, i;

	if (p->pin.random)
		return 0;
	if (p->pin.v.len < min) {
		adm_err("personalize: the profile's PIN is shorter than its "
		    "policy's %zu characters", min);
		return -1;
	}
	for (i = 0; (rules & UIMKEY_PIV_PIN_RULE_DIGITS) && i < p->pin.v.len;
	    i++)
		if (p->pin.v.s[i] < '0' || p->pin.v.s[i] > '9') {
			adm_err("personalize: the profile's PIN is not digits only, "
			    "as its policy wants");
			return -1;
		}
	if ((rules & UIMKEY_PIV_PIN_RULE_NO_TRIVIAL) &&
	    uimkey_pin_trivial((const uint8_t *)p->pin.v.s, p->pin.v.len)) {
		adm_err("personalize: the profile's PIN is trivial (123456, "
		    "111111, 234567, ...)");
		return -1;
	}
	return 0;
}

/* Random values drawn, the management key decoded; before the card. */
static int
prepare_secrets(struct adm_perso *ps)
{
	struct adm_profile *p = &ps->p;
	long n;

	if (pin_ok(p) != 0)
		return -1;
	if ((p->pin.random && adm_perso_random_pin(&p->pin.v) != 0) ||
	    (p->puk.random && adm_perso_random_pin(&p->puk.v) != 0))
		return -1;
	ps->mgmt_len = uimkey_mgmt_key_len((uint8_t)p->mgmt_alg);
	if (p->mgmt.random) {
		do {
			if (adm_random(ps->mgmt, ps->mgmt_len) != 0)
				return -1;
		} while (uimkey_mgmt_key_weak((uint8_t)p->mgmt_alg, ps->mgmt));
		return 0;
	}
	n = adm_hex_decode(p->mgmt.v.s, p->mgmt.v.len, ps->mgmt,
	    sizeof(ps->mgmt));
	if (n != (long)ps->mgmt_len) {
		adm_err("personalize: the management key of a %s key is %zu bytes "
		    "in hex", adm_alg_name((uint8_t)p->mgmt_alg), ps->mgmt_len);
		return -1;
	}
	if (uimkey_mgmt_key_weak((uint8_t)p->mgmt_alg, ps->mgmt)) {
		adm_err("personalize: the 3DES management key is single DES");
		return -1;
	}
	return 0;
}

static int
prepare_ca(struct adm_perso *ps)
{
	if (!ps->p.has_attest)
		return 0;
	if (adm_skey_load(ps->p.ca_key, &ps->ca_key) != 0 ||
	    adm_object_read(ps->p.ca_cert, "CERTIFICATE", &ps->ca_cert,
	    &ps->ca_len) != 0)
		return -1;
	if (!adm_perso_ca_matches(&ps->ca_key, ps->ca_cert, ps->ca_len)) {
		adm_err("personalize: '%s' is not the key of the certificate '%s'",
		    ps->p.ca_key, ps->p.ca_cert);
		return -1;
	}
	return 0;
}

int
adm_perso_prepare(struct adm_perso *ps, const char *profile,
    const char *secrets_out)
{
	struct adm_profile *p = &ps->p;

	if (adm_profile_load(profile, p) != 0)
		return -1;
	ps->done.random = (p->pin.random ? ADM_PERSO_PIN : 0) |
	    (p->puk.random ? ADM_PERSO_PUK : 0) |
	    (p->mgmt.random ? ADM_PERSO_MGMT : 0);
	ps->secrets_out = secrets_out ? secrets_out :
	    p->secrets_out[0] ? p->secrets_out : NULL;
	if (ps->done.random && ps->secrets_out == NULL) {
		adm_err("personalize: random values need a file: "
		    "\"secrets_output\" in the profile or --secrets-out FILE");
		return -1;
	}
	if (ps->secrets_out != NULL && access(ps->secrets_out, F_OK) == 0) {
		adm_err("personalize: '%s' exists: secrets are written only to a "
		    "new file", ps->secrets_out);
		return -1;
	}
	if (prepare_secrets(ps) != 0 || prepare_ca(ps) != 0)
		return -1;
	return 0;
}

/* Random values go to a new 0600 file, written before the card
 * changes. */
static int
write_secrets(struct adm_perso *ps)
{
	char buf[512], key[HEX_KEY];
	size_t n;
	int r;

	if (!ps->done.random)
		return 0;
	n = (size_t)snprintf(buf, sizeof(buf),
	    "# uimkey personalization, card serial %u: keep secret\n",
	    (unsigned)ps->done.serial);
	if (ps->p.pin.random)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "PIN=%s\n",
		    ps->p.pin.v.s);
	if (ps->p.puk.random)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "PUK=%s\n",
		    ps->p.puk.v.s);
	if (ps->p.mgmt.random) {
		adm_hex_encode(ps->mgmt, ps->mgmt_len, key);
		n += (size_t)snprintf(buf + n, sizeof(buf) - n,
		    "MANAGEMENT_KEY=%s\nMANAGEMENT_KEY_ALG=%s\n", key,
		    adm_alg_name((uint8_t)ps->p.mgmt_alg));
	}
	r = adm_write_file(ps->secrets_out, buf, n, 1);
	explicit_bzero(buf, sizeof(buf));
	explicit_bzero(key, sizeof(key));
	ps->done.secrets_written = r == 0;
	return r;
}

int
adm_perso_card(struct adm_perso *ps, uimkey_dev_t *dev)
{
	int r;

	uimkey_dev_serial(dev, &ps->done.serial);
	if (adm_perso_check_factory(dev) != 0 ||
	    adm_perso_check_issuer(dev, ps) != 0 ||
	    adm_perso_build_f9(dev, ps) != 0)
		return -1;
	if ((r = adm_mgmt_auth(dev, NULL, "personalize")) != 0)
		return r;
	if (adm_perso_kdf_cost(dev, ps) != 0 || write_secrets(ps) != 0)
		return -1;
	if (adm_perso_write(dev, ps) != 0) {
		if (ps->done.secrets_written)
			adm_err("personalize: the card is partly personalized; the "
			    "values set so far are in '%s'", ps->secrets_out);
		return -1;
	}
	if (adm_perso_install_issuer(dev, ps) != 0) {
		if (ps->done.secrets_written)
			adm_err("personalize: the values set are in '%s'",
			    ps->secrets_out);
		return -1;
	}
	return 0;
}
