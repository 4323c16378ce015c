/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The unit tests' few helpers: each check prints "ok - NAME" or
 * "not ok - NAME" (tests/run.sh counts them) and the program's exit
 * status says whether any failed.
 */
#ifndef UIMKEY_TEST_CHECK_H
#define UIMKEY_TEST_CHECK_H

#include <stdio.h>

static int check_failures;

static void
check(int cond, const char *name)
{
	printf("%s - %s\n", cond ? "ok" : "not ok", name);
	if (!cond)
		check_failures++;
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

static int
check_done(void)
{
	return check_failures == 0 ? 0 : 1;
}

#endif
