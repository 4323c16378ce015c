/* SPDX-License-Identifier: BSD-2-Clause */
/* The uimkey command line: one file per command, all on libuimkey. */
#ifndef UIMKEY_CLI_H
#define UIMKEY_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

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

/* Commands (host/cli/cmd_*.c). */
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

/* Print "uimkey: " and the message to stderr. */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same with "warning: ". */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * The card (open.c): the reader named by --reader, the card with
 * --serial, or the first reader holding a PIV card.  Says why on stderr
 * when it cannot.  cli_close() frees both (NULL is fine).
 */
int cli_open_args(const struct cli_args *a, uimkey_ctx_t **ctxp,
    uimkey_dev_t **devp);
void cli_close(uimkey_ctx_t **ctxp, uimkey_dev_t **devp);

/* A library error in words, for "uimkey: WHAT: <this>". */
const char *cli_strerr(int r);
/* cli_err("%s: %s", what, cli_strerr(r)) and CLI_FAIL. */
int cli_fail(const char *what, int r);

/*
 * Secrets (secret.c): from a file (its first line; "-" is standard
 * input), else from the terminal without echo when standard input is
 * one.  confirm asks twice.  The buffer is wiped by cli_secret_wipe().
 */
#define CLI_SECRET_MAX 128
struct cli_secret {
	char s[CLI_SECRET_MAX + 1];
	size_t len;
};
int cli_secret_get(struct cli_secret *sec, const char *file,
    const char *what, int confirm);
void cli_secret_wipe(struct cli_secret *sec);
/* len random bytes from getrandom(2); -1 after a message. */
int cli_random(uint8_t *buf, size_t len);
/* Hex to bytes (spaces and colons allowed); -1 when malformed or more
 * than cap bytes. */
long cli_hex_decode(const char *s, size_t len, uint8_t *out, size_t cap);

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

/* Names (names.c): slots, algorithms, policies; -1 / 0 when unknown. */
int cli_slot_parse(const char *s, int allow_attest);
/* The slot of option opt ("--slot"), -1 after a message. */
int cli_slot_arg(const struct cli_args *a, const char *s, const char *opt,
    int allow_attest);
int cli_alg_parse(const char *s);             /* key algorithms */
int cli_mgmt_alg_parse(const char *s);        /* 3des, aes128, ... */
int cli_policy_parse(const char *s);          /* never, once, always */
const char *cli_alg_name(uint8_t alg);
const char *cli_policy_name(uint8_t policy);
const char *cli_slot_name(uint8_t slot);      /* "PIV authentication" */
/* Sizes: the bits of a key algorithm (256, 2048, ...), 0 if unknown. */
unsigned cli_alg_bits(uint8_t alg);
int cli_alg_is_rsa(uint8_t alg);

/*
 * Files (files.c).  cli_read_file reads a whole file ("-": standard
 * input), at most max bytes, into a malloc'd buffer.  cli_write_file
 * writes one ("-" or NULL: standard output); secret files are created
 * with mode 0600 and never overwrite an existing file.
 */
int cli_read_file(const char *path, size_t max, uint8_t **buf, size_t *len);
int cli_write_file(const char *path, const void *data, size_t len,
    int secret);
/* Before the card is changed: can the output file be written? */
int cli_out_check(const char *path);
/* Free a buffer after wiping it. */
void cli_free_secret(void *buf, size_t len);

/*
 * PEM (pem.c): our own Base64 writer, BearSSL's br_pem_decoder reader.
 * - cli_pem_encode: "-----BEGIN label-----" ... into a malloc'd string.
 * - cli_pem_each: every object of a PEM buffer, in order, to fn (label,
 *   DER); stops at the first non-zero return of fn, which it returns.
 *   -1 for malformed PEM, -2 for no object at all.
 * - cli_object_read: one object of label from a file in PEM or DER
 *   (DER: the whole file), into a malloc'd buffer.
 */
char *cli_pem_encode(const char *label, const uint8_t *der, size_t len);
int cli_pem_each(const uint8_t *buf, size_t len,
    int (*fn)(void *arg, const char *label, const uint8_t *der, size_t len),
    void *arg);
int cli_is_pem(const uint8_t *buf, size_t len);
int cli_object_read(const char *path, const char *label, uint8_t **der,
    size_t *len);
/* Write an object: PEM with label, or DER when a->der; to a->out. */
int cli_object_write(const struct cli_args *a, const char *label,
    const uint8_t *der, size_t len);

/*
 * Certificates and names (x509_text.c).
 * - cli_dn_string: a Name as RFC 4514 text (most specific first).
 * - cli_cert_info: the parts of a certificate a person reads.
 */
#define CLI_DN_MAX 512
struct cli_cert_info {
	char subject[CLI_DN_MAX], issuer[CLI_DN_MAX];
	char not_before[32], not_after[32];    /* "YYYY-MM-DD HH:MM:SS UTC" */
	long long not_after_epoch;
	int self_issued;                        /* issuer = subject, bytes */
};
int cli_dn_string(const uint8_t *name, size_t len, char *out, size_t cap);
int cli_cert_info(const uint8_t *cert, size_t len, struct cli_cert_info *ci);
/* 1 when two SubjectPublicKeyInfos hold the same public key. */
int cli_same_key(const uint8_t *a, size_t alen, const uint8_t *b,
    size_t blen);
/* --subject text (RFC 4514) to a DER Name (subject.c); -1 after a
 * message. */
int cli_subject_parse(const char *subject, uint8_t *out, size_t cap,
    size_t *len);
/* Print s as a JSON string (quotes and escapes). */
void cli_json_str(FILE *f, const char *s);

#endif
