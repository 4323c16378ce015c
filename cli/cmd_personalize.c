/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey personalize: the factory step of X.1122 7.1.2, from a JSON
 * profile.  The run is the admin library's (admin/perso.h says what it
 * guarantees and in which order); this prints what it did.
 */
#include <stdlib.h>

#include "admin/perso.h"
#include "cli.h"

static void
summary(const struct adm_perso *ps)
{
	const struct adm_perso_done *d = &ps->done;
	const struct adm_profile *p = &ps->p;
	size_t i;

	printf("card %u personalized:", (unsigned)d->serial);
	if (d->objects != 0)
		printf(" objects%s%s%s;",
		    d->objects & ADM_PERSO_CHUID ? " CHUID" : "",
		    d->objects & ADM_PERSO_CCC ? " CCC" : "",
		    d->objects & ADM_PERSO_PRINTED ? " PRINTED" : "");
	if (d->attest)
		printf(" attestation certificate issued by the manufacturer CA;");
	for (i = 0; i < d->keys; i++)
		printf(" slot %02x %s;", p->gen[i].slot,
		    adm_alg_name(p->gen[i].alg));
	if (d->issuer == ADM_PERSO_ISSUER_KEPT)
		printf(" issuer key kept from before (lock counter %lu);",
		    (unsigned long)d->issuer_counter);
	else if (d->issuer == ADM_PERSO_ISSUER_INSTALLED)
		printf(" issuer key installed (lock counter %lu);",
		    (unsigned long)d->issuer_counter);
	printf(" PIN, PUK and %s management key set%s%s\n",
	    adm_alg_name((uint8_t)p->mgmt_alg),
	    d->random ? "; random values in " : "",
	    d->random ? ps->secrets_out : "");
}

static int
personalize(uimkey_dev_t *dev, struct cli_args *a, void *arg)
{
	int r;

	(void)a;
	if ((r = adm_perso_card(arg, dev)) != 0)
		return r == -2 ? CLI_USAGE : CLI_FAIL;
	summary(arg);
	return CLI_OK;
}

int
cmd_personalize(struct cli_args *a)
{
	struct adm_perso *ps;
	int status = CLI_USAGE;

	if (a->profile == NULL) {
		cli_err("personalize: --profile FILE is required");
		return CLI_USAGE;
	}
	if ((ps = adm_perso_new()) == NULL) {
		cli_err("out of memory");
		return CLI_FAIL;
	}
	if (adm_perso_prepare(ps, a->profile, a->secrets_out) != 0)
		goto fail;
	status = cli_with_card(a, 0, personalize, ps);
fail:
	adm_perso_free(&ps);
	return status;
}
