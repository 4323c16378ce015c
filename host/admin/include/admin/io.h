/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The admin library's I/O: messages, files, secrets, random bytes, hex,
 * PEM.  Secrets never come from a command line: a file holds one on its
 * first line, or the terminal gives it without echo.
 */
#ifndef UIMKEY_ADMIN_IO_H
#define UIMKEY_ADMIN_IO_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Messages (report.c).  By default "uimkey: " (and "warning: " for a
 * warning), the message and a new line go to stderr.  A sink set with
 * adm_sink_set() gets each message instead, as one string without the
 * prefix or the new line; NULL restores stderr.
 */
typedef void adm_sink_fn(void *arg, int warning, const char *msg);
void adm_sink_set(adm_sink_fn *fn, void *arg);
void adm_vreport(int warning, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
void adm_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void adm_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Files (files.c).  adm_read_file reads a whole file ("-": standard
 * input), at most max bytes, into a malloc'd buffer.  adm_write_file
 * writes one ("-" or NULL: standard output); secret files are created
 * with mode 0600 and never overwrite an existing file.
 */
int adm_read_file(const char *path, size_t max, uint8_t **buf, size_t *len);
int adm_write_file(const char *path, const void *data, size_t len,
    int secret);
/* Before the card is changed: can the output file be written? */
int adm_out_check(const char *path);
/* Free a buffer after wiping it. */
void adm_free_secret(void *buf, size_t len);

/*
 * Secrets (secret.c): from a file (its first line; "-" is standard
 * input), else from the terminal without echo when standard input is
 * one.  confirm asks twice.  The buffer is wiped by adm_secret_wipe().
 */
#define ADM_SECRET_MAX 128
struct adm_secret {
	char s[ADM_SECRET_MAX + 1];
	size_t len;
};
int adm_secret_get(struct adm_secret *sec, const char *file,
    const char *what, int confirm);
void adm_secret_wipe(struct adm_secret *sec);
/* len random bytes from getrandom(2); -1 after a message. */
int adm_random(uint8_t *buf, size_t len);
/* Hex to bytes (spaces and colons allowed); -1 when malformed or more
 * than cap bytes. */
long adm_hex_decode(const char *s, size_t len, uint8_t *out, size_t cap);
/* len bytes as upper-case hex into out (2 * len + 1 bytes, NUL last). */
void adm_hex_encode(const uint8_t *b, size_t len, char *out);

/*
 * PEM (pem.c): our own Base64 writer, BearSSL's br_pem_decoder reader.
 * - adm_pem_encode: "-----BEGIN label-----" ... into a malloc'd string.
 * - adm_pem_each: every object of a PEM buffer, in order, to fn (label,
 *   DER); stops at the first non-zero return of fn, which it returns.
 *   -1 for malformed PEM, -2 for no object at all.
 * - adm_object_read: one object of label from a file in PEM or DER
 *   (DER: the whole file), into a malloc'd buffer.
 */
char *adm_pem_encode(const char *label, const uint8_t *der, size_t len);
int adm_pem_each(const uint8_t *buf, size_t len,
    int (*fn)(void *arg, const char *label, const uint8_t *der, size_t len),
    void *arg);
int adm_is_pem(const uint8_t *buf, size_t len);
int adm_object_read(const char *path, const char *label, uint8_t **der,
    size_t *len);

#endif
