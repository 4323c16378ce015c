/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The test programs' checks: each prints "ok - NAME" or "not ok - NAME"
 * (tests/run.sh counts them) and the program's exit status, check_done(),
 * says whether any failed.  Unit tests, stress programs and fuzz helpers
 * share these.  The line is flushed at once: a stress program may be
 * killed or fork right after it.
 */
#ifndef UIMKEY_TEST_SUPPORT_CHECK_H
#define UIMKEY_TEST_SUPPORT_CHECK_H

#include <stdarg.h>
#include <stdio.h>

static int check_failures;

/* The check's name is a printf format. */
__attribute__((format(printf, 2, 3)))
static inline void
checkf(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", cond ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!cond)
		check_failures++;
}

static inline void
check(int cond, const char *name)
{
	checkf(cond, "%s", name);
}

/* check(got == want), both values said when they differ (a return
 * value, a CK_RV). */
static inline void
check_rv(unsigned long got, unsigned long want, const char *name)
{
	if (got != want)
		printf("# %s: got 0x%lx, want 0x%lx\n", name, got, want);
	check(got == want, name);
}

static inline int
check_done(void)
{
	return check_failures == 0 ? 0 : 1;
}

#endif
