/* SPDX-License-Identifier: BSD-2-Clause */
/* Tokens: C_GetTokenInfo.  The token is the card in a slot's reader. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <string.h>

#include "pkcs11/p11_slot.h"
#include "pkcs11/p11_util.h"

/* The user's PIN as the card takes it: 6 to 8 bytes (SP 800-73-4).  The
 * card's PIN policy may ask more of a new PIN (a minimum of 7 or 8), but
 * a PIN set before stays valid, so 6 is still a PIN it may hold.  (The
 * SO's management key, in hex, is longer: these describe the PIN.) */
#define P11_PIN_MIN  UIMKEY_PIN_MIN
#define P11_PIN_MAX  UIMKEY_PIN_LEN

/*
 * CKF_*_PIN_* flags from a counter's metadata (the PIN for the user, the
 * PUK for the SO), read from the card at each call so that they stay
 * true when another program used the card.
 */
static CK_FLAGS
pin_flags(uimkey_dev_t *dev, uint8_t ref, int so)
{
	uimkey_piv_meta_t m;
	CK_FLAGS f = 0;

	if (uimkey_piv_get_metadata(dev, ref, &m) != UIMKEY_OK)
		return 0;
	if (m.tries_left == 0)
		f |= so ? CKF_SO_PIN_LOCKED : CKF_USER_PIN_LOCKED;
	else if (m.tries_left == 1)
		f |= so ? CKF_SO_PIN_FINAL_TRY : CKF_USER_PIN_FINAL_TRY;
	if (m.tries_left > 0 && m.tries_total > 0 &&
	    m.tries_left < m.tries_total)
		f |= so ? CKF_SO_PIN_COUNT_LOW : CKF_USER_PIN_COUNT_LOW;
	if (m.is_default == 1 || m.must_change == 1)
		f |= so ? CKF_SO_PIN_TO_BE_CHANGED :
		    CKF_USER_PIN_TO_BE_CHANGED;
	return f;
}

/* A card its issuer locked takes neither PIN nor PUK: both show locked. */
static CK_FLAGS
issuer_lock_flags(uimkey_dev_t *dev)
{
	int locked = 0;

	if (uimkey_piv_lock_status(dev, NULL, &locked, NULL) != UIMKEY_OK ||
	    !locked)
		return 0;
	return CKF_USER_PIN_LOCKED | CKF_SO_PIN_LOCKED;
}

static void
fill_token_info(CK_TOKEN_INFO *ti, const struct p11_slot *s,
    uimkey_dev_t *dev)
{
	char buf[40];
	uint8_t ver[3] = { 0, 0, 0 };
	uint32_t serial;
	int have_serial;

	memset(ti, 0, sizeof(*ti));
	have_serial = uimkey_dev_serial(dev, &serial) == UIMKEY_OK;
	if (have_serial && uimkey_dev_is_uimkey(dev))
		snprintf(buf, sizeof(buf), "uimkey #%lu",
		    (unsigned long)serial);
	else
		snprintf(buf, sizeof(buf), "PIV card");
	p11_pad(ti->label, sizeof(ti->label), buf);
	p11_pad(ti->manufacturerID, sizeof(ti->manufacturerID),
	    P11_MANUFACTURER);
	p11_pad(ti->model, sizeof(ti->model), "uimkey PIV");
	buf[0] = '\0';
	if (have_serial)
		snprintf(buf, sizeof(buf), "%lu", (unsigned long)serial);
	p11_pad(ti->serialNumber, sizeof(ti->serialNumber), buf);
	/* A PIV token always needs its PIN for private keys.  CKF_RNG: the
	 * card's generator answers GET CHALLENGE. */
	ti->flags = CKF_RNG | CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED |
	    CKF_TOKEN_INITIALIZED;
	if (uimkey_dev_begin(dev) == UIMKEY_OK) {
		ti->flags |= pin_flags(dev, UIMKEY_REF_PIN, 0) |
		    pin_flags(dev, UIMKEY_REF_PUK, 1) | issuer_lock_flags(dev);
		(void)uimkey_dev_end(dev);
	}
	ti->ulMaxSessionCount = CK_EFFECTIVELY_INFINITE;
	ti->ulSessionCount = s->sessions;
	ti->ulMaxRwSessionCount = CK_EFFECTIVELY_INFINITE;
	ti->ulRwSessionCount = s->rw_sessions;
	ti->ulMaxPinLen = P11_PIN_MAX;
	ti->ulMinPinLen = P11_PIN_MIN;
	ti->ulTotalPublicMemory = CK_UNAVAILABLE_INFORMATION;
	ti->ulFreePublicMemory = CK_UNAVAILABLE_INFORMATION;
	ti->ulTotalPrivateMemory = CK_UNAVAILABLE_INFORMATION;
	ti->ulFreePrivateMemory = CK_UNAVAILABLE_INFORMATION;
	ti->hardwareVersion.major = 0;
	ti->hardwareVersion.minor = 0;
	if (uimkey_dev_version(dev, ver) == UIMKEY_OK) {
		ti->firmwareVersion.major = ver[0];
		ti->firmwareVersion.minor = ver[1];
	}
	/* No clock on the token (CKF_CLOCK_ON_TOKEN is clear). */
	memset(ti->utcTime, ' ', sizeof(ti->utcTime));
}

P11_EXPORT CK_RV
C_GetTokenInfo(CK_SLOT_ID slotID, CK_TOKEN_INFO_PTR pInfo)
{
	struct p11_slot *s;
	uimkey_dev_t *dev;
	CK_RV rv;

	if ((rv = p11_slot_enter(slotID, pInfo != NULL, &s)) != CKR_OK)
		return rv;
	if (!s->card_present)
		rv = CKR_TOKEN_NOT_PRESENT;
	p11_leave();
	/* The card is asked under the slot's lock alone; a card that left
	 * under an earlier call is dropped on the way in. */
	if (rv != CKR_OK || (rv = p11_slot_lock(s)) != CKR_OK)
		return rv;
	if ((rv = p11_slot_dev_get(s, &dev)) == CKR_OK)
		fill_token_info(pInfo, s, dev);
	p11_slot_unlock(s);
	return rv;
}
