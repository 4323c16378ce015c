/* SPDX-License-Identifier: BSD-2-Clause */
/* uimkey key: generate, import, delete, move (key attest: cmd_cert.c). */
#include <string.h>

#include "admin/crypto.h"
#include "cli.h"

/*
 * uimkey key generate: a key pair made inside the card (X.1122 7.1.1:
 * the private key never leaves it).  The public key comes out as a
 * SubjectPublicKeyInfo, PEM unless --der.
 */

struct key_gen {
	int slot, alg, policy;
};

static int
generate(uimkey_dev_t *dev, struct cli_args *a, void *arg)
{
	const struct key_gen *g = arg;
	uint8_t spki[UIMKEY_PIV_SPKI_MAX], cert[UIMKEY_PIV_CERT_MAX];
	size_t len, cert_len;
	int r;

	if (uimkey_alg_bits((uint8_t)g->alg) >= 3072)
		fprintf(stderr, "generating %s on the card, this takes a "
		    "while...\n", adm_alg_name((uint8_t)g->alg));
	r = uimkey_piv_generate(dev, (uint8_t)g->slot, (uint8_t)g->alg,
	    (uint8_t)g->policy, 0, spki, sizeof(spki), &len);
	if (r != UIMKEY_OK)
		return cli_fail("key generate", r);
	if (uimkey_piv_read_cert(dev, (uint8_t)g->slot, cert, sizeof(cert),
	    &cert_len) == UIMKEY_OK)
		cli_warn("slot %02x still holds the certificate of its old key: "
		    "replace it (uimkey cert import) or delete it", g->slot);
	return cli_object_write(a, "PUBLIC KEY", spki, len) != 0 ? CLI_FAIL :
	    CLI_OK;
}

int
cmd_key_generate(struct cli_args *a)
{
	struct key_gen g = { 0, 0, 0 };

	if ((g.slot = cli_slot_arg(a, a->slot, "--slot", 0)) < 0)
		return CLI_USAGE;
	if (a->alg == NULL || (g.alg = adm_alg_parse(a->alg)) < 0) {
		cli_err("key generate: --alg must be p256, p384, rsa2048, "
		    "rsa3072 or rsa4096");
		return CLI_USAGE;
	}
	if (a->pin_policy != NULL &&
	    (g.policy = adm_policy_parse(a->pin_policy)) < 0) {
		cli_err("key generate: --pin-policy must be never, once or "
		    "always");
		return CLI_USAGE;
	}
	if (adm_out_check(a->out) != 0)
		return CLI_FAIL;
	return cli_with_card(a, CLI_NEED_MGMT, generate, &g);
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

struct key_in {
	int slot, policy;
	const struct adm_skey *k;
};

static int
import_key(uimkey_dev_t *dev, struct cli_args *a, void *arg)
{
	const struct key_in *in = arg;
	int r;

	if ((r = import(dev, in->slot, in->k, in->policy)) != UIMKEY_OK) {
		cli_fail("key import", r);
		if (r == UIMKEY_ERR_SW_DATA)
			cli_err("the card refuses the key (RSA needs e = 65537)");
		return CLI_FAIL;
	}
	fprintf(stderr, "%s key imported into slot %02x\n",
	    adm_alg_name(in->k->alg), in->slot);
	return CLI_OK;
}

int
cmd_key_import(struct cli_args *a)
{
	struct key_in in;
	struct adm_skey k;
	int slot, policy = 0, status = CLI_USAGE;

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
	in.slot = slot;
	in.policy = policy;
	in.k = &k;
	status = cli_with_card(a, CLI_NEED_MGMT, import_key, &in);
fail:
	adm_skey_free(&k);
	return status;
}

/*
 * uimkey key delete | move.  Certificates are data objects and stay
 * where they are: the card moves and deletes keys only.
 */

static int
delete_key(uimkey_dev_t *dev, struct cli_args *a, void *arg)
{
	int slot = *(const int *)arg;
	int r = uimkey_piv_delete_key(dev, (uint8_t)slot);

	if (r != UIMKEY_OK)
		return cli_fail("key delete", r);
	fprintf(stderr, "key in slot %02x deleted\n", slot);
	return CLI_OK;
}

int
cmd_key_delete(struct cli_args *a)
{
	int slot = cli_slot_arg(a, a->slot, "--slot", 0);

	return slot < 0 ? CLI_USAGE :
	    cli_with_card(a, CLI_NEED_MGMT, delete_key, &slot);
}

static int
move_key(uimkey_dev_t *dev, struct cli_args *a, void *arg)
{
	const int *from_to = arg;
	int r;

	r = uimkey_piv_move_key(dev, (uint8_t)from_to[0], (uint8_t)from_to[1]);
	if (r == UIMKEY_ERR_SW_CONDITIONS) {
		cli_err("key move: slot %02x already holds a key; delete it first",
		    from_to[1]);
		return CLI_FAIL;
	}
	if (r != UIMKEY_OK)
		return cli_fail("key move", r);
	fprintf(stderr, "key moved from slot %02x to %02x\n", from_to[0],
	    from_to[1]);
	return CLI_OK;
}

int
cmd_key_move(struct cli_args *a)
{
	int from_to[2];

	if ((from_to[0] = cli_slot_arg(a, a->slot, "--slot", 0)) < 0 ||
	    (from_to[1] = cli_slot_arg(a, a->to, "--to", 0)) < 0)
		return CLI_USAGE;
	if (from_to[0] == from_to[1]) {
		cli_err("key move: --slot and --to are the same slot");
		return CLI_USAGE;
	}
	return cli_with_card(a, CLI_NEED_MGMT, move_key, from_to);
}
