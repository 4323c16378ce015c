/* SPDX-License-Identifier: BSD-2-Clause */
#include <string.h>

#include "uk/rsp.h"
#include "codec/bytes.h"
#include "card/wire.h"

void
uk_rsp_clear(uimkey_rsp_chain *r)
{
	uk_wipe(r->buf, r->len);
	r->len = 0;
	r->off = 0;
}

int
uk_rsp_put(uimkey_rsp_chain *r, const void *data, size_t len)
{
	if (len > sizeof(r->buf) - r->len)
		return UK_ERR_FULL;
	memcpy(r->buf + r->len, data, len);
	r->len += len;
	return UK_OK;
}

int
uk_rsp_put_tl(uimkey_rsp_chain *r, unsigned tag, size_t len)
{
	uint8_t h[6];
	size_t n = 0;

	if (tag > 0xFF)
		h[n++] = (uint8_t)(tag >> 8);
	h[n++] = (uint8_t)tag;
	if (len < 0x80) {
		h[n++] = (uint8_t)len;
	} else if (len <= 0xFF) {
		h[n++] = 0x81;
		h[n++] = (uint8_t)len;
	} else if (len <= 0xFFFF) {
		h[n++] = 0x82;
		h[n++] = (uint8_t)(len >> 8);
		h[n++] = (uint8_t)len;
	} else {
		return UK_ERR_FULL;
	}
	return uk_rsp_put(r, h, n);
}

size_t
uk_rsp_left(const uimkey_rsp_chain *r)
{
	return r->len - r->off;
}

size_t
uk_rsp_emit(uimkey_rsp_chain *r, size_t ne, size_t max, uint16_t sw,
    uint8_t *out)
{
	size_t n = uk_rsp_left(r);
	size_t left;

	if (n > ne)
		n = ne;
	if (n > max)
		n = max;
	memcpy(out, r->buf + r->off, n);
	r->off += n;
	left = uk_rsp_left(r);
	if (left > 0)
		sw = (uint16_t)(UIMKEY_SW_BYTES_LEFT | (left > 0xFF ? 0 : left));
	else
		uk_rsp_clear(r);
	out[n] = (uint8_t)(sw >> 8);
	out[n + 1] = (uint8_t)sw;
	return n + 2;
}
