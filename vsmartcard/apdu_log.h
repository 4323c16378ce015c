/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * --apdu-log: how many APDUs the card has answered, for the benchmark.
 *
 * The file holds one line, "apdus N", rewritten in place after every
 * answer.  It never holds APDU bytes: commands carry PINs and keys.
 * Counting continues from the number already in the file, so a card that
 * is stopped and started again keeps one running total per file.
 */
#ifndef UIMKEY_APDU_LOG_H
#define UIMKEY_APDU_LOG_H

#include <stdint.h>

typedef struct {
	int fd;
	uint64_t count;
	int failed;     /* a write failed and was reported */
} apdu_log;

/* No log: every call is a no-op. */
void apdu_log_none(apdu_log *log);

/* Open (or create) the log at path.  0, or -1 with errno set. */
int apdu_log_open(apdu_log *log, const char *path);

/* Count one answered APDU. */
void apdu_log_count(apdu_log *log);

void apdu_log_close(apdu_log *log);

#endif
