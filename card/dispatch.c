#include <stddef.h>

#include "card/dispatch.h"
#include "card/wire.h"

struct ins_entry {
	uint8_t ins;
	uint8_t needs_piv;      /* only while the PIV application is selected */
	uimkey_ins_handler run;
};

static const struct ins_entry ins_table[] = {
	{ UIMKEY_INS_SELECT,      0, uimkey_piv_select },
	{ UIMKEY_INS_GET_VERSION, 1, uimkey_yk_get_version },
	{ UIMKEY_INS_GET_SERIAL,  1, uimkey_yk_get_serial },
};

uint16_t
uimkey_dispatch(uimkey_card *card, const uimkey_apdu *apdu)
{
	size_t i;

	for (i = 0; i < sizeof(ins_table) / sizeof(ins_table[0]); i++) {
		const struct ins_entry *e = &ins_table[i];
		if (e->ins != apdu->ins)
			continue;
		if (e->needs_piv && !card->piv_selected)
			return UIMKEY_SW_CONDITIONS;
		return e->run(card, apdu);
	}
	return UIMKEY_SW_INS_UNSUPP;
}

uint16_t
uimkey_dispatch_get_response(uimkey_card *card, const uimkey_apdu *apdu)
{
	if (apdu->p1 != 0 || apdu->p2 != 0)
		return UIMKEY_SW_WRONG_P1P2;
	if (apdu->lc != 0)
		return UIMKEY_SW_WRONG_LENGTH;
	if (uimkey_rsp_left(&card->rsp) == 0)
		return UIMKEY_SW_CONDITIONS;
	return UIMKEY_SW_OK;
}
