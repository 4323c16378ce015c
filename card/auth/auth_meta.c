/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GET METADATA (Yubico INS F7) for the PIN (80), the PUK (81) and the
 * management key (9B), in Yubico's tags, plus uimkey's tags 10 and 11
 * (the issuer lock, card/include/uk/lock.h).
 */
#include "auth_int.h"
#include "uk/lock.h"
#include "uk/rsp.h"
#include "card/piv_rules.h"
#include "card/wire.h"

#define META_ALG        0x01
#define META_POLICY     0x02
#define META_DEFAULT    0x05
#define META_RETRIES    0x06
#define META_MUST_CHANGE 0x10   /* uimkey: PIN must be changed first */

static int
put_tlv(uimkey_card *card, unsigned tag, const uint8_t *v, size_t len)
{
	return uk_rsp_put_tl(&card->rsp, tag, len) != UK_OK ||
	    uk_rsp_put(&card->rsp, v, len) != UK_OK;
}

static int
put_secret(uimkey_card *card, const uk_cred *cred, uint8_t ref)
{
	const uk_secret *s = ref == UIMKEY_REF_PIN ? &cred->pin : &cred->puk;
	uint8_t def_flag = ref == UIMKEY_REF_PIN ? UK_CRED_F_PIN_DEFAULT :
	    UK_CRED_F_PUK_DEFAULT;
	uint8_t alg = UIMKEY_ALG_PIN;
	uint8_t def = (cred->flags & def_flag) != 0;
	uint8_t tries[2];
	uint8_t change = (cred->flags & UK_CRED_F_PIN_CHANGE) != 0;
	int bad;

	tries[0] = s->max;
	tries[1] = s->left;
	bad = put_tlv(card, META_ALG, &alg, 1) ||
	    put_tlv(card, META_DEFAULT, &def, 1) ||
	    put_tlv(card, META_RETRIES, tries, sizeof(tries));
	if (!bad && ref == UIMKEY_REF_PIN)
		bad = put_tlv(card, META_MUST_CHANGE, &change, 1);
	return bad;
}

static int
put_mgmt(uimkey_card *card, const uk_cred *cred)
{
	uint8_t policy[2] = { UIMKEY_PIN_POLICY_NEVER, UIMKEY_TOUCH_POLICY_NEVER };
	uint8_t def = (cred->flags & UK_CRED_F_MGMT_DEFAULT) != 0;

	return put_tlv(card, META_ALG, &cred->mgmt_alg, 1) ||
	    put_tlv(card, META_POLICY, policy, sizeof(policy)) ||
	    put_tlv(card, META_DEFAULT, &def, 1);
}

uint16_t
uk_auth_metadata(uimkey_card *card, const uk_apdu *apdu)
{
	uk_cred cred;
	uint16_t sw;
	int bad;

	uk_auth_forget_nonce(card);
	if (apdu->p1 != 0)
		return UIMKEY_SW_WRONG_P1P2;
	if (apdu->p2 != UIMKEY_REF_PIN && apdu->p2 != UIMKEY_REF_PUK &&
	    apdu->p2 != UIMKEY_SLOT_MGMT)
		return UIMKEY_SW_REF_NOT_FOUND;
	if (apdu->lc != 0)
		return UIMKEY_SW_WRONG_LENGTH;
	if ((sw = uk_cred_load(card, &cred)) != UIMKEY_SW_OK)
		goto fail;
	bad = apdu->p2 == UIMKEY_SLOT_MGMT ? put_mgmt(card, &cred) :
	    put_secret(card, &cred, apdu->p2);
	sw = bad ? UIMKEY_SW_NO_DIAG : UIMKEY_SW_OK;
	/* uimkey: the issuer lock rides with the PIN (tag 11), so that a
	 * client reading why the PIN cannot be used learns of the lock. */
	if (sw == UIMKEY_SW_OK && apdu->p2 == UIMKEY_REF_PIN)
		sw = uk_lock_meta_pin(card);
fail:
	uk_cred_wipe(&cred);
	return sw;
}
