/* The uimkey command line: one file per command, all on libuimkey. */
#ifndef UIMKEY_CLI_H
#define UIMKEY_CLI_H

/* Exit statuses. */
#define CLI_OK     0
#define CLI_FAIL   1    /* the operation failed */
#define CLI_USAGE  2    /* the command line is wrong */

#include "host/uimkey.h"

int cmd_list(int argc, char **argv);
int cmd_apdu(int argc, char **argv);

/* Open the card in reader, or in the first reader holding a PIV card
 * when reader is NULL; says why on stderr when it cannot. */
int cli_open(uimkey_ctx_t **ctxp, uimkey_dev_t **devp, const char *reader);

/* Print "uimkey: " and the message to stderr. */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
