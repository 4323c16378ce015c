/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Proving the PIN and the management key to the card for a command.
 * The factory management key is used only when the card itself says its
 * key is still the factory one (GET METADATA 9B); otherwise the key comes
 * from --mgmt-key-file (hex) or the terminal.
 */
#define _DEFAULT_SOURCE
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const uint8_t factory_key[24] = {
	1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8
};

int
cli_auth_mgmt(uimkey_dev_t *dev, const struct cli_args *a)
{
	uint8_t key[UIMKEY_MGMT_KEY_MAX];
	struct adm_secret sec;
	uimkey_piv_meta_t meta;
	long n;
	int r, have_meta;

	memset(&sec, 0, sizeof(sec));
	r = uimkey_piv_get_metadata(dev, UIMKEY_SLOT_MGMT, &meta);
	have_meta = r == UIMKEY_OK;
	if (a->mgmt_key_file == NULL && have_meta && meta.is_default == 1) {
		r = uimkey_piv_auth_mgmt(dev, meta.alg, factory_key,
		    sizeof(factory_key));
		if (r != UIMKEY_OK)
			return cli_fail(r == UIMKEY_ERR_SW_LOCKED ? a->cmd :
			    "the factory management key", r);
		return CLI_OK;
	}
	r = UIMKEY_ERR_ARG;
	if (a->mgmt_key_file == NULL && !isatty(STDIN_FILENO)) {
		cli_err("the card's management key is not the factory one: give "
		    "--mgmt-key-file FILE");
		goto fail;
	}
	if (adm_secret_get(&sec, a->mgmt_key_file, "management key (hex)",
	    0) != 0)
		goto fail;
	n = adm_hex_decode(sec.s, sec.len, key, sizeof(key));
	if (n != 16 && n != 24 && n != 32) {
		cli_err("the management key must be 16, 24 or 32 bytes in hex");
		goto fail;
	}
	r = uimkey_piv_auth_mgmt(dev, have_meta ? meta.alg : 0, key, (size_t)n);
	if (r == UIMKEY_ERR_SW_SECURITY)
		cli_err("wrong management key");
	else if (r == UIMKEY_ERR_ARG)
		cli_err("the management key has the wrong length for the card's "
		    "%s key", have_meta ? adm_alg_name(meta.alg) : "3DES");
	else if (r != UIMKEY_OK)
		cli_fail(r == UIMKEY_ERR_SW_LOCKED ? a->cmd : "management key", r);
fail:
	explicit_bzero(key, sizeof(key));
	adm_secret_wipe(&sec);
	return r == UIMKEY_OK ? CLI_OK : r == UIMKEY_ERR_ARG ? CLI_USAGE :
	    CLI_FAIL;
}

int
cli_pin_fail(const char *what, const char *cred, int r, int tries)
{
	switch (r) {
	case UIMKEY_ERR_SW_WRONG_PIN:
		cli_err("%s: wrong %s, %d %s left", what, cred, tries,
		    tries == 1 ? "try" : "tries");
		if (tries == 0)
			cli_err("the %s is now blocked", cred);
		break;
	case UIMKEY_ERR_SW_BLOCKED:
		if (strcmp(cred, "PIN") == 0)
			cli_err("%s: the PIN is blocked, 0 tries left; unblock it "
			    "with the PUK (uimkey pin unblock)", what);
		else
			cli_err("%s: the %s is blocked, 0 tries left", what, cred);
		break;
	case UIMKEY_ERR_ARG:
		cli_err("%s: a %s has 6 to 8 characters", what, cred);
		return CLI_USAGE;
	default:
		cli_fail(what, r);
		break;
	}
	return CLI_FAIL;
}

int
cli_verify_pin(uimkey_dev_t *dev, const struct cli_args *a)
{
	struct adm_secret pin;
	int r, tries = -1;

	if (adm_secret_get(&pin, a->pin_file, "PIN", 0) != 0)
		return CLI_USAGE;
	r = uimkey_piv_verify_pin(dev, pin.s, &tries);
	adm_secret_wipe(&pin);
	if (r != UIMKEY_OK)
		return cli_pin_fail("verify PIN", "PIN", r, tries);
	return CLI_OK;
}
