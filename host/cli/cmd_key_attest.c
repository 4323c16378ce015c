/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey key attest: the certificate the card's attestation key (F9)
 * signs for a key the card generated.  The card refuses imported keys.
 */
#include "cli.h"

int
cmd_key_attest(struct cli_args *a)
{
	uimkey_ctx_t *ctx = NULL;
	uimkey_dev_t *dev = NULL;
	uint8_t cert[UIMKEY_PIV_CERT_MAX];
	size_t len;
	int slot, r, status = CLI_USAGE;

	if ((slot = cli_slot_arg(a, a->slot, "--slot", 0)) < 0)
		return CLI_USAGE;
	status = CLI_FAIL;
	if (cli_open_args(a, &ctx, &dev) != UIMKEY_OK)
		goto fail;
	r = uimkey_piv_attest(dev, (uint8_t)slot, cert, sizeof(cert), &len);
	if (r == UIMKEY_ERR_SW_DATA) {
		cli_err("key attest: the key in slot %02x was imported; the card "
		    "attests only keys it generated", slot);
		goto fail;
	}
	if (r != UIMKEY_OK) {
		cli_fail("key attest", r);
		goto fail;
	}
	if (cli_object_write(a, "CERTIFICATE", cert, len) != 0)
		goto fail;
	status = CLI_OK;
fail:
	cli_close(&ctx, &dev);
	return status;
}
