/* SPDX-License-Identifier: BSD-2-Clause */
/* The attest area: ATTEST, and the factory's attestation key and
 * certificate. */
#include "attest_int.h"
#include "uk/dispatch.h"
#include "card/wire.h"

static const uk_ins_entry attest_ins[] = {
	{ UIMKEY_INS_ATTEST, UK_INS_NEEDS_PIV, 0, uk_attest_cmd },
};

const uk_area uk_area_attest = {
	attest_ins, sizeof(attest_ins) / sizeof(attest_ins[0]),
	uk_attest_factory, NULL,
};
