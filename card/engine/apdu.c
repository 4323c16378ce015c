/* SPDX-License-Identifier: BSD-2-Clause */
#include "uk/apdu.h"
#include "card/wire.h"

/*
 * Cases (ISO 7816-4 5.1): after the 4-byte header come nothing (case 1),
 * Le (case 2), Lc+data (case 3) or Lc+data+Le (case 4); a leading 00 byte
 * where a length would start announces extended lengths.
 */
uint16_t
uk_apdu_parse(uk_apdu *apdu, const uint8_t *buf, size_t len)
{
	const uint8_t *b = buf + 4;
	size_t n;

	if (len < 4)
		return UIMKEY_SW_WRONG_LENGTH;
	apdu->cla = buf[0];
	apdu->ins = buf[1];
	apdu->p1 = buf[2];
	apdu->p2 = buf[3];
	/* Never NULL, so that data + lc is defined for lc 0 too. */
	apdu->data = b;
	apdu->lc = 0;
	apdu->ne = 0;
	apdu->has_le = 0;
	apdu->extended = 0;
	n = len - 4;

	if (n == 0)
		return UIMKEY_SW_OK;
	if (n == 1) {                           /* case 2 short */
		apdu->has_le = 1;
		apdu->ne = b[0] ? b[0] : UK_APDU_NE_SHORT_MAX;
		return UIMKEY_SW_OK;
	}
	if (b[0] != 0) {                        /* short Lc */
		size_t lc = b[0];
		if (n == 1 + lc) {              /* case 3 short */
			apdu->data = b + 1;
			apdu->lc = lc;
			return UIMKEY_SW_OK;
		}
		if (n == 2 + lc) {              /* case 4 short */
			apdu->data = b + 1;
			apdu->lc = lc;
			apdu->has_le = 1;
			apdu->ne = b[1 + lc] ? b[1 + lc] :
			    UK_APDU_NE_SHORT_MAX;
			return UIMKEY_SW_OK;
		}
		return UIMKEY_SW_WRONG_LENGTH;
	}
	/* b[0] == 0: extended length */
	apdu->extended = 1;
	if (n == 3) {                           /* case 2 extended */
		size_t le = ((size_t)b[1] << 8) | b[2];
		apdu->has_le = 1;
		apdu->ne = le ? le : UK_APDU_NE_EXT_MAX;
		return UIMKEY_SW_OK;
	}
	if (n > 3) {
		size_t lc = ((size_t)b[1] << 8) | b[2];
		if (lc == 0)
			return UIMKEY_SW_WRONG_LENGTH;
		if (n == 3 + lc) {              /* case 3 extended */
			apdu->data = b + 3;
			apdu->lc = lc;
			return UIMKEY_SW_OK;
		}
		if (n == 5 + lc) {              /* case 4 extended */
			size_t le = ((size_t)b[3 + lc] << 8) | b[4 + lc];
			apdu->data = b + 3;
			apdu->lc = lc;
			apdu->has_le = 1;
			apdu->ne = le ? le : UK_APDU_NE_EXT_MAX;
			return UIMKEY_SW_OK;
		}
	}
	return UIMKEY_SW_WRONG_LENGTH;
}
