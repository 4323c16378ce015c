/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey-wait: wait until PC/SC sees the cards (or sees one gone).
 *
 * Used by uimkey-env to know when its private pcscd and cards are ready,
 * and by tests to follow a card that is stopped and started.  It waits on
 * the condition itself (SCardGetStatusChange), not on a timer; only the
 * start of pcscd, which gives nothing to wait on, is polled.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <winscard.h>

#define PROG_NAME        "uimkey-wait"
#define EXIT_TIMEOUT     1
#define EXIT_USAGE       2

#define DEFAULT_TIMEOUT_S  20.0
#define MAX_TIMEOUT_S      86400.0

/* pcscd not up yet: ask again this often. */
#define RETRY_MS           20

/* parse_args() results besides 0. */
#define ARGS_EXIT          1       /* --help done */
#define ARGS_BAD          -1

/* Readers watched at once, plus the PnP pseudo reader. */
#define MAX_READERS        16

/* pcsc-lite reports reader arrivals and departures on this name. */
#define PNP_READER         "\\\\?PnP?\\Notification"

struct options {
	double timeout_s;
	unsigned long cards;
	const char *absent;     /* reader substring, or NULL */
	const char *present;    /* reader substring, or NULL */
};

struct watch {
	SCARDCONTEXT ctx;
	int have_ctx;
	char names[MAX_READERS * MAX_READERNAME + 1];  /* from pcscd */
	SCARD_READERSTATE st[MAX_READERS + 1];  /* readers, then PnP */
	DWORD n;                                /* readers in st */
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "Usage: " PROG_NAME " [--timeout SECS] [--cards N]\n"
	    "       " PROG_NAME " [--timeout SECS] --present READER\n"
	    "       " PROG_NAME " [--timeout SECS] --absent READER\n"
	    "Wait until PC/SC reports at least N readers with a card (default"
	    " 1), or\n"
	    "until the readers whose names contain READER have a card "
	    "(--present) or\n"
	    "have none (--absent).  Exit 0 when reached, 1 on timeout.\n"
	    "\n"
	    "  --timeout SECS   give up after SECS seconds (default 20)\n"
	    "  --cards N        number of cards to wait for\n"
	    "  --present READER wait for a card in the matching readers\n"
	    "  --absent READER  wait for the card to leave the matching "
	    "readers\n"
	    "  -h, --help       show this help\n");
}

static int
parse_args(int argc, char **argv, struct options *o)
{
	enum { OPT_TIMEOUT = 256, OPT_CARDS, OPT_ABSENT, OPT_PRESENT };
	static const struct option longopts[] = {
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "cards", required_argument, NULL, OPT_CARDS },
		{ "absent", required_argument, NULL, OPT_ABSENT },
		{ "present", required_argument, NULL, OPT_PRESENT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c, r = ARGS_BAD;

	o->timeout_s = DEFAULT_TIMEOUT_S;
	o->cards = 1;
	o->absent = NULL;
	o->present = NULL;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_TIMEOUT:
			errno = 0;
			o->timeout_s = strtod(optarg, &end);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    !(o->timeout_s > 0.0 && o->timeout_s <= MAX_TIMEOUT_S)) {
				fprintf(stderr, PROG_NAME ": --timeout: '%s' is "
				    "not a number of seconds (0-%.0f]\n", optarg,
				    MAX_TIMEOUT_S);
				goto fail;
			}
			break;
		case OPT_CARDS:
			errno = 0;
			o->cards = strtoul(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    *optarg == '-' || o->cards < 1 ||
			    o->cards > MAX_READERS) {
				fprintf(stderr, PROG_NAME ": --cards: '%s' is "
				    "not a count (1-%d)\n", optarg, MAX_READERS);
				goto fail;
			}
			break;
		case OPT_ABSENT:
			o->absent = optarg;
			break;
		case OPT_PRESENT:
			o->present = optarg;
			break;
		case 'h':
			usage(stdout);
			r = ARGS_EXIT;
			goto fail;
		default:
			goto fail;
		}
	}
	if (optind < argc) {
		fprintf(stderr, PROG_NAME ": unexpected argument '%s'\n",
		    argv[optind]);
		goto fail;
	}
	if (o->absent != NULL && o->present != NULL) {
		fprintf(stderr, PROG_NAME ": --absent and --present exclude "
		    "each other\n");
		goto fail;
	}
	r = 0;
fail:
	if (r == ARGS_BAD)
		fprintf(stderr, "Try '" PROG_NAME " --help'.\n");
	return r;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Milliseconds left before the deadline, 0 when passed. */
static DWORD
left_ms(double deadline)
{
	double left = deadline - now_s();

	/* Rounded up: a wait that ends early would only be repeated. */
	return left > 0.0 ? (DWORD)(left * 1000.0) + 1 : 0;
}

static void
sleep_ms(long ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int
has_card(const SCARD_READERSTATE *s)
{
	/* A mute card is present but unusable: not what anyone waits for. */
	return (s->dwEventState & SCARD_STATE_PRESENT) != 0 &&
	    (s->dwEventState & SCARD_STATE_MUTE) == 0;
}

/* Is the wait over? */
static int
reached(const struct watch *w, const struct options *o)
{
	const char *sub = o->absent != NULL ? o->absent : o->present;
	unsigned long cards = 0, inserted = 0, matching = 0;
	DWORD i;

	for (i = 0; i < w->n; i++) {
		if (sub != NULL && strstr(w->st[i].szReader, sub) == NULL)
			continue;
		matching++;
		if (has_card(&w->st[i]))
			cards++;
		/* Gone means gone: a mute card is still in the reader. */
		if (w->st[i].dwEventState & SCARD_STATE_PRESENT)
			inserted++;
	}
	if (o->absent != NULL)
		return matching > 0 && inserted == 0;
	if (o->present != NULL)
		return matching > 0 && cards == matching;
	return cards >= o->cards;
}

/* Load the reader list afresh; every state starts unknown, so the next
 * status call returns at once with the current states. */
static LONG
list_readers(struct watch *w)
{
	DWORD len = sizeof(w->names) - 1;
	const char *p;
	LONG rv;

	w->n = 0;
	rv = SCardListReaders(w->ctx, NULL, w->names, &len);
	if (rv == SCARD_E_NO_READERS_AVAILABLE) {
		rv = SCARD_S_SUCCESS;
		len = 0;
	}
	if (rv != SCARD_S_SUCCESS)
		return rv;
	w->names[len] = '\0';
	for (p = w->names; *p != '\0' && w->n < MAX_READERS;
	    p += strlen(p) + 1) {
		memset(&w->st[w->n], 0, sizeof(w->st[w->n]));
		w->st[w->n].szReader = p;
		w->st[w->n].dwCurrentState = SCARD_STATE_UNAWARE;
		w->n++;
	}
	memset(&w->st[w->n], 0, sizeof(w->st[w->n]));
	w->st[w->n].szReader = PNP_READER;
	w->st[w->n].dwCurrentState = SCARD_STATE_UNAWARE;
	return SCARD_S_SUCCESS;
}

static void
release(struct watch *w)
{
	if (w->have_ctx)
		SCardReleaseContext(w->ctx);
	w->have_ctx = 0;
	w->n = 0;
}

static void
report_timeout(const struct watch *w, const struct options *o)
{
	DWORD i;

	fprintf(stderr, PROG_NAME ": timed out after %g s waiting for ",
	    o->timeout_s);
	if (o->absent != NULL)
		fprintf(stderr, "no card in reader '%s'", o->absent);
	else if (o->present != NULL)
		fprintf(stderr, "a card in reader '%s'", o->present);
	else
		fprintf(stderr, "%lu card(s)", o->cards);
	if (!w->have_ctx) {
		fprintf(stderr, "; pcscd is not running\n");
		return;
	}
	fprintf(stderr, "; readers:%s\n", w->n == 0 ? " none" : "");
	for (i = 0; i < w->n; i++)
		fprintf(stderr, "  %s: %s\n", w->st[i].szReader,
		    has_card(&w->st[i]) ? "card" :
		    (w->st[i].dwEventState & SCARD_STATE_MUTE) ? "mute card" :
		    "empty");
}

int
main(int argc, char **argv)
{
	static struct watch w;
	struct options o;
	double deadline;
	LONG rv;
	DWORD i;
	int status = EXIT_TIMEOUT;

	switch (parse_args(argc, argv, &o)) {
	case 0:
		break;
	case ARGS_EXIT:
		return EXIT_SUCCESS;
	default:
		return EXIT_USAGE;
	}
	deadline = now_s() + o.timeout_s;

	for (;;) {
		if (!w.have_ctx) {
			/* pcscd may still be starting: nothing to wait on
			 * but the clock. */
			rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL,
			    NULL, &w.ctx);
			if (rv != SCARD_S_SUCCESS) {
				if (left_ms(deadline) == 0)
					goto done;
				sleep_ms(RETRY_MS);
				continue;
			}
			w.have_ctx = 1;
			if (list_readers(&w) != SCARD_S_SUCCESS) {
				release(&w);
				sleep_ms(RETRY_MS);
				continue;
			}
		}
		rv = SCardGetStatusChange(w.ctx, left_ms(deadline), w.st,
		    w.n + 1);
		if (rv == SCARD_E_TIMEOUT)
			goto done;
		if (rv != SCARD_S_SUCCESS) {
			/* pcscd went away or restarted: start over. */
			release(&w);
			if (left_ms(deadline) == 0)
				goto done;
			continue;
		}
		if (reached(&w, &o)) {
			status = EXIT_SUCCESS;
			goto done;
		}
		if (w.st[w.n].dwEventState & SCARD_STATE_CHANGED) {
			/* Readers came or went. */
			if (list_readers(&w) != SCARD_S_SUCCESS)
				release(&w);
			continue;
		}
		for (i = 0; i <= w.n; i++)
			w.st[i].dwCurrentState = w.st[i].dwEventState &
			    ~(DWORD)SCARD_STATE_CHANGED;
		if (left_ms(deadline) == 0)
			goto done;
	}
done:
	if (status != EXIT_SUCCESS)
		report_timeout(&w, &o);
	release(&w);
	return status;
}
