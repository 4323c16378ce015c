/* SPDX-License-Identifier: BSD-2-Clause */
/* uimkey list: every reader, and what card is in it. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void
show_card(uimkey_ctx_t *ctx, uimkey_dev_t *dev, const char *reader, int json)
{
	uint8_t v[3];
	uint32_t serial;
	int r;

	if ((r = uimkey_dev_open(dev, ctx, reader)) != UIMKEY_OK) {
		if (json) {
			fputs("\"card\": true, \"error\": ", stdout);
			cli_json_str(stdout, uimkey_strerr(r));
		} else {
			printf("%s: card present, %s\n", reader, uimkey_strerr(r));
		}
		return;
	}
	uimkey_dev_version(dev, v);
	uimkey_dev_serial(dev, &serial);
	if (json)
		printf("\"card\": true, \"uimkey\": %s, \"serial\": %u, "
		    "\"version\": \"%u.%u.%u\"",
		    uimkey_dev_is_uimkey(dev) ? "true" : "false",
		    (unsigned)serial, v[0], v[1], v[2]);
	else if (uimkey_dev_is_uimkey(dev))
		printf("%s: uimkey, serial %u, version %u.%u.%u\n", reader,
		    (unsigned)serial, v[0], v[1], v[2]);
	else
		printf("%s: PIV card, version %u.%u.%u\n", reader, v[0], v[1],
		    v[2]);
	uimkey_dev_close(dev);
}

int
cmd_list(struct cli_args *a)
{
	uimkey_ctx_t *ctx = NULL;
	uimkey_readers_t *readers = NULL;
	uimkey_dev_t *dev = NULL;
	size_t i, n;
	int r, status = CLI_FAIL;

	if ((ctx = uimkey_ctx_new()) == NULL ||
	    (readers = uimkey_readers_new()) == NULL ||
	    (dev = uimkey_dev_new()) == NULL) {
		cli_err("out of memory");
		goto fail;
	}
	if ((r = uimkey_ctx_open(ctx)) != UIMKEY_OK ||
	    (r = uimkey_readers_scan(readers, ctx)) != UIMKEY_OK) {
		cli_err("cannot list readers: %s", uimkey_strerr(r));
		goto fail;
	}
	n = uimkey_readers_count(readers);
	if (a->json)
		fputs("{\"readers\": [", stdout);
	else if (n == 0)
		puts("no readers");
	for (i = 0; i < n; i++) {
		const char *name = uimkey_readers_name(readers, i);
		if (a->json) {
			printf("%s{\"name\": ", i ? ", " : "");
			cli_json_str(stdout, name);
			fputs(", ", stdout);
		}
		if (uimkey_readers_card_present(readers, i))
			show_card(ctx, dev, name, a->json);
		else if (a->json)
			fputs("\"card\": false", stdout);
		else
			printf("%s: no card\n", name);
		if (a->json)
			fputs("}", stdout);
	}
	if (a->json)
		puts("]}");
	status = CLI_OK;
fail:
	uimkey_dev_free(&dev);
	uimkey_readers_free(&readers);
	uimkey_ctx_free(&ctx);
	return status;
}
