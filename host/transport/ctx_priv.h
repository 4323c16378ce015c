/* SPDX-License-Identifier: BSD-2-Clause */
/* The context's insides, shared by the transport's files
 * (host/transport/). */
#ifndef UIMKEY_CTX_PRIV_H
#define UIMKEY_CTX_PRIV_H

#include <stdatomic.h>

#include "host/uimkey.h"

struct uimkey_ctx {
	const uimkey_io_t *io;
	void *io_arg;
	void *h;                /* the transport's context; NULL when closed */
	atomic_int cancelled;   /* set by uimkey_ctx_cancel() */
};

#endif
