/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey mgmt set: a new card management key, given in a file (hex) or
 * from the terminal, or drawn at random and written once to a new file
 * of mode 0600 (to standard output only when asked with -o -).  The
 * random key's file is written before the card is changed, and removed
 * again when the card refuses.
 */
#define _DEFAULT_SOURCE
#include <string.h>
#include <unistd.h>

#include "cli.h"

static int
new_key(const struct cli_args *a, int alg, uint8_t *key, size_t len)
{
	struct adm_secret sec;
	long n;

	if (a->random) {
		do {
			if (adm_random(key, len) != 0)
				return -1;
		} while (uimkey_mgmt_key_weak((uint8_t)alg, key));
		return 0;
	}
	if (adm_secret_get(&sec, a->new_mgmt_key_file,
	    "new management key (hex)", 1) != 0)
		return -1;
	n = adm_hex_decode(sec.s, sec.len, key, UIMKEY_MGMT_KEY_MAX);
	adm_secret_wipe(&sec);
	if (n != (long)len) {
		cli_err("mgmt set: a %s key is %zu bytes in hex",
		    adm_alg_name((uint8_t)alg), len);
		return -1;
	}
	if (uimkey_mgmt_key_weak((uint8_t)alg, key)) {
		cli_err("mgmt set: that 3DES key is single DES (two equal thirds)");
		return -1;
	}
	return 0;
}

struct new_mgmt {
	int alg;
	uint8_t key[UIMKEY_MGMT_KEY_MAX];
	size_t len;
};

static int
set_key(uimkey_dev_t *dev, struct cli_args *a, void *arg)
{
	const struct new_mgmt *nm = arg;
	char hex[2 * UIMKEY_MGMT_KEY_MAX + 1];
	int r, wrote = 0, status = CLI_FAIL;

	if (a->random) {
		/* hex and a newline, as --mgmt-key-file reads it */
		adm_hex_encode(nm->key, nm->len, hex);
		hex[2 * nm->len] = '\n';
		if (adm_write_file(a->out, hex, 2 * nm->len + 1, 1) != 0)
			goto fail;
		wrote = strcmp(a->out, "-") != 0;
	}
	if ((r = uimkey_piv_set_mgmt_key(dev, (uint8_t)nm->alg, nm->key,
	    nm->len)) != UIMKEY_OK) {
		cli_fail("mgmt set", r);
		if (wrote)
			unlink(a->out);
		goto fail;
	}
	fprintf(stderr, "management key set (%s)%s%s\n",
	    adm_alg_name((uint8_t)nm->alg), wrote ? "; written to " : "",
	    wrote ? a->out : "");
	status = CLI_OK;
fail:
	explicit_bzero(hex, sizeof(hex));
	return status;
}

int
cmd_mgmt_set(struct cli_args *a)
{
	struct new_mgmt nm;
	int status = CLI_USAGE;

	nm.alg = UIMKEY_ALG_AES256;
	if (a->alg != NULL && (nm.alg = adm_mgmt_alg_parse(a->alg)) < 0) {
		cli_err("mgmt set: unknown algorithm '%s' (aes128, aes192, "
		    "aes256, 3des)", a->alg);
		return CLI_USAGE;
	}
	if (a->random && a->new_mgmt_key_file != NULL) {
		cli_err("mgmt set: --random and --new-mgmt-key-file exclude "
		    "each other");
		return CLI_USAGE;
	}
	if (a->random && a->out == NULL) {
		cli_err("mgmt set: --random needs -o FILE for the new key (a new "
		    "file, mode 0600; '-o -' prints it)");
		return CLI_USAGE;
	}
	if (!a->random && a->out != NULL) {
		cli_err("mgmt set: -o is for the key made by --random");
		return CLI_USAGE;
	}
	nm.len = uimkey_mgmt_key_len((uint8_t)nm.alg);
	if (new_key(a, nm.alg, nm.key, nm.len) != 0)
		goto fail;
	status = cli_with_card(a, CLI_NEED_MGMT, set_key, &nm);
fail:
	explicit_bzero(nm.key, sizeof(nm.key));
	return status;
}
