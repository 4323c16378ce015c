/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GET CHALLENGE (ISO 7816-4 11.6.1): Ne random bytes from the card's
 * HMAC-DRBG, so the host can draw on the card's generator (PKCS#11
 * C_GenerateRandom).
 */
#include "core.h"
#include "codec/bytes.h"
#include "card/wire.h"
#include "uk/rsp.h"

/* At most one short response of random bytes per command. */
#define CHALLENGE_MAX  256

uint16_t
uk_core_get_challenge(uimkey_card *card, const uk_apdu *apdu)
{
	uint8_t buf[CHALLENGE_MAX];
	uint16_t sw = UIMKEY_SW_OK;

	if (apdu->p1 != 0 || apdu->p2 != 0)
		return UIMKEY_SW_WRONG_P1P2;
	if (apdu->lc != 0 || !apdu->has_le || apdu->ne > CHALLENGE_MAX)
		return UIMKEY_SW_WRONG_LENGTH;
	br_hmac_drbg_generate(&card->drbg, buf, apdu->ne);
	if (uk_rsp_put(&card->rsp, buf, apdu->ne) != UK_OK)
		sw = UIMKEY_SW_NO_DIAG;
	uk_wipe(buf, sizeof(buf));
	return sw;
}
