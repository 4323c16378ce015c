/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_profile: the personalization profile parser (host/admin/profile.c,
 * adm_profile_load) on any bytes.  The input is written to profile.json in
 * the target's directory, which also holds files a profile may name
 * (pin.txt, puk.txt, mgmt.hex, secret.txt, issuer.pem); the CLI can open
 * nothing else (fz_files.h).  Checked: the sanitizers, and that a
 * profile accepted is within its documented ranges.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fz_files.h"
#include "admin/profile.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[4096];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (fz_files_setup() != 0) {
		fprintf(stderr, "fuzz_profile: cannot make the directory\n");
		abort();
	}
	if (getenv("FUZZ_VERBOSE") == NULL)
		fz_files_quiet();
	return 0;
}

static void
check(const struct adm_profile *p)
{
	size_t i;

	if ((p->pin_retries != 0 && (p->pin_retries < 1 ||
	    p->pin_retries > 15)) || (p->puk_retries != 0 &&
	    (p->puk_retries < 1 || p->puk_retries > 15)) ||
	    p->ngen > ADM_PROFILE_SLOTS_MAX ||
	    p->pin.v.len > ADM_SECRET_MAX || p->puk.v.len > ADM_SECRET_MAX ||
	    p->mgmt.v.len > ADM_SECRET_MAX ||
	    (!p->pin.random && (p->pin.v.len < 6 || p->pin.v.len > 8)) ||
	    memchr(p->secrets_out, '\0', sizeof(p->secrets_out)) == NULL ||
	    memchr(p->expiry, '\0', sizeof(p->expiry)) == NULL)
		abort();
	for (i = 0; i < ADM_PRINTED_FIELDS; i++)
		if (memchr(p->printed[i], '\0', sizeof(p->printed[i])) == NULL ||
		    strlen(p->printed[i]) > adm_printed_fields[i].max)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct adm_profile *p;

	if (fz_files_put("profile.json", data, size, path) != 0)
		abort();
	if ((p = malloc(sizeof(*p))) == NULL)
		abort();
	if (adm_profile_load(path, p) == 0) {
		check(p);
		adm_profile_wipe(p);
	}
	free(p);
	return 0;
}
