/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey apdu: send raw command APDUs to the card and print the answers,
 * as they are, for debugging.  Nothing checks the bytes: malformed APDUs
 * reach the card, which is the point.  They go on the basic channel
 * exactly as given, class byte included (a channel's bits in it are the
 * user's), as opensc-tool sends them.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define APDU_MAX  (4 + 3 + 65535 + 3)

/* Hex digits, optionally separated by spaces or colons; -1 if malformed. */
static long
parse_hex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1, v;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == ':')
			continue;
		if (!isxdigit((unsigned char)*s))
			return -1;
		v = isdigit((unsigned char)*s) ? *s - '0' :
		    tolower((unsigned char)*s) - 'a' + 10;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == cap)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	return hi < 0 ? (long)n : -1;
}

static void
print_hex(const uint8_t *b, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		printf("%02X%s", b[i], (i + 1) % 32 == 0 ? "\n" : " ");
	if (len % 32 != 0)
		putchar('\n');
}

struct apdu_bufs {
	uint8_t *cmd, *rsp;
};

static int
transmit_all(uimkey_dev_t *dev, struct cli_args *a, void *arg)
{
	const struct apdu_bufs *b = arg;
	size_t len;
	uint16_t sw;
	long n;
	int i, r;

	for (i = 0; i < a->npos; i++) {
		n = parse_hex(a->pos[i], b->cmd, APDU_MAX);
		r = uimkey_dev_transmit(dev, b->cmd, (size_t)n, b->rsp,
		    UIMKEY_RSP_MAX, &len, &sw);
		if (r != UIMKEY_OK) {
			cli_err("apdu: %s", uimkey_strerr(r));
			return CLI_FAIL;
		}
		print_hex(b->rsp, len);
		printf("SW %04X\n", sw);
	}
	return CLI_OK;
}

int
cmd_apdu(struct cli_args *a)
{
	struct apdu_bufs b = { NULL, NULL };
	int i, status = CLI_USAGE;

	if ((b.cmd = malloc(APDU_MAX)) == NULL ||
	    (b.rsp = malloc(UIMKEY_RSP_MAX)) == NULL) {
		cli_err("out of memory");
		status = CLI_FAIL;
		goto fail;
	}
	for (i = 0; i < a->npos; i++) {
		if (parse_hex(a->pos[i], b.cmd, APDU_MAX) < 4) {
			cli_err("apdu: '%s' is not an APDU in hex (4 bytes or more)",
			    a->pos[i]);
			goto fail;
		}
	}
	status = cli_with_card(a, CLI_BASIC, transmit_all, &b);
fail:
	free(b.cmd);
	free(b.rsp);
	return status;
}
