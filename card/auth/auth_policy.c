/* SPDX-License-Identifier: BSD-2-Clause */
/* The PIN policy: length, digits only, nothing trivial. */
#include "auth_policy.h"
#include "codec/bytes.h"
#include "card/wire.h"

size_t
uk_pin_value_len(const uint8_t *v)
{
	size_t n = 0, i;

	while (n < UK_PIN_LEN && v[n] != UK_PIN_PAD)
		n++;
	for (i = n; i < UK_PIN_LEN; i++)
		if (v[i] != UK_PIN_PAD)
			return 0;
	return n >= UK_PIN_MIN_LEN ? n : 0;
}

/* Every step between neighbours is the same step (0: repeated, +1:
 * ascending, -1: descending). */
static int
constant_step(const uint8_t *v, size_t len, int step)
{
	size_t i;

	for (i = 1; i < len; i++)
		if ((int)v[i] - (int)v[i - 1] != step)
			return 0;
	return 1;
}

int
uk_policy_trivial(const uint8_t *v, size_t len)
{
	uint8_t padded[UK_PIN_LEN];
	size_t i;
	int known;

	for (i = 0; i < UK_PIN_LEN; i++)
		padded[i] = i < len ? v[i] : UK_PIN_PAD;
	known = uk_ct_equal(padded, uk_cred_default_pin,
	    UK_PIN_LEN) | uk_ct_equal(padded, uk_cred_default_puk,
	    UK_PIN_LEN);
	uk_wipe(padded, sizeof(padded));
	return known || constant_step(v, len, 0) || constant_step(v, len, 1) ||
	    constant_step(v, len, -1);
}

static int
all_digits(const uint8_t *v, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (v[i] < '0' || v[i] > '9')
			return 0;
	return 1;
}

uint16_t
uk_policy_check_pin(const uk_cred *cred, const uint8_t *v)
{
	size_t len = uk_pin_value_len(v);

	if (len == 0 || len < cred->pin_min)
		return UIMKEY_SW_WRONG_DATA;
	if ((cred->policy & UK_POLICY_DIGITS) && !all_digits(v, len))
		return UIMKEY_SW_WRONG_DATA;
	if ((cred->policy & UK_POLICY_NO_TRIVIAL) &&
	    uk_policy_trivial(v, len))
		return UIMKEY_SW_WRONG_DATA;
	return UIMKEY_SW_OK;
}

uint16_t
uk_policy_check_puk(const uint8_t *v)
{
	return uk_pin_value_len(v) != 0 ? UIMKEY_SW_OK :
	    UIMKEY_SW_WRONG_DATA;
}
