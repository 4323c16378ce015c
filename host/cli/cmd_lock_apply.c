/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey lock apply FILE: deliver an issuer's lock or unlock token to the
 * card.  Anyone may: no PIN, no management key.  The card alone decides
 * (it checks the serial, the issuer's signature and that the counter is
 * above the last one applied); each of its refusals is said in words,
 * with the numbers that explain it.
 */
#include <stdlib.h>

#include "codec/ecdsa_low_s.h"
#include "codec/tlv.h"
#include "lock.h"

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

int
cmd_lock_apply(struct cli_args *a)
{
	uimkey_ctx_t *ctx = NULL;
	uimkey_dev_t *dev = NULL;
	uimkey_piv_lock_info_t before, now;
	struct token t;
	uk_tlv sig;
	uint8_t *tok = NULL;
	uint32_t serial = 0;
	size_t len = 0;
	int r, status = CLI_USAGE;

	if (cli_object_read(a->pos[0], LOCK_TOKEN_LABEL, &tok, &len) != 0)
		goto fail;
	if (uimkey_lock_token_decode(tok, len, &t.serial, &t.action,
	    &t.counter) != UIMKEY_OK ||
	    uk_tlv_find(tok, len, UIMKEY_LOCK_TAG_SIG, &sig) != 0) {
		cli_err("lock apply: '%s' is not a lock token", a->pos[0]);
		goto fail;
	}
	t.low_s = uk_ecdsa_p256_low_s(sig.value, sig.len);
	status = CLI_FAIL;
	if (cli_open_args(a, &ctx, &dev) != UIMKEY_OK)
		goto fail;
	uimkey_dev_serial(dev, &serial);
	if (lock_info_get(dev, "lock apply", &before) != UIMKEY_OK)
		goto fail;
	r = uimkey_piv_apply_lock_token(dev, tok, len);
	if (r != UIMKEY_OK) {
		status = refused(&t, serial, &before, r);
		goto fail;
	}
	if (lock_info_get(dev, "lock apply: applied, but the state", &now) !=
	    UIMKEY_OK)
		goto fail;
	applied(serial, &before, &now);
	status = CLI_OK;
fail:
	free(tok);
	cli_close(&ctx, &dev);
	return status;
}
