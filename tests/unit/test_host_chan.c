/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libuimkey's logical channel, over the fake transport and the channel
 * layer of chan_emul.h: the channel opened at open and the class byte of
 * every APDU for channels 1-3 and 4-19; the fall back to channel 0 (a
 * refused MANAGE CHANNEL, a card that is not a uimkey,
 * uimkey_dev_force_basic()); extended APDUs on a channel, chaining on
 * channel 0; the channel closed at close.
 */
#define _DEFAULT_SOURCE
#include "tests/unit/chan_emul.h"

static const uint8_t mgmt[24] = { 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4,
	5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8 };

static void
test_channel_cla(unsigned ch)
{
	uimkey_ctx_t *ctx;
	uimkey_dev_t *dev;
	uint8_t rsp[16], chain[] = { 0x10, UIMKEY_INS_GET_VERSION, 0, 0 };
	unsigned begins, i, ok = 1;
	size_t len;
	uint16_t sw;

	setup(1);
	k->give = (uint8_t)ch;
	checkf(open_dev(&ctx, &dev, 0) == UIMKEY_OK &&
	    uimkey_dev_channel(dev) == (int)ch && uimkey_dev_uses_ext_apdu(dev),
	    "channel %u: the device works on the channel the card gave", ch);
	checkf(k->nlog > 1 && k->log[0].cla == 0x00 &&
	    k->log[0].ins == INS_MANAGE_CHANNEL && k->log[0].p1 == 0x00 &&
	    k->log[0].p2 == 0x00 && k->log[0].in_tx,
	    "channel %u: MANAGE CHANNEL open first, on channel 0, in the "
	    "open's transaction", ch);
	for (i = 1; i < k->nlog; i++)
		ok &= k->log[i].cla == cla_for(0x00, ch);
	checkf(ok && k->log[1].ins == UIMKEY_INS_SELECT,
	    "channel %u: SELECT and the rest of the open carry class %02X",
	    ch, cla_for(0x00, ch));
	k->nlog = 0;
	begins = k->fc.io.begins;
	checkf(uimkey_dev_transmit(dev, chain, sizeof(chain), rsp, sizeof(rsp),
	    &len, &sw) == UIMKEY_OK && uimkey_dev_transmit(dev, get_version,
	    sizeof(get_version), rsp, sizeof(rsp), &len, &sw) == UIMKEY_OK &&
	    sw == UIMKEY_SW_OK && len == 3 && k->nlog == 2 &&
	    k->log[0].cla == cla_for(0x10, ch) &&
	    k->log[1].cla == cla_for(0x00, ch),
	    "channel %u: class 10 goes as %02X (chaining kept), 00 as %02X",
	    ch, cla_for(0x10, ch), cla_for(0x00, ch));
	checkf(k->fc.io.begins == begins && !k->log[1].in_tx,
	    "channel %u: one exchange, no PC/SC transaction", ch);
	k->nlog = 0;
	uimkey_dev_close(dev);
	checkf(k->nlog == 1 && k->log[0].ins == INS_MANAGE_CHANNEL &&
	    k->log[0].p1 == 0x80 && k->log[0].p2 == 0x00 &&
	    k->log[0].cla == cla_for(0x00, ch) && !(k->open >> ch & 1),
	    "channel %u: close sends MANAGE CHANNEL close on the channel", ch);
	close_dev(&ctx, &dev);
}

/* Channel 0 and the transaction around every exchange, as before. */
static void
check_basic(uimkey_dev_t *dev, const char *why)
{
	uint8_t rsp[16];
	unsigned begins = k->fc.io.begins;
	size_t len;
	uint16_t sw;

	checkf(uimkey_dev_channel(dev) == 0 && !uimkey_dev_uses_ext_apdu(dev),
	    "%s: channel 0, short APDUs", why);
	k->nlog = 0;
	checkf(uimkey_dev_transmit(dev, get_version, sizeof(get_version), rsp,
	    sizeof(rsp), &len, &sw) == UIMKEY_OK && sw == UIMKEY_SW_OK &&
	    k->nlog == 1 && k->log[0].cla == 0x00 && k->log[0].in_tx &&
	    k->fc.io.begins == begins + 1,
	    "%s: class 00, inside a transaction", why);
	k->nlog = 0;
	uimkey_dev_close(dev);
	checkf(count_ins(INS_MANAGE_CHANNEL, -1) == 0,
	    "%s: close sends no MANAGE CHANNEL", why);
}

static void
test_fallback(void)
{
	static const uint16_t refusals[] = { 0x6E00, 0x6881, 0x6A81, 0x6985 };
	uimkey_ctx_t *ctx;
	uimkey_dev_t *dev;
	char why[64];
	size_t i;

	setup(1);
	k->refuse = 0x6D00;
	check(open_dev(&ctx, &dev, 0) == UIMKEY_OK && uimkey_dev_is_uimkey(dev) &&
	    k->log[0].ins == INS_MANAGE_CHANNEL &&
	    k->log[1].ins == UIMKEY_INS_SELECT && k->log[1].cla == 0x00,
	    "a card answering MANAGE CHANNEL with 6D00 is opened on channel 0");
	check_basic(dev, "6D00");
	close_dev(&ctx, &dev);
	for (i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		setup(1);
		k->refuse = refusals[i];
		snprintf(why, sizeof(why), "MANAGE CHANNEL refused (%04X)",
		    refusals[i]);
		checkf(open_dev(&ctx, &dev, 0) == UIMKEY_OK, "%s: opened", why);
		check_basic(dev, why);
		close_dev(&ctx, &dev);
	}
	setup(1);
	k->give = 6;
	k->not_uimkey = 1;
	check(open_dev(&ctx, &dev, 0) == UIMKEY_OK && !uimkey_dev_is_uimkey(dev) &&
	    count_ins(INS_MANAGE_CHANNEL, 0x80) == 1 && !(k->open >> 6 & 1),
	    "a PIV card with channels that is not a uimkey: the channel is "
	    "closed again");
	check_basic(dev, "not a uimkey");
	close_dev(&ctx, &dev);
}

static void
test_force_basic(void)
{
	static const uint8_t on_one[] = { 0x01, UIMKEY_INS_GET_VERSION, 0, 0 };
	uimkey_ctx_t *ctx;
	uimkey_dev_t *dev;
	uint8_t rsp[16];
	size_t len;
	uint16_t sw;

	setup(1);
	check(open_dev(&ctx, &dev, 1) == UIMKEY_OK &&
	    count_ins(INS_MANAGE_CHANNEL, -1) == 0 &&
	    uimkey_dev_channel(dev) == 0,
	    "uimkey_dev_force_basic: no MANAGE CHANNEL, channel 0");
	check(uimkey_dev_force_basic(dev) == UIMKEY_ERR_ARG &&
	    uimkey_dev_force_basic(NULL) == UIMKEY_ERR_ARG,
	    "uimkey_dev_force_basic refused on an open device and on NULL");
	k->nlog = 0;
	check(uimkey_dev_transmit(dev, on_one, sizeof(on_one), rsp, sizeof(rsp),
	    &len, &sw) == UIMKEY_OK && sw == UIMKEY_SW_CHANNEL_UNSUPP &&
	    k->nlog == 1 && k->log[0].cla == 0x01,
	    "the bytes go as given (class 01), and 6881 is the answer");
	close_dev(&ctx, &dev);
}

/* A 3072-byte object written and read back: the APDUs it took. */
static void
object_round_trip(uimkey_dev_t *dev, const char *why, int ext)
{
	static uint8_t obj[UIMKEY_PIV_OBJ_MAX], back[UIMKEY_PIV_OBJ_MAX];
	struct fake_wire *w = &k->fc.io.wire;
	unsigned apdus, chained, extended, begins;
	size_t n;

	memset(obj, 0x5A, sizeof(obj));
	checkf(uimkey_piv_auth_mgmt(dev, 0, mgmt, sizeof(mgmt)) == UIMKEY_OK,
	    "%s: management key proven", why);
	apdus = w->apdus;
	chained = w->chained;
	extended = w->extended;
	begins = k->fc.io.begins;
	checkf(uimkey_piv_put_data(dev, UIMKEY_PIV_OBJ_ADMIN, obj,
	    sizeof(obj)) == UIMKEY_OK && uimkey_piv_get_data(dev,
	    UIMKEY_PIV_OBJ_ADMIN, back, sizeof(back), &n) == UIMKEY_OK &&
	    n == sizeof(obj) && memcmp(obj, back, n) == 0,
	    "%s: a 3072-byte object written and read back", why);
	if (ext)
		checkf(w->apdus - apdus == 2 && w->chained == chained &&
		    w->extended - extended == 2 && k->fc.io.begins == begins,
		    "%s: one extended APDU each way, no chaining, no GET "
		    "RESPONSE, no transaction (%u APDUs)", why, w->apdus - apdus);
	else
		checkf(w->chained - chained == 12 && w->extended == extended &&
		    w->apdus - apdus > 14,
		    "%s: chained short APDUs, GET RESPONSE (%u APDUs)", why,
		    w->apdus - apdus);
}

static void
test_extended(void)
{
	uimkey_ctx_t *ctx;
	uimkey_dev_t *dev;

	setup(1);
	check(open_dev(&ctx, &dev, 0) == UIMKEY_OK, "open on a channel");
	object_round_trip(dev, "a uimkey's channel", 1);
	close_dev(&ctx, &dev);
	setup(1);
	k->refuse = 0x6D00;
	check(open_dev(&ctx, &dev, 0) == UIMKEY_OK, "open on channel 0");
	object_round_trip(dev, "channel 0 (6D00)", 0);
	close_dev(&ctx, &dev);
	setup(1);
	k->not_uimkey = 1;
	check(open_dev(&ctx, &dev, 0) == UIMKEY_OK, "open of another card");
	object_round_trip(dev, "not a uimkey", 0);
	close_dev(&ctx, &dev);
}

int
main(void)
{
	unsigned chans[] = { 1, 2, 3, 4, 5, 19 };
	size_t i;

	if (chan_emul_start() != 0)
		return 1;
	for (i = 0; i < sizeof(chans) / sizeof(chans[0]); i++)
		test_channel_cla(chans[i]);
	test_fallback();
	test_force_basic();
	test_extended();
	free(k);
	return check_done();
}
