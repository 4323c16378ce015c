/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Logical channels (docs/apdu.md, "Logical channels"): MANAGE CHANNEL,
 * the class bytes of channels 0-19, 6881 on a channel not open, the
 * least recently used channel taken back when all are open, and the
 * hold buffer the channels share (one chain or one answer's rest; its
 * loser gets 6985).  test_channels_auth.c has the per-channel security
 * state.
 */
#include "tests/unit/key_helpers.h"

#define APT "61 25 4F 06 00 00 10 00 01 00 79 07 4F 05 A0 00 00 03 08 " \
            "50 0A 75 69 6D 6B 65 79 20 50 49 56 AC 06 80 01 27 06 01 00"
#define APT_REST "00 10 00 01 00 79 07 4F 05 A0 00 00 03 08 50 0A " \
            "75 69 6D 6B 65 79 20 50 49 56 AC 06 80 01 27 06 01 00 90 00"
#define VERSION "05 04 00 90 00"

/* hex on channel ch (a CLA of 00 or 10 gets ch's class byte). */
static int
on(unsigned ch, const char *hex, const char *want)
{
	int ok;

	chan = ch;
	ok = xchg(hex, want);
	chan = 0;
	return ok;
}

/* MANAGE CHANNEL open (card's choice) from channel from: the number,
 * or -1. */
static int
open_from(unsigned from)
{
	static const uint8_t cmd[] = { 0x00, 0x70, 0x00, 0x00, 0x01 };

	chan = from;
	send_raw(cmd, sizeof(cmd));
	chan = 0;
	if (rsp_len != 3 || last_sw() != UIMKEY_SW_OK)
		return -1;
	return rsp[0];
}

/* 1 when channel ch answers GET VERSION. */
static int
alive(unsigned ch)
{
	return on(ch, "00 FD 00 00", VERSION);
}

/* After a power cycle: every channel but 0 closed. */
static void
restart(void)
{
	uimkey_card_reset(&card);
}

static void
test_manage(void)
{
	restart();
	check(on(0, "00 70 00 00 01", "01 90 00") &&
	    on(0, "00 70 00 00 01", "02 90 00") &&
	    on(0, "00 70 00 00", "03 90 00"),
	    "open: the lowest free number, Le 01 or none");
	check(alive(1) && alive(2) && alive(3) && on(0, "40 FD 00 00", "68 81"),
	    "the opened channels answer; channel 4 (CLA 40) is not open");
	check(on(0, "00 70 80 02", "90 00") && on(0, "02 FD 00 00", "68 81"),
	    "close 2 from channel 0: 2 answers 6881");
	check(open_from(1) == 2, "opened from channel 1: 2 again, the lowest");
	check(on(3, "00 70 80 00", "90 00") && on(0, "03 FD 00 00", "68 81"),
	    "close with P2 00: the channel the command came on");
	check(on(0, "00 70 80 00", "6A 86") && alive(0),
	    "the basic channel cannot be closed");
	check(on(0, "00 70 80 07", "6A 88"), "closing a closed channel: 6A88");
	check(on(0, "00 70 00 05", "90 00") && alive(5) &&
	    on(0, "00 70 00 05", "69 85"),
	    "open 5 by number: no data; again: 6985");
	check(on(0, "00 70 00 14", "6A 86") && on(0, "00 70 80 14", "6A 86") &&
	    on(0, "00 70 00 FF", "6A 86"), "a channel above 19: 6A86");
	check(on(0, "00 70 40 00", "6A 86") && on(0, "00 70 81 00", "6A 86"),
	    "another P1: 6A86");
	check(on(0, "00 70 00 00 01 00", "67 00") &&
	    on(0, "00 70 80 01 01 00 00", "67 00") && alive(1),
	    "MANAGE CHANNEL with data: 6700, nothing closed");
	check(on(0, "00 70 00 13", "90 00") && on(0, "4F FD 00 00", VERSION),
	    "channel 19 is CLA 4F");
	check(on(0, "00 70 00 04", "90 00") && on(0, "40 FD 00 00", VERSION) &&
	    on(0, "41 FD 00 00", VERSION) && on(0, "42 FD 00 00", "68 81"),
	    "channel 4 is CLA 40, 5 is 41 (open), 6 is 42 (not)");
	check(open_from(19) == 3, "MANAGE CHANNEL from channel 19");
}

static void
test_classes(void)
{
	restart();
	check(open_from(0) == 1 && on(0, "00 70 00 04", "90 00"),
	    "channels 1 and 4 open");
	check(on(0, "01 FD 00", "67 00") && on(0, "02 FD 00", "68 81"),
	    "a malformed APDU: 6700 on an open channel, 6881 on a closed");
	check(on(0, "0D FD 00 00", "69 88") && on(0, "60 FD 00 00", "69 88") &&
	    on(0, "0E FD 00 00", "68 81") && on(0, "62 FD 00 00", "68 81"),
	    "secure messaging without a session: 6988 on an open channel of "
	    "either class, 6881 on a closed one");
	check(on(0, "20 FD 00 00", "6E 00") && on(0, "81 FD 00 00", "6E 00") &&
	    on(0, "C0 FD 00 00", "6E 00"),
	    "classes that are not interindustry: 6E00");
	check(on(0, "11 A4 04 00 03 A0 00 00", "90 00") &&
	    on(0, "01 A4 04 00 02 03 08", APT " 90 00"),
	    "a chain on channel 1 (CLA 11, then 01)");
	check(on(0, "50 A4 04 00 03 A0 00 00", "90 00") &&
	    on(0, "50 A4 04 00 01 03", "90 00") &&
	    on(0, "40 A4 04 00 01 08", APT " 90 00"),
	    "a chain on channel 4: the chaining bit of the further class");
	check(on(0, "50 C0 00 00 00", "68 84"),
	    "GET RESPONSE with the further class's chaining bit: 6884");
	check(on(0, "00 A4 04 00 05 A0 00 00 03 08 05",
	    "61 25 4F 06 00 61 22") && on(0, "07 FD 00 00", "68 81") &&
	    on(0, "43 FD 00 00", "68 81") && on(0, "00 C0 00 00 00", APT_REST),
	    "a command on a closed channel changes nothing (channel 0's "
	    "answer still waits)");
}

static void
test_reclaim(void)
{
	unsigned i;
	int ok = 1;

	restart();
	for (i = 1; i < UK_CHANNELS; i++)
		ok &= open_from(0) == (int)i;
	check(ok, "19 channels open, 1 to 19 in order");
	check(on(0, "00 70 00 05", "69 85"),
	    "all open: a number asked for is not taken back");
	chan = 3;
	ok = verify_pin();
	chan = 0;
	check(ok && on(3, "00 20 00 80", "90 00") &&
	    on(3, "10 A4 04 00 03 A0 00 00", "90 00"),
	    "channel 3: the PIN verified, a chain begun");
	ok = 1;
	for (i = 0; i < UK_CHANNELS; i++)
		if (i != 3 && i != 6)
			ok &= alive(i);
	check(ok, "every channel but 3 and 6 used since");
	check(open_from(6) == 3, "open from 6, used least until this "
	    "command: 3, the least recently used of the others, taken");
	check(on(3, "00 20 00 80", "63 C3") && card.hold.kind == UK_HOLD_NONE &&
	    !card.ch[3].chain,
	    "channel 3 is new: nothing proven, its chain gone");
	check(alive(6) && alive(3), "6 is still open");
	check(open_from(0) == 1, "then the least recently used is 1");
}

static void
test_power(void)
{
	restart();
	check(open_from(0) == 1 && on(0, "00 70 00 09", "90 00") &&
	    alive(1) && alive(9), "channels 1 and 9 open");
	uimkey_card_reset(&card);
	check(on(0, "01 FD 00 00", "68 81") && on(0, "45 FD 00 00", "68 81") &&
	    alive(0), "a warm reset closes them; channel 0 answers");
	check(open_from(0) == 1 && on(0, "00 70 00 09", "90 00"),
	    "open again");
	uimkey_card_power_off(&card);
	uimkey_card_power_on(&card);
	check(on(0, "01 FD 00 00", "68 81") && on(0, "45 FD 00 00", "68 81") &&
	    on(0, "00 A4 04 00 05 A0 00 00 03 08", APT " 90 00"),
	    "power off and on too; channel 0 has PIV selected");
	check(open_from(0) == 1, "the first channel opened is 1 again");
}

static void
test_answers(void)
{
	restart();
	check(open_from(0) == 1 && open_from(0) == 2, "channels 1 and 2");
	check(on(1, "00 A4 04 00 05 A0 00 00 03 08 05", "61 25 4F 06 00 61 22") &&
	    on(2, "00 C0 00 00 00", "69 85") && on(0, "00 C0 00 00 00", "69 85"),
	    "GET RESPONSE on 2 and 0 do not get 1's answer");
	check(on(2, "00 FD 00 00", VERSION) && on(1, "00 C0 00 00 00",
	    APT_REST), "a command on 2 that fits its Ne: 1's answer waits");
	check(on(1, "00 A4 04 00 05 A0 00 00 03 08 05", "61 25 4F 06 00 61 22") &&
	    on(2, "00 A4 04 00 05 A0 00 00 03 08 05", "61 25 4F 06 00 61 22") &&
	    on(1, "00 C0 00 00 00", "69 85") && on(2, "00 C0 00 00 00",
	    APT_REST), "2's answer takes the hold: 1's GET RESPONSE is 6985");
	check(on(1, "00 A4 04 00 05 A0 00 00 03 08 05", "61 25 4F 06 00 61 22") &&
	    on(2, "10 A4 04 00 03 A0 00 00", "90 00") &&
	    on(1, "00 C0 00 00 00", "69 85") &&
	    on(2, "00 A4 04 00 02 03 08", APT " 90 00"),
	    "a chain on 2 takes it too");
	check(on(1, "00 A4 04 00 00 00 05 A0 00 00 03 08 00 00",
	    APT " 90 00"),
	    "extended lengths on channel 1: the whole answer at once");
}

static void
test_chains(void)
{
	restart();
	check(open_from(0) == 1 && open_from(0) == 2, "channels 1 and 2");
	check(on(1, "10 A4 04 00 03 A0 00 00", "90 00") &&
	    on(2, "00 FD 00 00", VERSION) &&
	    on(2, "00 A4 04 00 05 A0 00 00 03 08", APT " 90 00") &&
	    on(2, "00 C0 00 00 00", "69 85") &&
	    on(1, "10 A4 04 00 01 03", "90 00") &&
	    on(0, "00 20 00 80", "63 C3") &&
	    on(1, "00 A4 04 00 01 08", APT " 90 00"),
	    "a chain on 1 completes across commands on 2 and 0");
	check(on(1, "10 A4 04 00 03 A0 00 00", "90 00") &&
	    on(2, "00 A4 04 00 05 A0 00 00 03 08 05", "61 25 4F 06 00 61 22") &&
	    on(1, "10 A4 04 00 01 03", "69 85") &&
	    on(1, "00 A4 04 00 01 08", "69 85"),
	    "its parts lost to 2's answer: the later parts and the last "
	    "are 6985, the command never runs");
	check(on(1, "00 A4 04 00 02 03 08", "6A 82") &&
	    on(1, "10 A4 04 00 03 A0 00 00", "90 00") &&
	    on(1, "00 A4 04 00 02 03 08", APT " 90 00"),
	    "after its last part, commands and chains run again");
	check(on(1, "10 A4 04 00 03 A0 00 00", "90 00") &&
	    on(2, "10 A4 04 00 03 A0 00 00", "90 00") &&
	    on(1, "00 A4 04 00 02 03 08", "69 85") &&
	    on(2, "00 A4 04 00 02 03 08", APT " 90 00"),
	    "a chain on 2 takes the hold from 1's chain");
	check(on(1, "10 A4 04 00 03 A0 00 00", "90 00") &&
	    on(2, "10 A4 04 00 03 A0 00 00", "90 00") &&
	    on(1, "00 FD 00 00", VERSION) &&
	    on(2, "00 A4 04 00 02 03 08", APT " 90 00"),
	    "a lost chain abandoned by another command: 2's chain unhurt");
}

int
main(void)
{
	fresh_card();
	test_manage();
	test_classes();
	test_reclaim();
	test_power();
	test_answers();
	test_chains();
	return check_done();
}
