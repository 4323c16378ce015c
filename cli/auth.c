/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Proving the PIN and the management key to the card for a command.
 * The factory management key is used only when the card itself says its
 * key is still the factory one (GET METADATA 9B); otherwise the key comes
 * from --mgmt-key-file (hex) or the terminal (adm_mgmt_auth).
 */
#include <string.h>

#include "cli.h"

int
cli_auth_mgmt(uimkey_dev_t *dev, const struct cli_args *a)
{
	int r = adm_mgmt_auth(dev, a->mgmt_key_file, a->cmd);

	return r == 0 ? CLI_OK : r == -2 ? CLI_USAGE : CLI_FAIL;
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
