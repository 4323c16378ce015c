/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey-card's command line: its options, checked, and --help and
 * --version answered.
 */
#ifndef UIMKEY_VPCD_CARD_ARGS_H
#define UIMKEY_VPCD_CARD_ARGS_H

#include <stdint.h>

#define PROG_NAME        "uimkey-card"
#define PROG_VERSION     "0.1.0"
#define DEFAULT_HOST     "127.0.0.1"
#define EXIT_USAGE       2

/* card_args_parse() results besides 0. */
#define ARGS_EXIT        1      /* --help or --version done */
#define ARGS_BAD        -1

struct options {
	const char *host;
	const char *store;
	const char *device_key;
	const char *counter;
	const char *apdu_log;
	const char *rsp_log;
	const char *fault;
	const char *fault_file;
	uint32_t kdf_iterations;
	int upgrade;                    /* --upgrade: no port then */
	uint16_t port;
};

/* Fill o from the command line: 0, ARGS_EXIT, or ARGS_BAD (said why).
 * --fault and --fault-file go to the environment, where the store reads
 * them. */
int card_args_parse(int argc, char **argv, struct options *o);

#endif
