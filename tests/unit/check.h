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

static int
check_done(void)
{
	return check_failures == 0 ? 0 : 1;
}

#endif
