/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The fuzz transport (fz_io.h): scripted answers or the in-process card.
 */
#include <string.h>
#include <sys/types.h>

#include "card/card.h"
#include "fuzz/fz_card.h"
#include "fuzz/fz_host.h"
#include "fuzz/fz_io.h"

struct fz_io *fz_io_wrap_all;
uint8_t fz_random_next = 0x5A;

int __real_uimkey_ctx_open(uimkey_ctx_t *ctx);
int __wrap_uimkey_ctx_open(uimkey_ctx_t *ctx);
ssize_t __wrap_getrandom(void *buf, size_t len, unsigned flags);

size_t
fz_item_put(uint8_t *out, size_t cap, const uint8_t *b, size_t len)
{
	size_t h = len < 0xFF ? 1 : 3;

	if (len > 0xFFFF || h + len > cap)
		return 0;
	if (h == 1) {
		out[0] = (uint8_t)len;
	} else {
		out[0] = 0xFF;
		out[1] = (uint8_t)(len >> 8);
		out[2] = (uint8_t)len;
	}
	memcpy(out + h, b, len);
	return h + len;
}

/* The next script item; 0 when there is none. */
int
fz_io_take(struct fz_io *io, const uint8_t **b, size_t *len)
{
	size_t n;

	if (io->p >= io->end)
		return 0;
	n = *io->p++;
	if (n == 0xFF) {
		if (io->end - io->p < 2) {
			io->p = io->end;
			return 0;
		}
		n = (size_t)io->p[0] << 8 | io->p[1];
		io->p += 2;
	}
	if (n > (size_t)(io->end - io->p))
		n = (size_t)(io->end - io->p);
	*b = io->p;
	*len = n;
	io->p += n;
	return 1;
}

static int
t_establish(void *arg, void **ctx)
{
	*ctx = arg;
	return UIMKEY_OK;
}

static void
t_release(void *ctx)
{
	(void)ctx;
}

static int
t_list(void *ctx, char *buf, size_t *len)
{
	static const char one[] = FZ_READER "\0";
	struct fz_io *io = ctx;
	size_t n;

	if (io->readers == NULL) {
		if (*len < sizeof(one))
			return UIMKEY_ERR_RSP_TOO_LONG;
		memcpy(buf, one, sizeof(one));
		*len = sizeof(one);
		return UIMKEY_OK;
	}
	/* Names as the fuzzer gives them, made a multi-string as PC/SC
	 * always gives it. */
	if (io->readers_len == 0 || *len < 2)
		return UIMKEY_ERR_NO_READER;
	n = io->readers_len < *len - 2 ? io->readers_len : *len - 2;
	memcpy(buf, io->readers, n);
	buf[n] = '\0';
	buf[n + 1] = '\0';
	*len = n + 2;
	return UIMKEY_OK;
}

static int
t_present(void *ctx, const char *reader, int *present)
{
	struct fz_io *io = ctx;

	(void)reader;
	*present = !io->absent;
	return UIMKEY_OK;
}

static int
t_connect(void *ctx, const char *reader, void **card)
{
	struct fz_io *io = ctx;

	(void)reader;
	if (io->absent)
		return UIMKEY_ERR_NO_CARD;
	*card = ctx;
	return UIMKEY_OK;
}

static void
t_disconnect(void *card)
{
	(void)card;
}

static int
t_begin(void *card)
{
	struct fz_io *io = card;

	io->in_tx = 1;
	if (++io->begins == io->reset_at)
		return UIMKEY_ERR_CARD_RESET;
	return UIMKEY_OK;
}

static int
t_end(void *card)
{
	((struct fz_io *)card)->in_tx = 0;
	return UIMKEY_OK;
}

static void
record(struct fz_io *io, const uint8_t *r, size_t n)
{
	size_t k;

	if (io->rec == NULL)
		return;
	k = fz_item_put(io->rec + io->rec_len, io->rec_cap - io->rec_len, r, n);
	io->rec_len += k;
}

static int
t_transmit(void *card, const uint8_t *c, size_t clen, uint8_t *r,
    size_t *rlen)
{
	struct fz_io *io = card;
	const uint8_t *b;
	size_t n;

	if (io->max_transmits != 0 && io->transmits >= io->max_transmits)
		return UIMKEY_ERR_TX;
	io->transmits++;
	if (io->use_card) {
		if (*rlen < UIMKEY_CARD_RSP_MAX)
			return UIMKEY_ERR_TX;
		n = uimkey_card_process(&fz_card, c, clen, r);
		record(io, r, n);
		*rlen = n;
		return UIMKEY_OK;
	}
	if (!fz_io_take(io, &b, &n))
		return UIMKEY_ERR_CARD_REMOVED;
	if (n > *rlen)
		return UIMKEY_ERR_TX;
	memcpy(r, b, n);
	*rlen = n;
	return UIMKEY_OK;
}

const uimkey_io_t fz_io_vtable = {
	.establish = t_establish, .release = t_release,
	.list_readers = t_list, .card_present = t_present,
	.connect = t_connect, .disconnect = t_disconnect,
	.begin = t_begin, .end = t_end, .transmit = t_transmit,
};

int
__wrap_uimkey_ctx_open(uimkey_ctx_t *ctx)
{
	if (fz_io_wrap_all != NULL)
		(void)uimkey_ctx_set_io(ctx, &fz_io_vtable, fz_io_wrap_all);
	return __real_uimkey_ctx_open(ctx);
}

/* The host's random numbers (management key challenges, RSA blinding
 * in the module) made deterministic, so an input replays the same. */
ssize_t
__wrap_getrandom(void *buf, size_t len, unsigned flags)
{
	uint8_t *b = buf;
	size_t i;

	(void)flags;
	for (i = 0; i < len; i++)
		b[i] = fz_random_next++;
	return (ssize_t)len;
}
