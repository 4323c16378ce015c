/* SPDX-License-Identifier: BSD-2-Clause */
/* Finding the card a command works on (the reader of exactly that name,
 * the card with the given serial, or the first reader with a PIV card in
 * it) and running the command on it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void
close_card(uimkey_ctx_t **ctxp, uimkey_dev_t **devp)
{
	uimkey_dev_free(devp);
	uimkey_ctx_free(ctxp);
}

static int
parse_serial(const char *s, uint32_t *serial)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 ||
	    v > 0xFFFFFFFFul)
		return -1;
	*serial = (uint32_t)v;
	return 0;
}

/* Open the card in reader i when it is present and matches the serial
 * (when one is asked for). */
static int
try_reader(uimkey_ctx_t *ctx, uimkey_dev_t *dev, const char *name,
    const uint32_t *want)
{
	uint32_t serial;
	int r;

	if ((r = uimkey_dev_open(dev, ctx, name)) != UIMKEY_OK)
		return r;
	if (want != NULL && (uimkey_dev_serial(dev, &serial) != UIMKEY_OK ||
	    serial != *want)) {
		uimkey_dev_close(dev);
		return UIMKEY_ERR_NO_CARD;
	}
	return UIMKEY_OK;
}

/* A --reader that is only part of reader names is refused, as PC/SC
 * refuses it: taking the first match could take the wrong card (vpcd
 * gives each card two readers, "... 00 00" and an empty "... 00 01").
 * Say which names contain it, so the user can give one whole. */
static void
hint_readers(uimkey_ctx_t *ctx, uimkey_readers_t *readers, const char *part)
{
	const char *name;
	size_t i, n = 0;

	if (uimkey_readers_scan(readers, ctx) != UIMKEY_OK)
		return;
	for (i = 0; i < uimkey_readers_count(readers); i++) {
		name = uimkey_readers_name(readers, i);
		if (strstr(name, part) == NULL)
			continue;
		if (n++ == 0)
			cli_err("--reader takes a reader's whole name; these "
			    "contain '%s':", part);
		cli_err("  '%s' (%s)", name,
		    uimkey_readers_card_present(readers, i) ? "a card" :
		    "empty");
	}
}

static int
open_card(uimkey_ctx_t **ctxp, uimkey_dev_t **devp, const char *reader,
    const char *serial_s, int basic)
{
	uimkey_readers_t *readers = NULL;
	uint32_t serial, *want = NULL;
	size_t i;
	int r = UIMKEY_ERR_NOMEM;

	*ctxp = NULL;
	*devp = NULL;
	if (serial_s != NULL) {
		if (parse_serial(serial_s, &serial) != 0) {
			cli_err("--serial '%s' is not a serial number", serial_s);
			return UIMKEY_ERR_ARG;
		}
		want = &serial;
	}
	if ((*ctxp = uimkey_ctx_new()) == NULL ||
	    (*devp = uimkey_dev_new()) == NULL ||
	    (readers = uimkey_readers_new()) == NULL)
		goto fail;
	if ((r = uimkey_ctx_open(*ctxp)) != UIMKEY_OK ||
	    (basic && (r = uimkey_dev_force_basic(*devp)) != UIMKEY_OK))
		goto fail;
	if (reader != NULL) {
		r = try_reader(*ctxp, *devp, reader, want);
		goto fail;
	}
	if ((r = uimkey_readers_scan(readers, *ctxp)) != UIMKEY_OK)
		goto fail;
	r = UIMKEY_ERR_NO_CARD;
	for (i = 0; i < uimkey_readers_count(readers); i++) {
		if (!uimkey_readers_card_present(readers, i))
			continue;
		r = try_reader(*ctxp, *devp, uimkey_readers_name(readers, i),
		    want);
		if (r == UIMKEY_OK)
			break;
	}
fail:
	if (r != UIMKEY_OK) {
		if (r == UIMKEY_ERR_NO_CARD && want != NULL)
			cli_err("%s%sno card with serial %s", reader ? reader : "",
			    reader ? ": " : "", serial_s);
		else if (r != UIMKEY_ERR_ARG)
			cli_err("%s%s%s", reader ? reader : "", reader ? ": " : "",
			    uimkey_strerr(r));
		if (r == UIMKEY_ERR_NO_READER && reader != NULL && readers != NULL)
			hint_readers(*ctxp, readers, reader);
		close_card(ctxp, devp);
	}
	uimkey_readers_free(&readers);
	return r;
}

int
cli_with_card(struct cli_args *a, unsigned need, cli_card_fn *fn, void *arg)
{
	uimkey_ctx_t *ctx = NULL;
	uimkey_dev_t *dev = NULL;
	int status = CLI_FAIL;

	if (open_card(&ctx, &dev, a->reader, a->serial,
	    (need & CLI_BASIC) != 0) != UIMKEY_OK)
		goto fail;
	if ((need & CLI_NEED_MGMT) && (status = cli_auth_mgmt(dev, a)) != CLI_OK)
		goto fail;
	if ((need & CLI_NEED_PIN) && (status = cli_verify_pin(dev, a)) != CLI_OK)
		goto fail;
	status = fn(dev, a, arg);
fail:
	close_card(&ctx, &dev);
	return status;
}

int
cli_fail(const char *what, int r)
{
	adm_fail(what, r);
	return CLI_FAIL;
}
