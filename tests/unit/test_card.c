/* SPDX-License-Identifier: BSD-2-Clause */
/* The card core in process: ATR, SELECT, GET VERSION/SERIAL, status
 * words for bad commands, 61xx chaining, store formatting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/card_fixture.h"
#include "tests/support/test_device.h"

#define APT "61 25 4F 06 00 00 10 00 01 00 79 07 4F 05 A0 00 00 03 08 " \
            "50 0A 75 69 6D 6B 65 79 20 50 49 56 AC 06 80 01 27 06 01 00"

static void
test_select(void)
{
	check(xchg("00 A4 04 00 0B A0 00 00 03 08 00 00 10 00 01 00 00",
	    APT " 90 00"), "SELECT full AID returns the property template");
	check(xchg("00 A4 04 00 05 A0 00 00 03 08", APT " 90 00"),
	    "SELECT 5-byte RID (no Le) works");
	check(xchg("00 A4 04 00 09 A0 00 00 03 08 00 00 10 00 00",
	    APT " 90 00"), "SELECT 9-byte prefix as OpenSC sends it");
	check(xchg("00 A4 04 00 05 A0 00 00 03 09", "6A 82"),
	    "SELECT of another AID is 6A82");
	check(xchg("00 FD 00 00", "05 04 00 90 00"),
	    "a failed SELECT leaves PIV selected (ISO 7816-4)");
	check(xchg("00 A4 04 00 04 A0 00 00 03", "6A 82"),
	    "SELECT shorter than the RID is 6A82");
	check(xchg("00 A4 04 00 0C A0 00 00 03 08 00 00 10 00 01 00 00",
	    "6A 82"), "SELECT longer than the AID is 6A82");
	check(xchg("00 A4 00 00 02 3F 00", "6A 86"),
	    "SELECT by file id is 6A86");
	check(xchg("00 A4 04 00", "67 00"), "SELECT without data is 6700");
	check(xchg("00 A4 04 00 05 A0 00 00 03 08 00", APT " 90 00"),
	    "SELECT again restores the application");
}

static void
test_chaining(void)
{
	check(xchg("00 A4 04 00 05 A0 00 00 03 08 05", "61 25 4F 06 00 61 22"),
	    "Le=05 gives 5 bytes and 61 1A");
	check(xchg("00 C0 00 00 08", "00 10 00 01 00 79 07 4F 61 1A"),
	    "GET RESPONSE gives the next part");
	check(xchg("00 C0 00 00 00",
	    "05 A0 00 00 03 08 50 0A 75 69 6D 6B 65 79 20 50 49 56 AC 06 80 01 27 06 01 00 90 00"),
	    "GET RESPONSE Le=00 gives the rest");
	check(xchg("00 C0 00 00 00", "69 85"),
	    "GET RESPONSE with nothing pending is 6985");
	check(xchg("00 A4 04 00 05 A0 00 00 03 08 05", "61 25 4F 06 00 61 22") &&
	    xchg("00 FD 00 00", "05 04 00 90 00") &&
	    xchg("00 C0 00 00 00", "69 85"),
	    "another command drops a pending answer");
	check(xchg("00 A4 04 00 05 A0 00 00 03 08 01", "61 61 26") &&
	    xchg("00 C0 01 00 00", "6A 86"),
	    "GET RESPONSE with P1 set is 6A86");
}

static void
test_command_chaining(void)
{
	char part[2 * 255 * 3 + 32];
	int i, ok = 1;

	check(xchg("10 A4 04 00 03 A0 00 00", "90 00"),
	    "a chained part is kept and answered 9000");
	check(xchg("00 A4 04 00 02 03 08", APT " 90 00"),
	    "the last part runs the command on all the data");
	check(xchg("10 A4 04 00 03 A0 00 00", "90 00") &&
	    xchg("00 FD 00 00", "05 04 00 90 00") &&
	    xchg("00 A4 04 00 02 03 08", "6A 82"),
	    "another command abandons the chain");
	check(xchg("10 A4 04 00 03 A0 00 00", "90 00") &&
	    xchg("10 A4 04 00 02 03 08", "90 00") &&
	    xchg("00 A4 04 00 00", APT " 90 00"),
	    "a final part without data runs the command on the parts kept");
	memcpy(part, "10 DB 3F FF FF", 14);
	for (i = 0; i < 255; i++)
		memcpy(part + 14 + 3 * i, " 00", 3);
	part[14 + 3 * 255] = '\0';
	for (i = 0; i < 12; i++)
		ok &= xchg(part, "90 00");
	check(ok, "12 parts of 255 bytes are kept");
	check(xchg(part, "67 00"), "a chain longer than the card takes is 6700");
	check(xchg("10 A4 04 00 03 A0 00 00", "90 00") &&
	    xchg("00 A4 04 00 02 03 08", APT " 90 00"),
	    "and was dropped: the next chain starts afresh");
	check(xchg("10 C0 00 00 00", "68 84"), "GET RESPONSE cannot be chained");
	check(xchg("00 FD 00 00", "05 04 00 90 00"), "card still answers");
}

static void
test_yubico(void)
{
	static const uint8_t cmd[4] = { 0x00, 0xF8, 0x00, 0x00 };

	check(xchg("00 FD 00 00", "05 04 00 90 00"), "GET VERSION");
	check(xchg("00 FD 00 00 00", "05 04 00 90 00"), "GET VERSION with Le");
	check(xchg("00 FD 01 00", "6A 86"), "GET VERSION with P1 is 6A86");
	check(xchg("00 FD 00 00 01 00", "67 00"),
	    "GET VERSION with data is 6700");
	rsp_len = uimkey_card_process(&card, cmd, sizeof(cmd), rsp);
	check(rsp_len == 6 && last_sw() == UIMKEY_SW_OK &&
	    (uint32_t)(rsp[0] << 24 | rsp[1] << 16 | rsp[2] << 8 | rsp[3]) ==
	    uimkey_card_serial(&card), "GET SERIAL gives the 4-byte serial");
	check(uimkey_card_serial(&card) >= 10000000u &&
	    uimkey_card_serial(&card) <= 99999999u, "serial has 8 digits");
}

static void
test_challenge(void)
{
	uint8_t cmd[5] = { 0x00, 0x84, 0x00, 0x00, 0x20 }, first[32];
	size_t n;

	n = rsp_len = uimkey_card_process(&card, cmd, sizeof(cmd), rsp);
	check(n == 34 && last_sw() == 0x9000, "GET CHALLENGE gives Le bytes");
	memcpy(first, rsp, 32);
	n = uimkey_card_process(&card, cmd, sizeof(cmd), rsp);
	check(n == 34 && memcmp(first, rsp, 32) != 0,
	    "two challenges differ");
	cmd[4] = 0x00;
	n = rsp_len = uimkey_card_process(&card, cmd, sizeof(cmd), rsp);
	check(n == 258 && last_sw() == 0x9000, "Le 00 gives 256 bytes");
	check(xchg("00 84 00 00", "67 00"), "GET CHALLENGE without Le is 6700");
	check(xchg("00 84 00 00 00 01 01", "67 00"),
	    "GET CHALLENGE of more than 256 bytes is 6700");
	check(xchg("00 84 01 00 08", "6A 86"), "GET CHALLENGE with P1 is 6A86");
	check(xchg("00 84 00 00 01 00 08", "67 00"),
	    "GET CHALLENGE with data is 6700");
}

/* Malformed commands and the status words they get; the extended forms. */
static const struct xchg_case bad_apdus[] = {
	{ "unknown INS is 6D00",
	    "00 12 00 00", "6D 00" },
	{ "proprietary CLA is 6E00",
	    "80 FD 00 00", "6E 00" },
	{ "CLA FF is 6E00",
	    "FF FD 00 00", "6E 00" },
	{ "a logical channel not open is 6881",
	    "01 FD 00 00", "68 81" },
	{ "secure messaging without a session is 6988",
	    "0C FD 00 00", "69 88" },
	{ "3-byte APDU is 6700",
	    "00 FD 00", "67 00" },
	{ "empty APDU is 6700",
	    "", "67 00" },
	{ "Lc longer than the data is 6700",
	    "00 A4 04 00 06 A0 00 00 03 08", "67 00" },
	{ "Lc shorter than the data is 6700",
	    "00 A4 04 00 02 A0 00 00 03 08", "67 00" },
	{ "extended SELECT works",
	    "00 A4 04 00 00 00 05 A0 00 00 03 08 00 00", APT " 90 00" },
	{ "extended Lc of zero is 6700",
	    "00 A4 04 00 00 00 00", "67 00" },
	{ "extended Le on GET VERSION",
	    "00 FD 00 00 00 00 00", "05 04 00 90 00" },
};

static void
test_errors(void)
{
	CHECK_XCHGS(bad_apdus);
}

static void
test_power_and_atr(void)
{
	uint8_t atr[UIMKEY_CARD_ATR_MAX], tck = 0;
	size_t n = uimkey_card_atr(&card, atr), i;

	check(n == 13 && atr[0] == 0x3B && atr[1] == 0x86,
	    "ATR is direct convention with 6 historical bytes");
	check(!(atr[1] == 0x80 && atr[2] == 0x80 && atr[3] == 0x01) &&
	    atr[2] == 0x81, "ATR is not the contactless 3B 8x 80 01 form");
	check(memcmp(atr + 6, "uimkey", 6) == 0, "historical bytes say uimkey");
	for (i = 1; i < n; i++)
		tck ^= atr[i];
	check(tck == 0, "ATR check byte is right");

	uimkey_card_power_off(&card);
	check(xchg("00 FD 00 00", "6F 00"), "a card without power answers 6F00");
	uimkey_card_power_on(&card);
	check(xchg("00 FD 00 00", "05 04 00 90 00"),
	    "PIV is selected by default after power-on");
	uimkey_card_reset(&card);
	check(xchg("00 FD 00 00", "05 04 00 90 00"), "and after reset");
}

static void
test_store(void)
{
	uint32_t serial = uimkey_card_serial(&card);
	unsigned syncs = store.syncs;
	struct ram_memory *copy = malloc(sizeof(*copy));

	check(uimkey_card_init(&card, &store.vtable, &rng.vtable,
	    test_device_default()) ==
	    UIMKEY_CARD_OK && uimkey_card_serial(&card) == serial &&
	    store.syncs == syncs, "reopening keeps the serial, writes nothing");

	memcpy(copy, &store, sizeof(store));
	copy->mem[0] = 'X';
	check(uimkey_card_init(&card, &copy->vtable, &rng.vtable,
	    test_device_default()) ==
	    UIMKEY_CARD_ERR_CORRUPT, "our store with a damaged magic is "
	    "refused as damaged (its tag tells), not formatted");
	memcpy(copy->mem, "XTHR: another kind of store, no tag here", 40);
	check(uimkey_card_init(&card, &copy->vtable, &rng.vtable,
	    test_device_default()) ==
	    UIMKEY_CARD_ERR_FORMAT, "a foreign store is refused, not formatted");
	check(copy->mem[0] == 'X', "and left as it was");
	uimkey_card_power_on(&card);
	check(xchg("00 FD 00 00", "6F 00"), "a card that failed init is mute");

	ram_memory_blank(copy, 1);
	copy->fail_sync = 1;
	check(uimkey_card_init(&card, &copy->vtable, &rng.vtable,
	    test_device_default()) ==
	    UIMKEY_CARD_ERR_STORE, "a failing sync fails init");
	ram_memory_blank(copy, 1);
	copy->fail_read = 1;
	check(uimkey_card_init(&card, &copy->vtable, &rng.vtable,
	    test_device_default()) ==
	    UIMKEY_CARD_ERR_STORE, "a failing read fails init");
	ram_memory_blank(copy, 1);
	rng.fail = 1;
	check(uimkey_card_init(&card, &copy->vtable, &rng.vtable,
	    test_device_default()) ==
	    UIMKEY_CARD_ERR_RNG, "a failing random source fails init");
	rng.fail = 0;
	free(copy);
}

int
main(void)
{
	card_fresh(1);
	test_select();
	test_chaining();
	test_command_chaining();
	test_yubico();
	test_errors();
	test_challenge();
	test_power_and_atr();
	test_store();
	return check_done();
}
