/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * MOVE KEY / DELETE KEY (Yubico, 00 F6 to from): to = FF deletes the key
 * in slot `from`; any other `to` moves it there, with its policies and
 * origin, in one transaction.  As on a YubiKey (yubikit's UI deletes the
 * destination first when the user asks to overwrite), the destination
 * must be empty.  Certificates stay where they are: they are data
 * objects, moved by the host.  The attestation key F9 neither moves nor
 * is deleted.
 */
#include "uk/auth.h"
#include "key_cmd.h"
#include "uk/keys.h"
#include "uk/store.h"
#include "codec/bytes.h"
#include "card/wire.h"

#define MOVE_TO_DELETE  0xFF

/* Slots of the request: *dst < 0 means delete. */
static uint16_t
check_slots(const uk_apdu *apdu, int *src, int *dst)
{
	*src = uk_key_user_slot(apdu->p2);
	*dst = -1;
	if (*src < 0)
		return UIMKEY_SW_WRONG_P1P2;
	if (apdu->p1 == MOVE_TO_DELETE)
		return UIMKEY_SW_OK;
	*dst = uk_key_user_slot(apdu->p1);
	if (*dst < 0 || *dst == *src)
		return UIMKEY_SW_WRONG_P1P2;
	return UIMKEY_SW_OK;
}

/* The source must hold a key, the destination (if any) none. */
static uint16_t
check_records(uimkey_card *card, int src, int dst)
{
	long n = uk_rec_len(card, UK_REC_KEY(src));

	if (n < 0)
		return UIMKEY_SW_MEMORY_FAILURE;
	if (n == 0)
		return UIMKEY_SW_REF_NOT_FOUND;
	if (dst < 0)
		return UIMKEY_SW_OK;
	n = uk_rec_len(card, UK_REC_KEY(dst));
	if (n < 0)
		return UIMKEY_SW_MEMORY_FAILURE;
	return n == 0 ? UIMKEY_SW_OK : UIMKEY_SW_CONDITIONS;
}

static uint16_t
commit_move(uimkey_card *card, int src, int dst)
{
	uint8_t rec[UK_REC_KEY_MAX];
	size_t len = 0;
	uint16_t sw = UIMKEY_SW_MEMORY_FAILURE;

	/* The record moves as it is: its check value was verified by the
	 * read, and its layout does not depend on the slot. */
	if (dst >= 0 && uk_rec_read(card, UK_REC_KEY(src), rec,
	    sizeof(rec), &len) != UK_OK)
		goto fail;
	uk_txn_begin(card);
	if ((dst >= 0 && uk_txn_put(card, UK_REC_KEY(dst), rec, len) !=
	    UK_OK) ||
	    uk_txn_put(card, UK_REC_KEY(src), NULL, 0) != UK_OK) {
		uk_txn_abort(card);
		goto fail;
	}
	if (uk_txn_commit(card) == UK_OK)
		sw = UIMKEY_SW_OK;
fail:
	uk_wipe(rec, sizeof(rec));
	return sw;
}

uint16_t
uk_key_cmd_move(uimkey_card *card, const uk_apdu *apdu)
{
	uint16_t sw;
	int src, dst;

	if ((sw = check_slots(apdu, &src, &dst)) != UIMKEY_SW_OK)
		return sw;
	if (apdu->lc != 0)
		return UIMKEY_SW_WRONG_LENGTH;
	if ((sw = uk_auth_admin(card)) != UIMKEY_SW_OK)
		return sw;
	if ((sw = check_records(card, src, dst)) != UIMKEY_SW_OK)
		return sw;
	return commit_move(card, src, dst);
}
