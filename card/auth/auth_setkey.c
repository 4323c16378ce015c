/* SPDX-License-Identifier: BSD-2-Clause */
/* SET MANAGEMENT KEY (Yubico INS FF): a new 9B key, 3DES or AES. */
#include <string.h>

#include "uk/auth.h"
#include "auth_int.h"
#include "card/piv_rules.h"
#include "card/wire.h"

#define SETKEY_P1          0xFF
#define SETKEY_P2          0xFF     /* FE would ask for touch: none here */
#define SETKEY_HDR_LEN     3        /* alg, 9B, length */

static uint16_t
check_key(const uk_apdu *apdu)
{
	const uint8_t *d = apdu->data;
	unsigned klen;

	if (apdu->lc < SETKEY_HDR_LEN)
		return UIMKEY_SW_WRONG_DATA;
	klen = uimkey_mgmt_key_len(d[0]);
	if (klen == 0 || d[1] != UIMKEY_SLOT_MGMT || d[2] != klen ||
	    apdu->lc != SETKEY_HDR_LEN + klen)
		return UIMKEY_SW_WRONG_DATA;
	/* K1 = K2 or K2 = K3 makes 3DES-EDE one single DES. */
	if (uimkey_mgmt_key_weak(d[0], d + SETKEY_HDR_LEN))
		return UIMKEY_SW_WRONG_DATA;
	return UIMKEY_SW_OK;
}

uint16_t
uk_auth_set_mgmt(uimkey_card *card, const uk_apdu *apdu)
{
	uk_cred cred;
	uint16_t sw;

	uk_auth_forget_nonce(card);
	if (apdu->p1 != SETKEY_P1 || apdu->p2 != SETKEY_P2)
		return UIMKEY_SW_WRONG_P1P2;
	if ((sw = uk_auth_admin(card)) != UIMKEY_SW_OK)
		return sw;
	if ((sw = check_key(apdu)) != UIMKEY_SW_OK)
		return sw;
	if ((sw = uk_cred_load(card, &cred)) != UIMKEY_SW_OK)
		goto fail;
	cred.mgmt_alg = apdu->data[0];
	memset(cred.mgmt_key, 0, sizeof(cred.mgmt_key));
	memcpy(cred.mgmt_key, apdu->data + SETKEY_HDR_LEN, apdu->data[2]);
	uk_cred_update_mgmt_default(&cred);
	sw = uk_cred_commit(card, &cred);
fail:
	uk_cred_wipe(&cred);
	return sw;
}
