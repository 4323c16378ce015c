/* The core area: application selection and card identification. */
#include "card/dispatch.h"
#include "card/ins_core.h"
#include "card/wire.h"

static const uimkey_ins_entry core_ins[] = {
	{ UIMKEY_INS_SELECT,      0, 0, uimkey_piv_select },
	{ UIMKEY_INS_GET_VERSION, UIMKEY_INS_NEEDS_PIV, 0, uimkey_yk_get_version },
	{ UIMKEY_INS_GET_SERIAL,  UIMKEY_INS_NEEDS_PIV, 0, uimkey_yk_get_serial },
};

const uimkey_area uimkey_area_core = {
	core_ins, sizeof(core_ins) / sizeof(core_ins[0]), NULL, NULL,
};
