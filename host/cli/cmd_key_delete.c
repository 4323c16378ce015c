/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey key delete | move.  Certificates are data objects and stay
 * where they are: the card moves and deletes keys only.
 */
#include "cli.h"

int
cmd_key_delete(struct cli_args *a)
{
	uimkey_ctx_t *ctx = NULL;
	uimkey_dev_t *dev = NULL;
	int slot, r, status = CLI_USAGE;

	if ((slot = cli_slot_arg(a, a->slot, "--slot", 0)) < 0)
		return CLI_USAGE;
	status = CLI_FAIL;
	if (cli_open_args(a, &ctx, &dev) != UIMKEY_OK)
		goto fail;
	if ((r = cli_auth_mgmt(dev, a)) != CLI_OK) {
		status = r;
		goto fail;
	}
	if ((r = uimkey_piv_delete_key(dev, (uint8_t)slot)) != UIMKEY_OK) {
		cli_fail("key delete", r);
		goto fail;
	}
	fprintf(stderr, "key in slot %02x deleted\n", slot);
	status = CLI_OK;
fail:
	cli_close(&ctx, &dev);
	return status;
}

int
cmd_key_move(struct cli_args *a)
{
	uimkey_ctx_t *ctx = NULL;
	uimkey_dev_t *dev = NULL;
	int from, to, r, status = CLI_USAGE;

	if ((from = cli_slot_arg(a, a->slot, "--slot", 0)) < 0 ||
	    (to = cli_slot_arg(a, a->to, "--to", 0)) < 0)
		return CLI_USAGE;
	if (from == to) {
		cli_err("key move: --slot and --to are the same slot");
		return CLI_USAGE;
	}
	status = CLI_FAIL;
	if (cli_open_args(a, &ctx, &dev) != UIMKEY_OK)
		goto fail;
	if ((r = cli_auth_mgmt(dev, a)) != CLI_OK) {
		status = r;
		goto fail;
	}
	r = uimkey_piv_move_key(dev, (uint8_t)from, (uint8_t)to);
	if (r == UIMKEY_ERR_SW_CONDITIONS) {
		cli_err("key move: slot %02x already holds a key; delete it first",
		    to);
		goto fail;
	}
	if (r != UIMKEY_OK) {
		cli_fail("key move", r);
		goto fail;
	}
	fprintf(stderr, "key moved from slot %02x to %02x\n", from, to);
	status = CLI_OK;
fail:
	cli_close(&ctx, &dev);
	return status;
}
