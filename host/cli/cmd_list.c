/* uimkey list: every reader, and what card is in it. */
#include <stdio.h>
#include <string.h>

#include "host/cli/cli.h"
#include "host/uimkey.h"

static void
show_card(uimkey_ctx_t *ctx, uimkey_dev_t *dev, const char *reader)
{
	uint8_t v[3];
	uint32_t serial;
	int r;

	if ((r = uimkey_dev_open(dev, ctx, reader)) != UIMKEY_OK) {
		printf("%s: card present, %s\n", reader, uimkey_strerr(r));
		return;
	}
	uimkey_dev_version(dev, v);
	uimkey_dev_serial(dev, &serial);
	if (uimkey_dev_is_uimkey(dev))
		printf("%s: uimkey, serial %u, version %u.%u.%u\n", reader,
		    (unsigned)serial, v[0], v[1], v[2]);
	else
		printf("%s: PIV card, version %u.%u.%u\n", reader, v[0], v[1],
		    v[2]);
	uimkey_dev_close(dev);
}

int
cmd_list(int argc, char **argv)
{
	uimkey_ctx_t *ctx = NULL;
	uimkey_readers_t *readers = NULL;
	uimkey_dev_t *dev = NULL;
	size_t i, n;
	int r, status = CLI_FAIL;

	if (argc > 1) {
		if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
			puts("usage: uimkey list\n"
			    "Lists each PC/SC reader and the card in it.");
			return CLI_OK;
		}
		cli_err("list: unexpected argument '%s'", argv[1]);
		return CLI_USAGE;
	}
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
	if (n == 0)
		puts("no readers");
	for (i = 0; i < n; i++) {
		const char *name = uimkey_readers_name(readers, i);
		if (uimkey_readers_card_present(readers, i))
			show_card(ctx, dev, name);
		else
			printf("%s: no card\n", name);
	}
	status = CLI_OK;
fail:
	uimkey_dev_free(&dev);
	uimkey_readers_free(&readers);
	uimkey_ctx_free(&ctx);
	return status;
}
