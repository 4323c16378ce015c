/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Card administration: RESET (Yubico FB), SET PIN RETRIES (Yubico FA)
 * and uimkey's SET PIN POLICY (INS 55), which also sets the PIN-guess
 * cost of new wraps (tag 03).
 */
#include <string.h>

#include "card/wire.h"
#include "piv_priv.h"

#define POLICY_MIN_LEN   0x01
#define POLICY_RULES     0x02
#define POLICY_KDF_ITER  0x03
#define POLICY_RULES_ALL (UIMKEY_PIV_PIN_RULE_DIGITS | \
                          UIMKEY_PIV_PIN_RULE_NO_TRIVIAL | \
                          UIMKEY_PIV_PIN_RULE_CHANGE_FIRST)

int
uimkey_piv_reset(uimkey_dev_t *dev)
{
	size_t len;
	int r = UIMKEY_ERR_ARG;

	if (dev == NULL)
		goto fail;
	r = pivc_cmd(dev, UIMKEY_INS_RESET, 0x00, 0x00, NULL, 0, NULL, 0,
	    &len);
fail:
	return r;
}

int
uimkey_piv_set_retries(uimkey_dev_t *dev, uint8_t pin_tries,
    uint8_t puk_tries)
{
	size_t len;
	int r = UIMKEY_ERR_ARG;

	if (dev == NULL || pin_tries < 1 || pin_tries > UIMKEY_TRIES_MAX ||
	    puk_tries < 1 || puk_tries > UIMKEY_TRIES_MAX)
		goto fail;
	r = pivc_cmd(dev, UIMKEY_INS_SET_RETRIES, pin_tries, puk_tries, NULL,
	    0, NULL, 0, &len);
fail:
	return r;
}

int
uimkey_piv_set_pin_policy(uimkey_dev_t *dev, uint8_t min_len, int rules)
{
	uint8_t d[6];
	size_t n = 0, len;
	int r = UIMKEY_ERR_ARG;

	if (dev == NULL || (min_len != 0 && (min_len < UIMKEY_PIN_MIN ||
	    min_len > UIMKEY_PIN_LEN)) || rules < -1 ||
	    (rules > 0 && (rules & ~POLICY_RULES_ALL) != 0) ||
	    (min_len == 0 && rules == -1))
		goto fail;
	if (min_len != 0) {
		d[n++] = POLICY_MIN_LEN;
		d[n++] = 0x01;
		d[n++] = min_len;
	}
	if (rules != -1) {
		d[n++] = POLICY_RULES;
		d[n++] = 0x01;
		d[n++] = (uint8_t)rules;
	}
	r = pivc_cmd(dev, UIMKEY_INS_SET_PIN_POLICY, 0x00, 0x00, d, n, NULL, 0,
	    &len);
fail:
	return r;
}

int
uimkey_piv_set_kdf_iterations(uimkey_dev_t *dev, uint32_t iterations)
{
	uint8_t d[6] = { POLICY_KDF_ITER, 0x04 };
	size_t len;
	int r = UIMKEY_ERR_ARG;

	if (dev == NULL || iterations == 0 ||
	    iterations > UIMKEY_PIV_KDF_ITERATIONS_MAX)
		goto fail;
	d[2] = (uint8_t)(iterations >> 24);
	d[3] = (uint8_t)(iterations >> 16);
	d[4] = (uint8_t)(iterations >> 8);
	d[5] = (uint8_t)iterations;
	r = pivc_cmd(dev, UIMKEY_INS_SET_PIN_POLICY, 0x00, 0x00, d, sizeof(d),
	    NULL, 0, &len);
fail:
	return r;
}
