/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * RESET (Yubico INS FB): back to the factory state once both the PIN and
 * the PUK are blocked, keeping the attestation key (F9) and its
 * certificate (object 5FFF01) so the card can still prove what it is.
 */
#include "auth_int.h"
#include "uk/data.h"
#include "uk/store.h"
#include "uk/slots.h"
#include "card/wire.h"

#define RESET_KEEP_MAX 3

/* The records a reset keeps; returns how many. */
static size_t
kept_records(unsigned *keep)
{
	size_t n = 0;
	unsigned cert = uimkey_obj_rec_for_tag(UIMKEY_OBJ_ATTEST_CERT);

	keep[n++] = UIMKEY_REC_KEY(uimkey_slot_index(UIMKEY_SLOT_ATTEST));
	if (cert < UIMKEY_REC_COUNT)
		keep[n++] = cert;
	/* Issuer lock: the issuer key and the lock state survive a reset,
	 * so a reset can neither unbind the card from its issuer nor roll
	 * its counter back (a locked card never gets here: the dispatcher
	 * refuses RESET while locked). */
	keep[n++] = UIMKEY_REC_ISSUER;
	return n;
}

uint16_t
uimkey_auth_reset(uimkey_card *card, const uimkey_apdu *apdu)
{
	unsigned keep[RESET_KEEP_MAX];
	uimkey_cred cred;
	uint16_t sw;
	size_t n;

	uimkey_auth_forget_nonce(card);
	if (apdu->p1 != 0 || apdu->p2 != 0)
		return UIMKEY_SW_WRONG_P1P2;
	if (apdu->lc != 0)
		return UIMKEY_SW_WRONG_LENGTH;
	if ((sw = uimkey_cred_load(card, &cred)) != UIMKEY_SW_OK)
		goto fail;
	sw = UIMKEY_SW_CONDITIONS;
	if (cred.pin.left != 0 || cred.puk.left != 0)
		goto fail;
	sw = UIMKEY_SW_MEMORY_FAILURE;
	uimkey_cred_factory(&cred);
	n = kept_records(keep);
	uimkey_txn_begin(card);
	if (uimkey_txn_wipe_all(card, keep, n) !=
	    UIMKEY_REC_OK || uimkey_cred_put(card, &cred) != UIMKEY_SW_OK) {
		uimkey_txn_abort(card);
		goto fail;
	}
	if (uimkey_txn_commit(card) != UIMKEY_REC_OK)
		goto fail;
	sw = UIMKEY_SW_OK;
	/* Nothing proven before the reset holds after it, in any area. */
	uimkey_card_clear_security(card);
fail:
	uimkey_cred_wipe(&cred);
	return sw;
}
