/*
 * uimkey reset: the card back to its factory state (keys, certificates,
 * objects, PIN, PUK, management key, PIN policy), keeping only the
 * attestation key and its certificate.  The card allows it only when
 * both the PIN and the PUK are blocked: whoever resets a card has first
 * lost every way to use what it held.
 */
#include "host/cli/cli.h"

int
cmd_reset(struct cli_args *a)
{
	uimkey_ctx_t *ctx = NULL;
	uimkey_dev_t *dev = NULL;
	uimkey_piv_meta_t pin, puk;
	int r, status = CLI_FAIL;

	if (cli_open_args(a, &ctx, &dev) != UIMKEY_OK)
		goto fail;
	if (uimkey_piv_get_metadata(dev, UIMKEY_PIV_REF_PIN, &pin) ==
	    UIMKEY_OK && uimkey_piv_get_metadata(dev, UIMKEY_PIV_REF_PUK,
	    &puk) == UIMKEY_OK && (pin.tries_left > 0 || puk.tries_left > 0)) {
		cli_err("reset: the card resets only when the PIN and the PUK are "
		    "both blocked (PIN: %d tries left, PUK: %d tries left)",
		    pin.tries_left, puk.tries_left);
		goto fail;
	}
	if ((r = uimkey_piv_reset(dev)) != UIMKEY_OK) {
		if (r == UIMKEY_ERR_SW_CONDITIONS)
			cli_err("reset: refused: the PIN and the PUK must both be "
			    "blocked");
		else
			cli_fail("reset", r);
		goto fail;
	}
	puts("card reset: PIN 123456, PUK 12345678, factory management key; "
	    "keys, certificates and objects erased (the attestation key and "
	    "certificate kept)");
	status = CLI_OK;
fail:
	cli_close(&ctx, &dev);
	return status;
}
