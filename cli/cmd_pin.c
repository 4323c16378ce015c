/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey pin verify | change | unblock | retries: the PIN's life cycle.
 * Every refusal says how many tries are left.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int
verified(uimkey_dev_t *dev, struct cli_args *a, void *arg)
{
	puts("PIN verified");
	return CLI_OK;
}

int
cmd_pin_verify(struct cli_args *a)
{
	return cli_with_card(a, CLI_NEED_PIN, verified, NULL);
}

/* The two secrets of a change: the current one, then the new one
 * (asked twice on a terminal). */
static int
two_secrets(struct adm_secret *cur, const char *cur_file, const char *cur_what,
    struct adm_secret *new, const char *new_file, const char *new_what)
{
	if (adm_secret_get(cur, cur_file, cur_what, 0) != 0)
		return -1;
	if (adm_secret_get(new, new_file, new_what, 1) != 0) {
		adm_secret_wipe(cur);
		return -1;
	}
	return 0;
}

/* A change or an unblock: the secret proven (cur) and the new one. */
struct two {
	struct adm_secret cur, new;
	int puk;
};

static int
change_on_card(uimkey_dev_t *dev, struct cli_args *a, void *arg)
{
	const struct two *t = arg;
	const char *cred = t->puk ? "PUK" : "PIN";
	int r, tries = -1;

	r = t->puk ? uimkey_piv_change_puk(dev, t->cur.s, t->new.s, &tries) :
	    uimkey_piv_change_pin(dev, t->cur.s, t->new.s, &tries);
	if (r != UIMKEY_OK)
		return cli_pin_fail(t->puk ? "change PUK" : "change PIN", cred,
		    r, tries);
	printf("%s changed\n", cred);
	return CLI_OK;
}

static int
unblock_on_card(uimkey_dev_t *dev, struct cli_args *a, void *arg)
{
	const struct two *t = arg;
	int r, tries = -1;

	r = uimkey_piv_unblock_pin(dev, t->cur.s, t->new.s, &tries);
	if (r != UIMKEY_OK)
		return cli_pin_fail("unblock PIN", r == UIMKEY_ERR_PIN_POLICY ?
		    "PIN" : "PUK", r, tries);
	puts("PIN unblocked and set");
	return CLI_OK;
}

/* Read the two secrets (cur_file and new_file, or the terminal), check
 * the new one's length and run fn on the card. */
static int
with_two(struct cli_args *a, int puk, const char *cur_file,
    const char *cur_what, const char *new_file, const char *new_what,
    cli_card_fn *fn)
{
	struct two t;
	int status = CLI_USAGE;

	memset(&t, 0, sizeof(t));
	t.puk = puk;
	if (two_secrets(&t.cur, cur_file, cur_what, &t.new, new_file,
	    new_what) != 0)
		goto fail;
	if (t.new.len < UIMKEY_PIN_MIN || t.new.len > UIMKEY_PIN_LEN) {
		cli_err("the new %s must have 6 to 8 characters",
		    puk ? "PUK" : "PIN");
		goto fail;
	}
	status = cli_with_card(a, 0, fn, &t);
fail:
	adm_secret_wipe(&t.cur);
	adm_secret_wipe(&t.new);
	return status;
}

int
cmd_pin_change(struct cli_args *a)
{
	return with_two(a, 0, a->pin_file, "current PIN", a->new_pin_file,
	    "new PIN", change_on_card);
}

int
cmd_puk_change(struct cli_args *a)
{
	return with_two(a, 1, a->puk_file, "current PUK", a->new_puk_file,
	    "new PUK", change_on_card);
}

int
cmd_pin_unblock(struct cli_args *a)
{
	return with_two(a, 0, a->puk_file, "PUK", a->new_pin_file, "new PIN",
	    unblock_on_card);
}

static int
show_retries(uimkey_dev_t *dev, struct cli_args *a, void *arg)
{
	uimkey_piv_meta_t pin, puk;
	int r;

	if ((r = uimkey_piv_get_metadata(dev, UIMKEY_REF_PIN, &pin)) !=
	    UIMKEY_OK ||
	    (r = uimkey_piv_get_metadata(dev, UIMKEY_REF_PUK, &puk)) !=
	    UIMKEY_OK)
		return cli_fail("retries", r);
	if (a->json)
		printf("{\"pin\": {\"tries_left\": %d, \"tries_total\": %d}, "
		    "\"puk\": {\"tries_left\": %d, \"tries_total\": %d}}\n",
		    pin.tries_left, pin.tries_total, puk.tries_left,
		    puk.tries_total);
	else
		printf("PIN: %d of %d tries left\nPUK: %d of %d tries left\n",
		    pin.tries_left, pin.tries_total, puk.tries_left,
		    puk.tries_total);
	return CLI_OK;
}

static int
tries_arg(const char *s, uint8_t *v)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || n < 1 || n > 15) {
		cli_err("pin retries: '%s' is not a count of tries from 1 to 15",
		    s);
		return -1;
	}
	*v = (uint8_t)n;
	return 0;
}

static int
set_retries(uimkey_dev_t *dev, struct cli_args *a, void *arg)
{
	const uint8_t *tries = arg;
	int r;

	if ((r = uimkey_piv_set_retries(dev, tries[0], tries[1])) != UIMKEY_OK)
		return cli_fail("pin retries", r);
	printf("PIN tries %u, PUK tries %u; the PIN is now 123456 and the PUK "
	    "12345678: change both\n", tries[0], tries[1]);
	return CLI_OK;
}

int
cmd_pin_retries(struct cli_args *a)
{
	uint8_t tries[2] = { 0, 0 };    /* PIN, PUK */

	if (a->npos == 1) {
		cli_err("pin retries: give both PIN_TRIES and PUK_TRIES");
		return CLI_USAGE;
	}
	if (a->npos == 2 && (tries_arg(a->pos[0], &tries[0]) != 0 ||
	    tries_arg(a->pos[1], &tries[1]) != 0))
		return CLI_USAGE;
	if (a->npos == 2 && !a->force) {
		cli_err("pin retries: setting the counts puts the PIN back to "
		    "123456 and the PUK to 12345678; add --force to do it");
		return CLI_USAGE;
	}
	if (a->npos == 0)
		return cli_with_card(a, 0, show_retries, NULL);
	return cli_with_card(a, CLI_NEED_MGMT | CLI_NEED_PIN, set_retries,
	    tries);
}
