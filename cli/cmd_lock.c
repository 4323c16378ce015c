/* SPDX-License-Identifier: BSD-2-Clause */
/* uimkey lock: token, apply, install, status (docs/apdu.md, "Issuer
 * lock"). */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>

#include "admin/crypto.h"
#include "admin/lock.h"
#include "cli.h"
#include "codec/ecdsa_low_s.h"
#include "codec/tlv.h"

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

/* Sign with a private key file: EC P-256 only. */
static int
sign_file(const char *path, const uint8_t *msg, uint8_t *sig, size_t cap,
    size_t *len)
{
	struct adm_skey k;
	int r = -1;

	if (adm_skey_load(path, &k) != 0)
		return -2;
	if (k.ec == NULL || k.alg != UIMKEY_ALG_ECCP256) {
		cli_err("lock token: '%s' is not an EC P-256 key: an issuer key "
		    "is P-256", path);
		r = -2;
		goto fail;
	}
	if (adm_skey_sign(&k, UK_X509_SIG_ECDSA_SHA256, msg,
	    UIMKEY_LOCK_MSG_LEN, sig, cap, len) != 0) {
		cli_err("lock token: signing failed");
		goto fail;
	}
	r = 0;
fail:
	adm_skey_free(&k);
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

	if ((r = adm_lock_pub_read(pub, point)) != 0) {
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
	if (cli_u32_arg(a->serial, "--serial", 0, 0xFFFFFFFFu, &serial) != 0 ||
	    cli_u32_arg(a->counter, "--counter", 1, 0xFFFFFFFFu, &counter) !=
	    0)
		return CLI_USAGE;
	if ((action = cli_lock_action_parse(a->action)) < 0) {
		cli_err("lock token: --action must be lock or unlock");
		return CLI_USAGE;
	}
	uimkey_lock_token_build(serial, (uint8_t)action, counter, msg);
	if (strncmp(a->issuer_key, "pkcs11:", 7) == 0) {
		uimkey_lock_token_hash(serial, (uint8_t)action, counter, hash);
		r = adm_lock_p11_sign(a->issuer_key, a->pin_file, hash, sig,
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
	if (cli_object_write(a, ADM_LOCK_TOKEN_LABEL, token, len) != 0)
		return CLI_FAIL;
	if (a->out != NULL && strcmp(a->out, "-") != 0)
		printf("%s token for card %lu, counter %lu, written to %s\n",
		    cli_lock_action_name((uint8_t)action), (unsigned long)serial,
		    (unsigned long)counter, a->out);
	return CLI_OK;
}

/*
 * uimkey lock apply FILE: deliver an issuer's lock or unlock token to the
 * card.  Anyone may: no PIN, no management key.  The card alone decides
 * (it checks the serial, the issuer's signature and that the counter is
 * above the last one applied); each of its refusals is said in words,
 * with the numbers that explain it.
 */

struct token {
	uint32_t serial, counter;
	uint8_t action;
	int low_s;              /* its signature in the form the card takes */
};

static int
refused(const struct token *t, uint32_t card_serial,
    const uimkey_piv_lock_info_t *before, int r)
{
	switch (r) {
	case UIMKEY_ERR_LOCK_NO_ISSUER:
		cli_err("lock apply: refused: the card has no issuer key, so no "
		    "token can lock or unlock it (bind it first: uimkey lock "
		    "install)");
		break;
	case UIMKEY_ERR_LOCK_OTHER_CARD:
		cli_err("lock apply: refused: the token is for card %lu, this is "
		    "card %lu", (unsigned long)t->serial,
		    (unsigned long)card_serial);
		break;
	case UIMKEY_ERR_LOCK_BAD_SIG:
		if (!t->low_s)
			cli_err("lock apply: refused: bad signature: it is not "
			    "in low-S form (s > n/2), which the card requires so "
			    "that a token has one valid form; sign the token "
			    "again with uimkey lock token");
		else
			cli_err("lock apply: refused: bad signature: the token is "
			    "not signed by this card's issuer key (another key, "
			    "or the token was changed)");
		break;
	case UIMKEY_ERR_LOCK_STALE:
		if (t->counter == before->counter)
			cli_err("lock apply: refused: replayed token: its counter "
			    "%lu is the last one the card applied",
			    (unsigned long)t->counter);
		else
			cli_err("lock apply: refused: old token: its counter %lu "
			    "is not above the card's last applied counter %lu",
			    (unsigned long)t->counter,
			    (unsigned long)before->counter);
		break;
	case UIMKEY_ERR_SW_DATA:
		cli_err("lock apply: refused: the card finds the token "
		    "malformed (6A80)");
		break;
	default:
		cli_fail("lock apply", r);
		break;
	}
	return CLI_FAIL;
}

static void
applied(uint32_t serial,
    const uimkey_piv_lock_info_t *before, const uimkey_piv_lock_info_t *now)
{
	if (now->locked && !before->locked)
		printf("card %lu LOCKED BY ISSUER (counter %lu): its keys, PIN "
		    "and PUK cannot be used until an unlock token is applied\n",
		    (unsigned long)serial, (unsigned long)now->counter);
	else if (now->locked)
		printf("card %lu still locked by its issuer; counter raised from "
		    "%lu to %lu\n", (unsigned long)serial,
		    (unsigned long)before->counter, (unsigned long)now->counter);
	else if (before->locked)
		printf("card %lu unlocked by its issuer (counter %lu): its keys "
		    "and PIN can be used again\n", (unsigned long)serial,
		    (unsigned long)now->counter);
	else
		printf("card %lu not locked; counter raised from %lu to %lu\n",
		    (unsigned long)serial, (unsigned long)before->counter,
		    (unsigned long)now->counter);
}

struct token_in {
	struct token t;
	uint8_t *tok;
	size_t len;
};

static int
apply(uimkey_dev_t *dev, struct cli_args *a, void *arg)
{
	const struct token_in *in = arg;
	uimkey_piv_lock_info_t before, now;
	uint32_t serial = 0;
	int r;

	uimkey_dev_serial(dev, &serial);
	if (cli_lock_info_get(dev, "lock apply", &before) != UIMKEY_OK)
		return CLI_FAIL;
	r = uimkey_piv_apply_lock_token(dev, in->tok, in->len);
	if (r != UIMKEY_OK)
		return refused(&in->t, serial, &before, r);
	if (cli_lock_info_get(dev, "lock apply: applied, but the state", &now) !=
	    UIMKEY_OK)
		return CLI_FAIL;
	applied(serial, &before, &now);
	return CLI_OK;
}

int
cmd_lock_apply(struct cli_args *a)
{
	struct token_in in;
	uk_tlv sig;
	int status = CLI_USAGE;

	memset(&in, 0, sizeof(in));
	if (adm_object_read(a->pos[0], ADM_LOCK_TOKEN_LABEL, &in.tok,
	    &in.len) != 0)
		goto fail;
	if (uimkey_lock_token_decode(in.tok, in.len, &in.t.serial,
	    &in.t.action, &in.t.counter) != UIMKEY_OK ||
	    uk_tlv_find(in.tok, in.len, UIMKEY_LOCK_TAG_SIG, &sig) != 0) {
		cli_err("lock apply: '%s' is not a lock token", a->pos[0]);
		goto fail;
	}
	in.t.low_s = uk_ecdsa_p256_low_s(sig.value, sig.len);
	status = cli_with_card(a, 0, apply, &in);
fail:
	free(in.tok);
	return status;
}

/*
 * uimkey lock install --issuer-pub PUB [--counter N]: bind a card that
 * was personalized without an issuer to its issuer's EC P-256 public key
 * (INSTALL ISSUER KEY, management key).  Once: the card refuses another
 * key for good (RESET keeps it), so the same key again is a no-op and
 * another key is refused before anything is sent.  N (default 0) is the
 * start counter: tokens must carry a higher one.  The card binds only
 * once its management key is its own: with the factory key, which anyone
 * knows, a stranger could bind it to a key of their own and lock it for
 * good.  The card's refusal is said in those words.
 */

static void
default_mgmt_key(uint32_t serial)
{
	cli_err("lock install: refused: card %lu still has the factory "
	    "management key, which anyone can use; it binds an issuer key only "
	    "once its own management key is set (uimkey mgmt set, or uimkey "
	    "personalize)", (unsigned long)serial);
}

struct issuer_in {
	uint8_t point[UIMKEY_LOCK_POINT_LEN];
	char id[ADM_LOCK_KEY_ID_HEX];
	uint32_t counter;
};

static int
install(uimkey_dev_t *dev, struct cli_args *a, void *arg)
{
	const struct issuer_in *in = arg;
	uimkey_piv_lock_info_t info;
	char id[ADM_LOCK_KEY_ID_HEX];
	uint32_t serial = 0;
	int r;

	uimkey_dev_serial(dev, &serial);
	if (cli_lock_info_get(dev, "lock install", &info) != UIMKEY_OK)
		return CLI_FAIL;
	if (info.installed && memcmp(info.issuer, in->point,
	    sizeof(in->point)) == 0) {
		printf("card %lu is bound to this issuer key already (SHA-256 %s), "
		    "counter %lu: nothing to do\n", (unsigned long)serial, in->id,
		    (unsigned long)info.counter);
		return CLI_OK;
	}
	if (info.installed) {
		adm_lock_key_id(info.issuer, id);
		cli_err("lock install: card %lu is bound to another issuer key "
		    "(SHA-256 %s); it cannot be replaced, not even by RESET",
		    (unsigned long)serial, id);
		return CLI_FAIL;
	}
	if ((r = cli_auth_mgmt(dev, a)) != CLI_OK)
		return r;
	r = uimkey_piv_install_issuer_key(dev, in->point, in->counter);
	if (r == UIMKEY_ERR_LOCK_DEFAULT_MGMT)
		default_mgmt_key(serial);
	else if (r != UIMKEY_OK)
		cli_fail("lock install", r);
	if (r != UIMKEY_OK)
		return CLI_FAIL;
	printf("card %lu bound to issuer key SHA-256 %s, start counter %lu: "
	    "tokens signed by that key with a higher counter lock and unlock "
	    "it\n", (unsigned long)serial, in->id, (unsigned long)in->counter);
	return CLI_OK;
}

int
cmd_lock_install(struct cli_args *a)
{
	struct issuer_in in;
	int r;

	in.counter = 0;
	if (a->issuer_pub == NULL) {
		cli_err("lock install: --issuer-pub FILE is required (the issuer's "
		    "P-256 public key)");
		return CLI_USAGE;
	}
	if (a->counter != NULL && cli_u32_arg(a->counter, "--counter", 0,
	    0xFFFFFFFEu, &in.counter) != 0)
		return CLI_USAGE;
	if ((r = adm_lock_pub_read(a->issuer_pub, in.point)) != 0) {
		if (r == -2)
			cli_err("lock install: '%s' is not an EC P-256 public key",
			    a->issuer_pub);
		return CLI_USAGE;
	}
	adm_lock_key_id(in.point, in.id);
	return cli_with_card(a, 0, install, &in);
}

/*
 * uimkey lock status: the card's issuer lock (GET METADATA 5A, which a
 * locked card answers): whether an issuer key is installed and which
 * (SHA-256 of its SubjectPublicKeyInfo), whether the card is locked, and
 * the counter of the last token applied.  Reads only.
 */

static int
show_status(uimkey_dev_t *dev, struct cli_args *a, void *arg)
{
	uimkey_piv_lock_info_t info;
	char text[128], id[ADM_LOCK_KEY_ID_HEX];
	uint32_t serial = 0;

	uimkey_dev_serial(dev, &serial);
	if (cli_lock_info_get(dev, "lock status", &info) != UIMKEY_OK)
		return CLI_FAIL;
	if (a->json) {
		printf("{\"serial\": %lu, ", (unsigned long)serial);
		cli_lock_state_json(stdout, &info);
		puts("}");
		return CLI_OK;
	}
	cli_lock_state_text(&info, text, sizeof(text));
	printf("card %lu: %s\n", (unsigned long)serial, text);
	if (info.installed) {
		adm_lock_key_id(info.issuer, id);
		printf("issuer key: SHA-256 %s\n", id);
	}
	if (info.locked)
		puts("its keys, PIN and PUK cannot be used and nothing on it can "
		    "be changed until its issuer's unlock token is applied "
		    "(uimkey lock apply)");
	return CLI_OK;
}

int
cmd_lock_status(struct cli_args *a)
{
	return cli_with_card(a, 0, show_status, NULL);
}
