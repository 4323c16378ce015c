/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey key import: a private key made elsewhere (PEM or DER, PKCS#8,
 * SEC1 or PKCS#1, unencrypted) into a slot.  The card marks it imported:
 * it never attests it, and an RA that asks for attestation refuses it.
 */
#include <string.h>

#include "cli.h"
#include "crypto.h"

static int
import(uimkey_dev_t *dev, int slot, const struct cli_skey *k, int policy)
{
	uimkey_piv_rsa_key_t rk;

	if (k->ec != NULL)
		return uimkey_piv_import_ec(dev, (uint8_t)slot, k->alg, k->ec->x,
		    k->ec->xlen, (uint8_t)policy, 0);
	rk.p = k->rsa->p;
	rk.p_len = k->rsa->plen;
	rk.q = k->rsa->q;
	rk.q_len = k->rsa->qlen;
	rk.dp = k->rsa->dp;
	rk.dp_len = k->rsa->dplen;
	rk.dq = k->rsa->dq;
	rk.dq_len = k->rsa->dqlen;
	rk.qinv = k->rsa->iq;
	rk.qinv_len = k->rsa->iqlen;
	return uimkey_piv_import_rsa(dev, (uint8_t)slot, k->alg, &rk,
	    (uint8_t)policy, 0);
}

int
cmd_key_import(struct cli_args *a)
{
	uimkey_ctx_t *ctx = NULL;
	uimkey_dev_t *dev = NULL;
	struct cli_skey k;
	int slot, policy = 0, r, status = CLI_USAGE;

	memset(&k, 0, sizeof(k));
	if ((slot = cli_slot_arg(a, a->slot, "--slot", 0)) < 0)
		return CLI_USAGE;
	if (a->pin_policy != NULL &&
	    (policy = cli_policy_parse(a->pin_policy)) < 0) {
		cli_err("key import: --pin-policy must be never, once or always");
		return CLI_USAGE;
	}
	if (a->key_file == NULL) {
		cli_err("key import: --key-file FILE is required");
		return CLI_USAGE;
	}
	if (cli_skey_load(a->key_file, &k) != 0)
		goto fail;
	if (k.alg == 0) {
		cli_err("key import: '%s' is a key the card does not take (P-256, "
		    "P-384, RSA 2048/3072/4096)", a->key_file);
		goto fail;
	}
	status = CLI_FAIL;
	if (cli_open_args(a, &ctx, &dev) != UIMKEY_OK)
		goto fail;
	if ((r = cli_auth_mgmt(dev, a)) != CLI_OK) {
		status = r;
		goto fail;
	}
	if ((r = import(dev, slot, &k, policy)) != UIMKEY_OK) {
		cli_fail("key import", r);
		if (r == UIMKEY_ERR_SW_DATA)
			cli_err("the card refuses the key (RSA needs e = 65537)");
		goto fail;
	}
	fprintf(stderr, "%s key imported into slot %02x\n",
	    cli_alg_name(k.alg), slot);
	status = CLI_OK;
fail:
	cli_skey_free(&k);
	cli_close(&ctx, &dev);
	return status;
}
