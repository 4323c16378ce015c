/* SPDX-License-Identifier: BSD-2-Clause */
/* The store probe (probe.h). */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "card/card.h"
#include "tests/stress/probe.h"

struct probe {
	const uimkey_memory_class *store;        /* first: the core's view */
	const uimkey_rng_class *rng;
	uimkey_card card;
	uint8_t mem[UIMKEY_MEMORY_SIZE];
};

static struct probe *pr;

static struct probe *
of_store(const uimkey_memory_class **ctx)
{
	return (struct probe *)(void *)ctx;
}

static int
pr_read(const uimkey_memory_class **ctx, size_t off, void *buf, size_t len)
{
	struct probe *p = of_store(ctx);

	if (off > sizeof(p->mem) || len > sizeof(p->mem) - off)
		return -1;
	if (len > 0)
		memcpy(buf, p->mem + off, len);
	return 0;
}

static int
pr_write(const uimkey_memory_class **ctx, size_t off, const void *buf,
    size_t len)
{
	struct probe *p = of_store(ctx);

	if (off > sizeof(p->mem) || len > sizeof(p->mem) - off)
		return -1;
	if (len > 0)
		memcpy(p->mem + off, buf, len);
	return 0;
}

static int
pr_sync(const uimkey_memory_class **ctx)
{
	(void)ctx;
	return 0;
}

static const uimkey_memory_class pr_store_vtable = {
	pr_read, pr_write, pr_sync,
};

static int
pr_fill(const uimkey_rng_class **ctx, void *buf, size_t len)
{
	uint8_t *b = buf;
	ssize_t got;

	(void)ctx;
	while (len > 0) {
		got = getrandom(b, len, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		b += got;
		len -= (size_t)got;
	}
	return 0;
}

static const uimkey_rng_class pr_rng_vtable = { pr_fill };

static int
pr_establish(void *arg, void **ctx)
{
	*ctx = arg;
	return UIMKEY_OK;
}

static void
pr_release(void *ctx)
{
	(void)ctx;
}

static int
pr_list(void *ctx, char *buf, size_t *len)
{
	static const char names[] = PROBE_READER "\0";

	(void)ctx;
	if (*len < sizeof(names))
		return UIMKEY_ERR_RSP_TOO_LONG;
	memcpy(buf, names, sizeof(names));
	*len = sizeof(names);
	return UIMKEY_OK;
}

static int
pr_present(void *ctx, const char *reader, int *present)
{
	(void)ctx;
	*present = strcmp(reader, PROBE_READER) == 0;
	return UIMKEY_OK;
}

static int
pr_connect(void *ctx, const char *reader, void **card)
{
	if (strcmp(reader, PROBE_READER) != 0)
		return UIMKEY_ERR_NO_READER;
	*card = ctx;
	return UIMKEY_OK;
}

static void
pr_disconnect(void *card)
{
	(void)card;
}

static int
pr_begin(void *card)
{
	(void)card;
	return UIMKEY_OK;
}

static int
pr_end(void *card)
{
	(void)card;
	return UIMKEY_OK;
}

static int
pr_transmit(void *card, const uint8_t *c, size_t clen, uint8_t *r,
    size_t *rlen)
{
	struct probe *p = card;

	if (*rlen < UIMKEY_CARD_RSP_MAX)
		return UIMKEY_ERR_TX;
	*rlen = uimkey_card_process(&p->card, c, clen, r);
	return UIMKEY_OK;
}

static const uimkey_io_t pr_io = {
	.establish = pr_establish, .release = pr_release,
	.list_readers = pr_list, .card_present = pr_present,
	.connect = pr_connect, .disconnect = pr_disconnect,
	.begin = pr_begin, .end = pr_end, .transmit = pr_transmit,
};

static int
load(const char *path, uint8_t *mem, size_t len)
{
	ssize_t got;
	int fd, r = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	while (len > 0) {
		got = read(fd, mem, len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			goto out;
		mem += got;
		len -= (size_t)got;
	}
	r = 0;
out:
	close(fd);
	return r;
}

int
probe_open(const char *path, uimkey_ctx_t **ctx, uimkey_dev_t **dev)
{
	int r;

	*ctx = NULL;
	*dev = NULL;
	if (pr == NULL && (pr = calloc(1, sizeof(*pr))) == NULL)
		return PROBE_ERR_FILE;
	memset(pr, 0, sizeof(*pr));
	pr->store = &pr_store_vtable;
	pr->rng = &pr_rng_vtable;
	if (path == NULL)
		memset(pr->mem, UIMKEY_MEMORY_ERASED, sizeof(pr->mem));
	else if (load(path, pr->mem, sizeof(pr->mem)) != 0)
		return PROBE_ERR_FILE;
	if ((r = uimkey_card_init(&pr->card, &pr->store, &pr->rng)) !=
	    UIMKEY_CARD_OK)
		return r;
	uimkey_card_power_on(&pr->card);
	*ctx = uimkey_ctx_new();
	*dev = uimkey_dev_new();
	if (*ctx == NULL || *dev == NULL ||
	    uimkey_ctx_set_io(*ctx, &pr_io, pr) != UIMKEY_OK ||
	    uimkey_ctx_open(*ctx) != UIMKEY_OK ||
	    uimkey_dev_open(*dev, *ctx, PROBE_READER) != UIMKEY_OK) {
		probe_close(ctx, dev);
		return UIMKEY_CARD_ERR_STORE;
	}
	return UIMKEY_CARD_OK;
}

uimkey_card *
probe_card(void)
{
	return pr != NULL ? &pr->card : NULL;
}

void
probe_close(uimkey_ctx_t **ctx, uimkey_dev_t **dev)
{
	uimkey_dev_free(dev);
	uimkey_ctx_free(ctx);
	if (pr != NULL)
		explicit_bzero(pr, sizeof(*pr));
}
