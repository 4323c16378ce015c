/* SPDX-License-Identifier: BSD-2-Clause */
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
#include <string.h>

#include "lock.h"

static void
default_mgmt_key(uint32_t serial)
{
	cli_err("lock install: refused: card %lu still has the factory "
	    "management key, which anyone can use; it binds an issuer key only "
	    "once its own management key is set (uimkey mgmt set, or uimkey "
	    "personalize)", (unsigned long)serial);
}

int
cmd_lock_install(struct cli_args *a)
{
	uimkey_ctx_t *ctx = NULL;
	uimkey_dev_t *dev = NULL;
	uimkey_piv_lock_info_t info;
	uint8_t point[UIMKEY_LOCK_POINT_LEN];
	char id[LOCK_KEY_ID_HEX];
	uint32_t counter = 0, serial = 0;
	int r, status = CLI_USAGE;

	if (a->issuer_pub == NULL) {
		cli_err("lock install: --issuer-pub FILE is required (the issuer's "
		    "P-256 public key)");
		return CLI_USAGE;
	}
	if (a->counter != NULL && lock_u32_arg(a->counter, "--counter", 0,
	    0xFFFFFFFEu, &counter) != 0)
		return CLI_USAGE;
	if ((r = lock_pub_read(a->issuer_pub, point)) != 0) {
		if (r == -2)
			cli_err("lock install: '%s' is not an EC P-256 public key",
			    a->issuer_pub);
		return CLI_USAGE;
	}
	lock_key_id(point, id);
	status = CLI_FAIL;
	if (cli_open_args(a, &ctx, &dev) != UIMKEY_OK)
		goto fail;
	uimkey_dev_serial(dev, &serial);
	if (lock_info_get(dev, "lock install", &info) != UIMKEY_OK)
		goto fail;
	if (info.installed && memcmp(info.issuer, point, sizeof(point)) == 0) {
		printf("card %lu is bound to this issuer key already (SHA-256 %s), "
		    "counter %lu: nothing to do\n", (unsigned long)serial, id,
		    (unsigned long)info.counter);
		status = CLI_OK;
		goto fail;
	}
	if (info.installed) {
		lock_key_id(info.issuer, id);
		cli_err("lock install: card %lu is bound to another issuer key "
		    "(SHA-256 %s); it cannot be replaced, not even by RESET",
		    (unsigned long)serial, id);
		goto fail;
	}
	if ((status = cli_auth_mgmt(dev, a)) != CLI_OK)
		goto fail;
	status = CLI_FAIL;
	r = uimkey_piv_install_issuer_key(dev, point, counter);
	if (r == UIMKEY_ERR_LOCK_DEFAULT_MGMT)
		default_mgmt_key(serial);
	else if (r != UIMKEY_OK)
		cli_fail("lock install", r);
	if (r != UIMKEY_OK)
		goto fail;
	printf("card %lu bound to issuer key SHA-256 %s, start counter %lu: "
	    "tokens signed by that key with a higher counter lock and unlock "
	    "it\n", (unsigned long)serial, id, (unsigned long)counter);
	status = CLI_OK;
fail:
	cli_close(&ctx, &dev);
	return status;
}
