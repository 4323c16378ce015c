/* SPDX-License-Identifier: BSD-2-Clause */
/* The store probe (probe.h). */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "card/card.h"
#include "tests/stress/probe.h"
#include "tests/support/fake_io.h"
#include "tests/support/test_device.h"

static const char probe_readers[] = PROBE_READER "\0";

static struct fake_card *pr;
static struct test_device dev_of_file;

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
	/* Never written back: no durable copy to keep. */
	ram_memory_blank(&pr->memory, 0);
	if (path != NULL && (load(path, pr->memory.mem,
	    sizeof(pr->memory.mem)) != 0 ||
	    test_device_load(&dev_of_file, path) != 0))
		return PROBE_ERR_FILE;
	/* The store's own device key and counter, beside it. */
	pr->device = path != NULL ? &dev_of_file.vtable : NULL;
	if ((r = fake_card_start(pr, 0, 1)) != UIMKEY_CARD_OK)
		return r;
	pr->io.readers = probe_readers;
	pr->io.readers_len = sizeof(probe_readers);
	pr->io.card_reader = PROBE_READER;
	pr->io.require_tx = 0;
	if (fake_io_open(&pr->io, ctx, dev) != UIMKEY_OK) {
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
