/* SPDX-License-Identifier: BSD-2-Clause */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rsp_log.h"

/* Hex digits of the longest response, its newline. */
#define RSP_LOG_LINE_MAX  (2 * (65536 + 2) + 1)

void
rsp_log_none(rsp_log *log)
{
	log->fd = -1;
	log->failed = 0;
}

int
rsp_log_open(rsp_log *log, const char *path)
{
	rsp_log_none(log);
	log->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC |
	    O_NOFOLLOW, 0600);
	return log->fd < 0 ? -1 : 0;
}

void
rsp_log_write(rsp_log *log, const uint8_t *rsp, size_t len)
{
	static const char digits[] = "0123456789ABCDEF";
	static char line[RSP_LOG_LINE_MAX];
	size_t i, n = 0;

	if (log->fd < 0 || 2 * len + 1 > sizeof(line))
		return;
	for (i = 0; i < len; i++) {
		line[n++] = digits[rsp[i] >> 4];
		line[n++] = digits[rsp[i] & 0x0F];
	}
	line[n++] = '\n';
	/* One write per line: O_APPEND keeps lines whole. */
	if (write(log->fd, line, n) != (ssize_t)n && !log->failed) {
		fprintf(stderr, "uimkey-card: response log: %s\n",
		    strerror(errno));
		log->failed = 1;
	}
	explicit_bzero(line, n);
}

void
rsp_log_close(rsp_log *log)
{
	if (log->fd >= 0)
		close(log->fd);
	rsp_log_none(log);
}
