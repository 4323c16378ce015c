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
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card/card.h"
#include "apdu_log.h"
#include "card_args.h"
#include "card_upgrade.h"
#include "file_store.h"
#include "file_device.h"
#include "host_rng.h"
#include "rsp_log.h"
#include "vpcd_link.h"

/* Status words the process answers itself. */
#define SW_WRONG_LENGTH_1  0x67
#define SW_WRONG_LENGTH_2  0x00
#define SW_NO_DIAG_1       0x6F
#define SW_NO_DIAG_2       0x00
#define SW_LEN             2

static volatile sig_atomic_t stop_signal;

static void
on_stop(int sig)
{
	stop_signal = sig;
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

/* Why a store of another format is refused. */
static void
format_error(const char *store, int format)
{
	if (format > 0 && format < UIMKEY_CARD_FORMAT)
		fprintf(stderr, PROG_NAME ": %s: written by an earlier uimkey "
		    "(store format %d, unencrypted); this uimkey-card reads "
		    "format %d only: the file is left untouched.  Make it "
		    "format %d with: " PROG_NAME " --upgrade --store %s\n",
		    store, format, UIMKEY_CARD_FORMAT, UIMKEY_CARD_FORMAT,
		    store);
	else if (format > UIMKEY_CARD_FORMAT)
		fprintf(stderr, PROG_NAME ": %s: written by a later uimkey "
		    "(store format %d); this uimkey-card reads format %d "
		    "only\n", store, format, UIMKEY_CARD_FORMAT);
	else
		fprintf(stderr, PROG_NAME ": %s: not a uimkey card store (left "
		    "untouched)\n", store);
}

static void
init_error(const char *store, const char *key, const char *counter, int r,
    int format)
{
	switch (r) {
	case UIMKEY_CARD_ERR_STORE:
		fprintf(stderr, PROG_NAME ": %s: store failed\n", store);
		break;
	case UIMKEY_CARD_ERR_RNG:
		fprintf(stderr, PROG_NAME ": random source failed\n");
		break;
	case UIMKEY_CARD_ERR_FORMAT:
		format_error(store, format);
		break;
	case UIMKEY_CARD_ERR_CORRUPT:
		fprintf(stderr, PROG_NAME ": %s: the store fails "
		    "authentication: damaged or changed outside the card, or "
		    "not written under the device key %s; refused\n", store,
		    key);
		break;
	case UIMKEY_CARD_ERR_ROLLBACK:
		if (format == 0)
			fprintf(stderr, PROG_NAME ": %s: the store is blank, "
			    "but its counter %s says the card made changes: "
			    "the store was erased or replaced; refused (a new "
			    "card in its place needs %s and %s removed too)\n",
			    store, counter, key, counter);
		else
			fprintf(stderr, PROG_NAME ": %s: the store is older "
			    "than its counter %s: a copy from earlier was put "
			    "back; refused\n", store, counter);
		break;
	case UIMKEY_CARD_ERR_DEVICE:
		fprintf(stderr, PROG_NAME ": %s or %s: the device key or "
		    "counter failed\n", key, counter);
		break;
	default:
		fprintf(stderr, PROG_NAME ": %s: card error %d\n", store, r);
		break;
	}
}

/* FILE with suffix into buf, for a default beside the store. */
static const char *
beside(char *buf, size_t len, const char *store, const char *suffix)
{
	int n = snprintf(buf, len, "%s%s", store, suffix);

	return n >= 0 && (size_t)n < len ? buf : NULL;
}

/*
 * The device for the store: its key and counter opened, made for a
 * store that holds no card.  A store of another format is refused first,
 * so that it gets the reason, not a missing key.
 */
static int
open_device(file_device *device, file_store *store, const struct options *o,
    const char *key, const char *counter, int *format)
{
	char err[FILE_STORE_ERR_MAX];

	*format = uimkey_card_memory_format(&store->vtable);
	if (*format > 0 && *format != UIMKEY_CARD_FORMAT) {
		format_error(o->store, *format);
		return -1;
	}
	if (file_device_open(device, key, counter, *format == 0,
	    o->kdf_iterations, err, sizeof(err)) != 0) {
		fprintf(stderr, PROG_NAME ": %s\n", err);
		return -1;
	}
	return 0;
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
	char err[FILE_STORE_ERR_MAX], keyb[PATH_MAX], ctrb[PATH_MAX];
	const char *key, *counter;
	sigset_t waitmask;
	vpcd_link link;
	apdu_log log;
	rsp_log rlog;
	int r, format, store_open = 0, device_open = 0;
	int status = EXIT_FAILURE;

	link.fd = -1;
	apdu_log_none(&log);
	rsp_log_none(&rlog);
	switch (card_args_parse(argc, argv, &opt)) {
	case 0:
		break;
	case ARGS_EXIT:
		return EXIT_SUCCESS;
	default:
		return EXIT_USAGE;
	}
	key = opt.device_key != NULL ? opt.device_key :
	    beside(keyb, sizeof(keyb), opt.store, FILE_DEVICE_KEY_SUFFIX);
	counter = opt.counter != NULL ? opt.counter :
	    beside(ctrb, sizeof(ctrb), opt.store, FILE_DEVICE_COUNTER_SUFFIX);
	if (key == NULL || counter == NULL) {
		fprintf(stderr, PROG_NAME ": %s: path too long\n", opt.store);
		return EXIT_USAGE;
	}
	/* First, so that a stop during start-up waits for a clean point. */
	if (setup_signals(&waitmask) != 0)
		goto fail;
	/* Signals are held until it is done: FILE is old or new. */
	if (opt.upgrade)
		return card_upgrade(&opt, key, counter) == 0 ? EXIT_SUCCESS :
		    EXIT_FAILURE;
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
	if (open_device(&device, &store, &opt, key, counter, &format) != 0)
		goto fail;
	device_open = 1;
	host_rng_init(&rng);
	r = uimkey_card_init(&card, &store.vtable, &rng.vtable, &device.vtable);
	/* The card keeps the keys it derived; the device key goes. */
	file_device_forget_key(&device);
	if (r != UIMKEY_CARD_OK) {
		init_error(opt.store, key, counter, r, format);
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
	if (device_open)
		file_device_close(&device);
	explicit_bzero(&card, sizeof(card));
	return status;
}
