/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The data area, reading: the object table, GET DATA of the generated
 * objects byte for byte (Discovery, Key History, default CHUID and CCC),
 * absent and unknown objects, malformed commands, PIN-protected objects.
 * Writing is in test_objects_put.c.
 */
#include <stdio.h>
#include <string.h>

#include "uk/data.h"
#include "card/piv_rules.h"
#include "tests/unit/obj_helpers.h"

/* The FASC-N as SP 800-73-4 / TIG SCEPACS encode it, computed here
 * independently of the card's constant: each character is 4 BCD bits,
 * least significant first, and an odd parity bit; SS = B, FS = D, ES = F,
 * then the LRC (xor of all characters' 4 bits). */
static void
fascn_encode(const char *s, uint8_t out[25])
{
	unsigned bit = 0, v, lrc = 0, i, ones;

	memset(out, 0, 25);
	for (;; s++) {
		if (*s == '\0')
			v = lrc;
		else
			v = *s == 'S' ? 0xB : *s == 'F' ? 0xD : *s == 'E' ? 0xF :
			    (unsigned)(*s - '0');
		lrc ^= v;
		for (i = 0, ones = 0; i < 5; i++, bit++) {
			unsigned b = i < 4 ? (v >> i) & 1 : (ones & 1) ^ 1;

			ones += b;
			if (b)
				out[bit / 8] |= (uint8_t)(0x80 >> (bit % 8));
		}
		if (*s == '\0')
			break;
	}
}

static void
test_table(void)
{
	unsigned seen[UK_REC_COUNT];
	int i, j, ok = 1;

	memset(seen, 0, sizeof(seen));
	for (j = 0; j < UK_OBJ_COUNT; j++) {
		unsigned rec = uk_obj_rec_for_tag(uk_obj_tag(j));

		ok &= uk_obj_index(uk_obj_tag(j)) == j;
		ok &= rec == UK_REC_OBJ(j) && rec < UK_REC_COUNT;
		ok &= uk_rec_cap(rec) == UK_REC_OBJ_MAX;
		ok &= seen[rec]++ == 0;
	}
	check(ok, "42 stored objects, each its own object record");
	for (i = 0, ok = 1; i < UIMKEY_SLOT_COUNT; i++)
		ok &= uk_obj_index(uimkey_slot_cert_tag(uimkey_slot_ref(i))) >= 0;
	check(ok, "every key slot's certificate object is stored");
	check(uk_obj_rec_for_tag(0x5FFF01) == UK_REC_OBJ(
	    uk_obj_index(0x5FFF01)), "F9 certificate record");
	check(uk_obj_index(0x7E) < 0 && uk_obj_index(0x5FC10C) < 0 &&
	    uk_obj_rec_for_tag(0x7E) == UK_REC_COUNT &&
	    uk_obj_rec_for_tag(0x5FC10C) == UK_REC_COUNT,
	    "Discovery and Key History have no record");
	check(uk_obj_index(0x5FC124) < 0 &&
	    uk_obj_rec_for_tag(0x5FC124) == UK_REC_COUNT,
	    "an unknown tag has no record");
	ok = 1;
	for (j = 0; j < UK_OBJ_COUNT; j++) {
		uint32_t t = uk_obj_tag(j);
		int pin = t == 0x5FC109 || t == 0x5FC108 || t == 0x5FC103 ||
		    t == 0x5FC121;

		ok &= ((uk_obj_flags(j) & UK_OBJ_F_PIN) != 0) == pin;
	}
	check(ok, "Printed, Facial, Fingerprints and Iris (only) need the PIN");
}

static void
test_generated(void)
{
	char chuid[512], ccc[512], serial[16];
	uint8_t fascn[25];
	char fascn_hex[80];
	int i;

	check(xchg("00 CB 3F FF 03 5C 01 7E 00", "7E 12 4F 0B A0 00 00 03 08 "
	    "00 00 10 00 01 00 5F 2F 02 40 00 90 00"),
	    "Discovery: PIV AID, PIN policy 40 00");
	check(xchg("00 CB 3F FF 03 5C 01 7E", "7E 12 4F 0B A0 00 00 03 08 "
	    "00 00 10 00 01 00 5F 2F 02 40 00 90 00"), "Discovery without Le");
	check(xchg("00 CB 3F FF 05 5C 03 5F C1 0C 00",
	    "53 08 C1 01 00 C2 01 00 FE 00 90 00"),
	    "Key History of a fresh card: no retired certificates");

	fascn_encode("S9999F9999F999999F0F1F0000000000300001E", fascn);
	for (i = 0; i < 25; i++)
		snprintf(fascn_hex + 2 * i, 3, "%02X", fascn[i]);
	snprintf(serial, sizeof(serial), "%08u",
	    (unsigned)uimkey_card_serial(&card));
	snprintf(chuid, sizeof(chuid), "53 3B 30 19 %s 34 10 75 69 6D 6B 65 "
	    "79 80 00 80 00 00 00 %s 35 08 32 30 39 39 31 32 33 31 3E 00 FE 00 "
	    "90 00", fascn_hex, serial);
	check(xchg("00 CB 3F FF 05 5C 03 5F C1 02 00", chuid),
	    "default CHUID: FASC-N, GUID ending in the serial's digits, "
	    "2099-12-31, no signature");
	snprintf(ccc, sizeof(ccc), "53 33 F0 15 A0 00 00 01 16 FF 02 75 69 6D "
	    "6B 65 79 00 00 00 00 %s F1 01 21 F2 01 21 F3 00 F4 01 00 F5 01 10 "
	    "F6 00 F7 00 FA 00 FB 00 FC 00 FD 00 FE 00 90 00", serial);
	check(xchg("00 CB 3F FF 05 5C 03 5F C1 07 00", ccc),
	    "default CCC: card id with the serial, data model 10");
	check(xchg("00 CB 3F FF 05 5C 03 5F C1 02 10", "53 3B 30 19 D4 E7 39 "
	    "DA 73 9C ED 39 CE 73 9D 83 61 2D"),
	    "a short Le gives the CHUID in parts (61xx)");
}

/* GET DATA commands the card refuses, each with its status word. */
static const struct xchg_case bad_get_data[] = {
	{ "P2 FE is 6A86",
	    "00 CB 3F FE 05 5C 03 5F C1 02", "6A 86" },
	{ "P1P2 0000 is 6A86",
	    "00 CB 00 00 05 5C 03 5F C1 02", "6A 86" },
	{ "no data is 6A80",
	    "00 CB 3F FF", "6A 80" },
	{ "only Le is 6A80",
	    "00 CB 3F FF 00", "6A 80" },
	{ "not 5C is 6A80",
	    "00 CB 3F FF 05 5D 03 5F C1 02", "6A 80" },
	{ "empty tag is 6A80",
	    "00 CB 3F FF 02 5C 00", "6A 80" },
	{ "4-byte tag is 6A80",
	    "00 CB 3F FF 06 5C 04 5F C1 02 01", "6A 80" },
	{ "tag with a leading 00 is 6A80 (not Discovery)",
	    "00 CB 3F FF 04 5C 02 00 7E", "6A 80" },
	{ "bytes after the 5C TLV are 6A80",
	    "00 CB 3F FF 06 5C 03 5F C1 02 00", "6A 80" },
	{ "truncated 5C is 6A80",
	    "00 CB 3F FF 04 5C 05 5F C1", "6A 80" },
	{ "unknown 5FC124 is 6A82",
	    "00 CB 3F FF 05 5C 03 5F C1 24", "6A 82" },
	{ "unknown 7D is 6A82",
	    "00 CB 3F FF 03 5C 01 7D", "6A 82" },
	{ "unknown 7F62 is 6A82",
	    "00 CB 3F FF 04 5C 02 7F 62", "6A 82" },
	{ "unknown 5FFF02 is 6A82",
	    "00 CB 3F FF 05 5C 03 5F FF 02", "6A 82" },
};

static void
test_get_errors(void)
{
	CHECK_XCHGS(bad_get_data);
	check(xchg("00 A4 04 00 05 A0 00 00 03 09", "6A 82") &&
	    xchg("00 CB 3F FF 03 5C 01 7E", "7E 12 4F 0B A0 00 00 03 08 00 00 "
	    "10 00 01 00 5F 2F 02 40 00 90 00"),
	    "a failed SELECT of another AID leaves PIV selected");
}

static void
test_absent(void)
{
	uint8_t got[OBJ_BUF];
	size_t n;
	int j, ok = 1;

	/* The factory stores the attestation certificate (attest area). */
	check(get_object(UK_OBJ_ATTEST_CERT, got, &n) == UIMKEY_SW_OK &&
	    n > 4 && got[0] == 0x53, "the F9 certificate is there from the factory");
	for (j = 0; j < UK_OBJ_COUNT; j++) {
		if ((uk_obj_flags(j) & (UK_OBJ_F_PIN |
		    UK_OBJ_F_DEFAULT)) || uk_obj_tag(j) ==
		    UK_OBJ_ATTEST_CERT)
			continue;
		ok &= get_object(uk_obj_tag(j), got, &n) ==
		    UIMKEY_SW_NOT_FOUND && n == 0;
	}
	check(ok, "every other stored object of a fresh card is absent: 6A82");
}

static void
test_pin_objects(void)
{
	static const uint32_t pin_tags[] = { 0x5FC109, 0x5FC108, 0x5FC103,
	    0x5FC121 };
	static const uint8_t wrong_pin[] = { 0x00, 0x20, 0x00, 0x80, 0x08,
	    '1', '2', '3', '4', '5', '7', 0xFF, 0xFF };
	uint8_t got[OBJ_BUF];
	size_t i, n;
	int ok = 1;

	for (i = 0; i < 4; i++)
		ok &= get_object(pin_tags[i], got, &n) == UIMKEY_SW_SECURITY;
	check(ok, "PIN-protected objects are 6982 before VERIFY");
	check((send_raw(wrong_pin, sizeof(wrong_pin)) & 0xFFF0) ==
	    UIMKEY_SW_WRONG_PIN, "a wrong PIN is refused (63Cx)");
	for (i = 0, ok = 1; i < 4; i++)
		ok &= get_object(pin_tags[i], got, &n) == UIMKEY_SW_SECURITY;
	check(ok, "and still 6982 after a wrong PIN");
	check(verify_pin(), "VERIFY the default PIN");
	for (i = 0, ok = 1; i < 4; i++)
		ok &= get_object(pin_tags[i], got, &n) == UIMKEY_SW_NOT_FOUND;
	check(ok, "after VERIFY they are readable (absent here: 6A82)");
	uimkey_card_reset(&card);
	check(get_object(0x5FC109, got, &n) == UIMKEY_SW_SECURITY,
	    "a reset forgets the PIN: 6982 again");
	check(xchg("00 CB 3F FF 03 5C 01 7E", "7E 12 4F 0B A0 00 00 03 08 "
	    "00 00 10 00 01 00 5F 2F 02 40 00 90 00"),
	    "Discovery needs no PIN and no SELECT after reset");
}

int
main(void)
{
	test_table();
	fresh_card();
	check(select_piv(), "SELECT PIV");
	test_generated();
	test_get_errors();
	test_absent();
	test_pin_objects();
	return check_done();
}
