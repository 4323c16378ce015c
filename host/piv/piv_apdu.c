/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Command APDUs of the PIV client.  On a uimkey card's channel of the
 * device's own, one extended-length APDU per command, its answer whole
 * (Le 0000): one exchange, which needs no PC/SC transaction.  On any
 * other card short APDUs only, longer data in 255-byte parts with
 * command chaining (CLA 10), as yubico-piv-tool sends them, so that any
 * reader and driver carries them.  Every buffer that held a command is
 * wiped: commands carry PINs and keys.
 */
#define _DEFAULT_SOURCE
#include <string.h>

#include "codec/tlv.h"
#include "card/wire.h"
#include "piv_priv.h"

/* Header, Lc, 255 bytes of data, Le. */
#define APDU_MAX      (4 + 1 + PIVC_CHUNK + 1)
/* Header, extended Lc, the longest command data built here, Le. */
#define APDU_EXT_MAX  (4 + 3 + PIVC_CMD_MAX + 2)
/* The most a short Le (00) asks for. */
#define SHORT_NE_MAX  256

/* Build one short APDU in a: CLA INS P1 P2 [Lc data] [Le 00]. */
static size_t
build(uint8_t *a, uint8_t cla, uint8_t ins, uint8_t p1, uint8_t p2,
    const uint8_t *data, size_t len, int le)
{
	size_t n = 0;

	a[n++] = cla;
	a[n++] = ins;
	a[n++] = p1;
	a[n++] = p2;
	if (len > 0) {
		a[n++] = (uint8_t)len;
		memcpy(a + n, data, len);
		n += len;
	}
	if (le)
		a[n++] = 0x00;
	return n;
}

/* Build one extended APDU in a: CLA INS P1 P2 [00 Lc Lc data] [Le 00 00,
 * 00 00 00 without data]. */
static size_t
build_ext(uint8_t *a, uint8_t ins, uint8_t p1, uint8_t p2,
    const uint8_t *data, size_t len, int le)
{
	size_t n = 0;

	a[n++] = UIMKEY_CLA_ISO;
	a[n++] = ins;
	a[n++] = p1;
	a[n++] = p2;
	if (len > 0 || le)
		a[n++] = 0x00;
	if (len > 0) {
		a[n++] = (uint8_t)(len >> 8);
		a[n++] = (uint8_t)len;
		memcpy(a + n, data, len);
		n += len;
	}
	if (le) {
		a[n++] = 0x00;
		a[n++] = 0x00;
	}
	return n;
}

/* The whole command in one APDU: a short one when its data and its
 * answer fit one (Le 00 asks for 256 bytes, the number GET CHALLENGE
 * takes), else an extended one, Le 0000 asking for all there is. */
static int
send_ext(uimkey_dev_t *dev, uint8_t ins, uint8_t p1, uint8_t p2,
    const uint8_t *data, size_t len, uint8_t *rsp, size_t cap,
    size_t *rsp_len, uint16_t *sw)
{
	uint8_t a[APDU_EXT_MAX];
	size_t n;
	int r = UIMKEY_ERR_ARG;

	if (len > PIVC_CMD_MAX)
		goto fail;
	if (len <= PIVC_CHUNK && (rsp == NULL || cap <= SHORT_NE_MAX))
		n = build(a, UIMKEY_CLA_ISO, ins, p1, p2, data, len,
		    rsp != NULL);
	else
		n = build_ext(a, ins, p1, p2, data, len, rsp != NULL);
	r = uimkey_dev_transmit(dev, a, n, rsp, rsp != NULL ? cap : 0,
	    rsp_len, sw);
fail:
	explicit_bzero(a, sizeof(a));
	return r;
}

int
pivc_send(uimkey_dev_t *dev, uint8_t ins, uint8_t p1, uint8_t p2,
    const uint8_t *data, size_t len, uint8_t *rsp, size_t cap,
    size_t *rsp_len, uint16_t *sw)
{
	uint8_t a[APDU_MAX];
	size_t n, part, got;
	int r, r2, began = 0;

	*rsp_len = 0;
	*sw = 0;
	if (dev == NULL || (len > 0 && data == NULL)) {
		r = UIMKEY_ERR_ARG;
		goto fail;
	}
	if (uimkey_dev_uses_ext_apdu(dev)) {
		r = send_ext(dev, ins, p1, p2, data, len, rsp, cap, rsp_len,
		    sw);
		goto fail;
	}
	if ((r = uimkey_dev_begin(dev)) != UIMKEY_OK)
		goto fail;
	began = 1;
	/* Every part but the last: CLA 10, no Le, answered 9000 alone. */
	while (len > PIVC_CHUNK) {
		part = PIVC_CHUNK;
		n = build(a, UIMKEY_CLA_CHAIN, ins, p1, p2, data, part, 0);
		r = uimkey_dev_transmit(dev, a, n, NULL, 0, &got, sw);
		if (r != UIMKEY_OK || *sw != UIMKEY_SW_OK)
			goto fail;
		data += part;
		len -= part;
	}
	n = build(a, UIMKEY_CLA_ISO, ins, p1, p2, data, len, rsp != NULL);
	r = uimkey_dev_transmit(dev, a, n, rsp, rsp != NULL ? cap : 0,
	    rsp_len, sw);
fail:
	explicit_bzero(a, sizeof(a));
	if (began) {
		r2 = uimkey_dev_end(dev);
		if (r == UIMKEY_OK)
			r = r2;
	}
	if (r != UIMKEY_OK && rsp != NULL && cap > 0)
		explicit_bzero(rsp, cap);
	if (r != UIMKEY_OK)
		*rsp_len = 0;
	return r;
}

int
pivc_cmd(uimkey_dev_t *dev, uint8_t ins, uint8_t p1, uint8_t p2,
    const uint8_t *data, size_t len, uint8_t *rsp, size_t cap,
    size_t *rsp_len)
{
	uint16_t sw;
	int r;

	r = pivc_send(dev, ins, p1, p2, data, len, rsp, cap, rsp_len, &sw);
	if (r == UIMKEY_OK && sw != UIMKEY_SW_OK) {
		r = uimkey_sw_err(sw);
		*rsp_len = 0;
	}
	return r;
}

size_t
pivc_tl(uint8_t *p, unsigned tag, size_t len)
{
	size_t n = 0;

	if (tag > 0xFFFF)
		p[n++] = (uint8_t)(tag >> 16);
	if (tag > 0xFF)
		p[n++] = (uint8_t)(tag >> 8);
	p[n++] = (uint8_t)tag;
	if (len < 0x80) {
		p[n++] = (uint8_t)len;
	} else if (len < 0x100) {
		p[n++] = 0x81;
		p[n++] = (uint8_t)len;
	} else {
		p[n++] = 0x82;
		p[n++] = (uint8_t)(len >> 8);
		p[n++] = (uint8_t)len;
	}
	return n;
}

int
pivc_one_tlv(const uint8_t *p, size_t len, unsigned tag, const uint8_t **v,
    size_t *vlen)
{
	const uint8_t *q = p;
	uk_tlv t;
	int ok = 0;

	if (len == 0 || uk_tlv_next(&q, p + len, &t) != 0 ||
	    q != p + len || t.tag != tag)
		goto fail;
	*v = t.value;
	*vlen = t.len;
	ok = 1;
fail:
	return ok;
}
