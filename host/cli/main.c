#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "host/cli/cli.h"

#define UIMKEY_CLI_VERSION "0.1.0"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "list", cmd_list, "list readers and the cards in them" },
	{ "apdu", cmd_apdu, "send raw APDUs to the card (debugging)" },
};

void
cli_err(const char *fmt, ...)
{
	va_list ap;

	fputs("uimkey: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void
usage(FILE *f)
{
	size_t i;

	fputs("usage: uimkey COMMAND [ARGS]\n       uimkey --help | --version\n\n"
	    "commands:\n", f);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
}

int
main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return CLI_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("uimkey %s\n", UIMKEY_CLI_VERSION);
		return CLI_OK;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	cli_err("unknown command '%s' (try 'uimkey --help')", argv[1]);
	return CLI_USAGE;
}
