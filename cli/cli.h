/* SPDX-License-Identifier: BSD-2-Clause */
/* The uimkey command line: parse, call libuimkey and the admin library,
 * print; one file per command group. */
#ifndef UIMKEY_CLI_H
#define UIMKEY_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "admin/card.h"
#include "admin/io.h"
#include "admin/names.h"
#include "admin/x509_text.h"
#include "host/uimkey.h"

/* Exit statuses. */
#define CLI_OK     0
#define CLI_FAIL   1    /* the operation failed, or the RA rejects */
#define CLI_USAGE  2    /* the command line or an input file is wrong */

/* Options a command may take (a mask in its table entry). */
#define O_CARD       (1u << 0)    /* --reader, --serial */
#define O_PIN        (1u << 1)    /* --pin-file */
#define O_PUK        (1u << 2)    /* --puk-file */
#define O_NEW_PIN    (1u << 3)    /* --new-pin-file */
#define O_NEW_PUK    (1u << 4)    /* --new-puk-file */
#define O_MGMT       (1u << 5)    /* --mgmt-key-file */
#define O_OUT        (1u << 6)    /* -o, --der */
#define O_JSON       (1u << 7)    /* --json */
#define O_SLOT       (1u << 8)    /* --slot */
#define O_TO         (1u << 9)    /* --to */
#define O_ALG        (1u << 10)   /* --alg */
#define O_POLICY     (1u << 11)   /* --pin-policy */
#define O_SUBJECT    (1u << 12)   /* --subject */
#define O_CHALLENGE  (1u << 13)   /* --challenge-password-file */
#define O_ATTEST     (1u << 14)   /* --attest, --attestation-out */
#define O_RA         (1u << 15)   /* --attestation, --manufacturer-roots,
                                     --policy, --allow-unattested */
#define O_PROFILE    (1u << 16)   /* --profile, --secrets-out */
#define O_KEY_FILE   (1u << 17)   /* --key-file */
#define O_NEW_MGMT   (1u << 18)   /* --new-mgmt-key-file, --random */
#define O_FORCE      (1u << 19)   /* --force */
#define O_ISSUER_KEY (1u << 20)   /* --issuer-key, --action */
#define O_COUNTER    (1u << 21)   /* --counter */
#define O_ISSUER_PUB (1u << 22)   /* --issuer-pub */
#define O_TOKEN_SERIAL (1u << 23) /* --serial: the card a lock token is
                                     for (not which card to open) */

/* Everything a command line can say; unset strings are NULL. */
struct cli_args {
	const char *cmd;                 /* "key generate", for messages */
	const char *reader, *serial;
	const char *pin_file, *puk_file, *new_pin_file, *new_puk_file;
	const char *mgmt_key_file, *new_mgmt_key_file;
	const char *out;                 /* -o FILE; "-" is stdout */
	const char *slot, *to, *alg, *pin_policy, *subject;
	const char *challenge_file, *attestation_out;
	const char *attestation, *roots, *policy;
	const char *profile, *secrets_out, *key_file;
	const char *issuer_key, *issuer_pub, *counter, *action;
	int der, json, random, attest, force, allow_unattested;
	int npos;
	char **pos;                      /* positional arguments */
};

/* Commands (cli/cmd_*.c). */
int cmd_list(struct cli_args *a);
int cmd_apdu(struct cli_args *a);
int cmd_info(struct cli_args *a);
int cmd_pin_verify(struct cli_args *a);
int cmd_pin_change(struct cli_args *a);
int cmd_pin_unblock(struct cli_args *a);
int cmd_pin_retries(struct cli_args *a);
int cmd_puk_change(struct cli_args *a);
int cmd_mgmt_set(struct cli_args *a);
int cmd_key_generate(struct cli_args *a);
int cmd_key_import(struct cli_args *a);
int cmd_key_attest(struct cli_args *a);
int cmd_key_delete(struct cli_args *a);
int cmd_key_move(struct cli_args *a);
int cmd_cert_import(struct cli_args *a);
int cmd_cert_export(struct cli_args *a);
int cmd_cert_delete(struct cli_args *a);
int cmd_reset(struct cli_args *a);
int cmd_request(struct cli_args *a);
int cmd_ra_verify(struct cli_args *a);
int cmd_personalize(struct cli_args *a);
int cmd_lock_token(struct cli_args *a);
int cmd_lock_apply(struct cli_args *a);
int cmd_lock_status(struct cli_args *a);
int cmd_lock_install(struct cli_args *a);

/* "uimkey: " (and "warning: ") and the message on stderr: the admin
 * library's printer, so that its sink sees the command line's messages
 * too. */
#define cli_err  adm_err
#define cli_warn adm_warn

/*
 * The card (open.c).  cli_with_card opens the reader named by --reader,
 * the card with --serial, or the first reader holding a PIV card; proves
 * what need asks for (CLI_NEED_MGMT: cli_auth_mgmt, then CLI_NEED_PIN:
 * cli_verify_pin); runs fn; and closes the card.  CLI_BASIC keeps the
 * card on the basic channel, the bytes of each APDU as given
 * (uimkey_dev_force_basic()).  It returns fn's exit status, or CLI_FAIL /
 * the proof's status after a message.
 */
#define CLI_NEED_MGMT (1u << 0)
#define CLI_NEED_PIN  (1u << 1)
#define CLI_BASIC     (1u << 2)
typedef int cli_card_fn(uimkey_dev_t *dev, struct cli_args *a, void *arg);
int cli_with_card(struct cli_args *a, unsigned need, cli_card_fn *fn,
    void *arg);

/* A library error in words, for "uimkey: WHAT: <this>" (the admin
 * library's, so that its messages and the command line's agree). */
#define cli_strerr adm_strerr
/* cli_err("%s: %s", what, cli_strerr(r)) and CLI_FAIL. */
int cli_fail(const char *what, int r);

/*
 * Credentials on the card (auth.c).
 * - cli_auth_mgmt: the management key from --mgmt-key-file, the
 *   terminal, or the factory key when the card says it is still the
 *   default.
 * - cli_verify_pin: the PIN from --pin-file or the terminal; wrong PIN
 *   and blocked PIN are reported with the tries left.
 * Both return an exit status: CLI_OK, CLI_FAIL (the card refused) or
 * CLI_USAGE (a missing or malformed secret), after a message.
 */
int cli_auth_mgmt(uimkey_dev_t *dev, const struct cli_args *a);
int cli_verify_pin(uimkey_dev_t *dev, const struct cli_args *a);
/* Report a PIN/PUK operation's failure with the tries left. */
int cli_pin_fail(const char *what, const char *cred, int r, int tries);

/*
 * Arguments (args.c).
 * - cli_slot_arg: the slot of option opt ("--slot"), -1 after a message.
 * - cli_u32_arg: a decimal number of opt from min to max; -1 after a
 *   message.
 * - cli_lock_action_parse: "lock" / "unlock" to UIMKEY_LOCK_ACTION_*, -1
 *   otherwise.
 */
int cli_slot_arg(const struct cli_args *a, const char *s, const char *opt,
    int allow_attest);
int cli_u32_arg(const char *s, const char *opt, uint32_t min, uint32_t max,
    uint32_t *v);
int cli_lock_action_parse(const char *s);
const char *cli_lock_action_name(uint8_t action);

/*
 * Output (print.c).
 * - cli_object_write: PEM with label, or DER when a->der; to a->out.
 * - cli_json_str: s as a JSON string (quotes and escapes).
 * - cli_lock_info_get: the card's lock state (adm_lock_info_get).
 * - cli_lock_state_text: the state in words, one line ("LOCKED BY
 *   ISSUER, counter 5", ...).
 * - cli_lock_state_json: the state as JSON members: "issuer_key": ...,
 *   "locked": ..., "counter": ..., "issuer_key_sha256": ... (no braces).
 */
int cli_object_write(const struct cli_args *a, const char *label,
    const uint8_t *der, size_t len);
void cli_json_str(FILE *f, const char *s);
#define cli_lock_info_get adm_lock_info_get
void cli_lock_state_text(const uimkey_piv_lock_info_t *info, char *out,
    size_t cap);
void cli_lock_state_json(FILE *f, const uimkey_piv_lock_info_t *info);

#endif
