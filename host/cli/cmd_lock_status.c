/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey lock status: the card's issuer lock (GET METADATA 5A, which a
 * locked card answers): whether an issuer key is installed and which
 * (SHA-256 of its SubjectPublicKeyInfo), whether the card is locked, and
 * the counter of the last token applied.  Reads only.
 */
#include "lock.h"

int
cmd_lock_status(struct cli_args *a)
{
	uimkey_ctx_t *ctx = NULL;
	uimkey_dev_t *dev = NULL;
	uimkey_piv_lock_info_t info;
	char text[128], id[LOCK_KEY_ID_HEX];
	uint32_t serial = 0;
	int status = CLI_FAIL;

	if (cli_open_args(a, &ctx, &dev) != UIMKEY_OK)
		goto fail;
	uimkey_dev_serial(dev, &serial);
	if (lock_info_get(dev, "lock status", &info) != UIMKEY_OK)
		goto fail;
	if (a->json) {
		printf("{\"serial\": %lu, ", (unsigned long)serial);
		lock_state_json(stdout, &info);
		puts("}");
		status = CLI_OK;
		goto fail;
	}
	lock_state_text(&info, text, sizeof(text));
	printf("card %lu: %s\n", (unsigned long)serial, text);
	if (info.installed) {
		lock_key_id(info.issuer, id);
		printf("issuer key: SHA-256 %s\n", id);
	}
	if (info.locked)
		puts("its keys, PIN and PUK cannot be used and nothing on it can "
		    "be changed until its issuer's unlock token is applied "
		    "(uimkey lock apply)");
	status = CLI_OK;
fail:
	cli_close(&ctx, &dev);
	return status;
}
