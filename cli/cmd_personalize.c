/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey personalize: the factory step of X.1122 7.1.2, from a JSON
 * profile (host/admin/include/admin/profile.h).
 *
 * A card is personalized once.  "Factory state" is what only RESET gives
 * back: the factory management key (the card refuses to set a single-DES
 * key such as the factory one, so only RESET restores it) together with
 * the factory PIN and PUK.  A card in any other state is refused: reset
 * it first.  Personalization always replaces all three, the management
 * key last, so a card cut off half way still reads as not personalized
 * by its management key, and its secrets file tells what was set.
 *
 * Order: everything is read and checked first (profile, files, the CA key
 * against its certificate, the F9 certificate built and verified), random
 * secrets are written to their new 0600 file, and only then is the card
 * changed: objects, attestation certificate, keys, retry counts, PIN
 * policy, PIN, PUK, management key, and then the issuer key.
 *
 * The issuer key (the issuer lock) is installed once and survives RESET:
 * a card reset after an earlier personalization may hold it already.
 * The same key is then left as it is; another key is refused before the
 * card changes.  The card binds an issuer key only once its management
 * key is no longer the factory one (which anyone knows), so the issuer
 * key comes after the new management key, still authenticated (SET
 * MANAGEMENT KEY keeps the authentication).  Cut off in between, the
 * card is personalized without its issuer; the message says how to
 * finish (uimkey lock install).
 */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codec/x509.h"
#include "admin/lock.h"
#include "admin/perso.h"
#include "cli.h"

#define OBJ_MAX   512
#define F9_MAX    4096
#define HEX_KEY   (2 * UIMKEY_MGMT_KEY_MAX + 1)


struct perso {
	struct adm_profile p;
	struct adm_skey ca_key;
	uint8_t *ca_cert;
	size_t ca_len;
	uint8_t mgmt[UIMKEY_MGMT_KEY_MAX];
	size_t mgmt_len;
	uint8_t f9[F9_MAX];
	size_t f9_len;
	const char *secrets_out;
	uint32_t serial;
	int issuer_kept;                /* the card has the profile's key */
	uint32_t issuer_counter;        /* the card's counter then */
};

static int
bad(const char *what, int r)
{
	cli_fail(what, r);
	return -1;
}

static int
any_random(const struct adm_profile *p)
{
	return p->pin.random || p->puk.random || p->mgmt.random;
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
		cli_err("personalize: the profile's PIN is shorter than its "
		    "policy's %zu characters", min);
		return -1;
	}
	for (i = 0; (rules & UIMKEY_PIV_PIN_RULE_DIGITS) && i < p->pin.v.len;
	    i++)
		if (p->pin.v.s[i] < '0' || p->pin.v.s[i] > '9') {
			cli_err("personalize: the profile's PIN is not digits only, "
			    "as its policy wants");
			return -1;
		}
	if ((rules & UIMKEY_PIV_PIN_RULE_NO_TRIVIAL) &&
	    uimkey_pin_trivial((const uint8_t *)p->pin.v.s, p->pin.v.len)) {
		cli_err("personalize: the profile's PIN is trivial (123456, "
		    "111111, 234567, ...)");
		return -1;
	}
	return 0;
}

/* Random values drawn, the management key decoded; before the card. */
static int
prepare_secrets(struct perso *ps)
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
		cli_err("personalize: the management key of a %s key is %zu bytes "
		    "in hex", adm_alg_name((uint8_t)p->mgmt_alg), ps->mgmt_len);
		return -1;
	}
	if (uimkey_mgmt_key_weak((uint8_t)p->mgmt_alg, ps->mgmt)) {
		cli_err("personalize: the 3DES management key is single DES");
		return -1;
	}
	return 0;
}

static int
prepare_ca(struct perso *ps)
{
	if (!ps->p.has_attest)
		return 0;
	if (adm_skey_load(ps->p.ca_key, &ps->ca_key) != 0 ||
	    adm_object_read(ps->p.ca_cert, "CERTIFICATE", &ps->ca_cert,
	    &ps->ca_len) != 0)
		return -1;
	if (!adm_perso_ca_matches(&ps->ca_key, ps->ca_cert, ps->ca_len)) {
		cli_err("personalize: '%s' is not the key of the certificate '%s'",
		    ps->p.ca_key, ps->p.ca_cert);
		return -1;
	}
	return 0;
}

/* The card must be in its factory state. */
static int
check_factory(uimkey_dev_t *dev)
{
	uimkey_piv_meta_t m;
	int r;

	if ((r = uimkey_piv_get_metadata(dev, UIMKEY_SLOT_MGMT, &m)) !=
	    UIMKEY_OK)
		return bad("personalize: the card's state", r);
	if (m.is_default != 1) {
		cli_err("personalize: the card is personalized already (its "
		    "management key is not the factory one); reset it first");
		return -1;
	}
	if (uimkey_piv_get_metadata(dev, UIMKEY_REF_PIN, &m) != UIMKEY_OK ||
	    m.is_default != 1 || m.tries_left != m.tries_total ||
	    uimkey_piv_get_metadata(dev, UIMKEY_REF_PUK, &m) != UIMKEY_OK ||
	    m.is_default != 1 || m.tries_left != m.tries_total) {
		cli_err("personalize: the card is not in its factory state (PIN "
		    "or PUK changed or tried); reset it first");
		return -1;
	}
	return 0;
}

/* The F9 certificate, built and checked before the card changes. */
static int
prepare_f9(uimkey_dev_t *dev, struct perso *ps)
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
		return bad("personalize: the card's attestation key", r);
	if (meta.spki_len == 0) {
		cli_err("personalize: the card's attestation key is of an unknown "
		    "type");
		return -1;
	}
	if (adm_perso_f9_cert(&ps->ca_key, ps->ca_cert, ps->ca_len, cur, len,
	    meta.spki, meta.spki_len, ps->p.validity_days, ps->f9,
	    sizeof(ps->f9), &ps->f9_len) != 0)
		return -1;
	if (ps->f9_len > UIMKEY_PIV_CERT_MAX) {
		cli_err("personalize: the attestation certificate is too large");
		return -1;
	}
	return 0;
}

/* The card's issuer lock against the profile's; before the card
 * changes. */
static int
check_issuer(uimkey_dev_t *dev, struct perso *ps)
{
	uimkey_piv_lock_info_t info;
	char id[ADM_LOCK_KEY_ID_HEX];

	if (!ps->p.has_issuer)
		return 0;
	if (cli_lock_info_get(dev, "personalize: the issuer lock", &info) !=
	    UIMKEY_OK)
		return -1;
	if (!info.installed)
		return 0;
	if (memcmp(info.issuer, ps->p.issuer_point, UIMKEY_LOCK_POINT_LEN) !=
	    0) {
		adm_lock_key_id(info.issuer, id);
		cli_err("personalize: the card is bound to another issuer key "
		    "already (SHA-256 %s): it cannot be replaced, not even by "
		    "RESET", id);
		return -1;
	}
	ps->issuer_kept = 1;
	ps->issuer_counter = info.counter;
	return 0;
}

/* After the new management key: the card refuses it before. */
static int
install_issuer(uimkey_dev_t *dev, struct perso *ps)
{
	int r;

	if (!ps->p.has_issuer || ps->issuer_kept)
		return 0;
	if ((r = uimkey_piv_install_issuer_key(dev, ps->p.issuer_point,
	    ps->p.issuer_counter)) != UIMKEY_OK) {
		cli_err("personalize: the issuer key: %s", cli_strerr(r));
		cli_err("personalize: the card is personalized without its issuer "
		    "key; bind it with: uimkey lock install --issuer-pub FILE "
		    "--counter %lu --mgmt-key-file FILE",
		    (unsigned long)ps->p.issuer_counter);
		return -1;
	}
	return 0;
}

static void
hex(const uint8_t *b, size_t len, char *out)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * len] = '\0';
}

/* Random values go to a new 0600 file, written before the card
 * changes. */
static int
write_secrets(struct perso *ps)
{
	char buf[512], key[HEX_KEY];
	size_t n;
	int r;

	if (!any_random(&ps->p))
		return 0;
	n = (size_t)snprintf(buf, sizeof(buf),
	    "# uimkey personalization, card serial %u: keep secret\n",
	    (unsigned)ps->serial);
	if (ps->p.pin.random)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "PIN=%s\n",
		    ps->p.pin.v.s);
	if (ps->p.puk.random)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "PUK=%s\n",
		    ps->p.puk.v.s);
	if (ps->p.mgmt.random) {
		hex(ps->mgmt, ps->mgmt_len, key);
		n += (size_t)snprintf(buf + n, sizeof(buf) - n,
		    "MANAGEMENT_KEY=%s\nMANAGEMENT_KEY_ALG=%s\n", key,
		    adm_alg_name((uint8_t)ps->p.mgmt_alg));
	}
	r = adm_write_file(ps->secrets_out, buf, n, 1);
	explicit_bzero(buf, sizeof(buf));
	explicit_bzero(key, sizeof(key));
	return r;
}

static int
put_objects(uimkey_dev_t *dev, struct perso *ps)
{
	uint8_t v[OBJ_MAX];
	size_t len;
	int r = UIMKEY_OK;

	if (ps->p.has_chuid && ((len = adm_perso_chuid(&ps->p, ps->serial, v,
	    sizeof(v))) == 0 || (r = uimkey_piv_put_data(dev,
	    UIMKEY_PIV_OBJ_CHUID, v, len)) != UIMKEY_OK))
		return bad("personalize: CHUID", r);
	if (ps->p.has_ccc && ((len = adm_perso_ccc(&ps->p, v, sizeof(v))) == 0 ||
	    (r = uimkey_piv_put_data(dev, UIMKEY_PIV_OBJ_CCC, v, len)) !=
	    UIMKEY_OK))
		return bad("personalize: CCC", r);
	if (ps->p.has_printed && ((len = adm_perso_printed(&ps->p, v,
	    sizeof(v))) == 0 || (r = uimkey_piv_put_data(dev,
	    UIMKEY_PIV_OBJ_PRINTED, v, len)) != UIMKEY_OK))
		return bad("personalize: printed information", r);
	if (ps->p.has_attest && (r = uimkey_piv_write_cert(dev,
	    UIMKEY_SLOT_ATTEST, ps->f9, ps->f9_len)) != UIMKEY_OK)
		return bad("personalize: attestation certificate", r);
	return 0;
}

static int
gen_keys(uimkey_dev_t *dev, struct perso *ps)
{
	size_t i;
	int r;

	for (i = 0; i < ps->p.ngen; i++) {
		r = uimkey_piv_generate(dev, ps->p.gen[i].slot, ps->p.gen[i].alg,
		    ps->p.gen[i].policy, 0, NULL, 0, NULL);
		if (r != UIMKEY_OK) {
			cli_err("personalize: key in slot %02x: %s",
			    ps->p.gen[i].slot, cli_strerr(r));
			return -1;
		}
	}
	return 0;
}

static int
credentials(uimkey_dev_t *dev, struct perso *ps)
{
	const struct adm_profile *p = &ps->p;
	int r, tries;

	if (p->pin_retries > 0 &&
	    ((r = uimkey_piv_verify_pin(dev, UIMKEY_DEFAULT_PIN, &tries)) != UIMKEY_OK ||
	    (r = uimkey_piv_set_retries(dev, (uint8_t)p->pin_retries,
	    (uint8_t)p->puk_retries)) != UIMKEY_OK))
		return bad("personalize: retry counts", r);
	if (p->has_policy && (r = uimkey_piv_set_pin_policy(dev,
	    (uint8_t)p->min_len, p->rules & ~UIMKEY_PIV_PIN_RULE_CHANGE_FIRST)) !=
	    UIMKEY_OK)
		return bad("personalize: PIN policy", r);
	if ((r = uimkey_piv_change_pin(dev, UIMKEY_DEFAULT_PIN, p->pin.v.s, &tries)) !=
	    UIMKEY_OK)
		return bad("personalize: the new PIN", r);
	if ((r = uimkey_piv_change_puk(dev, UIMKEY_DEFAULT_PUK, p->puk.v.s, &tries)) !=
	    UIMKEY_OK)
		return bad("personalize: the new PUK", r);
	if (p->has_policy && (p->rules & UIMKEY_PIV_PIN_RULE_CHANGE_FIRST) &&
	    (r = uimkey_piv_set_pin_policy(dev, 0, p->rules)) != UIMKEY_OK)
		return bad("personalize: PIN policy", r);
	if ((r = uimkey_piv_set_mgmt_key(dev, (uint8_t)p->mgmt_alg, ps->mgmt,
	    ps->mgmt_len)) != UIMKEY_OK)
		return bad("personalize: the management key", r);
	return 0;
}

static void
summary(const struct perso *ps)
{
	const struct adm_profile *p = &ps->p;
	size_t i;

	printf("card %u personalized:", (unsigned)ps->serial);
	if (p->has_chuid || p->has_ccc || p->has_printed)
		printf(" objects%s%s%s;", p->has_chuid ? " CHUID" : "",
		    p->has_ccc ? " CCC" : "", p->has_printed ? " PRINTED" : "");
	if (p->has_attest)
		printf(" attestation certificate issued by the manufacturer CA;");
	for (i = 0; i < p->ngen; i++)
		printf(" slot %02x %s;", p->gen[i].slot,
		    adm_alg_name(p->gen[i].alg));
	if (p->has_issuer && ps->issuer_kept)
		printf(" issuer key kept from before (lock counter %lu);",
		    (unsigned long)ps->issuer_counter);
	else if (p->has_issuer)
		printf(" issuer key installed (lock counter %lu);",
		    (unsigned long)p->issuer_counter);
	printf(" PIN, PUK and %s management key set%s%s\n",
	    adm_alg_name((uint8_t)p->mgmt_alg),
	    any_random(p) ? "; random values in " : "",
	    any_random(p) ? ps->secrets_out : "");
}

/* The card's part, once the profile and the secrets are ready. */
static int
personalize(uimkey_dev_t *dev, struct cli_args *a, void *arg)
{
	struct perso *ps = arg;
	int wrote;

	uimkey_dev_serial(dev, &ps->serial);
	if (check_factory(dev) != 0 || check_issuer(dev, ps) != 0 ||
	    prepare_f9(dev, ps) != 0 || cli_auth_mgmt(dev, a) != CLI_OK)
		return CLI_FAIL;
	if (write_secrets(ps) != 0)
		return CLI_FAIL;
	wrote = any_random(&ps->p);
	if (put_objects(dev, ps) != 0 || gen_keys(dev, ps) != 0 ||
	    credentials(dev, ps) != 0) {
		if (wrote)
			cli_err("personalize: the card is partly personalized; the "
			    "values set so far are in '%s'", ps->secrets_out);
		return CLI_FAIL;
	}
	if (install_issuer(dev, ps) != 0) {
		if (wrote)
			cli_err("personalize: the values set are in '%s'",
			    ps->secrets_out);
		return CLI_FAIL;
	}
	summary(ps);
	return CLI_OK;
}

int
cmd_personalize(struct cli_args *a)
{
	struct perso *ps;
	int status = CLI_USAGE;

	if (a->profile == NULL) {
		cli_err("personalize: --profile FILE is required");
		return CLI_USAGE;
	}
	if ((ps = calloc(1, sizeof(*ps))) == NULL) {
		cli_err("out of memory");
		return CLI_FAIL;
	}
	if (adm_profile_load(a->profile, &ps->p) != 0)
		goto fail;
	ps->secrets_out = a->secrets_out ? a->secrets_out :
	    ps->p.secrets_out[0] ? ps->p.secrets_out : NULL;
	if (any_random(&ps->p) && ps->secrets_out == NULL) {
		cli_err("personalize: random values need a file: "
		    "\"secrets_output\" in the profile or --secrets-out FILE");
		goto fail;
	}
	if (ps->secrets_out != NULL && access(ps->secrets_out, F_OK) == 0) {
		cli_err("personalize: '%s' exists: secrets are written only to a "
		    "new file", ps->secrets_out);
		goto fail;
	}
	if (prepare_secrets(ps) != 0 || prepare_ca(ps) != 0)
		goto fail;
	status = cli_with_card(a, 0, personalize, ps);
fail:
	adm_profile_wipe(&ps->p);
	adm_skey_free(&ps->ca_key);
	free(ps->ca_cert);
	explicit_bzero(ps, sizeof(*ps));
	free(ps);
	return status;
}
