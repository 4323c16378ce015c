/* SPDX-License-Identifier: BSD-2-Clause */
/* The data area: GET DATA and PUT DATA of the PIV data objects.  It has
 * no factory records: every object starts absent or generated. */
#include "uk/dispatch.h"
#include "obj_cmd.h"
#include "card/wire.h"

static const uk_ins_entry data_ins[] = {
	/* Answers on a card its issuer locked too (the PIN-protected objects
	 * stay out of reach: no VERIFY runs there). */
	{ UIMKEY_INS_GET_DATA, UK_INS_NEEDS_PIV | UK_INS_WHILE_LOCKED,
	  0, uk_obj_get_data },
	{ UIMKEY_INS_PUT_DATA, UK_INS_NEEDS_PIV, 0, uk_obj_put_data },
};

const uk_area uk_area_data = {
	data_ins, sizeof(data_ins) / sizeof(data_ins[0]), NULL, NULL,
};
