/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey key generate: a key pair made inside the card (X.1122 7.1.1:
 * the private key never leaves it).  The public key comes out as a
 * SubjectPublicKeyInfo, PEM unless --der.
 */
#include <string.h>

#include "cli.h"

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
	if (a->alg == NULL || (alg = cli_alg_parse(a->alg)) < 0) {
		cli_err("key generate: --alg must be p256, p384, rsa2048, "
		    "rsa3072 or rsa4096");
		return CLI_USAGE;
	}
	if (a->pin_policy != NULL &&
	    (policy = cli_policy_parse(a->pin_policy)) < 0) {
		cli_err("key generate: --pin-policy must be never, once or "
		    "always");
		return CLI_USAGE;
	}
	if (cli_out_check(a->out) != 0)
		return CLI_FAIL;
	status = CLI_FAIL;
	if (cli_open_args(a, &ctx, &dev) != UIMKEY_OK)
		goto fail;
	if ((r = cli_auth_mgmt(dev, a)) != CLI_OK) {
		status = r;
		goto fail;
	}
	if (cli_alg_bits((uint8_t)alg) >= 3072)
		fprintf(stderr, "generating %s on the card, this takes a "
		    "while...\n", cli_alg_name((uint8_t)alg));
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
