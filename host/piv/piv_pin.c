/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PIN and PUK: VERIFY (with its status query and logout), CHANGE
 * REFERENCE DATA and RESET RETRY COUNTER.  Values are 6 to 8 characters
 * sent padded with FF to 8 bytes; anything else is refused here, before
 * the card could count it as a wrong try.
 */
#define _DEFAULT_SOURCE
#include <string.h>

#include "card/wire.h"
#include "piv_priv.h"

#define VERIFY_LOGOUT  0xFF

int
pivc_pin_pad(const char *pin, uint8_t out[UIMKEY_PIN_LEN])
{
	size_t len, i;
	int r = UIMKEY_ERR_ARG;

	memset(out, UIMKEY_PIN_PAD, UIMKEY_PIN_LEN);
	if (pin == NULL)
		goto fail;
	len = strnlen(pin, UIMKEY_PIN_LEN + 1);
	if (len < UIMKEY_PIN_MIN || len > UIMKEY_PIN_LEN)
		goto fail;
	for (i = 0; i < len; i++)
		if ((uint8_t)pin[i] == UIMKEY_PIN_PAD)
			goto fail;
	memcpy(out, pin, len);
	r = UIMKEY_OK;
fail:
	if (r != UIMKEY_OK)
		explicit_bzero(out, UIMKEY_PIN_LEN);
	return r;
}

int
pivc_pin_err(uint16_t sw, int *tries)
{
	int t = -1, r;

	if ((sw & 0xFFF0) == UIMKEY_SW_WRONG_PIN)
		t = sw & 0x0F;
	else if (sw == UIMKEY_SW_AUTH_BLOCKED)
		t = 0;
	r = uimkey_sw_err(sw);
	if (tries != NULL)
		*tries = t;
	return r;
}

int
uimkey_piv_verify_pin(uimkey_dev_t *dev, const char *pin, int *tries_left)
{
	uint8_t v[UIMKEY_PIN_LEN];
	size_t len;
	uint16_t sw;
	int r;

	if (tries_left != NULL)
		*tries_left = -1;
	if (dev == NULL || (r = pivc_pin_pad(pin, v)) != UIMKEY_OK) {
		r = UIMKEY_ERR_ARG;
		goto fail;
	}
	r = pivc_send(dev, UIMKEY_INS_VERIFY, 0x00, UIMKEY_REF_PIN, v,
	    sizeof(v), NULL, 0, &len, &sw);
	if (r != UIMKEY_OK)
		goto fail;
	/* A right PIN that must be changed first: the try is given back,
	 * nothing is granted. */
	r = sw == UIMKEY_SW_CONDITIONS ? UIMKEY_ERR_PIN_MUST_CHANGE :
	    pivc_pin_err(sw, tries_left);
fail:
	explicit_bzero(v, sizeof(v));
	return r;
}

int
uimkey_piv_pin_status(uimkey_dev_t *dev, int *verified, int *tries_left)
{
	size_t len;
	uint16_t sw;
	int r;

	if (dev == NULL || verified == NULL || tries_left == NULL) {
		r = UIMKEY_ERR_ARG;
		goto fail;
	}
	*verified = 0;
	*tries_left = -1;
	r = pivc_send(dev, UIMKEY_INS_VERIFY, 0x00, UIMKEY_REF_PIN, NULL, 0,
	    NULL, 0, &len, &sw);
	if (r != UIMKEY_OK)
		goto fail;
	if (sw == UIMKEY_SW_OK) {
		*verified = 1;
		goto fail;
	}
	r = pivc_pin_err(sw, tries_left);
	/* Not verified (63Cx) and blocked (6983) are answers, not errors. */
	if (r == UIMKEY_ERR_SW_WRONG_PIN || r == UIMKEY_ERR_SW_BLOCKED)
		r = UIMKEY_OK;
fail:
	return r;
}

int
uimkey_piv_logout(uimkey_dev_t *dev)
{
	size_t len;
	int r = UIMKEY_ERR_ARG;

	if (dev == NULL)
		goto fail;
	r = pivc_cmd(dev, UIMKEY_INS_VERIFY, VERIFY_LOGOUT, UIMKEY_REF_PIN,
	    NULL, 0, NULL, 0, &len);
fail:
	return r;
}

/* INS with the two values old ‖ new, each padded; the new value's
 * refusal (6A80) is UIMKEY_ERR_PIN_POLICY. */
static int
two_values(uimkey_dev_t *dev, uint8_t ins, uint8_t ref, const char *a,
    const char *b, int *tries_left)
{
	uint8_t d[2 * UIMKEY_PIN_LEN];
	size_t len;
	uint16_t sw;
	int r;

	if (tries_left != NULL)
		*tries_left = -1;
	if (dev == NULL || pivc_pin_pad(a, d) != UIMKEY_OK ||
	    pivc_pin_pad(b, d + UIMKEY_PIN_LEN) != UIMKEY_OK) {
		r = UIMKEY_ERR_ARG;
		goto fail;
	}
	r = pivc_send(dev, ins, 0x00, ref, d, sizeof(d), NULL, 0, &len, &sw);
	if (r != UIMKEY_OK)
		goto fail;
	r = sw == UIMKEY_SW_WRONG_DATA ? UIMKEY_ERR_PIN_POLICY :
	    pivc_pin_err(sw, tries_left);
fail:
	explicit_bzero(d, sizeof(d));
	return r;
}

int
uimkey_piv_change_pin(uimkey_dev_t *dev, const char *old_pin,
    const char *new_pin, int *tries_left)
{
	return two_values(dev, UIMKEY_INS_CHANGE_REF, UIMKEY_REF_PIN, old_pin,
	    new_pin, tries_left);
}

int
uimkey_piv_change_puk(uimkey_dev_t *dev, const char *old_puk,
    const char *new_puk, int *tries_left)
{
	return two_values(dev, UIMKEY_INS_CHANGE_REF, UIMKEY_REF_PUK, old_puk,
	    new_puk, tries_left);
}

int
uimkey_piv_unblock_pin(uimkey_dev_t *dev, const char *puk,
    const char *new_pin, int *tries_left)
{
	return two_values(dev, UIMKEY_INS_RESET_RETRY, UIMKEY_REF_PIN, puk,
	    new_pin, tries_left);
}
