/* SPDX-License-Identifier: BSD-2-Clause */
#define _DEFAULT_SOURCE     /* setenv */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card/card.h"
#include "card_args.h"
#include "file_device.h"

static void
usage(FILE *f)
{
	fprintf(f,
	    "Usage: " PROG_NAME " --port PORT --store FILE [--host HOST] "
	    "[--apdu-log FILE] [--response-log FILE]\n"
	    "       [--device-key KEY] [--counter CTR] [--kdf-iterations N]\n"
	    "       [--fault SPEC] [--fault-file FILE]\n"
	    "       " PROG_NAME " --upgrade --store FILE [--device-key KEY] "
	    "[--counter CTR]\n"
	    "       [--kdf-iterations N]\n"
	    "A virtual uimkey PIV card for pcscd's vsmartcard vpcd reader "
	    "driver.\n"
	    "\n"
	    "  --port PORT      vpcd port to connect to (1-65535)\n"
	    "  --host HOST      vpcd host (default " DEFAULT_HOST ")\n"
	    "  --store FILE     the card's persistent memory; created as a "
	    "factory-fresh\n"
	    "                   card when missing\n"
	    "  --device-key KEY the device key the store is encrypted under "
	    "(default\n"
	    "                   FILE" FILE_DEVICE_KEY_SUFFIX "; made with the "
	    "store, mode 0600)\n"
	    "  --counter CTR    the counter that tells an older copy of the "
	    "store\n"
	    "                   (default FILE" FILE_DEVICE_COUNTER_SUFFIX
	    "; made with the key)\n"
	    "  --kdf-iterations N  PIN-guess cost (PBKDF2 iterations) a new "
	    "store gets;\n"
	    "                   mainly for tests (default %u)\n"
	    "  --upgrade        make FILE, a store of format 1 (an earlier "
	    "uimkey's,\n"
	    "                   unencrypted), a store of this format with a "
	    "new device\n"
	    "                   key and counter, and exit; the old file is "
	    "replaced\n"
	    "  --apdu-log FILE  keep the number of APDUs answered in FILE\n"
	    "                   (\"apdus N\"; never APDU contents)\n"
	    "  --response-log FILE  append every response APDU in hex (a test\n"
	    "                   aid: answers may hold ECDH secrets)\n"
	    "  --fault SPEC     a test aid: make the store fail (same as\n"
	    "                   UIMKEY_CARD_FAULT=SPEC); SPEC is KIND[:N[+]],\n"
	    "                   the N-th operation failing (with +, and every\n"
	    "                   later one), KIND one of write, short, enospc,\n"
	    "                   eio, fsync, late, kill (vsmartcard/store_fault.h)\n"
	    "  --fault-file FILE  a test aid: a SPEC put in FILE is armed (and\n"
	    "                   FILE removed) at the next store write or sync\n"
	    "                   (same as UIMKEY_CARD_FAULT_FILE=FILE)\n"
	    "  -h, --help       show this help\n"
	    "  --version        show the version\n",
	    (unsigned)UIMKEY_KDF_ITERATIONS_DEFAULT);
}

static int
parse_port(const char *s, uint16_t *port)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || *s == '-' || *s == '+' ||
	    v < 1 || v > 65535)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

static int
parse_iterations(const char *s, uint32_t *n)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || *s == '-' || *s == '+' ||
	    v < UIMKEY_KDF_ITERATIONS_MIN || v > UINT32_MAX)
		return -1;
	*n = (uint32_t)v;
	return 0;
}

enum { OPT_PORT = 256, OPT_HOST, OPT_STORE, OPT_APDU_LOG, OPT_RSP_LOG,
    OPT_FAULT, OPT_FAULT_FILE, OPT_VERSION, OPT_KEY, OPT_COUNTER, OPT_KDF,
    OPT_UPGRADE };

/* A path option's value: kept, the empty one refused by the caller. */
static const char **
path_of(int c, struct options *o)
{
	switch (c) {
	case OPT_HOST:
		return &o->host;
	case OPT_STORE:
		return &o->store;
	case OPT_KEY:
		return &o->device_key;
	case OPT_COUNTER:
		return &o->counter;
	case OPT_APDU_LOG:
		return &o->apdu_log;
	case OPT_RSP_LOG:
		return &o->rsp_log;
	case OPT_FAULT:
		return &o->fault;
	case OPT_FAULT_FILE:
		return &o->fault_file;
	default:
		return NULL;
	}
}

/* One option from getopt: 0, ARGS_EXIT or ARGS_BAD. */
static int
take(int c, struct options *o, int *have_port)
{
	const char **path = path_of(c, o);

	if (path != NULL) {
		*path = optarg;
		return 0;
	}
	switch (c) {
	case OPT_PORT:
		if (parse_port(optarg, &o->port) != 0) {
			fprintf(stderr, PROG_NAME ": --port: '%s' is not a port "
			    "number (1-65535)\n", optarg);
			return ARGS_BAD;
		}
		*have_port = 1;
		return 0;
	case OPT_KDF:
		if (parse_iterations(optarg, &o->kdf_iterations) != 0) {
			fprintf(stderr, PROG_NAME ": --kdf-iterations: '%s' is "
			    "not a number from %u to %u\n", optarg,
			    (unsigned)UIMKEY_KDF_ITERATIONS_MIN,
			    (unsigned)UINT32_MAX);
			return ARGS_BAD;
		}
		return 0;
	case OPT_UPGRADE:
		o->upgrade = 1;
		return 0;
	case 'h':
		usage(stdout);
		return ARGS_EXIT;
	case OPT_VERSION:
		printf(PROG_NAME " " PROG_VERSION " (card %d.%d.%d)\n",
		    UIMKEY_CARD_VERSION_MAJOR, UIMKEY_CARD_VERSION_MINOR,
		    UIMKEY_CARD_VERSION_PATCH);
		return ARGS_EXIT;
	default:
		return ARGS_BAD;        /* getopt said what */
	}
}

/* What must be there, and not empty, once every option is read. */
static int
complete(const struct options *o, int have_port)
{
	if (!have_port && !o->upgrade) {
		fprintf(stderr, PROG_NAME ": --port is required\n");
		return ARGS_BAD;
	}
	if (o->store == NULL || *o->store == '\0') {
		fprintf(stderr, PROG_NAME ": --store is required\n");
		return ARGS_BAD;
	}
	if (*o->host == '\0' || (o->apdu_log != NULL && *o->apdu_log == '\0') ||
	    (o->rsp_log != NULL && *o->rsp_log == '\0') ||
	    (o->device_key != NULL && *o->device_key == '\0') ||
	    (o->counter != NULL && *o->counter == '\0')) {
		fprintf(stderr, PROG_NAME ": empty --host, --apdu-log, "
		    "--response-log, --device-key or --counter\n");
		return ARGS_BAD;
	}
	/* The store reads them from the environment when it opens. */
	if ((o->fault != NULL && setenv("UIMKEY_CARD_FAULT", o->fault, 1) != 0) ||
	    (o->fault_file != NULL &&
	    setenv("UIMKEY_CARD_FAULT_FILE", o->fault_file, 1) != 0)) {
		perror(PROG_NAME ": --fault");
		return ARGS_BAD;
	}
	return 0;
}

int
card_args_parse(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "port", required_argument, NULL, OPT_PORT },
		{ "host", required_argument, NULL, OPT_HOST },
		{ "store", required_argument, NULL, OPT_STORE },
		{ "device-key", required_argument, NULL, OPT_KEY },
		{ "counter", required_argument, NULL, OPT_COUNTER },
		{ "kdf-iterations", required_argument, NULL, OPT_KDF },
		{ "apdu-log", required_argument, NULL, OPT_APDU_LOG },
		{ "response-log", required_argument, NULL, OPT_RSP_LOG },
		{ "fault", required_argument, NULL, OPT_FAULT },
		{ "fault-file", required_argument, NULL, OPT_FAULT_FILE },
		{ "upgrade", no_argument, NULL, OPT_UPGRADE },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	int c, have_port = 0, r = 0;

	memset(o, 0, sizeof(*o));
	o->host = DEFAULT_HOST;
	while (r == 0 &&
	    (c = getopt_long(argc, argv, "h", longopts, NULL)) != -1)
		r = take(c, o, &have_port);
	if (r == 0 && optind < argc) {
		fprintf(stderr, PROG_NAME ": unexpected argument '%s'\n",
		    argv[optind]);
		r = ARGS_BAD;
	}
	if (r == 0)
		r = complete(o, have_port);
	if (r == ARGS_BAD)
		fprintf(stderr, "Try '" PROG_NAME " --help'.\n");
	return r;
}
