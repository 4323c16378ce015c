/* SPDX-License-Identifier: BSD-2-Clause */
/* Files of the CLI fuzz targets (fz_files.h). */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz/fz_files.h"

char fz_files_dir[PATH_MAX];

/* An EC P-256 public key (the RFC 6979 A.2.5 key) as PEM and DER. */
static const char issuer_pem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEYP7UuiVanTHJYet0xjVtaMBJuJI7\n"
    "Yfps5mliLmDyn7Z5A/4QCLi8maQa6elWKLxk8vGyDC1+n1F3o8KU1EYimQ==\n"
    "-----END PUBLIC KEY-----\n";

static void
cleanup(void)
{
	static const char *const names[] = { "profile.json", "pin.txt",
		"puk.txt", "mgmt.hex", "issuer.pem", "secret.txt", "csr",
		"chain", "roots", "challenge", NULL };
	char path[PATH_MAX + 32];
	size_t i;

	if (fz_files_dir[0] == '\0')
		return;
	for (i = 0; names[i] != NULL; i++) {
		snprintf(path, sizeof(path), "%s/%s", fz_files_dir, names[i]);
		(void)unlink(path);
	}
	(void)rmdir(fz_files_dir);
}

int
fz_files_put(const char *name, const uint8_t *b, size_t len, char *path)
{
	ssize_t n;
	int fd;

	snprintf(path, 4096, "%s/%s", fz_files_dir, name);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0)
		return -1;
	while (len > 0) {
		if ((n = write(fd, b, len)) <= 0) {
			close(fd);
			return -1;
		}
		b += n;
		len -= (size_t)n;
	}
	return close(fd);
}

int
fz_files_setup(void)
{
	char tmpl[PATH_MAX], path[4096];
	const char *tmp = getenv("TMPDIR");
	char *real;

	if (fz_files_dir[0] != '\0')
		return 0;
	snprintf(tmpl, sizeof(tmpl), "%s/uimkey-fuzz-XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(tmpl) == NULL || (real = realpath(tmpl, NULL)) == NULL)
		return -1;
	snprintf(fz_files_dir, sizeof(fz_files_dir), "%s", real);
	free(real);
	atexit(cleanup);
	if (fz_files_put("pin.txt", (const uint8_t *)"246801\n", 7, path) ||
	    fz_files_put("puk.txt", (const uint8_t *)"13572468\n", 9, path) ||
	    fz_files_put("mgmt.hex", (const uint8_t *)
	    "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F\n",
	    65, path) ||
	    fz_files_put("secret.txt", (const uint8_t *)"s3cret\n", 7, path) ||
	    fz_files_put("issuer.pem", (const uint8_t *)issuer_pem,
	    sizeof(issuer_pem) - 1, path))
		return -1;
	return 0;
}

void
fz_files_quiet(void)
{
	FILE *f = fopen("/dev/null", "w");

	if (f != NULL)
		stderr = f;
}

int
fz_cli_open(const char *path, int flags, ...)
{
	char *real;
	struct stat st;
	size_t n = strlen(fz_files_dir);
	int ok;

	if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_CREAT) ||
	    fz_files_dir[0] == '\0') {
		errno = EACCES;
		return -1;
	}
	if ((real = realpath(path, NULL)) == NULL)
		return -1;
	ok = strncmp(real, fz_files_dir, n) == 0 && real[n] == '/' &&
	    stat(real, &st) == 0 && S_ISREG(st.st_mode);
	free(real);
	if (!ok) {
		errno = EACCES;
		return -1;
	}
	return open(path, flags | O_NOFOLLOW);
}
