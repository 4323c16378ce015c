/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdlib.h>

#include "ctx_priv.h"

uimkey_ctx_t *
uimkey_ctx_new(void)
{
	uimkey_ctx_t *ctx;

	if ((ctx = calloc(1, sizeof(*ctx))) == NULL)
		return NULL;
	ctx->io = &uimkey_io_pcsc;
	atomic_init(&ctx->cancelled, 0);
	return ctx;
}

void
uimkey_ctx_free(uimkey_ctx_t **ctxp)
{
	if (ctxp == NULL || *ctxp == NULL)
		return;
	uimkey_ctx_close(*ctxp);
	free(*ctxp);
	*ctxp = NULL;
}

int
uimkey_ctx_set_io(uimkey_ctx_t *ctx, const uimkey_io_t *io, void *arg)
{
	if (ctx == NULL || io == NULL || io->establish == NULL ||
	    io->release == NULL || io->list_readers == NULL ||
	    io->card_present == NULL || io->connect == NULL ||
	    io->disconnect == NULL || io->begin == NULL || io->end == NULL ||
	    io->transmit == NULL)
		return UIMKEY_ERR_ARG;
	if (ctx->h != NULL)
		return UIMKEY_ERR_ARG;
	ctx->io = io;
	ctx->io_arg = arg;
	return UIMKEY_OK;
}

int
uimkey_ctx_open(uimkey_ctx_t *ctx)
{
	if (ctx == NULL)
		return UIMKEY_ERR_ARG;
	if (ctx->h != NULL)
		return UIMKEY_OK;
	atomic_store(&ctx->cancelled, 0);
	return ctx->io->establish(ctx->io_arg, &ctx->h);
}

int
uimkey_ctx_close(uimkey_ctx_t *ctx)
{
	if (ctx == NULL)
		return UIMKEY_ERR_ARG;
	if (ctx->h != NULL)
		ctx->io->release(ctx->h);
	ctx->h = NULL;
	return UIMKEY_OK;
}

int
uimkey_ctx_wait_change(uimkey_ctx_t *ctx, int timeout_ms)
{
	int r;

	if (ctx == NULL)
		return UIMKEY_ERR_ARG;
	if (ctx->h == NULL)
		return UIMKEY_ERR_NOT_OPEN;
	if (ctx->io->wait_change == NULL)
		return UIMKEY_ERR_ARG;
	if (atomic_load(&ctx->cancelled))
		return UIMKEY_ERR_CANCELLED;
	r = ctx->io->wait_change(ctx->h, timeout_ms);
	/* A cancel that raced with the start of the wait still wins. */
	if (atomic_load(&ctx->cancelled))
		return UIMKEY_ERR_CANCELLED;
	return r;
}

int
uimkey_ctx_cancel(uimkey_ctx_t *ctx)
{
	if (ctx == NULL)
		return UIMKEY_ERR_ARG;
	atomic_store(&ctx->cancelled, 1);
	if (ctx->h == NULL || ctx->io->cancel == NULL)
		return UIMKEY_OK;
	return ctx->io->cancel(ctx->h);
}
