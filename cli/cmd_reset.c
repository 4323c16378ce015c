/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey reset: the card back to its factory state (keys, certificates,
 * objects, PIN, PUK, management key, PIN policy), keeping only the
 * attestation key and its certificate.  The card allows it only when
 * both the PIN and the PUK are blocked: whoever resets a card has first
 * lost every way to use what it held.  A card locked by its issuer is
 * never reset (only the issuer's unlock token recovers it), and the
 * issuer key and lock counter survive a reset.
 */
#include "cli.h"

static int
reset(uimkey_dev_t *dev, struct cli_args *a, void *arg)
{
	uimkey_piv_meta_t pin, puk;
	uimkey_piv_lock_info_t lock;
	int r, status = CLI_FAIL, have_lock;

	have_lock = uimkey_piv_lock_info(dev, &lock) == UIMKEY_OK;
	if (have_lock && lock.locked) {
		cli_err("reset: refused: the card is LOCKED BY ISSUER, and a locked "
		    "card is never reset (a thief must not wipe and reuse it); "
		    "only its issuer's unlock token recovers it");
		goto fail;
	}
	if (uimkey_piv_get_metadata(dev, UIMKEY_REF_PIN, &pin) ==
	    UIMKEY_OK && uimkey_piv_get_metadata(dev, UIMKEY_REF_PUK,
	    &puk) == UIMKEY_OK && (pin.tries_left > 0 || puk.tries_left > 0)) {
		cli_err("reset: the card resets only when the PIN and the PUK are "
		    "both blocked (PIN: %d tries left, PUK: %d tries left)",
		    pin.tries_left, puk.tries_left);
		goto fail;
	}
	if ((r = uimkey_piv_reset(dev)) != UIMKEY_OK) {
		if (r == UIMKEY_ERR_SW_LOCKED)
			cli_err("reset: refused: the card is LOCKED BY ISSUER; only "
			    "its issuer's unlock token recovers it");
		else if (r == UIMKEY_ERR_SW_CONDITIONS)
			cli_err("reset: refused: the PIN and the PUK must both be "
			    "blocked");
		else
			cli_fail("reset", r);
		goto fail;
	}
	printf("card reset: PIN 123456, PUK 12345678, factory management key; "
	    "keys, certificates and objects erased (the attestation key and "
	    "certificate kept%s)\n", have_lock && lock.installed ?
	    ", and the issuer key and lock counter" : "");
	status = CLI_OK;
fail:
	return status;
}

int
cmd_reset(struct cli_args *a)
{
	return cli_with_card(a, 0, reset, NULL);
}
