/* SPDX-License-Identifier: BSD-2-Clause */
/* The PIN policy: length, digits only, nothing trivial. */
#include "auth_policy.h"
#include "codec/bytes.h"
#include "card/wire.h"

size_t
uk_pin_value_len(const uint8_t *v)
{
	size_t n = 0, i;

	while (n < UIMKEY_PIN_LEN && v[n] != UIMKEY_PIN_PAD)
		n++;
	for (i = n; i < UIMKEY_PIN_LEN; i++)
		if (v[i] != UIMKEY_PIN_PAD)
			return 0;
	return n >= UIMKEY_PIN_MIN ? n : 0;
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
	    uimkey_pin_trivial(v, len))
		return UIMKEY_SW_WRONG_DATA;
	return UIMKEY_SW_OK;
}

uint16_t
uk_policy_check_puk(const uint8_t *v)
{
	return uk_pin_value_len(v) != 0 ? UIMKEY_SW_OK :
	    UIMKEY_SW_WRONG_DATA;
}
