/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey-card: the uimkey card core as a process on the vpcd wire.
 *
 * It connects to the vpcd reader driver inside pcscd, answers its control
 * messages and command APDUs with the card core, keeps the card's memory
 * in a file, and reconnects whenever vpcd goes away.  SIGINT, SIGTERM and
 * SIGHUP are blocked except while waiting for the wire, so a stop request
 * never cuts a command (or its store sync) in half.
 */
#define _DEFAULT_SOURCE     /* explicit_bzero */

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card/card.h"
#include "apdu_log.h"
#include "file_store.h"
#include "file_device.h"
#include "host_rng.h"
#include "rsp_log.h"
#include "vpcd_link.h"

#define PROG_NAME        "uimkey-card"
#define PROG_VERSION     "0.1.0"
#define DEFAULT_HOST     "127.0.0.1"
#define EXIT_USAGE       2

/* Status words the process answers itself. */
#define SW_WRONG_LENGTH_1  0x67
#define SW_WRONG_LENGTH_2  0x00
#define SW_NO_DIAG_1       0x6F
#define SW_NO_DIAG_2       0x00
#define SW_LEN             2

/* parse_args() results besides 0. */
#define ARGS_EXIT        1      /* --help or --version done */
#define ARGS_BAD        -1

struct options {
	const char *host;
	const char *store;
	const char *apdu_log;
	const char *rsp_log;
	const char *fault;
	const char *fault_file;
	uint16_t port;
};

static volatile sig_atomic_t stop_signal;

static void
on_stop(int sig)
{
	stop_signal = sig;
}

static void
usage(FILE *f)
{
	fprintf(f,
	    "Usage: " PROG_NAME " --port PORT --store FILE [--host HOST] "
	    "[--apdu-log FILE] [--response-log FILE]\n"
	    "       [--fault SPEC] [--fault-file FILE]\n"
	    "A virtual uimkey PIV card for pcscd's vsmartcard vpcd reader "
	    "driver.\n"
	    "\n"
	    "  --port PORT      vpcd port to connect to (1-65535)\n"
	    "  --host HOST      vpcd host (default " DEFAULT_HOST ")\n"
	    "  --store FILE     the card's persistent memory; created as a "
	    "factory-fresh\n"
	    "                   card when missing\n"
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
	    "  --version        show the version\n");
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
parse_args(int argc, char **argv, struct options *o)
{
	enum { OPT_PORT = 256, OPT_HOST, OPT_STORE, OPT_APDU_LOG, OPT_RSP_LOG,
	    OPT_FAULT, OPT_FAULT_FILE, OPT_VERSION };
	static const struct option longopts[] = {
		{ "port", required_argument, NULL, OPT_PORT },
		{ "host", required_argument, NULL, OPT_HOST },
		{ "store", required_argument, NULL, OPT_STORE },
		{ "apdu-log", required_argument, NULL, OPT_APDU_LOG },
		{ "response-log", required_argument, NULL, OPT_RSP_LOG },
		{ "fault", required_argument, NULL, OPT_FAULT },
		{ "fault-file", required_argument, NULL, OPT_FAULT_FILE },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	int c, have_port = 0, r = ARGS_BAD;

	memset(o, 0, sizeof(*o));
	o->host = DEFAULT_HOST;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_PORT:
			if (parse_port(optarg, &o->port) != 0) {
				fprintf(stderr, PROG_NAME ": --port: '%s' is "
				    "not a port number (1-65535)\n", optarg);
				goto fail;
			}
			have_port = 1;
			break;
		case OPT_HOST:
			o->host = optarg;
			break;
		case OPT_STORE:
			o->store = optarg;
			break;
		case OPT_APDU_LOG:
			o->apdu_log = optarg;
			break;
		case OPT_RSP_LOG:
			o->rsp_log = optarg;
			break;
		case OPT_FAULT:
			o->fault = optarg;
			break;
		case OPT_FAULT_FILE:
			o->fault_file = optarg;
			break;
		case 'h':
			usage(stdout);
			r = ARGS_EXIT;
			goto fail;
		case OPT_VERSION:
			printf(PROG_NAME " " PROG_VERSION " (card %d.%d.%d)\n",
			    UIMKEY_CARD_VERSION_MAJOR,
			    UIMKEY_CARD_VERSION_MINOR,
			    UIMKEY_CARD_VERSION_PATCH);
			r = ARGS_EXIT;
			goto fail;
		default:
			goto fail;      /* getopt said what */
		}
	}
	if (optind < argc) {
		fprintf(stderr, PROG_NAME ": unexpected argument '%s'\n",
		    argv[optind]);
		goto fail;
	}
	if (!have_port) {
		fprintf(stderr, PROG_NAME ": --port is required\n");
		goto fail;
	}
	if (o->store == NULL || *o->store == '\0') {
		fprintf(stderr, PROG_NAME ": --store is required\n");
		goto fail;
	}
	if (*o->host == '\0' || (o->apdu_log != NULL && *o->apdu_log == '\0') ||
	    (o->rsp_log != NULL && *o->rsp_log == '\0')) {
		fprintf(stderr, PROG_NAME ": empty --host, --apdu-log or "
		    "--response-log\n");
		goto fail;
	}
	/* The store reads them from the environment when it opens. */
	if ((o->fault != NULL && setenv("UIMKEY_CARD_FAULT", o->fault, 1) != 0) ||
	    (o->fault_file != NULL &&
	    setenv("UIMKEY_CARD_FAULT_FILE", o->fault_file, 1) != 0)) {
		perror(PROG_NAME ": --fault");
		goto fail;
	}
	r = 0;
fail:
	if (r == ARGS_BAD)
		fprintf(stderr, "Try '" PROG_NAME " --help'.\n");
	return r;
}

/*
 * Block the stop signals everywhere but in the link's waits, whose mask is
 * returned in waitmask (our starting mask, with the stop signals open even
 * if the parent left them blocked).
 */
static int
setup_signals(sigset_t *waitmask)
{
	static const int stops[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	sigset_t block;
	size_t i;
	int r = -1;

	sigemptyset(&block);
	for (i = 0; i < sizeof(stops) / sizeof(stops[0]); i++)
		sigaddset(&block, stops[i]);
	if (sigprocmask(SIG_BLOCK, &block, waitmask) != 0)
		goto fail;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	for (i = 0; i < sizeof(stops) / sizeof(stops[0]); i++) {
		if (sigaction(stops[i], &sa, NULL) != 0)
			goto fail;
		sigdelset(waitmask, stops[i]);
	}
	/* A vanished vpcd shows as an error from send(), not a signal. */
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL) != 0)
		goto fail;
	r = 0;
fail:
	if (r != 0)
		perror(PROG_NAME ": signals");
	return r;
}

/* A one-byte message: power and ATR requests.  Only the ATR is answered. */
static int
control(uimkey_card *card, vpcd_link *link, uint8_t code)
{
	uint8_t atr[UIMKEY_CARD_ATR_MAX];
	size_t n;
	int r = VPCD_LINK_OK;

	switch (code) {
	case VPCD_CTRL_OFF:
		uimkey_card_power_off(card);
		break;
	case VPCD_CTRL_ON:
		uimkey_card_power_on(card);
		break;
	case VPCD_CTRL_RESET:
		uimkey_card_reset(card);
		break;
	case VPCD_CTRL_ATR:
		/* pcscd polls presence with this: answer it in any state. */
		n = uimkey_card_atr(card, atr);
		r = vpcd_link_send(link, atr, n);
		break;
	default:
		/* As vpicc does: unknown codes are ignored, not answered. */
		fprintf(stderr, PROG_NAME ": ignored unknown control code "
		    "0x%02x\n", code);
		break;
	}
	return r;
}

/* Answer vpcd until it goes away or we are asked to stop. */
static int
serve(uimkey_card *card, vpcd_link *link, apdu_log *log, rsp_log *rlog)
{
	uint8_t cmd[UIMKEY_CARD_CMD_MAX];
	uint8_t rsp[UIMKEY_CARD_RSP_MAX];
	size_t len, rlen;
	int r;

	for (;;) {
		r = vpcd_link_recv(link, cmd, sizeof(cmd), &len);
		if (r != VPCD_LINK_OK)
			break;
		if (len == VPCD_CTRL_LEN) {
			r = control(card, link, cmd[0]);
			if (r != VPCD_LINK_OK)
				break;
			continue;
		}
		if (len == 0)
			continue;       /* vpcd never sends it; nothing to do */
		if (len > sizeof(cmd)) {
			/* Drained off the wire, never shown to the core. */
			rsp[0] = SW_WRONG_LENGTH_1;
			rsp[1] = SW_WRONG_LENGTH_2;
			rlen = SW_LEN;
		} else {
			rlen = uimkey_card_process(card, cmd, len, rsp);
			if (rlen < SW_LEN || rlen > sizeof(rsp)) {
				rsp[0] = SW_NO_DIAG_1;
				rsp[1] = SW_NO_DIAG_2;
				rlen = SW_LEN;
			}
		}
		/* Commands carry PINs and keys, answers key material. */
		explicit_bzero(cmd, len < sizeof(cmd) ? len : sizeof(cmd));
		/* Counted before it is sent, so a client that has its answer
		 * reads a count that includes it. */
		apdu_log_count(log);
		rsp_log_write(rlog, rsp, rlen);
		r = vpcd_link_send(link, rsp, rlen);
		explicit_bzero(rsp, rlen);
		if (r != VPCD_LINK_OK)
			break;
	}
	explicit_bzero(cmd, sizeof(cmd));
	explicit_bzero(rsp, sizeof(rsp));
	return r;
}

static void
init_error(const char *store, int r)
{
	const char *why;

	switch (r) {
	case UIMKEY_CARD_ERR_STORE:
		why = "store failed";
		break;
	case UIMKEY_CARD_ERR_RNG:
		why = "random source failed";
		break;
	case UIMKEY_CARD_ERR_FORMAT:
		why = "store holds data this card cannot read";
		break;
	case UIMKEY_CARD_ERR_CORRUPT:
		why = "store was damaged outside the card";
		break;
	default:
		why = NULL;
		break;
	}
	if (why != NULL)
		fprintf(stderr, PROG_NAME ": %s: %s\n", store, why);
	else
		fprintf(stderr, PROG_NAME ": %s: card error %d\n", store, r);
}

int
main(int argc, char **argv)
{
	/* Static: the store holds the whole card memory image. */
	static file_store store;
	static uimkey_card card;
	static host_rng rng;
	static file_device device;
	struct options opt;
	char err[FILE_STORE_ERR_MAX];
	sigset_t waitmask;
	vpcd_link link;
	apdu_log log;
	rsp_log rlog;
	int r, store_open = 0, status = EXIT_FAILURE;

	link.fd = -1;
	apdu_log_none(&log);
	rsp_log_none(&rlog);
	switch (parse_args(argc, argv, &opt)) {
	case 0:
		break;
	case ARGS_EXIT:
		return EXIT_SUCCESS;
	default:
		return EXIT_USAGE;
	}
	/* First, so that a stop during start-up waits for a clean point. */
	if (setup_signals(&waitmask) != 0)
		goto fail;
	if (file_store_open(&store, opt.store, err, sizeof(err)) != 0) {
		fprintf(stderr, PROG_NAME ": %s\n", err);
		goto fail;
	}
	store_open = 1;
	if (opt.apdu_log != NULL && apdu_log_open(&log, opt.apdu_log) != 0) {
		fprintf(stderr, PROG_NAME ": %s: %s\n", opt.apdu_log,
		    strerror(errno));
		goto fail;
	}
	if (opt.rsp_log != NULL && rsp_log_open(&rlog, opt.rsp_log) != 0) {
		fprintf(stderr, PROG_NAME ": %s: %s\n", opt.rsp_log,
		    strerror(errno));
		goto fail;
	}
	host_rng_init(&rng);
	file_device_init(&device, 0);
	r = uimkey_card_init(&card, &store.vtable, &rng.vtable, &device.vtable);
	if (r != UIMKEY_CARD_OK) {
		init_error(opt.store, r);
		goto fail;
	}
	if (vpcd_link_init(&link, opt.host, opt.port, &waitmask,
	    &stop_signal) != VPCD_LINK_OK)
		goto fail;

	for (;;) {
		r = vpcd_link_connect(&link);
		if (r != VPCD_LINK_OK)
			break;
		r = serve(&card, &link, &log, &rlog);
		/* Like a card pulled from its reader. */
		uimkey_card_power_off(&card);
		vpcd_link_close(&link);
		if (r != VPCD_LINK_CLOSED)
			break;
		fprintf(stderr, PROG_NAME ": vpcd closed the connection; "
		    "reconnecting\n");
	}
	if (r == VPCD_LINK_STOPPED)
		status = EXIT_SUCCESS;
fail:
	vpcd_link_close(&link);
	apdu_log_close(&log);
	rsp_log_close(&rlog);
	if (store_open)
		file_store_close(&store);
	explicit_bzero(&card, sizeof(card));
	return status;
}
