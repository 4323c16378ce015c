/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card's part of a personalization run (admin/perso.h has the
 * order and why): the checks before anything changes, then the writes.
 */
#include <string.h>

#include "admin/card.h"
#include "admin/io.h"
#include "admin/lock.h"
#include "admin/names.h"
#include "perso_card.h"

#define OBJ_MAX 512

int
adm_perso_check_factory(uimkey_dev_t *dev)
{
	uimkey_piv_meta_t m;
	int r;

	if ((r = uimkey_piv_get_metadata(dev, UIMKEY_SLOT_MGMT, &m)) !=
	    UIMKEY_OK)
		return adm_fail("personalize: the card's state", r);
	if (m.is_default != 1) {
		adm_err("personalize: the card is personalized already (its "
		    "management key is not the factory one); reset it first");
		return -1;
	}
	if (uimkey_piv_get_metadata(dev, UIMKEY_REF_PIN, &m) != UIMKEY_OK ||
	    m.is_default != 1 || m.tries_left != m.tries_total ||
	    uimkey_piv_get_metadata(dev, UIMKEY_REF_PUK, &m) != UIMKEY_OK ||
	    m.is_default != 1 || m.tries_left != m.tries_total) {
		adm_err("personalize: the card is not in its factory state (PIN "
		    "or PUK changed or tried); reset it first");
		return -1;
	}
	return 0;
}

int
adm_perso_check_issuer(uimkey_dev_t *dev, struct adm_perso *ps)
{
	uimkey_piv_lock_info_t info;
	char id[ADM_LOCK_KEY_ID_HEX];

	if (!ps->p.has_issuer)
		return 0;
	if (adm_lock_info_get(dev, "personalize: the issuer lock", &info) !=
	    UIMKEY_OK)
		return -1;
	if (!info.installed)
		return 0;
	if (memcmp(info.issuer, ps->p.issuer_point, UIMKEY_LOCK_POINT_LEN) !=
	    0) {
		adm_lock_key_id(info.issuer, id);
		adm_err("personalize: the card is bound to another issuer key "
		    "already (SHA-256 %s): it cannot be replaced, not even by "
		    "RESET", id);
		return -1;
	}
	ps->done.issuer = ADM_PERSO_ISSUER_KEPT;
	ps->done.issuer_counter = info.counter;
	return 0;
}

int
adm_perso_build_f9(uimkey_dev_t *dev, struct adm_perso *ps)
{
	uint8_t cur[UIMKEY_PIV_CERT_MAX];
	uimkey_piv_meta_t meta;
	size_t len;
	int r;

	if (!ps->p.has_attest)
		return 0;
	if ((r = uimkey_piv_get_metadata(dev, UIMKEY_SLOT_ATTEST, &meta)) !=
	    UIMKEY_OK || (r = uimkey_piv_read_cert(dev, UIMKEY_SLOT_ATTEST,
	    cur, sizeof(cur), &len)) != UIMKEY_OK)
		return adm_fail("personalize: the card's attestation key", r);
	if (meta.spki_len == 0) {
		adm_err("personalize: the card's attestation key is of an unknown "
		    "type");
		return -1;
	}
	if (adm_perso_f9_cert(&ps->ca_key, ps->ca_cert, ps->ca_len, cur, len,
	    meta.spki, meta.spki_len, ps->p.validity_days, ps->f9,
	    sizeof(ps->f9), &ps->f9_len) != 0)
		return -1;
	if (ps->f9_len > UIMKEY_PIV_CERT_MAX) {
		adm_err("personalize: the attestation certificate is too large");
		return -1;
	}
	return 0;
}

/* One object of the profile: built (len 0 when it does not fit), put. */
static int
put_object(uimkey_dev_t *dev, struct adm_perso *ps, unsigned which,
    uint32_t tag, const uint8_t *v, size_t len, const char *what)
{
	int r = UIMKEY_OK;

	if (len == 0 || (r = uimkey_piv_put_data(dev, tag, v, len)) !=
	    UIMKEY_OK)
		return adm_fail(what, r);
	ps->done.objects |= which;
	return 0;
}

static int
put_objects(uimkey_dev_t *dev, struct adm_perso *ps)
{
	const struct adm_profile *p = &ps->p;
	uint8_t v[OBJ_MAX];
	int r;

	if (p->has_chuid && put_object(dev, ps, ADM_PERSO_CHUID,
	    UIMKEY_PIV_OBJ_CHUID, v, adm_perso_chuid(p, ps->done.serial, v,
	    sizeof(v)), "personalize: CHUID") != 0)
		return -1;
	if (p->has_ccc && put_object(dev, ps, ADM_PERSO_CCC, UIMKEY_PIV_OBJ_CCC,
	    v, adm_perso_ccc(p, v, sizeof(v)), "personalize: CCC") != 0)
		return -1;
	if (p->has_printed && put_object(dev, ps, ADM_PERSO_PRINTED,
	    UIMKEY_PIV_OBJ_PRINTED, v, adm_perso_printed(p, v, sizeof(v)),
	    "personalize: printed information") != 0)
		return -1;
	if (p->has_attest) {
		if ((r = uimkey_piv_write_cert(dev, UIMKEY_SLOT_ATTEST, ps->f9,
		    ps->f9_len)) != UIMKEY_OK)
			return adm_fail("personalize: attestation certificate", r);
		ps->done.attest = 1;
	}
	return 0;
}

static int
gen_keys(uimkey_dev_t *dev, struct adm_perso *ps)
{
	int r;

	for (; ps->done.keys < ps->p.ngen; ps->done.keys++) {
		r = uimkey_piv_generate(dev, ps->p.gen[ps->done.keys].slot,
		    ps->p.gen[ps->done.keys].alg,
		    ps->p.gen[ps->done.keys].policy, 0, NULL, 0, NULL);
		if (r != UIMKEY_OK) {
			adm_err("personalize: key in slot %02x: %s",
			    ps->p.gen[ps->done.keys].slot, adm_strerr(r));
			return -1;
		}
	}
	return 0;
}

static int
credentials(uimkey_dev_t *dev, struct adm_perso *ps)
{
	const struct adm_profile *p = &ps->p;
	int r, tries;

	if (p->pin_retries > 0 &&
	    ((r = uimkey_piv_verify_pin(dev, UIMKEY_DEFAULT_PIN, &tries)) !=
	    UIMKEY_OK || (r = uimkey_piv_set_retries(dev,
	    (uint8_t)p->pin_retries, (uint8_t)p->puk_retries)) != UIMKEY_OK))
		return adm_fail("personalize: retry counts", r);
	if (p->has_policy && (r = uimkey_piv_set_pin_policy(dev,
	    (uint8_t)p->min_len, p->rules & ~UIMKEY_PIV_PIN_RULE_CHANGE_FIRST)) !=
	    UIMKEY_OK)
		return adm_fail("personalize: PIN policy", r);
	if ((r = uimkey_piv_change_pin(dev, UIMKEY_DEFAULT_PIN, p->pin.v.s,
	    &tries)) != UIMKEY_OK)
		return adm_fail("personalize: the new PIN", r);
	if ((r = uimkey_piv_change_puk(dev, UIMKEY_DEFAULT_PUK, p->puk.v.s,
	    &tries)) != UIMKEY_OK)
		return adm_fail("personalize: the new PUK", r);
	if (p->has_policy && (p->rules & UIMKEY_PIV_PIN_RULE_CHANGE_FIRST) &&
	    (r = uimkey_piv_set_pin_policy(dev, 0, p->rules)) != UIMKEY_OK)
		return adm_fail("personalize: PIN policy", r);
	if ((r = uimkey_piv_set_mgmt_key(dev, (uint8_t)p->mgmt_alg, ps->mgmt,
	    ps->mgmt_len)) != UIMKEY_OK)
		return adm_fail("personalize: the management key", r);
	ps->done.credentials = 1;
	return 0;
}

/* The first change: the PIN and PUK set later must get it, and a card
 * that refuses it is left as it was. */
int
adm_perso_kdf_cost(uimkey_dev_t *dev, const struct adm_perso *ps)
{
	int r;

	if (ps->p.kdf_iterations == 0)
		return 0;
	r = uimkey_piv_set_kdf_iterations(dev, ps->p.kdf_iterations);
	if (r == UIMKEY_ERR_SW_DATA) {
		adm_err("personalize: the card refuses kdf_iterations %lu (fewer "
		    "than its own minimum); the card is unchanged",
		    (unsigned long)ps->p.kdf_iterations);
		return -1;
	}
	return r != UIMKEY_OK ? adm_fail("personalize: kdf_iterations", r) : 0;
}

int
adm_perso_write(uimkey_dev_t *dev, struct adm_perso *ps)
{
	if (put_objects(dev, ps) != 0 || gen_keys(dev, ps) != 0 ||
	    credentials(dev, ps) != 0)
		return -1;
	return 0;
}

/* After the new management key: the card refuses it before. */
int
adm_perso_install_issuer(uimkey_dev_t *dev, struct adm_perso *ps)
{
	int r;

	if (!ps->p.has_issuer || ps->done.issuer == ADM_PERSO_ISSUER_KEPT)
		return 0;
	if ((r = uimkey_piv_install_issuer_key(dev, ps->p.issuer_point,
	    ps->p.issuer_counter)) != UIMKEY_OK) {
		adm_err("personalize: the issuer key: %s", adm_strerr(r));
		adm_err("personalize: the card is personalized without its issuer "
		    "key; bind it with: uimkey lock install --issuer-pub FILE "
		    "--counter %lu --mgmt-key-file FILE",
		    (unsigned long)ps->p.issuer_counter);
		return -1;
	}
	ps->done.issuer = ADM_PERSO_ISSUER_INSTALLED;
	ps->done.issuer_counter = ps->p.issuer_counter;
	return 0;
}
