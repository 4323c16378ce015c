/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where the admin library's messages go: "uimkey: ..." lines on stderr,
 * as the command line prints its own, or a sink (the unit tests read
 * what would have been printed).
 */
#include <stdio.h>
#include <stdlib.h>

#include "admin/io.h"

static adm_sink_fn *sink;
static void *sink_arg;

void
adm_sink_set(adm_sink_fn *fn, void *arg)
{
	sink = fn;
	sink_arg = arg;
}

/* The message in a malloc'd string, for the sink; NULL when out of
 * memory (the sink then gets the format itself). */
static char *
format(const char *fmt, va_list ap)
{
	va_list ap2;
	char *s;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL)
		return NULL;
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

void
adm_vreport(int warning, const char *fmt, va_list ap)
{
	char *msg;

	if (sink == NULL) {
		fputs("uimkey: ", stderr);
		fputs(warning ? "warning: " : "", stderr);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
		return;
	}
	msg = format(fmt, ap);
	sink(sink_arg, warning, msg != NULL ? msg : fmt);
	free(msg);
}

void
adm_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	adm_vreport(0, fmt, ap);
	va_end(ap);
}

void
adm_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	adm_vreport(1, fmt, ap);
	va_end(ap);
}
