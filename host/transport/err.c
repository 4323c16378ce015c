/* SPDX-License-Identifier: BSD-2-Clause */
#include <stddef.h>

#include "card/wire.h"
#include "host/uimkey_err.h"

struct err_name {
	int err;
	const char *name;
};

static const struct err_name err_names[] = {
	{ UIMKEY_OK,                  "success" },
	{ UIMKEY_ERR_ARG,             "invalid argument" },
	{ UIMKEY_ERR_INTERNAL,        "internal error" },
	{ UIMKEY_ERR_NOMEM,           "out of memory" },
	{ UIMKEY_ERR_PCSC,            "PC/SC error (is pcscd running?)" },
	{ UIMKEY_ERR_NO_READER,       "no such reader" },
	{ UIMKEY_ERR_NO_CARD,         "no card in the reader" },
	{ UIMKEY_ERR_CARD_REMOVED,    "the card was removed" },
	{ UIMKEY_ERR_CARD_RESET,      "the card was reset by another program" },
	{ UIMKEY_ERR_SHARING,         "another program holds the card" },
	{ UIMKEY_ERR_TX,              "transmission to the card failed" },
	{ UIMKEY_ERR_TIMEOUT,         "timed out" },
	{ UIMKEY_ERR_CANCELLED,       "cancelled" },
	{ UIMKEY_ERR_NOT_PIV,         "the card has no PIV application" },
	{ UIMKEY_ERR_NOT_OPEN,        "not open" },
	{ UIMKEY_ERR_RSP_TOO_LONG,    "the card's answer is too long" },
	{ UIMKEY_ERR_BAD_RSP,         "the card's answer is malformed" },
	{ UIMKEY_ERR_UNSUPPORTED,     "not supported" },
	{ UIMKEY_ERR_PIN_MUST_CHANGE, "the PIN must be changed before use" },
	{ UIMKEY_ERR_PIN_POLICY,      "the new PIN or PUK is refused by the card's policy" },
	{ UIMKEY_ERR_SW_WRONG_LENGTH, "card: wrong length (6700)" },
	{ UIMKEY_ERR_SW_SECURITY,     "card: security status not satisfied (6982)" },
	{ UIMKEY_ERR_SW_BLOCKED,      "card: authentication method blocked (6983)" },
	{ UIMKEY_ERR_SW_CONDITIONS,   "card: conditions of use not satisfied (6985)" },
	{ UIMKEY_ERR_SW_DATA,         "card: incorrect data (6A80)" },
	{ UIMKEY_ERR_SW_NOT_FOUND,    "card: not found (6A82)" },
	{ UIMKEY_ERR_SW_NO_SPACE,     "card: not enough memory (6A84)" },
	{ UIMKEY_ERR_SW_P1P2,         "card: incorrect parameters P1-P2 (6A86)" },
	{ UIMKEY_ERR_SW_INS,          "card: instruction not supported (6D00)" },
	{ UIMKEY_ERR_SW_CLA,          "card: class not supported (6E00)" },
	{ UIMKEY_ERR_SW_MEMORY,       "card: memory failure (6581)" },
	{ UIMKEY_ERR_SW_WRONG_PIN,    "card: wrong PIN (63Cx)" },
	{ UIMKEY_ERR_SW_OTHER,        "card: unexpected status word" },
	{ UIMKEY_ERR_SW_NO_REF,       "card: referenced data not found (6A88)" },
	{ UIMKEY_ERR_SW_LOCKED,       "card: locked by its issuer (6283)" },
	{ UIMKEY_ERR_LOCK_NO_ISSUER,  "lock token refused: the card has no issuer key" },
	{ UIMKEY_ERR_LOCK_ISSUER_SET, "the card has an issuer key already" },
	{ UIMKEY_ERR_LOCK_OTHER_CARD, "lock token refused: it is for another card" },
	{ UIMKEY_ERR_LOCK_BAD_SIG,    "lock token refused: not signed by the card's issuer" },
	{ UIMKEY_ERR_LOCK_STALE,      "lock token refused: its counter is not above the last one applied (replayed or superseded)" },
	{ UIMKEY_ERR_LOCK_DEFAULT_MGMT, "the card binds an issuer key only once its management key is no longer the factory one" },
	{ UIMKEY_ERR_SM, "the card's secure messaging failed a check (its certificate, its key or a protected answer): another program may be answering in its place" },
};

const char *
uimkey_strerr(int err)
{
	size_t i;

	for (i = 0; i < sizeof(err_names) / sizeof(err_names[0]); i++)
		if (err_names[i].err == err)
			return err_names[i].name;
	return "unknown error";
}

int
uimkey_sw_err(uint16_t sw)
{
	if ((sw & 0xFFF0) == 0x63C0)
		return UIMKEY_ERR_SW_WRONG_PIN;
	switch (sw) {
	case UIMKEY_SW_OK:              return UIMKEY_OK;
	case UIMKEY_SW_WRONG_LENGTH:    return UIMKEY_ERR_SW_WRONG_LENGTH;
	case UIMKEY_SW_SECURITY:        return UIMKEY_ERR_SW_SECURITY;
	case UIMKEY_SW_AUTH_BLOCKED:    return UIMKEY_ERR_SW_BLOCKED;
	case UIMKEY_SW_CONDITIONS:      return UIMKEY_ERR_SW_CONDITIONS;
	case UIMKEY_SW_WRONG_DATA:      return UIMKEY_ERR_SW_DATA;
	case UIMKEY_SW_NOT_FOUND:       return UIMKEY_ERR_SW_NOT_FOUND;
	case UIMKEY_SW_REF_NOT_FOUND:   return UIMKEY_ERR_SW_NO_REF;
	case UIMKEY_SW_NO_SPACE:        return UIMKEY_ERR_SW_NO_SPACE;
	case UIMKEY_SW_WRONG_P1P2:
	case UIMKEY_SW_WRONG_P1P2_OLD:  return UIMKEY_ERR_SW_P1P2;
	case UIMKEY_SW_INS_UNSUPP:      return UIMKEY_ERR_SW_INS;
	case UIMKEY_SW_CLA_UNSUPP:      return UIMKEY_ERR_SW_CLA;
	case UIMKEY_SW_MEMORY_FAILURE:  return UIMKEY_ERR_SW_MEMORY;
	case UIMKEY_SW_LOCKED:          return UIMKEY_ERR_SW_LOCKED;
	default:                        return UIMKEY_ERR_SW_OTHER;
	}
}
