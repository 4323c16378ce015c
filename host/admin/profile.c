/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The personalization profile's sections (its JSON: profile_json.c).  Every
 * object's keys are checked against the keys it may have, every value
 * against its type and range; the first bad field is refused with its
 * path, e.g. "profile.json: $.credentials.pin_retries: expected a whole
 * number from 1 to 15".  Nothing reaches the card before the whole
 * profile is good.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <string.h>

#include "admin/lock.h"
#include "admin/names.h"
#include "admin/profile.h"
#include "profile_json.h"

#define PROFILE_FILE_MAX  (64 * 1024)

const struct adm_printed_field adm_printed_fields[ADM_PRINTED_FIELDS] = {
	{ "name", 0x01, 125 },
	{ "employee_affiliation", 0x02, 20 },
	{ "expiration_date", 0x04, 9 },
	{ "agency_card_serial", 0x05, 20 },
	{ "issuer_id", 0x06, 15 },
	{ "organization_affiliation1", 0x07, 20 },
	{ "organization_affiliation2", 0x08, 20 },
};

/* "random", {"value": "..."} or {"file": "..."}. */
static int
get_secret(const struct adm_json *j, int i, const char *path,
    struct adm_profile_secret *sec, const char *what)
{
	static const char *const keys[] = { "value", "file", NULL };
	char sub[ADM_JSON_PATH_MAX], file[ADM_PROFILE_PATH_MAX];
	struct adm_json_iter it;
	int k, v, r, n = 0;

	if (adm_json_is(j, i, "random")) {
		sec->random = 1;
		return 0;
	}
	if (!adm_json_is_object(j, i))
		return adm_json_err(j, path, "expected \"random\", {\"value\": ...} or "
		    "{\"file\": ...}");
	if (adm_json_obj_begin(j, i, path, &it) != 0)
		return -1;
	while ((r = adm_json_obj_next(j, &it, path, keys, &k, &v, sub)) == 1) {
		n++;
		if (k == 0 && adm_json_str(j, v, sub, sec->v.s, sizeof(sec->v.s),
		    &sec->v.len) != 0)
			return -1;
		if (k == 1 && (adm_json_path(j, v, sub, file) != 0 ||
		    adm_secret_get(&sec->v, file, what, 0) != 0))
			return -1;
	}
	if (r < 0)
		return -1;
	if (n != 1)
		return adm_json_err(j, path, "give exactly one of \"value\" and \"file\"");
	if (sec->v.len == 0)
		return adm_json_err(j, path, "empty %s", what);
	return 0;
}

static int
credentials(const struct adm_json *j, int i, const char *path, struct adm_profile *p)
{
	static const char *const keys[] = { "pin", "puk", "management_key",
		"pin_retries", "puk_retries", "secrets_output", "kdf_iterations",
		NULL };
	static const char *const mkeys[] = { "alg", "key", NULL };
	char sub[ADM_JSON_PATH_MAX], sub2[ADM_JSON_PATH_MAX], alg[16];
	struct adm_json_iter it, it2;
	long n;
	int k, v, k2, v2, r;

	if (adm_json_obj_begin(j, i, path, &it) != 0)
		return -1;
	while ((r = adm_json_obj_next(j, &it, path, keys, &k, &v, sub)) == 1) {
		switch (k) {
		case 0:
			if (get_secret(j, v, sub, &p->pin, "PIN") != 0)
				return -1;
			if (!p->pin.random && (p->pin.v.len < 6 || p->pin.v.len > 8))
				return adm_json_err(j, sub, "a PIN has 6 to 8 characters");
			break;
		case 1:
			if (get_secret(j, v, sub, &p->puk, "PUK") != 0)
				return -1;
			if (!p->puk.random && (p->puk.v.len < 6 || p->puk.v.len > 8))
				return adm_json_err(j, sub, "a PUK has 6 to 8 characters");
			break;
		case 2:
			if (adm_json_obj_begin(j, v, sub, &it2) != 0)
				return -1;
			while ((r = adm_json_obj_next(j, &it2, sub, mkeys, &k2, &v2, sub2)) ==
			    1) {
				if (k2 == 0 && (adm_json_str(j, v2, sub2, alg, sizeof(alg),
				    NULL) != 0 ||
				    (p->mgmt_alg = adm_mgmt_alg_parse(alg)) < 0))
					return adm_json_err(j, sub2, "expected aes128, aes192, "
					    "aes256 or 3des");
				if (k2 == 1 && get_secret(j, v2, sub2, &p->mgmt,
				    "management key") != 0)
					return -1;
			}
			if (r < 0)
				return -1;
			if (!(it2.seen & 2))
				return adm_json_err(j, sub, "\"key\" is required");
			break;
		case 3:
		case 4:
			if (adm_json_int(j, v, sub, 1, 15, &n) != 0)
				return -1;
			*(k == 3 ? &p->pin_retries : &p->puk_retries) = (int)n;
			break;
		case 5:
			if (adm_json_path(j, v, sub, p->secrets_out) != 0)
				return -1;
			break;
		case 6:
			if (adm_json_int(j, v, sub, ADM_KDF_ITERATIONS_MIN,
			    ADM_KDF_ITERATIONS_MAX, &n) != 0)
				return -1;
			p->kdf_iterations = (uint32_t)n;
			break;
		}
	}
	if (r < 0)
		return -1;
	for (k = 0; k < 3; k++)
		if (!(it.seen & (1u << k)))
			return adm_json_err(j, path, "\"%s\" is required: personalization "
			    "replaces every factory credential", keys[k]);
	if ((p->pin_retries == 0) != (p->puk_retries == 0))
		return adm_json_err(j, path, "give both pin_retries and puk_retries, or "
		    "neither");
	return 0;
}

static int
pin_policy(const struct adm_json *j, int i, const char *path, struct adm_profile *p)
{
	static const char *const keys[] = { "min_length", "digits_only",
		"no_trivial", "change_first", NULL };
	static const int bits[] = { 0, UIMKEY_PIV_PIN_RULE_DIGITS,
		UIMKEY_PIV_PIN_RULE_NO_TRIVIAL, UIMKEY_PIV_PIN_RULE_CHANGE_FIRST };
	char sub[ADM_JSON_PATH_MAX];
	struct adm_json_iter it;
	long n;
	int k, v, b = 0, r;

	p->has_policy = 1;
	/* The factory rules: no trivial values. */
	p->rules = UIMKEY_PIV_PIN_RULE_NO_TRIVIAL;
	if (adm_json_obj_begin(j, i, path, &it) != 0)
		return -1;
	while ((r = adm_json_obj_next(j, &it, path, keys, &k, &v, sub)) == 1) {
		if (k == 0) {
			if (adm_json_int(j, v, sub, 6, 8, &n) != 0)
				return -1;
			p->min_len = (int)n;
			continue;
		}
		if (adm_json_bool(j, v, sub, &b) != 0)
			return -1;
		p->rules = b ? p->rules | bits[k] : p->rules & ~bits[k];
	}
	return r;
}

static int
chuid(const struct adm_json *j, int i, const char *path, struct adm_profile *p)
{
	static const char *const keys[] = { "fascn", "guid", "expiry", NULL };
	char sub[ADM_JSON_PATH_MAX];
	struct adm_json_iter it;
	size_t len, k2;
	int k, v, r;

	p->has_chuid = 1;
	memcpy(p->expiry, "20991231", 9);
	if (adm_json_obj_begin(j, i, path, &it) != 0)
		return -1;
	while ((r = adm_json_obj_next(j, &it, path, keys, &k, &v, sub)) == 1) {
		if (k == 0 && adm_json_hex(j, v, sub, p->fascn, sizeof(p->fascn)) != 0)
			return -1;
		if (k == 1 && adm_json_hex(j, v, sub, p->guid, sizeof(p->guid)) != 0)
			return -1;
		if (k == 2) {
			if (adm_json_str(j, v, sub, p->expiry, sizeof(p->expiry), &len) !=
			    0)
				return -1;
			for (k2 = 0; k2 < len; k2++)
				if (p->expiry[k2] < '0' || p->expiry[k2] > '9')
					break;
			if (len != 8 || k2 != 8)
				return adm_json_err(j, sub, "expected YYYYMMDD");
		}
		p->has_fascn |= k == 0;
		p->has_guid |= k == 1;
	}
	return r;
}

static int
printed(const struct adm_json *j, int i, const char *path, struct adm_profile *p)
{
	const char *keys[ADM_PRINTED_FIELDS + 1];
	char sub[ADM_JSON_PATH_MAX];
	struct adm_json_iter it;
	size_t len;
	int k, v, r;

	for (k = 0; k < ADM_PRINTED_FIELDS; k++)
		keys[k] = adm_printed_fields[k].name;
	keys[ADM_PRINTED_FIELDS] = NULL;
	p->has_printed = 1;
	if (adm_json_obj_begin(j, i, path, &it) != 0)
		return -1;
	while ((r = adm_json_obj_next(j, &it, path, keys, &k, &v, sub)) == 1) {
		if (adm_json_str(j, v, sub, p->printed[k], sizeof(p->printed[k]),
		    &len) != 0)
			return -1;
		if (len == 0 || len > adm_printed_fields[k].max)
			return adm_json_err(j, sub, "1 to %zu characters",
			    adm_printed_fields[k].max);
	}
	return r;
}

static int
objects(const struct adm_json *j, int i, const char *path, struct adm_profile *p)
{
	static const char *const keys[] = { "chuid", "ccc", "printed", NULL };
	static const char *const ccc_keys[] = { "card_id", NULL };
	char sub[ADM_JSON_PATH_MAX], sub2[ADM_JSON_PATH_MAX];
	struct adm_json_iter it, it2;
	int k, v, k2, v2, r;

	if (adm_json_obj_begin(j, i, path, &it) != 0)
		return -1;
	while ((r = adm_json_obj_next(j, &it, path, keys, &k, &v, sub)) == 1) {
		if (k == 0 && chuid(j, v, sub, p) != 0)
			return -1;
		if (k == 2 && printed(j, v, sub, p) != 0)
			return -1;
		if (k != 1)
			continue;
		if (adm_json_obj_begin(j, v, sub, &it2) != 0)
			return -1;
		while ((r = adm_json_obj_next(j, &it2, sub, ccc_keys, &k2, &v2, sub2)) ==
		    1)
			if (adm_json_hex(j, v2, sub2, p->card_id, sizeof(p->card_id)))
				return -1;
		if (r < 0)
			return -1;
		if (!(it2.seen & 1))
			return adm_json_err(j, sub, "\"card_id\" is required");
		p->has_ccc = 1;
	}
	return r;
}

static int
slots(const struct adm_json *j, int i, const char *path, struct adm_profile *p)
{
	static const char *const keys[] = { "generate", "pin_policy", NULL };
	char sub[ADM_JSON_PATH_MAX], sub2[ADM_JSON_PATH_MAX], name[16];
	struct adm_json_iter it;
	int n, k, v, r, slot, x;
	size_t g;

	if (!adm_json_is_object(j, i))
		return adm_json_err(j, path, "expected an object");
	i++;
	for (n = adm_json_size(j, i - 1); n > 0; n--) {
		adm_json_member_path(j, i, path, sub);
		if (adm_json_str(j, i, sub, name, sizeof(name), NULL) != 0 ||
		    (slot = adm_slot_parse(name, 0)) < 0)
			return adm_json_err(j, sub, "not a key slot (9a, 9c, 9d, 9e, 82 to "
			    "95)");
		for (g = 0; g < p->ngen; g++)
			if (p->gen[g].slot == slot)
				return adm_json_err(j, sub, "given twice");
		g = p->ngen++;
		p->gen[g].slot = (uint8_t)slot;
		if (adm_json_obj_begin(j, i + 1, sub, &it) != 0)
			return -1;
		while ((r = adm_json_obj_next(j, &it, sub, keys, &k, &v, sub2)) == 1) {
			if (adm_json_str(j, v, sub2, name, sizeof(name), NULL) != 0)
				return -1;
			x = k == 0 ? adm_alg_parse(name) : adm_policy_parse(name);
			if (x < 0)
				return adm_json_err(j, sub2, k == 0 ? "expected p256, p384, "
				    "rsa2048, rsa3072 or rsa4096" : "expected never, "
				    "once or always");
			*(k == 0 ? &p->gen[g].alg : &p->gen[g].policy) = (uint8_t)x;
		}
		if (r < 0)
			return -1;
		if (!(it.seen & 1))
			return adm_json_err(j, sub, "\"generate\" is required");
		i = adm_json_skip(j, i + 1);
	}
	return 0;
}

static int
attestation(const struct adm_json *j, int i, const char *path, struct adm_profile *p)
{
	static const char *const keys[] = { "ca_key", "ca_cert",
		"validity_days", NULL };
	char sub[ADM_JSON_PATH_MAX];
	struct adm_json_iter it;
	int k, v, r;

	if (adm_json_obj_begin(j, i, path, &it) != 0)
		return -1;
	while ((r = adm_json_obj_next(j, &it, path, keys, &k, &v, sub)) == 1) {
		if (k == 0 && adm_json_path(j, v, sub, p->ca_key) != 0)
			return -1;
		if (k == 1 && adm_json_path(j, v, sub, p->ca_cert) != 0)
			return -1;
		if (k == 2 && adm_json_int(j, v, sub, 1, 36500, &p->validity_days) != 0)
			return -1;
	}
	if (r < 0)
		return -1;
	if ((it.seen & 3) != 3)
		return adm_json_err(j, path, "\"ca_key\" and \"ca_cert\" are required");
	p->has_attest = 1;
	return 0;
}

/* {"public_key": FILE, "counter": N}: the key is read here, so that a
 * file without a P-256 public key is named by its path. */
static int
issuer(const struct adm_json *j, int i, const char *path, struct adm_profile *p)
{
	static const char *const keys[] = { "public_key", "counter", NULL };
	char sub[ADM_JSON_PATH_MAX];
	struct adm_json_iter it;
	long n;
	int k, v, r, e;

	if (adm_json_obj_begin(j, i, path, &it) != 0)
		return -1;
	while ((r = adm_json_obj_next(j, &it, path, keys, &k, &v, sub)) == 1) {
		if (k == 1) {
			if (adm_json_int(j, v, sub, 0, 4294967294L, &n) != 0)
				return -1;
			p->issuer_counter = (uint32_t)n;
			continue;
		}
		if (adm_json_path(j, v, sub, p->issuer_pub) != 0)
			return -1;
		if ((e = adm_lock_pub_read(p->issuer_pub, p->issuer_point)) == -1)
			return adm_json_err(j, sub, "cannot read '%s'", p->issuer_pub);
		if (e != 0)
			return adm_json_err(j, sub, "'%s' is not an EC P-256 public key "
			    "(PEM or DER SubjectPublicKeyInfo)", p->issuer_pub);
	}
	if (r < 0)
		return -1;
	if (!(it.seen & 1))
		return adm_json_err(j, path, "\"public_key\" is required");
	p->has_issuer = 1;
	return 0;
}

static int
top(const struct adm_json *j, void *arg)
{
	static const char *const keys[] = { "version", "credentials",
		"pin_policy", "objects", "slots", "attestation", "issuer", NULL };
	struct adm_profile *p = arg;
	char sub[ADM_JSON_PATH_MAX];
	struct adm_json_iter it;
	long version;
	int k, v, m, r = 0;

	if (adm_json_obj_begin(j, 0, "$", &it) != 0)
		return -1;
	while (r == 0 && (m = adm_json_obj_next(j, &it, "$", keys, &k, &v, sub)) != 0) {
		if (m < 0)
			return -1;
		switch (k) {
		case 0: r = adm_json_int(j, v, sub, 1, 1, &version); break;
		case 1: r = credentials(j, v, sub, p); break;
		case 2: r = pin_policy(j, v, sub, p); break;
		case 3: r = objects(j, v, sub, p); break;
		case 4: r = slots(j, v, sub, p); break;
		case 5: r = attestation(j, v, sub, p); break;
		case 6: r = issuer(j, v, sub, p); break;
		}
	}
	if (r != 0)
		return -1;
	if (!(it.seen & 1))
		return adm_json_err(j, "$", "\"version\": 1 is required");
	if (!(it.seen & 2))
		return adm_json_err(j, "$", "\"credentials\" is required");
	return 0;
}

int
adm_profile_load(const char *path, struct adm_profile *p)
{
	int r;

	memset(p, 0, sizeof(*p));
	p->mgmt_alg = UIMKEY_ALG_AES256;
	p->rules = -1;
	if ((r = adm_json_load(path, PROFILE_FILE_MAX, top, p)) != 0)
		adm_profile_wipe(p);
	return r;
}

void
adm_profile_wipe(struct adm_profile *p)
{
	explicit_bzero(p, sizeof(*p));
}
