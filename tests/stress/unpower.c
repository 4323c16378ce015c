/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A device of libuimkey while another program resets the card or powers
 * it off (SCardDisconnect with SCARD_RESET_CARD or SCARD_UNPOWER_CARD):
 * the next command gets its answer, what was proven is gone, and the
 * card is powered for every program afterwards.  pcsc-lite tells our
 * handle SCARD_W_RESET_CARD in both cases, and reconnecting without a
 * reset would leave a powered-off card without power.
 *   unpower READER PIN       (run by tests/integration/51-unpower.sh)
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <winscard.h>

#include "card/wire.h"
#include "host/uimkey.h"
#include "tests/support/check.h"

/* Another program: connect, and leave with disposition. */
static int
other_leaves(const char *reader, DWORD disposition)
{
	SCARDCONTEXT c;
	SCARDHANDLE h;
	DWORD proto;
	pid_t pid;
	int status = -1, ok = 0;

	if ((pid = fork()) < 0)
		return 0;
	if (pid == 0) {
		if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &c) ==
		    SCARD_S_SUCCESS && SCardConnect(c, reader,
		    SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1,
		    &h, &proto) == SCARD_S_SUCCESS &&
		    SCardDisconnect(h, disposition) == SCARD_S_SUCCESS)
			ok = 1;
		_exit(ok ? 0 : 1);
	}
	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0;
}

/* Whether a new connection finds the card powered. */
static int
powered(const char *reader)
{
	char name[256];
	BYTE atr[MAX_ATR_SIZE];
	DWORD proto, len = sizeof(name), state = 0, alen = sizeof(atr);
	SCARDCONTEXT c;
	SCARDHANDLE h;
	int ok = 0;

	if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &c) !=
	    SCARD_S_SUCCESS)
		return 0;
	if (SCardConnect(c, reader, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 |
	    SCARD_PROTOCOL_T1, &h, &proto) == SCARD_S_SUCCESS) {
		ok = SCardStatus(h, name, &len, &state, &proto, atr, &alen) ==
		    SCARD_S_SUCCESS && (state & SCARD_POWERED) != 0;
		SCardDisconnect(h, SCARD_LEAVE_CARD);
	}
	SCardReleaseContext(c);
	return ok;
}

static void
leave_round(uimkey_dev_t *dev, const char *reader, const char *pin,
    DWORD disposition, const char *what)
{
	static const uint8_t ver[] = { 0x00, UIMKEY_INS_GET_VERSION, 0, 0 };
	uint8_t rsp[16];
	size_t len = 0;
	uint16_t sw = 0;
	int verified = -1, tries;

	checkf(uimkey_piv_verify_pin(dev, pin, NULL) == UIMKEY_OK &&
	    uimkey_piv_pin_status(dev, &verified, &tries) == UIMKEY_OK &&
	    verified == 1, "%s: the PIN verified", what);
	checkf(other_leaves(reader, disposition),
	    "%s: another program connected and left", what);
	checkf(uimkey_dev_transmit(dev, ver, sizeof(ver), rsp, sizeof(rsp),
	    &len, &sw) == UIMKEY_OK && sw == UIMKEY_SW_OK && len == 3,
	    "%s: the next command gets its answer (channel %d)", what,
	    uimkey_dev_channel(dev));
	verified = -1;
	checkf(uimkey_piv_pin_status(dev, &verified, &tries) == UIMKEY_OK &&
	    verified == 0, "%s: the PIN is no longer verified", what);
	checkf(powered(reader), "%s: a new connection finds the card "
	    "powered", what);
}

int
main(int argc, char **argv)
{
	uimkey_ctx_t *ctx = uimkey_ctx_new();
	uimkey_dev_t *dev = uimkey_dev_new();

	if (argc != 3) {
		fprintf(stderr, "usage: unpower READER PIN\n");
		return 2;
	}
	check(ctx != NULL && dev != NULL && uimkey_ctx_open(ctx) == UIMKEY_OK &&
	    uimkey_dev_open(dev, ctx, argv[1]) == UIMKEY_OK, "device open");
	leave_round(dev, argv[1], argv[2], SCARD_RESET_CARD, "reset");
	leave_round(dev, argv[1], argv[2], SCARD_UNPOWER_CARD, "powered off");
	leave_round(dev, argv[1], argv[2], SCARD_UNPOWER_CARD, "powered off again");
	uimkey_dev_free(&dev);
	uimkey_ctx_free(&ctx);
	return check_done();
}
