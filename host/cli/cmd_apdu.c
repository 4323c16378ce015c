/*
 * uimkey apdu: send raw command APDUs to the card and print the answers,
 * as they are, for debugging.  Nothing checks the bytes: malformed APDUs
 * reach the card, which is the point.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/cli/cli.h"

#define APDU_MAX  (4 + 3 + 65535 + 3)

static void
usage(FILE *f)
{
	fputs("usage: uimkey apdu [-r READER] HEX [HEX ...]\n"
	    "Sends each HEX string (spaces and colons allowed inside) as one\n"
	    "command APDU; prints the response data and status word.\n", f);
}

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

int
cmd_apdu(int argc, char **argv)
{
	uimkey_ctx_t *ctx = NULL;
	uimkey_dev_t *dev = NULL;
	uint8_t *cmd = NULL, *rsp = NULL;
	const char *reader = NULL;
	size_t len;
	uint16_t sw;
	long n;
	int i = 1, r, status = CLI_USAGE;

	if (argc > i + 1 && strcmp(argv[i], "-r") == 0) {
		reader = argv[i + 1];
		i += 2;
	}
	if (i >= argc || strcmp(argv[i], "-h") == 0 ||
	    strcmp(argv[i], "--help") == 0) {
		usage(i >= argc ? stderr : stdout);
		return i >= argc ? CLI_USAGE : CLI_OK;
	}
	if ((cmd = malloc(APDU_MAX)) == NULL ||
	    (rsp = malloc(UIMKEY_RSP_MAX)) == NULL) {
		cli_err("out of memory");
		status = CLI_FAIL;
		goto fail;
	}
	for (int j = i; j < argc; j++) {
		if (parse_hex(argv[j], cmd, APDU_MAX) < 4) {
			cli_err("apdu: '%s' is not an APDU in hex (4 bytes or more)",
			    argv[j]);
			goto fail;
		}
	}
	status = CLI_FAIL;
	if (cli_open(&ctx, &dev, reader) != UIMKEY_OK)
		goto fail;
	for (; i < argc; i++) {
		n = parse_hex(argv[i], cmd, APDU_MAX);
		r = uimkey_dev_transmit(dev, cmd, (size_t)n, rsp,
		    UIMKEY_RSP_MAX, &len, &sw);
		if (r != UIMKEY_OK) {
			cli_err("apdu: %s", uimkey_strerr(r));
			goto fail;
		}
		print_hex(rsp, len);
		printf("SW %04X\n", sw);
	}
	status = CLI_OK;
fail:
	free(cmd);
	free(rsp);
	uimkey_dev_free(&dev);
	uimkey_ctx_free(&ctx);
	return status;
}
