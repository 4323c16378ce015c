/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ATTEST (Yubico F9): the card's certificate for the key of a slot,
 * signed by its attestation key.  The answer is raw DER; it must be one
 * well-formed certificate.  Checking its signature and chain is the
 * verifier's job.
 */
#include <string.h>

#include "card/wire.h"
#include "codec/x509.h"
#include "piv_priv.h"

int
uimkey_piv_attest(uimkey_dev_t *dev, uint8_t slot, uint8_t *cert,
    size_t cert_cap, size_t *cert_len)
{
	uint8_t rsp[PIVC_RSP_MAX];
	uk_x509_parts parts;
	size_t len;
	int r = UIMKEY_ERR_ARG;

	if (cert_len != NULL)
		*cert_len = 0;
	if (dev == NULL || !uimkey_slot_is_key(slot) || cert == NULL ||
	    cert_len == NULL)
		goto fail;
	r = pivc_cmd(dev, UIMKEY_INS_ATTEST, slot, 0x00, NULL, 0, rsp,
	    sizeof(rsp), &len);
	if (r != UIMKEY_OK)
		goto fail;
	if (uk_x509_cert_parts(rsp, len, &parts) != 0) {
		r = UIMKEY_ERR_BAD_RSP;
		goto fail;
	}
	if (len > cert_cap) {
		r = UIMKEY_ERR_RSP_TOO_LONG;
		goto fail;
	}
	memcpy(cert, rsp, len);
	*cert_len = len;
fail:
	return r;
}
