/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vpcd wire: connection, back-off and message framing.
 */
#define _GNU_SOURCE     /* ppoll */

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "vpcd_link.h"

/* Length prefix of every message. */
#define VPCD_HDR_LEN            2

/*
 * Reconnect back-off.  Refused connects on loopback cost microseconds, so
 * start small (the card is usually started a few ms before vpcd listens)
 * and cap low enough that a restarted pcscd finds its card quickly.
 */
#define BACKOFF_MIN_MS          10u
#define BACKOFF_MAX_MS          1000u

/* A connect that neither succeeds nor fails (a remote host dropping
 * SYNs) is abandoned after this long and retried. */
#define CONNECT_TIMEOUT_MS      5000

#define WAIT_FOREVER            -1

static void
addr_str(const vpcd_link *l, char *out, size_t outlen)
{
	char ip[INET_ADDRSTRLEN];

	if (inet_ntop(AF_INET, &l->addr.sin_addr, ip, sizeof(ip)) == NULL)
		snprintf(ip, sizeof(ip), "?");
	snprintf(out, outlen, "%s:%u", ip, (unsigned)ntohs(l->addr.sin_port));
}

/*
 * Wait for events on fd, or only for the time to pass when fd < 0, with
 * the stop signals unblocked.  Returns 1 when fd is ready, 0 on timeout or
 * an unrelated signal (callers loop), VPCD_LINK_STOPPED or VPCD_LINK_ERR.
 */
static int
wait_fd(vpcd_link *l, int fd, short events, int timeout_ms)
{
	struct pollfd pfd;
	struct timespec ts;
	int r;

	if (*l->stop)
		return VPCD_LINK_STOPPED;
	pfd.fd = fd;
	pfd.events = events;
	pfd.revents = 0;
	ts.tv_sec = timeout_ms / 1000;
	ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
	r = ppoll(&pfd, fd >= 0 ? 1 : 0, timeout_ms >= 0 ? &ts : NULL,
	    &l->waitmask);
	if (r < 0) {
		if (errno != EINTR)
			return VPCD_LINK_ERR;
		return *l->stop ? VPCD_LINK_STOPPED : 0;
	}
	return r > 0 ? 1 : 0;
}

/*
 * vpcd (3.3) sends the length and the body of each message in two send()
 * calls without TCP_NODELAY: its body waits for our ACK of the length,
 * which a delayed ACK holds back ~40 ms.  Quick-ack mode is not sticky (the
 * kernel leaves it once we answer), so it is set again before each read.
 */
static void
quickack(const vpcd_link *l)
{
	int one = 1;

	(void)setsockopt(l->fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof(one));
}

int
vpcd_link_init(vpcd_link *l, const char *host, uint16_t port,
    const sigset_t *waitmask, const volatile sig_atomic_t *stop)
{
	struct addrinfo hints, *res = NULL;
	int gai, r = VPCD_LINK_ERR;

	memset(l, 0, sizeof(*l));
	l->fd = -1;
	l->waitmask = *waitmask;
	l->stop = stop;
	l->backoff_ms = BACKOFF_MIN_MS;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	if ((gai = getaddrinfo(host, NULL, &hints, &res)) != 0) {
		fprintf(stderr, "uimkey-card: host %s: %s\n", host,
		    gai_strerror(gai));
		goto fail;
	}
	if (res->ai_addrlen != sizeof(l->addr)) {
		fprintf(stderr, "uimkey-card: host %s: not an IPv4 address\n",
		    host);
		goto fail;
	}
	memcpy(&l->addr, res->ai_addr, sizeof(l->addr));
	l->addr.sin_port = htons(port);
	r = VPCD_LINK_OK;
fail:
	if (res != NULL)
		freeaddrinfo(res);
	return r;
}

/* One connection attempt: VPCD_LINK_OK, VPCD_LINK_CLOSED (try again
 * later, errno set), VPCD_LINK_STOPPED or VPCD_LINK_ERR. */
static int
try_connect(vpcd_link *l)
{
	int fd, err = 0, one = 1, w, r = VPCD_LINK_ERR;
	socklen_t errlen = sizeof(err);

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		perror("uimkey-card: socket");
		goto fail;
	}
	if (connect(fd, (const struct sockaddr *)&l->addr,
	    sizeof(l->addr)) != 0) {
		if (errno != EINPROGRESS) {
			r = VPCD_LINK_CLOSED;
			goto fail;
		}
		w = wait_fd(l, fd, POLLOUT, CONNECT_TIMEOUT_MS);
		if (w < 0) {
			r = w;
			goto fail;
		}
		if (w == 0) {
			errno = ETIMEDOUT;
			r = VPCD_LINK_CLOSED;
			goto fail;
		}
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen) != 0)
			err = errno;
		if (err != 0) {
			errno = err;
			r = VPCD_LINK_CLOSED;
			goto fail;
		}
	}
	/* Our answers go out whole in one write; never hold them back. */
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) != 0) {
		perror("uimkey-card: TCP_NODELAY");
		goto fail;
	}
	l->fd = fd;
	fd = -1;
	r = VPCD_LINK_OK;
fail:
	if (fd >= 0) {
		err = errno;
		close(fd);
		errno = err;
	}
	return r;
}

int
vpcd_link_connect(vpcd_link *l)
{
	char peer[INET_ADDRSTRLEN + 8];
	int r;

	vpcd_link_close(l);
	addr_str(l, peer, sizeof(peer));
	for (;;) {
		r = try_connect(l);
		if (r != VPCD_LINK_CLOSED)
			break;
		/* Refusals are expected while pcscd starts; say something
		 * only once the wait grows long. */
		if (l->backoff_ms >= BACKOFF_MAX_MS && !l->quiet) {
			fprintf(stderr, "uimkey-card: vpcd at %s: %s; "
			    "still trying\n", peer, strerror(errno));
			l->quiet = 1;
		}
		r = wait_fd(l, -1, 0, (int)l->backoff_ms);
		if (r < 0)
			break;
		l->backoff_ms *= 2;
		if (l->backoff_ms > BACKOFF_MAX_MS)
			l->backoff_ms = BACKOFF_MAX_MS;
	}
	if (r == VPCD_LINK_OK) {
		fprintf(stderr, "uimkey-card: connected to vpcd at %s\n", peer);
		l->backoff_ms = BACKOFF_MIN_MS;
		l->quiet = 0;
	}
	return r;
}

/* Read exactly n bytes. */
static int
read_full(vpcd_link *l, uint8_t *p, size_t n)
{
	ssize_t got;
	int w;

	while (n > 0) {
		quickack(l);
		got = recv(l->fd, p, n, 0);
		if (got > 0) {
			p += got;
			n -= (size_t)got;
			continue;
		}
		if (got == 0)
			return VPCD_LINK_CLOSED;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return VPCD_LINK_CLOSED;
		w = wait_fd(l, l->fd, POLLIN, WAIT_FOREVER);
		if (w < 0)
			return w == VPCD_LINK_ERR ? VPCD_LINK_CLOSED : w;
	}
	return VPCD_LINK_OK;
}

int
vpcd_link_recv(vpcd_link *l, uint8_t *buf, size_t cap, size_t *len)
{
	uint8_t hdr[VPCD_HDR_LEN];
	size_t want, chunk;
	int r;

	*len = 0;
	if ((r = read_full(l, hdr, sizeof(hdr))) != VPCD_LINK_OK)
		goto fail;
	want = ((size_t)hdr[0] << 8) | hdr[1];
	*len = want;
	/* An oversized message is drained through buf so the next header
	 * is read where it starts. */
	while (want > 0) {
		chunk = want < cap ? want : cap;
		if (chunk == 0) {
			r = VPCD_LINK_ERR;
			goto fail;
		}
		if ((r = read_full(l, buf, chunk)) != VPCD_LINK_OK)
			goto fail;
		want -= chunk;
	}
	r = VPCD_LINK_OK;
fail:
	return r;
}

int
vpcd_link_send(vpcd_link *l, const uint8_t *buf, size_t len)
{
	uint8_t hdr[VPCD_HDR_LEN];
	struct iovec iov[2];
	struct msghdr msg;
	ssize_t put;
	size_t n;
	int w, r = VPCD_LINK_ERR;

	if (len > VPCD_MSG_MAX)
		goto fail;
	hdr[0] = (uint8_t)(len >> 8);
	hdr[1] = (uint8_t)len;
	iov[0].iov_base = hdr;
	iov[0].iov_len = sizeof(hdr);
	/* sendmsg() does not write through iov_base; the cast only drops
	 * const for the struct's sake. */
	iov[1].iov_base = (void *)(uintptr_t)buf;
	iov[1].iov_len = len;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = iov;
	msg.msg_iovlen = 2;

	/* Length and payload in one segment: vpcd reads them back to back. */
	while (msg.msg_iovlen > 0) {
		put = sendmsg(l->fd, &msg, MSG_NOSIGNAL);
		if (put < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK) {
				r = VPCD_LINK_CLOSED;
				goto fail;
			}
			w = wait_fd(l, l->fd, POLLOUT, WAIT_FOREVER);
			if (w < 0) {
				r = w == VPCD_LINK_ERR ? VPCD_LINK_CLOSED : w;
				goto fail;
			}
			continue;
		}
		n = (size_t)put;
		while (msg.msg_iovlen > 0 && n >= msg.msg_iov->iov_len) {
			n -= msg.msg_iov->iov_len;
			msg.msg_iov++;
			msg.msg_iovlen--;
		}
		if (msg.msg_iovlen > 0) {
			msg.msg_iov->iov_base = (uint8_t *)msg.msg_iov->iov_base + n;
			msg.msg_iov->iov_len -= n;
		}
	}
	r = VPCD_LINK_OK;
fail:
	return r;
}

void
vpcd_link_close(vpcd_link *l)
{
	if (l->fd >= 0) {
		close(l->fd);
		l->fd = -1;
	}
}
