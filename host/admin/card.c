/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Steps on a card that the command line and the admin library's own runs
 * (personalization) share, so that both say them in the same words.
 */
#define _DEFAULT_SOURCE
#include <string.h>
#include <unistd.h>

#include "admin/card.h"
#include "admin/io.h"
#include "admin/names.h"

const char *
adm_strerr(int r)
{
	switch (r) {
	case UIMKEY_ERR_SW_SECURITY:
		return "not allowed: the management key or the PIN was not "
		    "proven to the card (6982)";
	case UIMKEY_ERR_SW_NO_REF:
		return "the slot is empty (6A88)";
	case UIMKEY_ERR_SW_NOT_FOUND:
		return "no such object on the card (6A82)";
	case UIMKEY_ERR_SW_BLOCKED:
		return "blocked (6983)";
	case UIMKEY_ERR_SW_LOCKED:
		return "the card is LOCKED BY ISSUER: its keys, PIN and PUK cannot "
		    "be used and nothing on it can be changed until its issuer's "
		    "unlock token is applied (uimkey lock apply) (6283)";
	case UIMKEY_ERR_PIN_MUST_CHANGE:
		return "the PIN must be changed before use (uimkey pin change)";
	case UIMKEY_ERR_PIN_POLICY:
		return "the new value is refused by the card's PIN policy: too "
		    "short, not digits only, or trivial (123456, 111111, ...) "
		    "(6A80)";
	default:
		return uimkey_strerr(r);
	}
}

int
adm_fail(const char *what, int r)
{
	adm_err("%s: %s", what, adm_strerr(r));
	return -1;
}

int
adm_mgmt_auth(uimkey_dev_t *dev, const char *key_file, const char *cmd)
{
	static const uint8_t factory_key[] = UIMKEY_DEFAULT_MGMT_KEY;
	uint8_t key[UIMKEY_MGMT_KEY_MAX];
	struct adm_secret sec;
	uimkey_piv_meta_t meta;
	long n;
	int r, have_meta;

	memset(&sec, 0, sizeof(sec));
	r = uimkey_piv_get_metadata(dev, UIMKEY_SLOT_MGMT, &meta);
	have_meta = r == UIMKEY_OK;
	if (key_file == NULL && have_meta && meta.is_default == 1) {
		r = uimkey_piv_auth_mgmt(dev, meta.alg, factory_key,
		    sizeof(factory_key));
		if (r != UIMKEY_OK)
			return adm_fail(r == UIMKEY_ERR_SW_LOCKED ? cmd :
			    "the factory management key", r);
		return 0;
	}
	r = UIMKEY_ERR_ARG;
	if (key_file == NULL && !isatty(STDIN_FILENO)) {
		adm_err("the card's management key is not the factory one: give "
		    "--mgmt-key-file FILE");
		goto fail;
	}
	if (adm_secret_get(&sec, key_file, "management key (hex)", 0) != 0)
		goto fail;
	n = adm_hex_decode(sec.s, sec.len, key, sizeof(key));
	if (n != 16 && n != 24 && n != 32) {
		adm_err("the management key must be 16, 24 or 32 bytes in hex");
		goto fail;
	}
	r = uimkey_piv_auth_mgmt(dev, have_meta ? meta.alg : 0, key, (size_t)n);
	if (r == UIMKEY_ERR_SW_SECURITY)
		adm_err("wrong management key");
	else if (r == UIMKEY_ERR_ARG)
		adm_err("the management key has the wrong length for the card's "
		    "%s key", have_meta ? adm_alg_name(meta.alg) : "3DES");
	else if (r != UIMKEY_OK)
		adm_fail(r == UIMKEY_ERR_SW_LOCKED ? cmd : "management key", r);
fail:
	explicit_bzero(key, sizeof(key));
	adm_secret_wipe(&sec);
	return r == UIMKEY_OK ? 0 : r == UIMKEY_ERR_ARG ? -2 : -1;
}

int
adm_lock_info_get(uimkey_dev_t *dev, const char *what,
    uimkey_piv_lock_info_t *info)
{
	int r = uimkey_piv_lock_info(dev, info);

	if (r == UIMKEY_ERR_UNSUPPORTED)
		adm_err("%s: this card has no issuer lock (it is not a uimkey "
		    "card)", what);
	else if (r != UIMKEY_OK)
		adm_fail(what, r);
	return r;
}
