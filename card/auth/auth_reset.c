/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * RESET (Yubico INS FB): back to the factory state once both the PIN and
 * the PUK are blocked, keeping the attestation key (F9) and its
 * certificate (object 5FFF01) so the card can still prove what it is.
 */
#include "auth_int.h"
#include "uk/auth.h"
#include "uk/data.h"
#include "uk/store.h"
#include "card/piv_rules.h"
#include "card/wire.h"

#define RESET_KEEP_MAX 3

/* The records a reset keeps; returns how many. */
static size_t
kept_records(unsigned *keep)
{
	size_t n = 0;
	unsigned cert = uk_obj_rec_for_tag(UK_OBJ_ATTEST_CERT);

	keep[n++] = UK_REC_KEY(uimkey_slot_index(UIMKEY_SLOT_ATTEST));
	if (cert < UK_REC_COUNT)
		keep[n++] = cert;
	/* Issuer lock: the issuer key and the lock state survive a reset,
	 * so a reset can neither unbind the card from its issuer nor roll
	 * its counter back (a locked card never gets here: the dispatcher
	 * refuses RESET while locked). */
	keep[n++] = UK_REC_ISSUER;
	return n;
}

uint16_t
uk_auth_reset(uimkey_card *card, const uk_apdu *apdu)
{
	unsigned keep[RESET_KEEP_MAX];
	uk_cred cred;
	uint16_t sw;
	size_t n;

	uk_auth_forget_nonce(card);
	if (apdu->p1 != 0 || apdu->p2 != 0)
		return UIMKEY_SW_WRONG_P1P2;
	if (apdu->lc != 0)
		return UIMKEY_SW_WRONG_LENGTH;
	if ((sw = uk_cred_load(card, &cred)) != UIMKEY_SW_OK)
		goto fail;
	sw = UIMKEY_SW_CONDITIONS;
	if (cred.pin.left != 0 || cred.puk.left != 0)
		goto fail;
	/* The blocked PIN left the KP cache empty; a new KP is coming, and
	 * nothing of the old one may stay, whatever the commit does. */
	uk_auth_forget_kp(card);
	/* A new KP: the keys under the old one go with their records. */
	if ((sw = uk_cred_factory(card, &cred)) != UIMKEY_SW_OK)
		goto fail;
	sw = UIMKEY_SW_MEMORY_FAILURE;
	n = kept_records(keep);
	uk_txn_begin(card);
	if (uk_txn_wipe_all(card, keep, n) !=
	    UK_OK || uk_cred_put(card, &cred) != UIMKEY_SW_OK) {
		uk_txn_abort(card);
		goto fail;
	}
	if (uk_txn_commit(card) != UK_OK)
		goto fail;
	sw = UIMKEY_SW_OK;
	/* Nothing proven before the reset holds after it, in any area. */
	uimkey_card_clear_security(card);
fail:
	uk_cred_wipe(&cred);
	return sw;
}
