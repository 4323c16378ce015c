/* SPDX-License-Identifier: BSD-2-Clause */
/* uimkey key: generate, import, attest, delete, move. */
#include <string.h>

#include "admin/crypto.h"
#include "cli.h"

/*
 * uimkey key generate: a key pair made inside the card (X.1122 7.1.1:
 * the private key never leaves it).  The public key comes out as a
 * SubjectPublicKeyInfo, PEM unless --der.
 */

int
cmd_key_generate(struct cli_args *a)
{
	uimkey_ctx_t *ctx = NULL;
	uimkey_dev_t *dev = NULL;
	uint8_t spki[UIMKEY_PIV_SPKI_MAX], cert[UIMKEY_PIV_CERT_MAX];
	size_t len, cert_len;
	int slot, alg, policy = 0, r, status = CLI_USAGE;

	if ((slot = cli_slot_arg(a, a->slot, "--slot", 0)) < 0)
		return CLI_USAGE;
	if (a->alg == NULL || (alg = adm_alg_parse(a->alg)) < 0) {
		cli_err("key generate: --alg must be p256, p384, rsa2048, "
		    "rsa3072 or rsa4096");
		return CLI_USAGE;
	}
	if (a->pin_policy != NULL &&
	    (policy = adm_policy_parse(a->pin_policy)) < 0) {
		cli_err("key generate: --pin-policy must be never, once or "
		    "always");
		return CLI_USAGE;
	}
	if (adm_out_check(a->out) != 0)
		return CLI_FAIL;
	status = CLI_FAIL;
	if (cli_open_args(a, &ctx, &dev) != UIMKEY_OK)
		goto fail;
	if ((r = cli_auth_mgmt(dev, a)) != CLI_OK) {
		status = r;
		goto fail;
	}
	if (uimkey_alg_bits((uint8_t)alg) >= 3072)
		fprintf(stderr, "generating %s on the card, this takes a "
		    "while...\n", adm_alg_name((uint8_t)alg));
	r = uimkey_piv_generate(dev, (uint8_t)slot, (uint8_t)alg,
	    (uint8_t)policy, 0, spki, sizeof(spki), &len);
	if (r != UIMKEY_OK) {
		cli_fail("key generate", r);
		goto fail;
	}
	if (uimkey_piv_read_cert(dev, (uint8_t)slot, cert, sizeof(cert),
	    &cert_len) == UIMKEY_OK)
		cli_warn("slot %02x still holds the certificate of its old key: "
		    "replace it (uimkey cert import) or delete it", slot);
	if (cli_object_write(a, "PUBLIC KEY", spki, len) != 0)
		goto fail;
	status = CLI_OK;
fail:
	cli_close(&ctx, &dev);
	return status;
}

/*
 * uimkey key import: a private key made elsewhere (PEM or DER, PKCS#8,
 * SEC1 or PKCS#1, unencrypted) into a slot.  The card marks it imported:
 * it never attests it, and an RA that asks for attestation refuses it.
 */

static int
import(uimkey_dev_t *dev, int slot, const struct adm_skey *k, int policy)
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
	struct adm_skey k;
	int slot, policy = 0, r, status = CLI_USAGE;

	memset(&k, 0, sizeof(k));
	if ((slot = cli_slot_arg(a, a->slot, "--slot", 0)) < 0)
		return CLI_USAGE;
	if (a->pin_policy != NULL &&
	    (policy = adm_policy_parse(a->pin_policy)) < 0) {
		cli_err("key import: --pin-policy must be never, once or always");
		return CLI_USAGE;
	}
	if (a->key_file == NULL) {
		cli_err("key import: --key-file FILE is required");
		return CLI_USAGE;
	}
	if (adm_skey_load(a->key_file, &k) != 0)
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
	    adm_alg_name(k.alg), slot);
	status = CLI_OK;
fail:
	adm_skey_free(&k);
	cli_close(&ctx, &dev);
	return status;
}

/*
 * uimkey key attest: the certificate the card's attestation key (F9)
 * signs for a key the card generated.  The card refuses imported keys.
 */

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

/*
 * uimkey key delete | move.  Certificates are data objects and stay
 * where they are: the card moves and deletes keys only.
 */

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
