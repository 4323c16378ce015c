/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey lock token: the issuer's side of the issuer lock, no card
 * needed.  The token names one card (its serial), an action and a
 * counter, and carries the issuer's ECDSA P-256 signature over SHA-256 of
 * uimkey_lock_token_build()'s message.  The key is a private key file
 * (BearSSL signs) or a key on a PKCS#11 token ("pkcs11:" URI, CKM_ECDSA).
 * With --issuer-pub the signature is checked against the issuer's public
 * key before the token is written.  Either signer may give s above n/2;
 * uimkey_lock_token_encode() puts the signature in its low-S form, the
 * only one the card takes.  Output: PEM "UIMKEY LOCK TOKEN", or the raw
 * token with --der.
 */
#define _DEFAULT_SOURCE
#include <string.h>

#include "crypto.h"
#include "lock.h"

/* Sign with a private key file: EC P-256 only. */
static int
sign_file(const char *path, const uint8_t *msg, uint8_t *sig, size_t cap,
    size_t *len)
{
	struct cli_skey k;
	int r = -1;

	if (cli_skey_load(path, &k) != 0)
		return -2;
	if (k.ec == NULL || k.alg != UIMKEY_ALG_ECCP256) {
		cli_err("lock token: '%s' is not an EC P-256 key: an issuer key "
		    "is P-256", path);
		r = -2;
		goto fail;
	}
	if (cli_skey_sign(&k, UK_X509_SIG_ECDSA_SHA256, msg,
	    UIMKEY_LOCK_MSG_LEN, sig, cap, len) != 0) {
		cli_err("lock token: signing failed");
		goto fail;
	}
	r = 0;
fail:
	cli_skey_free(&k);
	return r;
}

/* The signature against --issuer-pub: 0, or -1 after a message. */
static int
check_sig(const char *pub, const uint8_t *msg, const uint8_t *sig,
    size_t len)
{
	uint8_t point[UIMKEY_LOCK_POINT_LEN], hash[32];
	br_ec_public_key pk;
	br_sha256_context c;
	int r;

	if ((r = lock_pub_read(pub, point)) != 0) {
		if (r == -2)
			cli_err("lock token: '%s' is not an EC P-256 public key",
			    pub);
		return -1;
	}
	br_sha256_init(&c);
	br_sha256_update(&c, msg, UIMKEY_LOCK_MSG_LEN);
	br_sha256_out(&c, hash);
	pk.curve = BR_EC_secp256r1;
	pk.q = point;
	pk.qlen = sizeof(point);
	if (!br_ecdsa_i31_vrfy_asn1(br_ec_get_default(), hash, sizeof(hash),
	    &pk, sig, len)) {
		cli_err("lock token: the signature does not verify with '%s': "
		    "the issuer key is not that public key's; no token written",
		    pub);
		return -1;
	}
	return 0;
}

int
cmd_lock_token(struct cli_args *a)
{
	uint8_t msg[UIMKEY_LOCK_MSG_LEN], hash[32], sig[2 * 48 + 16];
	uint8_t token[UIMKEY_LOCK_TOKEN_MAX];
	uint32_t serial, counter;
	size_t sig_len = 0, len;
	int action, r;

	if (a->issuer_key == NULL) {
		cli_err("lock token: --issuer-key KEY is required (a P-256 private "
		    "key file, or a pkcs11: URI)");
		return CLI_USAGE;
	}
	if (lock_u32_arg(a->serial, "--serial", 0, 0xFFFFFFFFu, &serial) != 0 ||
	    lock_u32_arg(a->counter, "--counter", 1, 0xFFFFFFFFu, &counter) !=
	    0)
		return CLI_USAGE;
	if ((action = lock_action_parse(a->action)) < 0) {
		cli_err("lock token: --action must be lock or unlock");
		return CLI_USAGE;
	}
	uimkey_lock_token_build(serial, (uint8_t)action, counter, msg);
	if (strncmp(a->issuer_key, "pkcs11:", 7) == 0) {
		uimkey_lock_token_hash(serial, (uint8_t)action, counter, hash);
		r = lock_p11_sign(a->issuer_key, a->pin_file, hash, sig,
		    sizeof(sig), &sig_len);
	} else {
		r = sign_file(a->issuer_key, msg, sig, sizeof(sig), &sig_len);
	}
	if (r != 0)
		return r == -2 ? CLI_USAGE : CLI_FAIL;
	if (a->issuer_pub != NULL && check_sig(a->issuer_pub, msg, sig,
	    sig_len) != 0)
		return CLI_FAIL;
	if ((r = uimkey_lock_token_encode(serial, (uint8_t)action, counter, sig,
	    sig_len, token, sizeof(token), &len)) != UIMKEY_OK)
		return cli_fail("lock token", r);
	if (cli_object_write(a, LOCK_TOKEN_LABEL, token, len) != 0)
		return CLI_FAIL;
	if (a->out != NULL && strcmp(a->out, "-") != 0)
		printf("%s token for card %lu, counter %lu, written to %s\n",
		    lock_action_name((uint8_t)action), (unsigned long)serial,
		    (unsigned long)counter, a->out);
	return CLI_OK;
}
