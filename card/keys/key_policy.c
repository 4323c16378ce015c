/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PIN and touch policies of key slots, as a YubiKey handles them.  The
 * card has no touch sensor, so the only touch policy is NEVER (and the
 * default, which means NEVER); asking for ALWAYS or CACHED is refused
 * rather than silently weakened.
 */
#include "key_cmd.h"
#include "uk/keys.h"
#include "card/piv_rules.h"
#include "codec/tlv.h"
#include "card/wire.h"

int
uk_key_user_slot(uint8_t ref)
{
	if (ref == UIMKEY_SLOT_ATTEST)
		return -1;
	return uimkey_slot_index(ref);
}

/* The one-byte value of tag among the TLVs, or def when absent; -1 when
 * it is there with another length or a TLV is malformed. */
static int
one_byte(const uint8_t *data, size_t len, unsigned tag, uint8_t def)
{
	const uint8_t *p = data, *end = data + len;
	uk_tlv t;
	int v = def;

	while (p < end) {
		if (uk_tlv_next(&p, end, &t) != 0)
			return -1;
		if (t.tag != tag)
			continue;
		if (t.len != 1)
			return -1;
		v = t.value[0];
	}
	return v;
}

uint16_t
uk_key_policies(const uint8_t *data, size_t len, uint8_t slot_ref,
    uint8_t *pin, uint8_t *touch)
{
	int p = one_byte(data, len, UK_TAG_PIN_POLICY,
	    UIMKEY_PIN_POLICY_DEFAULT);
	int t = one_byte(data, len, UK_TAG_TOUCH_POLICY,
	    UIMKEY_TOUCH_POLICY_DEFAULT);

	if (p < 0 || p > UIMKEY_PIN_POLICY_ALWAYS)
		return UIMKEY_SW_WRONG_DATA;
	if (t != UIMKEY_TOUCH_POLICY_DEFAULT && t != UIMKEY_TOUCH_POLICY_NEVER)
		return UIMKEY_SW_WRONG_DATA;
	*pin = p == UIMKEY_PIN_POLICY_DEFAULT ?
	    uimkey_slot_default_pin_policy(slot_ref) : (uint8_t)p;
	*touch = UIMKEY_TOUCH_POLICY_NEVER;
	return UIMKEY_SW_OK;
}
