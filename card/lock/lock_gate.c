/* SPDX-License-Identifier: BSD-2-Clause */
/* What the rest of the card asks of the issuer lock (card/include/uk/lock.h). */
#include "uk/lock.h"
#include "uk/rsp.h"
#include "lock_state.h"
#include "codec/bytes.h"
#include "card/wire.h"

#define PIN_TAG_LEN 5   /* state, counter */

uint16_t
uk_lock_gate(uimkey_card *card)
{
	uk_lock_state st;
	uint16_t sw;

	/* Read at each command rather than cached in RAM: the store is the
	 * only truth, also right after a power cut during APPLY. */
	if ((sw = uk_lock_load(card, &st)) != UIMKEY_SW_OK)
		return sw;
	return st.locked ? UIMKEY_SW_LOCKED : UIMKEY_SW_OK;
}

uint16_t
uk_lock_meta_pin(uimkey_card *card)
{
	uk_lock_state st;
	uint8_t v[PIN_TAG_LEN];
	uint16_t sw;

	if ((sw = uk_lock_load(card, &st)) != UIMKEY_SW_OK)
		return sw;
	/* Cards without an issuer answer exactly as before: Yubico's
	 * parsers and the existing tests see no new tag. */
	if (!st.installed)
		return UIMKEY_SW_OK;
	v[0] = uk_lock_state_byte(&st);
	uk_put_be32(v + 1, st.counter);
	if (uk_rsp_put_tl(&card->rsp, UIMKEY_LOCK_META_PIN_TAG,
	    sizeof(v)) != UK_OK || uk_rsp_put(&card->rsp, v, sizeof(v)) != UK_OK)
		return UIMKEY_SW_NO_DIAG;
	return UIMKEY_SW_OK;
}
