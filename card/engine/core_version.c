/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Yubico-compatible identification: GET VERSION (INS FD) and GET SERIAL
 * (INS F8).  Clients such as yubico-piv-tool refuse a card that does not
 * answer GET VERSION, and gate features on the version it reports.
 */
#include "core.h"
#include "codec/bytes.h"
#include "card/wire.h"
#include "uk/rsp.h"

static uint16_t
check_no_args(const uk_apdu *apdu)
{
	if (apdu->p1 != 0 || apdu->p2 != 0)
		return UIMKEY_SW_WRONG_P1P2;
	if (apdu->lc != 0)
		return UIMKEY_SW_WRONG_LENGTH;
	return 0;
}

uint16_t
uk_core_get_version(uimkey_card *card, const uk_apdu *apdu)
{
	static const uint8_t version[3] = { UIMKEY_CARD_VERSION_MAJOR,
	    UIMKEY_CARD_VERSION_MINOR, UIMKEY_CARD_VERSION_PATCH };
	uint16_t sw;

	if ((sw = check_no_args(apdu)) != 0)
		return sw;
	if (uk_rsp_put(&card->rsp, version, sizeof(version)) != UK_OK)
		return UIMKEY_SW_NO_DIAG;
	return UIMKEY_SW_OK;
}

uint16_t
uk_core_get_serial(uimkey_card *card, const uk_apdu *apdu)
{
	uint8_t serial[4];
	uint16_t sw;

	if ((sw = check_no_args(apdu)) != 0)
		return sw;
	uk_put_be32(serial, card->serial);
	if (uk_rsp_put(&card->rsp, serial, sizeof(serial)) != UK_OK)
		return UIMKEY_SW_NO_DIAG;
	return UIMKEY_SW_OK;
}
