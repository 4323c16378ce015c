/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * APDU counter file.
 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "apdu_log.h"

#define APDU_LOG_MODE   0644
/* "apdus " and a 64-bit count and a newline. */
#define APDU_LOG_LINE   32

void
apdu_log_none(apdu_log *log)
{
	log->fd = -1;
	log->count = 0;
	log->failed = 0;
}

static int
write_line(const apdu_log *log)
{
	char line[APDU_LOG_LINE];
	int n;

	n = snprintf(line, sizeof(line), "apdus %" PRIu64 "\n", log->count);
	return pwrite(log->fd, line, (size_t)n, 0) == n ? 0 : -1;
}

int
apdu_log_open(apdu_log *log, const char *path)
{
	char line[APDU_LOG_LINE];
	ssize_t got;
	uint64_t n;
	int r = -1;

	apdu_log_none(log);
	log->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, APDU_LOG_MODE);
	if (log->fd < 0)
		goto fail;
	got = pread(log->fd, line, sizeof(line) - 1, 0);
	if (got < 0)
		goto fail;
	line[got] = '\0';
	if (sscanf(line, "apdus %" SCNu64, &n) == 1)
		log->count = n;
	/* Start from a file holding exactly our line, whatever was there. */
	if (ftruncate(log->fd, 0) != 0 || write_line(log) != 0)
		goto fail;
	r = 0;
fail:
	if (r != 0 && log->fd >= 0) {
		int saved = errno;

		close(log->fd);
		log->fd = -1;
		errno = saved;
	}
	return r;
}

void
apdu_log_count(apdu_log *log)
{
	log->count++;
	if (log->fd < 0)
		return;
	/* The count only grows, so the line never gets shorter: rewriting
	 * it in place with one pwrite leaves no stale tail. */
	if (write_line(log) != 0 && !log->failed) {
		fprintf(stderr, "uimkey-card: apdu log: %s\n",
		    strerror(errno));
		log->failed = 1;
	}
}

void
apdu_log_close(apdu_log *log)
{
	if (log->fd >= 0)
		close(log->fd);
	log->fd = -1;
}
