/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SELECT of the PIV application (NIST SP 800-73-4 part 2, 3.1.1): by the
 * full AID or any prefix of it at least as long as the RID, answered with
 * the application property template, which offers secure messaging
 * (card/sm/).
 */
#include <string.h>

#include "core.h"
#include "uk/channel.h"
#include "card/wire.h"
#include "uk/rsp.h"

#define SELECT_BY_DF_NAME   0x04
#define SELECT_FIRST_FCI    0x00

#define TAG_APT             0x61    /* application property template */
#define TAG_AID             0x4F
#define TAG_AUTHORITY       0x79    /* coexistent tag allocation authority */
#define TAG_LABEL           0x50
/* Cryptographic algorithms (part 1, table 3): secure messaging's cipher
 * suite 2, then the object identifier element, 00. */
#define TAG_ALGORITHMS      0xAC
#define TAG_ALG_ID          0x80
#define TAG_ALG_OID         0x06
#define ALG_OID_NONE        0x00

static const uint8_t piv_aid[UIMKEY_PIV_AID_LEN] = UIMKEY_PIV_AID;
#define PIV_PIX_OFF         UIMKEY_PIV_RID_LEN
#define PIV_PIX_LEN         (UIMKEY_PIV_AID_LEN - UIMKEY_PIV_RID_LEN)

static int
put_template(uimkey_rsp_chain *r)
{
	static const char label[] = UIMKEY_APP_LABEL;
	const size_t label_len = sizeof(label) - 1;
	const size_t aid_tlv = 2 + PIV_PIX_LEN;
	const size_t auth_tlv = 2 + 2 + UIMKEY_PIV_RID_LEN;
	const size_t label_tlv = 2 + label_len;
	static const uint8_t algs[] = { TAG_ALG_ID, 1, UIMKEY_ALG_SM_CS2,
	    TAG_ALG_OID, 1, ALG_OID_NONE };
	const size_t algs_tlv = 2 + sizeof(algs);

	if (uk_rsp_put_tl(r, TAG_APT, aid_tlv + auth_tlv + label_tlv +
	    algs_tlv) ||
	    uk_rsp_put_tl(r, TAG_AID, PIV_PIX_LEN) ||
	    uk_rsp_put(r, piv_aid + PIV_PIX_OFF, PIV_PIX_LEN) ||
	    uk_rsp_put_tl(r, TAG_AUTHORITY, 2 + UIMKEY_PIV_RID_LEN) ||
	    uk_rsp_put_tl(r, TAG_AID, UIMKEY_PIV_RID_LEN) ||
	    uk_rsp_put(r, piv_aid, UIMKEY_PIV_RID_LEN) ||
	    uk_rsp_put_tl(r, TAG_LABEL, label_len) ||
	    uk_rsp_put(r, label, label_len) ||
	    uk_rsp_put_tl(r, TAG_ALGORITHMS, sizeof(algs)) ||
	    uk_rsp_put(r, algs, sizeof(algs)))
		return UK_ERR_FULL;
	return UK_OK;
}

uint16_t
uk_core_select(uimkey_card *card, const uk_apdu *apdu)
{
	if (apdu->p1 != SELECT_BY_DF_NAME || apdu->p2 != SELECT_FIRST_FCI)
		return UIMKEY_SW_WRONG_P1P2;
	if (apdu->lc == 0)
		return UIMKEY_SW_WRONG_LENGTH;
	/* A SELECT that finds nothing leaves the current selection and its
	 * security state as they were (ISO 7816-4 7.1.1): middleware probes
	 * other applications' AIDs all the time. */
	if (apdu->lc < UIMKEY_PIV_RID_LEN || apdu->lc > UIMKEY_PIV_AID_LEN ||
	    memcmp(apdu->data, piv_aid, apdu->lc) != 0)
		return UIMKEY_SW_NOT_FOUND;
	/* Selecting the application (again) ends what was proven to it on
	 * this channel; the other channels keep theirs. */
	uk_channel_clear_security(card);
	UK_CHANNEL(card)->piv_selected = 1;
	if (put_template(&card->rsp) != UK_OK)
		return UIMKEY_SW_NO_DIAG;
	return UIMKEY_SW_OK;
}
