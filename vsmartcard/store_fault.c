/* SPDX-License-Identifier: BSD-2-Clause */
/* Storage faults injected into the file store: see store_fault.h. */
#define _DEFAULT_SOURCE     /* O_CLOEXEC, O_NOFOLLOW */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_fault.h"

#ifndef UIMKEY_NO_FAULT_INJECTION
#define FAULT_SPEC_MAX  64

static const char *const fault_names[] = {
	"none", "write", "short", "enospc", "eio", "fsync", "late", "kill",
};

/* Names a former whole-file store gave the faults of the same effect. */
static const struct {
	const char *name;
	enum fault_kind kind;
} fault_aliases[] = {
	{ "rename", FAULT_EIO },
	{ "dirsync", FAULT_LATE },
};
#define N_KINDS   (sizeof(fault_names) / sizeof(fault_names[0]))
#define N_ALIASES (sizeof(fault_aliases) / sizeof(fault_aliases[0]))

static struct {
	enum fault_kind kind;
	unsigned long at;       /* the at-th operation of its class fails */
	int sticky;             /* and every later one */
	unsigned long seen;     /* operations of the class since arming */
	unsigned long injected; /* faults injected in this process */
	char file[PATH_MAX];    /* UIMKEY_CARD_FAULT_FILE, or "" */
} fault;

/* Arm SPEC; -1 (nothing armed) when it does not parse. */
/* The kind named by the n bytes at name; -1 when none is. */
static int
fault_kind_of(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < N_KINDS; i++)
		if (strlen(fault_names[i]) == n &&
		    strncmp(name, fault_names[i], n) == 0)
			return (int)i;
	for (i = 0; i < N_ALIASES; i++)
		if (strlen(fault_aliases[i].name) == n &&
		    strncmp(name, fault_aliases[i].name, n) == 0)
			return (int)fault_aliases[i].kind;
	return -1;
}

static int
fault_arm(const char *spec)
{
	int k;
	const char *p;
	char *end;
	size_t n;
	unsigned long at = 1;
	int sticky = 0;

	fault.kind = FAULT_NONE;
	fault.seen = 0;
	p = strchr(spec, ':');
	n = p != NULL ? (size_t)(p - spec) : strcspn(spec, " \t\r\n");
	if ((k = fault_kind_of(spec, n)) < 0)
		goto bad;
	if (p != NULL) {
		errno = 0;
		at = strtoul(p + 1, &end, 10);
		if (errno != 0 || end == p + 1 || at == 0 || p[1] == '-')
			goto bad;
		if (*end == '+') {
			sticky = 1;
			end++;
		}
		if (end[strspn(end, " \t\r\n")] != '\0')
			goto bad;
	} else if (spec[n + strspn(spec + n, " \t\r\n")] != '\0') {
		goto bad;
	}
	fault.kind = (enum fault_kind)k;
	fault.at = at;
	fault.sticky = sticky;
	return 0;
bad:
	fprintf(stderr, "uimkey-card: bad fault spec '%s' (KIND[:N[+]])\n",
	    spec);
	return -1;
}

/* Take a SPEC waiting in the fault file, if any. */
static void
fault_poll(void)
{
	char spec[FAULT_SPEC_MAX];
	ssize_t got;
	int fd;

	if (fault.file[0] == '\0')
		return;
	fd = open(fault.file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return;
	got = read(fd, spec, sizeof(spec) - 1);
	close(fd);
	(void)unlink(fault.file);
	spec[got > 0 ? got : 0] = '\0';
	(void)fault_arm(spec);
}

void
store_fault_setup(void)
{
	const char *v;

	memset(&fault, 0, sizeof(fault));
	if ((v = getenv("UIMKEY_CARD_FAULT")) != NULL && *v != '\0')
		(void)fault_arm(v);
	if ((v = getenv("UIMKEY_CARD_FAULT_FILE")) != NULL && *v != '\0')
		snprintf(fault.file, sizeof(fault.file), "%s", v);
}

enum fault_kind
store_fault_next(int is_write)
{
	enum fault_kind k;

	fault_poll();
	k = fault.kind;
	if (k == FAULT_NONE || (k == FAULT_WRITE) != is_write)
		return FAULT_NONE;
	fault.seen++;
	if (fault.seen < fault.at || (fault.seen > fault.at && !fault.sticky))
		return FAULT_NONE;
	fault.injected++;
	fprintf(stderr, "uimkey-card: fault injected: %s (%s %lu; %lu in "
	    "all)\n", fault_names[k], is_write ? "write" : "sync", fault.seen,
	    fault.injected);
	return k;
}
#else
void
store_fault_setup(void)
{
}

enum fault_kind
store_fault_next(int is_write)
{
	(void)is_write;
	return FAULT_NONE;
}
#endif
