/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GET METADATA of a key slot (Yubico, 00 F7 00 slot): 01 algorithm,
 * 02 { PIN policy, touch policy }, 03 origin, 04 public key (the 7F49
 * contents: 86 point, or 81 n 82 e).  PIN, PUK and management key (80,
 * 81, 9B) are answered by the auth area, whose entries come first.
 */
#include "key_cmd.h"
#include "uk/keys.h"
#include "uk/rsp.h"
#include "card/piv_rules.h"
#include "codec/bytes.h"
#include "card/wire.h"

#define META_TAG_ALG     0x01
#define META_TAG_POLICY  0x02
#define META_TAG_ORIGIN  0x03
#define META_TAG_PUBLIC  0x04

static uint16_t
answer(uimkey_card *card, const uk_key *key)
{
	uint8_t pub[UK_KEY_PUB_MAX];
	const uint8_t head[] = {
		META_TAG_ALG, 1, key->alg,
		META_TAG_POLICY, 2, key->pin_policy, key->touch_policy,
		META_TAG_ORIGIN, 1, key->origin,
	};
	size_t n = uk_key_pub_tlv(key, pub, sizeof(pub));

	if (n == 0 || uk_rsp_put(&card->rsp, head, sizeof(head)) != UK_OK ||
	    uk_rsp_put_tl(&card->rsp, META_TAG_PUBLIC, n) != UK_OK ||
	    uk_rsp_put(&card->rsp, pub, n) != UK_OK)
		return UIMKEY_SW_NO_DIAG;
	return UIMKEY_SW_OK;
}

uint16_t
uk_key_cmd_metadata(uimkey_card *card, const uk_apdu *apdu)
{
	uk_key key;
	uint16_t sw;
	int i = uimkey_slot_index(apdu->p2), r;

	if (apdu->p1 != 0 || i < 0)
		return UIMKEY_SW_WRONG_P1P2;
	if (apdu->lc != 0)
		return UIMKEY_SW_WRONG_LENGTH;
	r = uk_key_load_public(card, i, &key);
	if (r == UK_OK)
		sw = answer(card, &key);
	else if (r == UK_ERR_EMPTY)
		sw = UIMKEY_SW_REF_NOT_FOUND;
	else
		sw = UIMKEY_SW_MEMORY_FAILURE;
	uk_key_wipe(&key);
	return sw;
}
