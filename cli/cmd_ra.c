/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey ra verify: the registration authority's check of a request
 * (X.1122 9.1.1), on any machine, no card needed; the checks are the
 * admin library's (adm_ra_verify, admin/ra.h).  The first failure is the
 * verdict: exit 1 and its reason.  Success: exit 0 and one line.
 * Problems with the RA's own inputs (unreadable files, a bad --policy)
 * exit 2.
 */
#include <string.h>

#include "admin/ra.h"
#include "cli.h"

static void
print_accepted(const struct adm_ra_verdict *v)
{
	printf("accepted: %s, %s key; proof of possession verified",
	    v->subject, v->key);
	if (v->attested) {
		printf("; generated on card");
		if (v->has_serial)
			printf(" serial %lu", v->serial);
		printf(", attested to %s", v->root);
	} else {
		printf("; NOT attested");
	}
	printf("%s\n", v->challenge ? "; challenge password matches" : "");
}

int
cmd_ra_verify(struct cli_args *a)
{
	struct adm_ra_policy pol;
	struct adm_ra_verdict v;
	struct adm_ra_in in;
	uint8_t *der = NULL;
	size_t len = 0;
	int status = CLI_USAGE;

	if (adm_ra_policy_parse(a->policy, &pol) != 0) {
		cli_err("ra verify: bad --policy '%s' (e.g. min-rsa=2048,"
		    "curves=p256+p384; curves=none refuses EC)", a->policy);
		goto fail;
	}
	if (a->roots == NULL && !a->allow_unattested) {
		cli_err("ra verify: --manufacturer-roots FILE is required");
		goto fail;
	}
	if (a->attestation != NULL && a->roots == NULL) {
		cli_err("ra verify: --attestation needs --manufacturer-roots FILE");
		goto fail;
	}
	if (adm_object_read(a->pos[0], NULL, &der, &len) != 0)
		goto fail;
	memset(&in, 0, sizeof(in));
	in.csr = der;
	in.csr_len = len;
	in.challenge_file = a->challenge_file;
	in.chain_file = a->attestation;
	in.roots_file = a->roots;
	in.allow_unattested = a->allow_unattested;
	switch (adm_ra_verify(&in, &pol, &v)) {
	case ADM_RA_ACCEPTED:
		print_accepted(&v);
		status = CLI_OK;
		break;
	case ADM_RA_REFUSED:
		cli_err("ra verify: rejected: %s", v.why);
		status = CLI_FAIL;
		break;
	default:
		break;
	}
fail:
	adm_free_secret(der, len);
	return status;
}
