/* SPDX-License-Identifier: BSD-2-Clause */
/* The attest area: ATTEST, and the factory's attestation key and
 * certificate. */
#include "attest_int.h"
#include "uk/dispatch.h"
#include "card/wire.h"

static const uimkey_ins_entry attest_ins[] = {
	{ UIMKEY_INS_ATTEST, UIMKEY_INS_NEEDS_PIV, 0, uimkey_attest_cmd },
};

const uimkey_area uimkey_area_attest = {
	attest_ins, sizeof(attest_ins) / sizeof(attest_ins[0]),
	uimkey_attest_factory, NULL,
};
