/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The fuzz transport (fz_io.h): scripted answers or the in-process card,
 * behind the tests' fake transport.
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
script(struct fake_io *fake, const uint8_t *c, size_t clen, uint8_t *r,
    size_t *rlen)
{
	struct fz_io *io = (struct fz_io *)(void *)fake;
	const uint8_t *b;
	size_t n;

	if (!fz_io_take(io, &b, &n))
		return UIMKEY_ERR_CARD_REMOVED;
	if (n > *rlen)
		return UIMKEY_ERR_TX;
	memcpy(r, b, n);
	*rlen = n;
	return UIMKEY_OK;
}

static void
record(struct fake_io *fake, const uint8_t *c, size_t clen, uint8_t *r,
    size_t n)
{
	struct fz_io *io = (struct fz_io *)(void *)fake;
	size_t k;

	if (io->rec == NULL)
		return;
	k = fz_item_put(io->rec + io->rec_len, io->rec_cap - io->rec_len, r, n);
	io->rec_len += k;
}

void
fz_io_init(struct fz_io *io, int use_card)
{
	static const char one[] = FZ_READER "\0";

	memset(io, 0, sizeof(*io));
	fake_io_init(&io->fake, use_card ? &fz_card : NULL);
	io->fake.readers = one;
	io->fake.readers_len = sizeof(one);
	io->fake.card_reader = NULL;
	io->fake.require_tx = 0;
	if (use_card)
		io->fake.after = record;
	else
		io->fake.before = script;
}

int
__wrap_uimkey_ctx_open(uimkey_ctx_t *ctx)
{
	if (fz_io_wrap_all != NULL)
		(void)uimkey_ctx_set_io(ctx, &fake_io_vtable,
		    &fz_io_wrap_all->fake);
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
