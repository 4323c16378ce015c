/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Random bytes from the card's generator (GET CHALLENGE), for PKCS#11
 * C_GenerateRandom.  Asked for in 256-byte answers, on the basic channel
 * inside one PC/SC transaction; each stands alone, so on the device's
 * own channel they need none.
 */
#define _DEFAULT_SOURCE
#include <string.h>

#include "card/wire.h"
#include "piv_priv.h"

#define CHALLENGE_CHUNK  256

int
uimkey_piv_random(uimkey_dev_t *dev, uint8_t *buf, size_t len)
{
	uint8_t rsp[CHALLENGE_CHUNK];
	size_t got, n;
	int r = UIMKEY_ERR_ARG, in_tx = 0;

	if (dev == NULL || (buf == NULL && len > 0))
		goto fail;
	if (!uimkey_dev_uses_ext_apdu(dev)) {
		if ((r = uimkey_dev_begin(dev)) != UIMKEY_OK)
			goto fail;
		in_tx = 1;
	}
	while (len > 0) {
		r = pivc_cmd(dev, UIMKEY_INS_GET_CHALLENGE, 0x00, 0x00, NULL, 0,
		    rsp, sizeof(rsp), &got);
		if (r != UIMKEY_OK)
			goto fail;
		if (got != CHALLENGE_CHUNK) {
			r = UIMKEY_ERR_BAD_RSP;
			goto fail;
		}
		n = len < got ? len : got;
		memcpy(buf, rsp, n);
		buf += n;
		len -= n;
	}
	r = UIMKEY_OK;
fail:
	if (in_tx)
		uimkey_dev_end(dev);
	explicit_bzero(rsp, sizeof(rsp));
	return r;
}
