/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * --response-log: every response APDU the card sends, in hex, one per
 * line, appended to a file.  A test aid: the suite scans it to prove that
 * no private key ever leaves the card.  Commands are never logged (they
 * carry PINs and imported keys).
 */
#ifndef UIMKEY_RSP_LOG_H
#define UIMKEY_RSP_LOG_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	int fd;         /* -1: no log */
	int failed;     /* a write failed and was reported */
} rsp_log;

void rsp_log_none(rsp_log *log);

/* Open (append, create 0600) the log at path.  0, or -1 with errno set. */
int rsp_log_open(rsp_log *log, const char *path);

/* Append one response. */
void rsp_log_write(rsp_log *log, const uint8_t *rsp, size_t len);

void rsp_log_close(rsp_log *log);

#endif
