/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The default transport: libpcsclite.  PC/SC error codes end here; above
 * this file only UIMKEY_ERR_ codes exist.
 */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>

#include <winscard.h>

#include "host/uimkey_err.h"
#include "host/uimkey_io.h"

#define PCSC_PNP_READER   "\\\\?PnP?\\Notification"
#define PCSC_PROTOCOLS    (SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1)
#define PCSC_READERS_MAX  16
/* A reader name as SCardStatus() gives it back. */
#define PCSC_NAME_MAX     (128 + 1)
/* Resets in a row survived while taking the card back. */
#define PCSC_RECOVER_TRIES 4

struct pcsc_ctx {
	SCARDCONTEXT main;
	/* Waiting blocks a context inside pcsc-lite, so waits get their
	 * own context and never stall exchanges of other threads.  It is
	 * made with the main one: a cancel from another thread then never
	 * races with its creation. */
	SCARDCONTEXT wait;
};

struct pcsc_card {
	SCARDHANDLE h;
	DWORD proto;
};

static int
pcsc_err(LONG rv)
{
	switch (rv) {
	case SCARD_S_SUCCESS:            return UIMKEY_OK;
	case SCARD_E_NO_MEMORY:          return UIMKEY_ERR_NOMEM;
	case SCARD_E_UNKNOWN_READER:
	case SCARD_E_READER_UNAVAILABLE:
	case SCARD_E_NO_READERS_AVAILABLE: return UIMKEY_ERR_NO_READER;
	case SCARD_E_NO_SMARTCARD:       return UIMKEY_ERR_NO_CARD;
	case SCARD_W_REMOVED_CARD:
	case SCARD_W_UNPOWERED_CARD:
	case SCARD_W_UNRESPONSIVE_CARD:  return UIMKEY_ERR_CARD_REMOVED;
	case SCARD_W_RESET_CARD:         return UIMKEY_ERR_CARD_RESET;
	case SCARD_E_SHARING_VIOLATION:  return UIMKEY_ERR_SHARING;
	case SCARD_E_TIMEOUT:            return UIMKEY_ERR_TIMEOUT;
	case SCARD_E_CANCELLED:          return UIMKEY_ERR_CANCELLED;
	case SCARD_E_NOT_TRANSACTED:
	case SCARD_E_PROTO_MISMATCH:
	case SCARD_F_COMM_ERROR:         return UIMKEY_ERR_TX;
	case SCARD_E_INSUFFICIENT_BUFFER: return UIMKEY_ERR_RSP_TOO_LONG;
	default:                         return UIMKEY_ERR_PCSC;
	}
}

static int
pcsc_establish(void *arg, void **out)
{
	struct pcsc_ctx *c;
	LONG rv;

	(void)arg;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return UIMKEY_ERR_NOMEM;
	rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &c->main);
	if (rv != SCARD_S_SUCCESS) {
		free(c);
		return pcsc_err(rv);
	}
	rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &c->wait);
	if (rv != SCARD_S_SUCCESS) {
		SCardReleaseContext(c->main);
		free(c);
		return pcsc_err(rv);
	}
	*out = c;
	return UIMKEY_OK;
}

static void
pcsc_release(void *ctx)
{
	struct pcsc_ctx *c = ctx;

	if (c == NULL)
		return;
	SCardReleaseContext(c->wait);
	SCardReleaseContext(c->main);
	free(c);
}

static int
pcsc_list_readers(void *ctx, char *buf, size_t *len)
{
	struct pcsc_ctx *c = ctx;
	DWORD n = (DWORD)*len;
	LONG rv;

	rv = SCardListReaders(c->main, NULL, buf, &n);
	if (rv != SCARD_S_SUCCESS)
		return pcsc_err(rv);
	*len = n;
	return UIMKEY_OK;
}

static int
pcsc_card_present(void *ctx, const char *reader, int *present)
{
	struct pcsc_ctx *c = ctx;
	SCARD_READERSTATE st;
	LONG rv;

	memset(&st, 0, sizeof(st));
	st.szReader = reader;
	st.dwCurrentState = SCARD_STATE_UNAWARE;
	rv = SCardGetStatusChange(c->main, 0, &st, 1);
	if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT)
		return pcsc_err(rv);
	*present = (st.dwEventState & SCARD_STATE_PRESENT) != 0 &&
	    (st.dwEventState & SCARD_STATE_MUTE) == 0;
	return UIMKEY_OK;
}

/* Fill st with every reader plus the PnP pseudo-reader (new readers). */
static int
wait_states(struct pcsc_ctx *c, char *names, DWORD names_len,
    SCARD_READERSTATE *st, DWORD *count)
{
	DWORD n = names_len, i = 0;
	const char *p;
	LONG rv;

	rv = SCardListReaders(c->wait, NULL, names, &n);
	if (rv == SCARD_E_NO_READERS_AVAILABLE)
		names[0] = names[1] = '\0';
	else if (rv != SCARD_S_SUCCESS)
		return pcsc_err(rv);
	for (p = names; *p != '\0' && i < PCSC_READERS_MAX; p += strlen(p) + 1) {
		st[i].szReader = p;
		st[i].dwCurrentState = SCARD_STATE_UNAWARE;
		i++;
	}
	st[i].szReader = PCSC_PNP_READER;
	st[i].dwCurrentState = SCARD_STATE_UNAWARE;
	*count = i + 1;
	return UIMKEY_OK;
}

static int
pcsc_wait_change(void *ctx, int timeout_ms)
{
	struct pcsc_ctx *c = ctx;
	SCARD_READERSTATE st[PCSC_READERS_MAX + 1];
	char names[PCSC_READERS_MAX * 130 + 2];
	DWORD count = 0, i, timeout;
	LONG rv;
	int r;

	memset(st, 0, sizeof(st));
	if ((r = wait_states(c, names, sizeof(names), st, &count)) != UIMKEY_OK)
		return r;
	/* Learn the present state, then wait for it to change. */
	rv = SCardGetStatusChange(c->wait, 0, st, count);
	if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT)
		return pcsc_err(rv);
	for (i = 0; i < count; i++)
		st[i].dwCurrentState = st[i].dwEventState & ~SCARD_STATE_CHANGED;
	timeout = timeout_ms < 0 ? INFINITE : (DWORD)timeout_ms;
	rv = SCardGetStatusChange(c->wait, timeout, st, count);
	return pcsc_err(rv);
}

static int
pcsc_cancel(void *ctx)
{
	struct pcsc_ctx *c = ctx;

	return pcsc_err(SCardCancel(c->wait));
}

static int
pcsc_connect(void *ctx, const char *reader, void **out)
{
	struct pcsc_ctx *c = ctx;
	struct pcsc_card *k;
	LONG rv;

	if ((k = calloc(1, sizeof(*k))) == NULL)
		return UIMKEY_ERR_NOMEM;
	rv = SCardConnect(c->main, reader, SCARD_SHARE_SHARED, PCSC_PROTOCOLS,
	    &k->h, &k->proto);
	if (rv != SCARD_S_SUCCESS) {
		free(k);
		return pcsc_err(rv);
	}
	*out = k;
	return UIMKEY_OK;
}

static void
pcsc_disconnect(void *card)
{
	struct pcsc_card *k = card;

	if (k == NULL)
		return;
	SCardDisconnect(k->h, SCARD_LEAVE_CARD);
	free(k);
}

/*
 * Take the card back after another program reset it or powered it off
 * (its SCardDisconnect with SCARD_UNPOWER_CARD: our handle then hears
 * SCARD_W_RESET_CARD, as for a reset).  Reconnecting without a reset
 * leaves a card that was powered off without power (pcsc-lite 1.9.9: its
 * answers are the card's refusals, and new connections fail with
 * SCARD_W_UNPOWERED_CARD): only then is it reset, which powers it up.
 */
static LONG
pcsc_recover(struct pcsc_card *k)
{
	char name[PCSC_NAME_MAX];
	BYTE atr[MAX_ATR_SIZE];
	DWORD name_len = sizeof(name), state = 0, proto = 0;
	DWORD atr_len = sizeof(atr);
	LONG rv;

	rv = SCardReconnect(k->h, SCARD_SHARE_SHARED, PCSC_PROTOCOLS,
	    SCARD_LEAVE_CARD, &k->proto);
	if (rv != SCARD_S_SUCCESS)
		return rv;
	rv = SCardStatus(k->h, name, &name_len, &state, &proto, atr,
	    &atr_len);
	if (rv != SCARD_S_SUCCESS || (state & SCARD_POWERED) != 0)
		return rv;
	return SCardReconnect(k->h, SCARD_SHARE_SHARED, PCSC_PROTOCOLS,
	    SCARD_RESET_CARD, &k->proto);
}

static int
pcsc_begin(void *card)
{
	struct pcsc_card *k = card;
	LONG rv;
	int tries;

	rv = SCardBeginTransaction(k->h);
	if (rv != SCARD_W_RESET_CARD && rv != SCARD_W_UNPOWERED_CARD)
		return pcsc_err(rv);
	/* Another program reset the card: take it back, then tell the
	 * caller its selection is gone.  Another reset can come between
	 * the two calls; the transaction is ours only on success. */
	for (tries = 0; tries < PCSC_RECOVER_TRIES; tries++) {
		if ((rv = pcsc_recover(k)) != SCARD_S_SUCCESS)
			return pcsc_err(rv);
		rv = SCardBeginTransaction(k->h);
		if (rv == SCARD_S_SUCCESS)
			return UIMKEY_ERR_CARD_RESET;
		if (rv != SCARD_W_RESET_CARD && rv != SCARD_W_UNPOWERED_CARD)
			break;
	}
	/* Reset again each time: give up without claiming the card. */
	if (rv == SCARD_W_RESET_CARD || rv == SCARD_W_UNPOWERED_CARD)
		return UIMKEY_ERR_TX;
	return pcsc_err(rv);
}

static int
pcsc_end(void *card)
{
	struct pcsc_card *k = card;

	return pcsc_err(SCardEndTransaction(k->h, SCARD_LEAVE_CARD));
}

static int
pcsc_transmit(void *card, const uint8_t *cmd, size_t clen, uint8_t *rsp,
    size_t *rlen)
{
	struct pcsc_card *k = card;
	const SCARD_IO_REQUEST *pci;
	DWORD n = (DWORD)*rlen;
	LONG rv;

	pci = k->proto == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
	rv = SCardTransmit(k->h, pci, cmd, (DWORD)clen, NULL, rsp, &n);
	/*
	 * pcscd marks the other handles reset before it resets the card, and
	 * forgets the protocol only after: a handle that took the card back
	 * in between finds it reset under it, unmarked, and each exchange
	 * refused with SCARD_E_PROTO_MISMATCH until a reconnect negotiates
	 * the protocol again (pcsc-lite 1.9.9, another program leaving with
	 * SCARD_RESET_CARD).  A reset all the same.
	 */
	if (rv == SCARD_W_RESET_CARD || rv == SCARD_W_UNPOWERED_CARD ||
	    rv == SCARD_E_PROTO_MISMATCH) {
		/* Not sent: take the card back and say so. */
		if ((rv = pcsc_recover(k)) != SCARD_S_SUCCESS)
			return pcsc_err(rv);
		return UIMKEY_ERR_CARD_RESET;
	}
	if (rv != SCARD_S_SUCCESS)
		return pcsc_err(rv);
	*rlen = n;
	return UIMKEY_OK;
}

const uimkey_io_t uimkey_io_pcsc = {
	.establish = pcsc_establish,
	.release = pcsc_release,
	.list_readers = pcsc_list_readers,
	.card_present = pcsc_card_present,
	.wait_change = pcsc_wait_change,
	.cancel = pcsc_cancel,
	.connect = pcsc_connect,
	.disconnect = pcsc_disconnect,
	.begin = pcsc_begin,
	.end = pcsc_end,
	.transmit = pcsc_transmit,
};
