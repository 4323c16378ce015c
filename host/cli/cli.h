/* The uimkey command line: one file per command, all on libuimkey. */
#ifndef UIMKEY_CLI_H
#define UIMKEY_CLI_H

/* Exit statuses. */
#define CLI_OK     0
#define CLI_FAIL   1    /* the operation failed */
#define CLI_USAGE  2    /* the command line is wrong */

int cmd_list(int argc, char **argv);

/* Print "uimkey: " and the message to stderr. */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
