/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey pin verify | change | unblock | retries: the PIN's life cycle.
 * Every refusal says how many tries are left.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int
cmd_pin_verify(struct cli_args *a)
{
	uimkey_ctx_t *ctx = NULL;
	uimkey_dev_t *dev = NULL;
	int status = CLI_FAIL;

	if (cli_open_args(a, &ctx, &dev) != UIMKEY_OK)
		goto fail;
	if ((status = cli_verify_pin(dev, a)) != CLI_OK)
		goto fail;
	puts("PIN verified");
	status = CLI_OK;
fail:
	cli_close(&ctx, &dev);
	return status;
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

static int
change(struct cli_args *a, int puk)
{
	uimkey_ctx_t *ctx = NULL;
	uimkey_dev_t *dev = NULL;
	struct adm_secret cur, new;
	const char *cred = puk ? "PUK" : "PIN";
	int r, tries = -1, status = CLI_USAGE;

	memset(&cur, 0, sizeof(cur));
	memset(&new, 0, sizeof(new));
	if (two_secrets(&cur, puk ? a->puk_file : a->pin_file,
	    puk ? "current PUK" : "current PIN", &new,
	    puk ? a->new_puk_file : a->new_pin_file,
	    puk ? "new PUK" : "new PIN") != 0)
		goto fail;
	if (new.len < UIMKEY_PIN_MIN || new.len > UIMKEY_PIN_LEN) {
		cli_err("the new %s must have 6 to 8 characters", cred);
		goto fail;
	}
	status = CLI_FAIL;
	if (cli_open_args(a, &ctx, &dev) != UIMKEY_OK)
		goto fail;
	r = puk ? uimkey_piv_change_puk(dev, cur.s, new.s, &tries) :
	    uimkey_piv_change_pin(dev, cur.s, new.s, &tries);
	if (r != UIMKEY_OK) {
		status = cli_pin_fail(puk ? "change PUK" : "change PIN", cred, r,
		    tries);
		goto fail;
	}
	printf("%s changed\n", cred);
	status = CLI_OK;
fail:
	adm_secret_wipe(&cur);
	adm_secret_wipe(&new);
	cli_close(&ctx, &dev);
	return status;
}

int
cmd_pin_change(struct cli_args *a)
{
	return change(a, 0);
}

int
cmd_puk_change(struct cli_args *a)
{
	return change(a, 1);
}

int
cmd_pin_unblock(struct cli_args *a)
{
	uimkey_ctx_t *ctx = NULL;
	uimkey_dev_t *dev = NULL;
	struct adm_secret puk, pin;
	int r, tries = -1, status = CLI_USAGE;

	memset(&puk, 0, sizeof(puk));
	memset(&pin, 0, sizeof(pin));
	if (two_secrets(&puk, a->puk_file, "PUK", &pin, a->new_pin_file,
	    "new PIN") != 0)
		goto fail;
	if (pin.len < UIMKEY_PIN_MIN || pin.len > UIMKEY_PIN_LEN) {
		cli_err("the new PIN must have 6 to 8 characters");
		goto fail;
	}
	status = CLI_FAIL;
	if (cli_open_args(a, &ctx, &dev) != UIMKEY_OK)
		goto fail;
	r = uimkey_piv_unblock_pin(dev, puk.s, pin.s, &tries);
	if (r != UIMKEY_OK) {
		status = cli_pin_fail("unblock PIN", r == UIMKEY_ERR_PIN_POLICY ?
		    "PIN" : "PUK", r, tries);
		goto fail;
	}
	puts("PIN unblocked and set");
	status = CLI_OK;
fail:
	adm_secret_wipe(&puk);
	adm_secret_wipe(&pin);
	cli_close(&ctx, &dev);
	return status;
}

static int
show_retries(uimkey_dev_t *dev, int json)
{
	uimkey_piv_meta_t pin, puk;
	int r;

	if ((r = uimkey_piv_get_metadata(dev, UIMKEY_REF_PIN, &pin)) !=
	    UIMKEY_OK ||
	    (r = uimkey_piv_get_metadata(dev, UIMKEY_REF_PUK, &puk)) !=
	    UIMKEY_OK)
		return cli_fail("retries", r);
	if (json)
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

int
cmd_pin_retries(struct cli_args *a)
{
	uimkey_ctx_t *ctx = NULL;
	uimkey_dev_t *dev = NULL;
	uint8_t pin_tries = 0, puk_tries = 0;
	int r, status = CLI_USAGE;

	if (a->npos == 1) {
		cli_err("pin retries: give both PIN_TRIES and PUK_TRIES");
		return CLI_USAGE;
	}
	if (a->npos == 2 && (tries_arg(a->pos[0], &pin_tries) != 0 ||
	    tries_arg(a->pos[1], &puk_tries) != 0))
		return CLI_USAGE;
	if (a->npos == 2 && !a->force) {
		cli_err("pin retries: setting the counts puts the PIN back to "
		    "123456 and the PUK to 12345678; add --force to do it");
		return CLI_USAGE;
	}
	status = CLI_FAIL;
	if (cli_open_args(a, &ctx, &dev) != UIMKEY_OK)
		goto fail;
	if (a->npos == 0) {
		status = show_retries(dev, a->json);
		goto fail;
	}
	if ((r = cli_auth_mgmt(dev, a)) != CLI_OK ||
	    (r = cli_verify_pin(dev, a)) != CLI_OK) {
		status = r;
		goto fail;
	}
	if ((r = uimkey_piv_set_retries(dev, pin_tries, puk_tries)) !=
	    UIMKEY_OK) {
		cli_fail("pin retries", r);
		goto fail;
	}
	printf("PIN tries %u, PUK tries %u; the PIN is now 123456 and the PUK "
	    "12345678: change both\n", pin_tries, puk_tries);
	status = CLI_OK;
fail:
	cli_close(&ctx, &dev);
	return status;
}
