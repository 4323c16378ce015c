/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdlib.h>
#include <string.h>

#include "ctx_priv.h"

/* Room for UIMKEY_READERS_MAX names and the closing NUL. */
#define READERS_BUF_LEN  (UIMKEY_READERS_MAX * (UIMKEY_READER_NAME_MAX + 1) + 1)

struct uimkey_readers {
	size_t count;
	char name[UIMKEY_READERS_MAX][UIMKEY_READER_NAME_MAX + 1];
	int present[UIMKEY_READERS_MAX];
};

uimkey_readers_t *
uimkey_readers_new(void)
{
	return calloc(1, sizeof(struct uimkey_readers));
}

void
uimkey_readers_free(uimkey_readers_t **rp)
{
	if (rp == NULL || *rp == NULL)
		return;
	free(*rp);
	*rp = NULL;
}

int
uimkey_readers_scan(uimkey_readers_t *r, uimkey_ctx_t *ctx)
{
	char *buf = NULL;
	const char *p;
	size_t len = READERS_BUF_LEN, n;
	int rc;

	if (r == NULL || ctx == NULL)
		return UIMKEY_ERR_ARG;
	r->count = 0;
	if (ctx->h == NULL)
		return UIMKEY_ERR_NOT_OPEN;
	if ((buf = calloc(1, len)) == NULL)
		return UIMKEY_ERR_NOMEM;
	rc = ctx->io->list_readers(ctx->h, buf, &len);
	if (rc == UIMKEY_ERR_NO_READER) {
		rc = UIMKEY_OK;         /* no reader is an empty list */
		goto fail;
	}
	if (rc != UIMKEY_OK)
		goto fail;
	buf[READERS_BUF_LEN - 1] = '\0';
	for (p = buf; *p != '\0' && r->count < UIMKEY_READERS_MAX; p += n + 1) {
		n = strlen(p);
		if (n > UIMKEY_READER_NAME_MAX)
			continue;       /* cannot be named back to PC/SC */
		memcpy(r->name[r->count], p, n + 1);
		if (ctx->io->card_present(ctx->h, p, &r->present[r->count]) !=
		    UIMKEY_OK)
			r->present[r->count] = 0;
		r->count++;
	}
fail:
	free(buf);
	return rc;
}

size_t
uimkey_readers_count(const uimkey_readers_t *r)
{
	return r == NULL ? 0 : r->count;
}

const char *
uimkey_readers_name(const uimkey_readers_t *r, size_t i)
{
	if (r == NULL || i >= r->count)
		return NULL;
	return r->name[i];
}

int
uimkey_readers_card_present(const uimkey_readers_t *r, size_t i)
{
	if (r == NULL || i >= r->count)
		return 0;
	return r->present[i];
}
