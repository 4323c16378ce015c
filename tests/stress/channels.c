/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Two programs' devices on one card, each on a channel of its own: what
 * one proves is not the other's, the other's open (its SELECT), logout
 * and SELECT leave it, and channel 0 (OpenSC's, `uimkey apdu`'s) sees
 * none of it.  Closing a device frees its channel for the next.  A
 * channel's number is no secret, but with secure messaging (the device's
 * default) its login is: a raw tool naming the channel in its class
 * bytes does not reach it; with UIMKEY_SECURE_MESSAGING=off it does.
 *   channels READER PIN        (run by tests/integration/56-channels.sh)
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host/uimkey.h"
#include "tests/support/check.h"

static int
verified(uimkey_dev_t *dev)
{
	int v = -1, tries;

	if (uimkey_piv_pin_status(dev, &v, &tries) != UIMKEY_OK)
		return -1;
	return v;
}

static int
open_dev(uimkey_ctx_t **ctx, uimkey_dev_t **dev, const char *reader)
{
	*ctx = uimkey_ctx_new();
	*dev = uimkey_dev_new();
	return *ctx != NULL && *dev != NULL &&
	    uimkey_ctx_open(*ctx) == UIMKEY_OK &&
	    uimkey_dev_open(*dev, *ctx, reader) == UIMKEY_OK;
}

/* Another program: its own channel, not verified there; it logs out and
 * selects again on it.  Exit status 0 when all held. */
static int
other(const char *reader, int a_chan)
{
	uimkey_ctx_t *ctx;
	uimkey_dev_t *dev;
	pid_t pid;
	int st, ok;

	if ((pid = fork()) != 0)
		return waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
		    WEXITSTATUS(st) == 0;
	ok = open_dev(&ctx, &dev, reader) && uimkey_dev_channel(dev) > 0 &&
	    uimkey_dev_channel(dev) != a_chan && verified(dev) == 0 &&
	    uimkey_piv_logout(dev) == UIMKEY_OK &&
	    uimkey_dev_select(dev) == UIMKEY_OK;
	uimkey_dev_free(&dev);
	uimkey_ctx_free(&ctx);
	_exit(ok ? 0 : 1);
}

/* `uimkey apdu` with class cla: VERIFY without data, its status word
 * (1 verified, 0 not). */
static int
raw_verified(int cla)
{
	char line[256];
	FILE *f;
	int v = -1;

	snprintf(line, sizeof(line), "uimkey apdu '%02X 20 00 80'", cla);
	if ((f = popen(line, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "SW ", 3) == 0)
			v = strncmp(line + 3, "9000", 4) == 0 ? 1 :
			    strncmp(line + 3, "63C", 3) == 0 ? 0 : -1;
	pclose(f);
	return v;
}

int
main(int argc, char **argv)
{
	uimkey_ctx_t *ctx;
	uimkey_dev_t *dev;
	int ch;

	if (argc != 3)
		return 2;
	check(open_dev(&ctx, &dev, argv[1]) && uimkey_dev_channel(dev) > 0 &&
	    uimkey_dev_uses_ext_apdu(dev), "a device on a channel of its own");
	ch = uimkey_dev_channel(dev);
	printf("# channel %d\n", ch);
	check(uimkey_piv_verify_pin(dev, argv[2], NULL) == UIMKEY_OK &&
	    verified(dev) == 1, "its PIN verified");
	check(other(argv[1], ch), "another program's device: another "
	    "channel, not verified there; it logs out and selects again");
	check(verified(dev) == 1, "the first device is still verified");
	check(raw_verified(0x00) == 0, "channel 0 (uimkey apdu) is not "
	    "verified");
	if (uimkey_dev_secure(dev, NULL, NULL))
		check(ch > 3 || raw_verified(ch) == 0, "in a secure-messaging "
		    "session: a raw tool naming the channel in the class byte "
		    "does not reach its login");
	else
		check(ch > 3 || raw_verified(ch) == 1, "in the clear: a channel "
		    "is no secret, a raw tool naming it in the class byte "
		    "reaches its login");
	check(uimkey_dev_select(dev) == UIMKEY_OK && verified(dev) == 0,
	    "its own SELECT forgets its PIN");
	uimkey_dev_free(&dev);
	uimkey_ctx_free(&ctx);
	check(open_dev(&ctx, &dev, argv[1]) && uimkey_dev_channel(dev) == ch,
	    "closed, its channel is the next device's");
	uimkey_dev_free(&dev);
	uimkey_ctx_free(&ctx);
	return check_done();
}
