/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A libuimkey exchange while another program holds a PC/SC transaction
 * of HOLD_MS.  On the device's own channel the exchange needs no
 * transaction: with PCSCLITE_NO_BLOCKING in the environment libpcsclite
 * reports the sharing violation at once and the device waits it out
 * with its own back-off (0.2 ms doubling to 5 ms), so the exchange ends
 * within a few milliseconds of the transaction (checked); without it
 * libpcsclite polls every 100 ms.  On channel 0 the exchange begins a
 * transaction, for which pcscd itself waits, polling (said, not checked:
 * both are pcsc-lite's).
 *   sharing READER            (run by tests/integration/51-unpower.sh)
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <winscard.h>

#include "card/wire.h"
#include "host/uimkey.h"
#include "tests/support/check.h"

#define HOLD_MS  30

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Another program: a transaction of HOLD_MS; ready is written once it
 * holds it. */
static pid_t
holder(const char *reader, int ready)
{
	SCARDCONTEXT c;
	SCARDHANDLE h;
	DWORD proto;
	pid_t pid;

	if ((pid = fork()) != 0)
		return pid;
	if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &c) !=
	    SCARD_S_SUCCESS || SCardConnect(c, reader, SCARD_SHARE_SHARED,
	    SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &h, &proto) !=
	    SCARD_S_SUCCESS || SCardBeginTransaction(h) != SCARD_S_SUCCESS)
		_exit(1);
	if (write(ready, "x", 1) != 1)
		_exit(1);
	usleep(HOLD_MS * 1000);
	SCardEndTransaction(h, SCARD_LEAVE_CARD);
	SCardDisconnect(h, SCARD_LEAVE_CARD);
	_exit(0);
}

int
main(int argc, char **argv)
{
	static const uint8_t ver[] = { 0x00, UIMKEY_INS_GET_VERSION, 0, 0 };
	uimkey_ctx_t *ctx = uimkey_ctx_new();
	uimkey_dev_t *dev = uimkey_dev_new();
	int fast = getenv("PCSCLITE_NO_BLOCKING") != NULL, fd[2], st;
	uint8_t rsp[16];
	size_t len;
	uint16_t sw;
	double t;
	char b;
	pid_t pid;

	if (argc != 2 || pipe(fd) != 0)
		return 2;
	check(ctx != NULL && dev != NULL && uimkey_ctx_open(ctx) == UIMKEY_OK &&
	    uimkey_dev_open(dev, ctx, argv[1]) == UIMKEY_OK, "device open");
	pid = holder(argv[1], fd[1]);
	check(read(fd[0], &b, 1) == 1, "another program holds a transaction");
	t = now_ms();
	check(uimkey_dev_transmit(dev, ver, sizeof(ver), rsp, sizeof(rsp),
	    &len, &sw) == UIMKEY_OK && sw == UIMKEY_SW_OK,
	    "the exchange is answered after it");
	t = now_ms() - t;
	check(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0, "the other program ended well");
	if (fast && uimkey_dev_uses_ext_apdu(dev))
		checkf(t >= HOLD_MS - 5 && t < HOLD_MS + 40, "PCSCLITE_NO_"
		    "BLOCKING, channel %d: the exchange waited %.1f ms for a "
		    "%d ms transaction, not libpcsclite's 100 ms poll",
		    uimkey_dev_channel(dev), t, HOLD_MS);
	else
		printf("# channel %d%s: %.1f ms for a %d ms transaction "
		    "(pcsc-lite polls)\n", uimkey_dev_channel(dev),
		    fast ? ", PCSCLITE_NO_BLOCKING" : "", t, HOLD_MS);
	uimkey_dev_free(&dev);
	uimkey_ctx_free(&ctx);
	return check_done();
}
