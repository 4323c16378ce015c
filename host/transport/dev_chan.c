/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The device's logical channel and the PIV application's selection on
 * it.  A uimkey card gives each program a channel of its own (MANAGE
 * CHANNEL), with its own selection and security state; any other card,
 * or a uimkey card that gives no channel, is used on the basic channel
 * as every PIV client uses it.
 */
#define _DEFAULT_SOURCE
#include <string.h>

#include "codec/tlv.h"
#include "card/wire.h"
#include "dev_priv.h"


/* The answer's template and label tell a uimkey from any PIV card. */
static int
fci_is_uimkey(const uint8_t *fci, size_t len)
{
	static const char label[] = UIMKEY_APP_LABEL;
	uk_tlv apt, lbl;

	return uk_tlv_find(fci, len, 0x61, &apt) == 0 &&
	    uk_tlv_find(apt.value, apt.len, 0x50, &lbl) == 0 &&
	    lbl.len == sizeof(label) - 1 &&
	    memcmp(lbl.value, label, lbl.len) == 0;
}

int
pivc_dev_select_piv(uimkey_dev_t *dev, int again)
{
	static const uint8_t aid[UIMKEY_PIV_AID_LEN] = UIMKEY_PIV_AID;
	uint8_t apdu[5 + UIMKEY_PIV_AID_LEN + 1];
	uint8_t fci[256];
	size_t len;
	uint16_t sw;
	int r, restoring = dev->restoring;

	apdu[0] = UIMKEY_CLA_ISO;
	apdu[1] = UIMKEY_INS_SELECT;
	apdu[2] = 0x04;
	apdu[3] = 0x00;
	apdu[4] = UIMKEY_PIV_AID_LEN;
	memcpy(apdu + 5, aid, UIMKEY_PIV_AID_LEN);
	apdu[5 + UIMKEY_PIV_AID_LEN] = 0x00;
	/* Putting the channel back must not try to put it back again. */
	if (!again)
		dev->restoring = 1;
	r = pivc_dev_exchange(dev, apdu, sizeof(apdu), 1, fci, sizeof(fci),
	    &len, &sw);
	dev->restoring = restoring;
	if (r != UIMKEY_OK)
		return r;
	if (sw != UIMKEY_SW_OK)
		return UIMKEY_ERR_NOT_PIV;
	dev->is_uimkey = fci_is_uimkey(fci, len);
	dev->sm_offered = pivc_dev_sm_offered(fci, len);
	return UIMKEY_OK;
}

/* MANAGE CHANNEL open on the basic channel: *ch is the number the card
 * gives, 0 when it gives none (a card without channels refuses it). */
static int
chan_open(uimkey_dev_t *dev, uint8_t *ch)
{
	static const uint8_t apdu[5] = { UIMKEY_CLA_ISO,
	    UIMKEY_INS_MANAGE_CHANNEL, UIMKEY_MANAGE_OPEN, 0x00, 0x01 };
	size_t rlen;
	int r;

	*ch = 0;
	r = pivc_dev_xfer(dev, 0, apdu, sizeof(apdu), &rlen);
	if (r == UIMKEY_OK && rlen == 3 &&
	    pivc_dev_sw(dev, rlen) == UIMKEY_SW_OK &&
	    dev->rapdu[0] >= 1 && dev->rapdu[0] < UIMKEY_CHANNELS)
		*ch = dev->rapdu[0];
	pivc_dev_wipe(dev);
	return r;
}

void
pivc_dev_detach(uimkey_dev_t *dev)
{
	static const uint8_t apdu[4] = { UIMKEY_CLA_ISO,
	    UIMKEY_INS_MANAGE_CHANNEL, UIMKEY_MANAGE_CLOSE, 0x00 };
	size_t rlen;

	if (dev->chan != 0)
		(void)pivc_dev_xfer(dev, dev->chan, apdu, sizeof(apdu), &rlen);
	pivc_dev_wipe(dev);
	dev->chan = 0;
	dev->ext = 0;
}

int
pivc_dev_attach(uimkey_dev_t *dev)
{
	uint8_t ch = 0;
	int r;

	/* Our old number stays until the card gives a new one: a reset
	 * in between must not leave the device on the basic channel. */
	pivc_dev_sm_forget(dev);
	if (!dev->basic && (r = chan_open(dev, &ch)) != UIMKEY_OK)
		return r;
	dev->chan = 0;
	dev->ext = 0;
	if (ch != 0) {
		dev->chan = ch;
		r = pivc_dev_select_piv(dev, 0);
		if (r == UIMKEY_OK && dev->is_uimkey) {
			dev->ext = 1;
			/* A card that offers a session and fails its
			 * checks is not used: something else answers. */
			return dev->sm_offered && dev->sm_want ?
			    pivc_dev_sm_open(dev) : UIMKEY_OK;
		}
		if (r != UIMKEY_OK && r != UIMKEY_ERR_NOT_PIV)
			return r;
		/* A card with channels that is not a uimkey: what else
		 * differs on its channels is unknown; the basic one, as
		 * every PIV client uses it. */
		pivc_dev_detach(dev);
	}
	return pivc_dev_select_piv(dev, 0);
}

int
pivc_dev_reattach(uimkey_dev_t *dev)
{
	/* Channel 0 stays open through anything: select again. */
	if (dev->chan == 0)
		return pivc_dev_select_piv(dev, 0);
	/* Our number may be another program's now: never close it. */
	return pivc_dev_attach(dev);
}
