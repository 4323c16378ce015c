/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card's end of the vpcd wire: a TCP connection to the vpcd reader
 * driver inside pcscd, carrying messages framed as a 2-byte big-endian
 * length followed by the payload, in both directions.
 *
 * Every wait (connect, back-off, read, write) happens in ppoll() with the
 * caller's wait mask, so a signal blocked everywhere else is taken only
 * there: the caller's handler sets *stop and the link returns
 * VPCD_LINK_STOPPED without leaving work half done.
 */
#ifndef UIMKEY_VPCD_LINK_H
#define UIMKEY_VPCD_LINK_H

#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

/* Control messages from vpcd are one byte long. */
#define VPCD_CTRL_LEN       1
#define VPCD_CTRL_OFF       0x00
#define VPCD_CTRL_ON        0x01
#define VPCD_CTRL_RESET     0x02
#define VPCD_CTRL_ATR       0x04

/* The length prefix is 16 bits: no message is longer. */
#define VPCD_MSG_MAX        0xFFFFu

/* Results. */
#define VPCD_LINK_OK        0
#define VPCD_LINK_CLOSED   -1   /* peer went away: reconnect */
#define VPCD_LINK_STOPPED  -2   /* a stop signal arrived */
#define VPCD_LINK_ERR      -3   /* local failure: give up */

typedef struct {
	int fd;
	struct sockaddr_in addr;
	sigset_t waitmask;
	const volatile sig_atomic_t *stop;
	unsigned backoff_ms;
	int quiet;              /* connect failure already reported */
} vpcd_link;

/*
 * Resolve host (IPv4: vpcd listens on IPv4 only) once, up front.  waitmask
 * is the signal mask to wait under; stop the flag the handler sets.
 * Returns VPCD_LINK_OK or VPCD_LINK_ERR with a message on stderr.
 */
int vpcd_link_init(vpcd_link *l, const char *host, uint16_t port,
    const sigset_t *waitmask, const volatile sig_atomic_t *stop);

/*
 * Connect, retrying with a growing back-off until vpcd accepts: vpcd may
 * not be listening yet, or may have gone away and come back.  Returns
 * VPCD_LINK_OK, VPCD_LINK_STOPPED or VPCD_LINK_ERR.
 */
int vpcd_link_connect(vpcd_link *l);

/*
 * Read one message.  *len receives its length as announced; if that is
 * more than cap, the message is still read off the wire in full (so the
 * stream stays in step) but buf holds only garbage.  Returns VPCD_LINK_OK,
 * VPCD_LINK_CLOSED or VPCD_LINK_STOPPED.
 */
int vpcd_link_recv(vpcd_link *l, uint8_t *buf, size_t cap, size_t *len);

/* Send one message of len (at most VPCD_MSG_MAX) bytes. */
int vpcd_link_send(vpcd_link *l, const uint8_t *buf, size_t len);

/* Drop the connection, if any. */
void vpcd_link_close(vpcd_link *l);

#endif
