/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The data area, writing: PUT DATA needs the management key; store,
 * read back, overwrite and delete (3000-byte certificates, chained and
 * extended); size limit; malformed commands; Key History following the
 * retired slots' certificates; stored CHUID / CCC overriding the
 * generated ones; commit failure; persistence and volatile rights.
 * Every refusal is checked to leave the store byte for byte unchanged.
 */
#include <stdio.h>
#include <string.h>

#include "uk/data.h"
#include "card/piv_rules.h"
#include "tests/unit/obj_helpers.h"
#include "tests/support/test_device.h"

#define TAG_9A   0x5FC105u
#define TAG_9C   0x5FC10Au
#define TAG_9D   0x5FC10Bu
#define TAG_82   0x5FC10Du
#define TAG_95   0x5FC120u
#define TAG_F9   0x5FFF01u
#define TAG_PRINTED 0x5FC109u

static uint8_t cert[UK_REC_OBJ_MAX + 1];
static uint8_t body[UIMKEY_CARD_CMD_DATA_MAX];

/* A certificate object as PIV lays it out: 70 {cert} 71 {00} FE {},
 * len bytes in all; the "certificate" bytes follow seed. */
static void
make_cert(size_t len, uint8_t seed)
{
	size_t inner = len - 4 - 3 - 2, i;

	cert[0] = 0x70;
	cert[1] = 0x82;
	cert[2] = (uint8_t)(inner >> 8);
	cert[3] = (uint8_t)inner;
	for (i = 0; i < inner; i++)
		cert[4 + i] = (uint8_t)(seed + i * 7);
	memcpy(cert + 4 + inner, "\x71\x01\x00\xFE\x00", 5);
}

/* Send a PUT DATA with the hex data; 1 when it answers sw and left the
 * store as it was. */
static int
refused(const char *hex_data, uint16_t sw)
{
	uint8_t data[64];
	size_t n = hex_parse(hex_data, data, sizeof(data));

	snapshot();
	return put_ext(data, n) == sw && rsp_len == 2 && unchanged();
}

static void
test_put_needs_admin(void)
{
	make_cert(100, 1);
	snapshot();
	check(put_object(TAG_9A, cert, 100) == UIMKEY_SW_SECURITY && unchanged(),
	    "PUT DATA without the management key is 6982, store unchanged");
	check(refused("5C 03 5F C1 05", UIMKEY_SW_SECURITY),
	    "even malformed data is 6982 first");
	check(refused("5C 01 7E 53 00", UIMKEY_SW_SECURITY),
	    "and a generated tag too");
	check(verify_pin(), "PIN verified");
	snapshot();
	check(put_object(TAG_9A, cert, 100) == UIMKEY_SW_SECURITY &&
	    unchanged(), "the PIN does not allow it");
	check(xchg("00 CB 3F FF 05 5C 03 5F C1 05", "6A 82"),
	    "the object is still absent");
	check(refused("5C 03 5F C1 05 53 00", UIMKEY_SW_SECURITY) &&
	    admin_auth(), "management key authenticated (3DES default)");
	snapshot();
	check(xchg("00 DB 3F FE 07 5C 03 5F C1 05 53 00", "6A 86") &&
	    unchanged(), "P2 FE is 6A86, store unchanged");
}

static void
test_put_roundtrip(void)
{
	size_t n;

	make_cert(CERT_LEN, 3);
	n = put_body(TAG_9A, cert, CERT_LEN, body);
	check(put_chained(body, n) == UIMKEY_SW_OK,
	    "3000-byte certificate put in chained short APDUs");
	check(get_is(TAG_9A, cert, CERT_LEN),
	    "GET DATA gives it back exactly (61xx / GET RESPONSE)");
	make_cert(CERT_LEN, 5);
	check(put_object(TAG_9C, cert, CERT_LEN) == UIMKEY_SW_OK &&
	    get_is(TAG_9C, cert, CERT_LEN),
	    "3000-byte certificate by one extended APDU, read back");
	make_cert(CERT_LEN, 3);
	check(get_is(TAG_9A, cert, CERT_LEN), "9A's is untouched by 9C's");
	make_cert(200, 9);
	check(put_object(TAG_9A, cert, 200) == UIMKEY_SW_OK &&
	    get_is(TAG_9A, cert, 200), "overwrite with a shorter one");
	check(put_object(TAG_9A, cert, 0) == UIMKEY_SW_OK &&
	    xchg("00 CB 3F FF 05 5C 03 5F C1 05", "6A 82"),
	    "53 00 deletes: GET DATA is 6A82");
	check(put_object(TAG_9A, cert, 0) == UIMKEY_SW_OK &&
	    xchg("00 CB 3F FF 05 5C 03 5F C1 05", "6A 82"),
	    "deleting an absent object is 9000 and it stays absent");
	make_cert(UK_REC_OBJ_MAX, 11);
	n = put_body(TAG_9D, cert, UK_REC_OBJ_MAX, body);
	check(put_chained(body, n) == UIMKEY_SW_OK &&
	    get_is(TAG_9D, cert, UK_REC_OBJ_MAX),
	    "3072 bytes (the most) fit, chained");
	make_cert(UK_REC_OBJ_MAX + 1, 13);
	snapshot();
	check(put_object(TAG_9D, cert, UK_REC_OBJ_MAX + 1) ==
	    UIMKEY_SW_NO_SPACE && unchanged(), "3073 bytes are 6A84");
	n = put_body(TAG_9D, cert, UK_REC_OBJ_MAX + 1, body);
	check(put_chained(body, n) == UIMKEY_SW_NO_SPACE && unchanged(),
	    "also chained: 6A84, store unchanged");
	make_cert(UK_REC_OBJ_MAX, 11);
	check(get_is(TAG_9D, cert, UK_REC_OBJ_MAX),
	    "the old value is still there");
}

/* PUT DATA's malformed commands: each is 6A80 and writes nothing. */
static const struct {
	const char *name, *data;
} bad_puts[] = {
	{ "no data is 6A80", "" },
	{ "no 53 is 6A80", "5C 03 5F C1 05" },
	{ "53 before 5C is 6A80", "53 01 00 5C 03 5F C1 05" },
	{ "bytes after 53 are 6A80", "5C 03 5F C1 05 53 01 00 00" },
	{ "truncated 53 is 6A80", "5C 03 5F C1 05 53 05 00" },
	{ "54 instead of 53 is 6A80", "5C 03 5F C1 05 54 01 00" },
	{ "empty tag is 6A80", "5C 00 53 01 00" },
	{ "4-byte tag is 6A80", "5C 04 5F C1 05 01 53 01 00" },
	{ "Discovery (generated) is 6A80", "5C 01 7E 53 01 00" },
	{ "Key History (generated) is 6A80", "5C 03 5F C1 0C 53 01 00" },
	{ "unknown 5FC124 is 6A80", "5C 03 5F C1 24 53 01 00" },
	{ "a bare 7E template is 6A80", "7E 03 4F 01 00" },
};

static void
test_put_errors(void)
{
	size_t i;

	for (i = 0; i < sizeof(bad_puts) / sizeof(bad_puts[0]); i++)
		check(refused(bad_puts[i].data, UIMKEY_SW_WRONG_DATA),
		    bad_puts[i].name);
}

static int
history_is(unsigned count)
{
	char want[64];

	snprintf(want, sizeof(want), "53 08 C1 01 %02X C2 01 00 FE 00 90 00",
	    count);
	return xchg("00 CB 3F FF 05 5C 03 5F C1 0C 00", want);
}

static void
test_key_history(void)
{
	int i, ok = 1;

	make_cert(300, 21);
	check(history_is(0), "no retired certificate yet (9C, 9D hold some)");
	check(put_object(TAG_82, cert, 300) == UIMKEY_SW_OK && history_is(1),
	    "a certificate in 82 counts 1");
	check(put_object(TAG_95, cert, 300) == UIMKEY_SW_OK && history_is(2),
	    "one in 95 counts 2");
	check(put_object(TAG_9A, cert, 300) == UIMKEY_SW_OK &&
	    put_object(TAG_F9, cert, 300) == UIMKEY_SW_OK && history_is(2),
	    "9A and F9 certificates do not count");
	check(put_object(TAG_82, cert, 0) == UIMKEY_SW_OK && history_is(1),
	    "deleting 82's brings it to 1");
	for (i = 0; i < UIMKEY_SLOT_COUNT; i++) {
		uint8_t ref = uimkey_slot_ref(i);

		if (ref >= 0x82 && ref <= 0x95)
			ok &= put_object(uimkey_slot_cert_tag(uimkey_slot_ref(i)), cert, 300) ==
			    UIMKEY_SW_OK;
	}
	check(ok && history_is(20), "all twenty retired slots: 20");
	for (i = 0, ok = 1; i < UIMKEY_SLOT_COUNT; i++) {
		uint8_t ref = uimkey_slot_ref(i);

		if (ref >= 0x82 && ref <= 0x95)
			ok &= put_object(uimkey_slot_cert_tag(uimkey_slot_ref(i)), cert, 0) ==
			    UIMKEY_SW_OK;
	}
	check(ok && history_is(0), "all deleted: 0");
}

static void
test_defaults_override(void)
{
	static const uint8_t my_chuid[] = { 0x30, 0x01, 0x00, 0x34, 0x01, 0x42,
	    0xFE, 0x00 };
	static const uint8_t my_ccc[] = { 0xF0, 0x01, 0x07, 0xFE, 0x00 };
	static uint8_t def_chuid[OBJ_BUF], def_ccc[OBJ_BUF], got[OBJ_BUF];
	size_t lc, lk, n;

	check(get_object(UK_OBJ_CHUID, def_chuid, &lc) == UIMKEY_SW_OK &&
	    get_object(UK_OBJ_CCC, def_ccc, &lk) == UIMKEY_SW_OK,
	    "generated CHUID and CCC");
	check(put_object(UK_OBJ_CHUID, my_chuid, sizeof(my_chuid)) ==
	    UIMKEY_SW_OK && get_is(UK_OBJ_CHUID, my_chuid,
	    sizeof(my_chuid)), "a stored CHUID replaces the generated one");
	check(put_object(UK_OBJ_CCC, my_ccc, sizeof(my_ccc)) ==
	    UIMKEY_SW_OK && get_is(UK_OBJ_CCC, my_ccc, sizeof(my_ccc)),
	    "a stored CCC replaces the generated one");
	check(put_object(UK_OBJ_CHUID, my_chuid, 0) == UIMKEY_SW_OK &&
	    get_object(UK_OBJ_CHUID, got, &n) == UIMKEY_SW_OK &&
	    n == lc && memcmp(got, def_chuid, n) == 0,
	    "deleting the CHUID brings the generated one back");
	check(put_object(UK_OBJ_CCC, my_ccc, 0) == UIMKEY_SW_OK &&
	    get_object(UK_OBJ_CCC, got, &n) == UIMKEY_SW_OK &&
	    n == lk && memcmp(got, def_ccc, n) == 0,
	    "deleting the CCC brings the generated one back");
	check(xchg("00 DB 3F FF 0A 5C 02 7F 61 53 04 02 01 01 00", "90 00") &&
	    xchg("00 CB 3F FF 04 5C 02 7F 61 00", "7F 61 04 02 01 01 00 90 00"),
	    "BIT group template is answered in 7F61, not 53");
}

static void
test_commit_failure(void)
{
	make_cert(500, 31);
	check(put_object(TAG_9C, cert, 500) == UIMKEY_SW_OK,
	    "9C holds a 500-byte certificate");
	make_cert(600, 33);
	store.fail_sync = 1;
	check(put_object(TAG_9C, cert, 600) == UIMKEY_SW_MEMORY_FAILURE,
	    "a commit that fails is 6581");
	store.fail_sync = 0;
	make_cert(500, 31);
	check(get_is(TAG_9C, cert, 500), "and the old certificate stays");
}

static void
test_persist_and_reset(void)
{
	static const uint8_t printed[] = { 0x01, 0x04, 'T', 'e', 's', 't',
	    0xFE, 0x00 };

	check(put_object(TAG_PRINTED, printed, sizeof(printed)) == UIMKEY_SW_OK,
	    "Printed stored");
	make_cert(500, 31);
	check(uimkey_card_init(&card, &store.vtable, &rng.vtable,
	    test_device_default()) ==
	    UIMKEY_CARD_OK, "the card starts again from its store");
	uimkey_card_power_on(&card);
	check(get_is(TAG_9C, cert, 500), "objects survive the restart");
	check(put_object(TAG_9C, cert, 0) == UIMKEY_SW_SECURITY,
	    "the management key must be proven again");
	check(xchg("00 CB 3F FF 05 5C 03 5F C1 09", "69 82"),
	    "a present PIN-protected object is 6982 without the PIN");
	check(verify_pin() && get_is(TAG_PRINTED, printed, sizeof(printed)),
	    "and readable after VERIFY");
	check(select_piv() && xchg("00 CB 3F FF 05 5C 03 5F C1 09", "69 82"),
	    "SELECT forgets the PIN");
}

int
main(void)
{
	fresh_card();
	check(select_piv(), "SELECT PIV");
	test_put_needs_admin();
	test_put_roundtrip();
	test_put_errors();
	test_key_history();
	test_defaults_override();
	test_commit_failure();
	test_persist_and_reset();
	return check_done();
}
