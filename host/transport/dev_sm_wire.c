/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A command protected in the device's session and its answer opened
 * (SP 800-73-4 part 2, 4.3 and 4.4, through the codec); dev_wire.c
 * sends and recovers, dev_sm.c sets the session up.
 */
#define _DEFAULT_SOURCE
#include <string.h>

#include "card/wire.h"
#include "dev_priv.h"

/*
 * A plain command as the codec's: header, data and Le of the short or
 * extended APDU a (Le 0 when it expects no answer).  0, or -1 for a
 * length that does not add up.
 */
static int
plain_cmd(const uint8_t *a, size_t len, uk_sm_cmd *c)
{
	size_t lc = 0, at = 5, le_len = 1;

	memset(c, 0, sizeof(*c));
	c->ins = a[1];
	c->p1 = a[2];
	c->p2 = a[3];
	if (len == 4)
		return 0;
	if (len == 5) {
		c->le = a[4] ? a[4] : 256;
		return 0;
	}
	if (a[4] != 0) {
		lc = a[4];
	} else if (len >= 7) {
		at = 7;
		le_len = 2;
		lc = (size_t)a[5] << 8 | a[6];
		if (len == 7) {
			c->le = lc ? lc : 65536;
			return 0;
		}
	}
	if (lc == 0 || len < at + lc || len > at + lc + le_len)
		return -1;
	c->data = a + at;
	c->len = lc;
	if (len == at + lc + le_len) {
		c->le = le_len == 1 ? a[len - 1] : (size_t)a[len - 2] << 8 |
		    a[len - 1];
		if (c->le == 0)
			c->le = le_len == 1 ? 256 : 65536;
	} else if (len != at + lc) {
		return -1;
	}
	return 0;
}

int
pivc_dev_sm_wrap(uimkey_dev_t *dev, uint8_t cla, const uint8_t *apdu,
    size_t len, size_t *n)
{
	uk_sm_cmd c;

	if (plain_cmd(apdu, len, &c) != 0)
		return UIMKEY_ERR_ARG;
	c.cla = cla;
	/* On the own channel the answer comes whole. */
	c.extended = (uint8_t)dev->ext;
	dev->sm_used = 1;
	if (uk_sm_cmd_wrap(&dev->sm, &c, dev->sm_capdu, sizeof(dev->sm_capdu),
	    n) != UK_SM_OK)
		return UIMKEY_ERR_ARG;
	return UIMKEY_OK;
}

int
pivc_dev_sm_unwrap(uimkey_dev_t *dev, size_t rn, uint8_t *out, size_t cap,
    size_t *out_len, uint16_t *sw)
{
	size_t n;

	/* Opened where its padding fits too, then handed over. */
	if (uk_sm_rsp_unwrap(&dev->sm, dev->sm_rapdu, rn, dev->sm_clear,
	    sizeof(dev->sm_clear), &n, sw) != UK_SM_OK) {
		pivc_dev_sm_end(dev);
		return UIMKEY_ERR_SM;
	}
	if (n > cap || (n > 0 && out == NULL))
		return UIMKEY_ERR_RSP_TOO_LONG;
	if (n > 0)
		memcpy(out, dev->sm_clear, n);
	*out_len = n;
	return UIMKEY_OK;
}
