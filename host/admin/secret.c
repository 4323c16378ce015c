/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Secrets never come from the command line: a file (--pin-file and
 * friends; "-" is standard input) holds one on its first and only line,
 * or the terminal gives it with echo turned off.  Every buffer that held
 * one is wiped.
 */
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <termios.h>
#include <unistd.h>

#include "admin/io.h"

void
adm_secret_wipe(struct adm_secret *sec)
{
	explicit_bzero(sec, sizeof(*sec));
}

/* Drop one line end; 0, or -1 when more than one line is left. */
static int
one_line(struct adm_secret *sec)
{
	if (sec->len > 0 && sec->s[sec->len - 1] == '\n')
		sec->len--;
	if (sec->len > 0 && sec->s[sec->len - 1] == '\r')
		sec->len--;
	sec->s[sec->len] = '\0';
	return memchr(sec->s, '\n', sec->len) == NULL &&
	    memchr(sec->s, '\r', sec->len) == NULL ? 0 : -1;
}

static int
from_file(struct adm_secret *sec, const char *file, const char *what)
{
	char extra;
	ssize_t n;
	int fd, r = -1;

	fd = strcmp(file, "-") == 0 ? STDIN_FILENO : open(file, O_RDONLY);
	if (fd < 0) {
		adm_err("cannot read the %s from '%s': %s", what, file,
		    strerror(errno));
		return -1;
	}
	sec->len = 0;
	while (sec->len < ADM_SECRET_MAX) {
		n = read(fd, sec->s + sec->len, ADM_SECRET_MAX - sec->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			adm_err("cannot read the %s from '%s': %s", what, file,
			    strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		sec->len += (size_t)n;
	}
	if (sec->len == ADM_SECRET_MAX && read(fd, &extra, 1) > 0) {
		adm_err("'%s' is too long for a %s", file, what);
		goto fail;
	}
	if (one_line(sec) != 0) {
		adm_err("'%s' must hold the %s on one line", file, what);
		goto fail;
	}
	if (sec->len == 0) {
		adm_err("'%s' holds no %s", file, what);
		goto fail;
	}
	r = 0;
fail:
	if (fd != STDIN_FILENO)
		close(fd);
	if (r != 0)
		adm_secret_wipe(sec);
	return r;
}

/* One line from the terminal on standard input, echo off. */
static int
from_tty(struct adm_secret *sec, const char *prompt)
{
	struct termios old, quiet;
	char c;
	ssize_t n;
	int r = -1;

	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return -1;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	fprintf(stderr, "%s: ", prompt);
	fflush(stderr);
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0)
		return -1;
	sec->len = 0;
	for (;;) {
		n = read(STDIN_FILENO, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || c == '\n')
			break;
		if (sec->len == ADM_SECRET_MAX)
			goto fail;
		sec->s[sec->len++] = c;
	}
	sec->s[sec->len] = '\0';
	r = n < 0 ? -1 : 0;
fail:
	explicit_bzero(&c, sizeof(c));
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return r;
}

/* The option that gives a secret from a file. */
static const char *
option_of(const char *what)
{
	static const struct {
		const char *what, *opt;
	} opts[] = {
		{ "PIN", "--pin-file" }, { "current PIN", "--pin-file" },
		{ "new PIN", "--new-pin-file" }, { "PUK", "--puk-file" },
		{ "current PUK", "--puk-file" }, { "new PUK", "--new-puk-file" },
		{ "management key (hex)", "--mgmt-key-file" },
		{ "new management key (hex)", "--new-mgmt-key-file" },
	};
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (strcmp(what, opts[i].what) == 0)
			return opts[i].opt;
	return "a file option";
}

int
adm_secret_get(struct adm_secret *sec, const char *file, const char *what,
    int confirm)
{
	struct adm_secret again;
	char prompt[96];
	int r = -1;

	memset(sec, 0, sizeof(*sec));
	if (file != NULL)
		return from_file(sec, file, what);
	if (!isatty(STDIN_FILENO)) {
		adm_err("no %s given: use %s FILE (standard input is not a "
		    "terminal to ask on)", what, option_of(what));
		return -1;
	}
	snprintf(prompt, sizeof(prompt), "%c%s", toupper((unsigned char)what[0]),
	    what + 1);
	if (from_tty(sec, prompt) != 0 || sec->len == 0) {
		adm_err("no %s read from the terminal", what);
		goto fail;
	}
	if (confirm) {
		snprintf(prompt, sizeof(prompt), "Repeat the %s", what);
		if (from_tty(&again, prompt) != 0 || again.len != sec->len ||
		    memcmp(again.s, sec->s, sec->len) != 0) {
			adm_err("the two entries of the %s differ", what);
			adm_secret_wipe(&again);
			goto fail;
		}
		adm_secret_wipe(&again);
	}
	r = 0;
fail:
	if (r != 0)
		adm_secret_wipe(sec);
	return r;
}

long
adm_hex_decode(const char *s, size_t len, uint8_t *out, size_t cap)
{
	size_t i, n = 0;
	int hi = -1, v;

	for (i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == ':')
			continue;
		if (!isxdigit((unsigned char)s[i]))
			return -1;
		v = isdigit((unsigned char)s[i]) ? s[i] - '0' :
		    tolower((unsigned char)s[i]) - 'a' + 10;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == cap)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	return hi < 0 ? (long)n : -1;
}

int
adm_random(uint8_t *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = getrandom(buf, len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			adm_err("no random numbers: %s", strerror(errno));
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

void
adm_hex_encode(const uint8_t *b, size_t len, char *out)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * len] = '\0';
}
