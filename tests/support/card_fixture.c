/* SPDX-License-Identifier: BSD-2-Clause */
/* Commands to a card core in process (card_fixture.h). */
#include <string.h>

#include "card/wire.h"
#include "tests/support/card_fixture.h"
#include "tests/support/test_device.h"

int
tc_start(uimkey_card *card, struct ram_memory *m, struct test_rng *rng,
    uint8_t seed)
{
	int r;

	test_rng_init(rng, seed);
	r = uimkey_card_init(card, &m->vtable, &rng->vtable,
	    test_device_default());
	if (r == UIMKEY_CARD_OK)
		uimkey_card_power_on(card);
	return r;
}

uint16_t
tc_process(uimkey_card *card, const uint8_t *cmd, size_t len, uint8_t *rsp,
    size_t *rsp_len, uint8_t *ans, size_t cap, size_t *ans_len)
{
	size_t n = uimkey_card_process(card, cmd, len, rsp);

	*rsp_len = n;
	if (ans != NULL && *ans_len + n - 2 <= cap) {
		memcpy(ans + *ans_len, rsp, n - 2);
		*ans_len += n - 2;
	}
	return (uint16_t)(rsp[n - 2] << 8 | rsp[n - 1]);
}

uint8_t
tc_on_channel(uint8_t cla, unsigned ch)
{
	uint8_t chain = cla & UIMKEY_CLA_CHAIN;

	if (ch <= UIMKEY_CLA_FIRST_MAX)
		return (uint8_t)(chain | ch);
	return (uint8_t)(UIMKEY_CLA_FURTHER | chain |
	    (ch - UIMKEY_CLA_FIRST_MAX - 1));
}

unsigned
tc_channel_of(uint8_t cla)
{
	if ((cla & 0xE0) == 0)
		return cla & 0x03;
	if ((cla & 0xC0) == UIMKEY_CLA_FURTHER)
		return UIMKEY_CLA_FIRST_MAX + 1 + (cla & 0x0F);
	return 0;
}

uint16_t
tc_process_all(uimkey_card *card, const uint8_t *cmd, size_t len,
    uint8_t *rsp, size_t *rsp_len, uint8_t *ans, size_t cap,
    size_t *ans_len)
{
	uint8_t gr[5] = { 0x00, UIMKEY_INS_GET_RESPONSE, 0x00, 0x00, 0x00 };
	uint16_t sw;

	if (len > 0)
		gr[0] = tc_on_channel(UIMKEY_CLA_ISO, tc_channel_of(cmd[0]));
	sw = tc_process(card, cmd, len, rsp, rsp_len, ans, cap, ans_len);
	while ((sw & 0xFF00) == UIMKEY_SW_BYTES_LEFT)
		sw = tc_process(card, gr, sizeof(gr), rsp, rsp_len, ans, cap,
		    ans_len);
	return sw;
}

size_t
tc_ext_apdu(uint8_t *cmd, uint8_t ins, uint8_t p1, uint8_t p2,
    const uint8_t *data, size_t len)
{
	size_t n = 0;

	cmd[n++] = 0x00;
	cmd[n++] = ins;
	cmd[n++] = p1;
	cmd[n++] = p2;
	cmd[n++] = 0x00;
	if (len > 0) {
		cmd[n++] = (uint8_t)(len >> 8);
		cmd[n++] = (uint8_t)len;
		memcpy(cmd + n, data, len);
		n += len;
	}
	cmd[n++] = 0x00;
	cmd[n++] = 0x00;
	return n;
}
