/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The issuer lock on the card in process: INSTALL ISSUER KEY and its
 * refusals (among them the factory management key: only a card with its
 * own management key binds an issuer); APPLY LOCK TOKEN and each of its
 * refusals (malformed, no issuer, another serial, a bad or foreign
 * signature, a signature's high-S twin, a replayed or older counter); a
 * locked card refusing everything but identification, GET DATA and
 * metadata with 6283, with the PIN and PUK counters untouched and the
 * store unwritten; the lock surviving a restart; an unlock giving back
 * the same keys.  Every token is signed here with BearSSL.
 */
#include "tests/unit/test_lock_card.h"
#include "tests/support/test_device.h"

#define APT_PREFIX "61 25 4F 06 00 00 10 00 01 00"

static void
test_fresh(void)
{
	uint8_t d[TL_TOKEN_MAX];
	uint8_t *photo;

	ready_card();
	fresh_card();
	check(lock_meta_is(UIMKEY_LOCK_STATE_NONE, 0),
	    "factory card: GET METADATA 5A says no issuer key (01 01 00)");
	check(xchg("00 F7 00 80", META_PIN_PREFIX " 90 00"),
	    "factory card: PIN metadata exactly as before (no tag 11)");
	check(xchg("00 F7 01 5A", "6A 86") && xchg("00 F7 00 5A 01 00", "67 00"),
	    "metadata 5A: P1 01 is 6A86, data is 6700");
	photo = store_photo();
	check(apply_token(serial(), UIMKEY_LOCK_ACTION_LOCK, 1) == 0x6985,
	    "a genuine-looking token to a card without issuer: 6985");
	check(apply_data(d, token_make(&iss, serial(), 1, 5, d)) == 0x6985 &&
	    store_same(photo), "...and nothing is written");
	check(xchg("00 20 00 80", "63 C3"), "the card is not locked");
}

/* Send INSTALL with data given in hex after the header. */
static uint16_t
install_hex(const char *data_hex)
{
	uint8_t a[300];
	size_t n = hex_parse(data_hex, a + 5, sizeof(a) - 5);

	memcpy(a, "\x00\x57\x00\x00", 4);
	a[4] = (uint8_t)n;
	return send_raw(a, n > 0 ? 5 + n : 4);
}

static void
test_install_refusals(void)
{
	char pt[65 * 3 + 1], bad[65 * 3 + 1], ok[400], tmp[400];
	uint8_t a[80], *photo;
	int all = 1;

	fresh_card();
	hex_format(iss.pk.q, 65, pt, sizeof(pt));
	photo = store_photo();
	check(install(&iss, LT_START) == 0x6982 && store_same(photo),
	    "INSTALL without the management key: 6982, nothing written");
	check(admin_default() == 0x9000, "management key authenticated");
	photo = store_photo();
	install_apdu(iss.pk.q, 1, a);
	a[2] = 0x01;
	all &= send_raw(a, 5 + 73) == 0x6A86;
	a[2] = 0x00;
	a[3] = 0x5A;
	all &= send_raw(a, 5 + 73) == 0x6A86;
	check(all, "INSTALL P1 or P2 not 00: 6A86");
	all = install_hex("") == 0x6A80;
	snprintf(ok, sizeof(ok), "01 41 %s", pt);
	all &= install_hex(ok) == 0x6A80;                /* no counter */
	all &= install_hex("02 04 00 00 00 01") == 0x6A80;  /* no point */
	snprintf(tmp, sizeof(tmp), "01 41 %s 02 03 00 00 01", pt);
	all &= install_hex(tmp) == 0x6A80;
	snprintf(tmp, sizeof(tmp), "01 41 %s 02 04 FF FF FF FF", pt);
	all &= install_hex(tmp) == 0x6A80;
	snprintf(tmp, sizeof(tmp), "01 41 %s 02 04 00 00 00 01 02 04 00 00 00 "
	    "02", pt);
	all &= install_hex(tmp) == 0x6A80;
	snprintf(tmp, sizeof(tmp), "01 41 %s 02 04 00 00 00 01 03 00", pt);
	all &= install_hex(tmp) == 0x6A80;
	snprintf(tmp, sizeof(tmp), "01 40 %.*s 02 04 00 00 00 01", 64 * 3 - 1,
	    pt);
	all &= install_hex(tmp) == 0x6A80;
	check(all, "INSTALL data malformed (missing, repeated, unknown tag; "
	    "lengths; counter FFFFFFFF): 6A80");
	memcpy(bad, pt, sizeof(bad));
	bad[0] = '0';
	bad[1] = '2';                                   /* compressed */
	snprintf(tmp, sizeof(tmp), "01 41 %s 02 04 00 00 00 01", bad);
	all = install_hex(tmp) == 0x6A80;
	memcpy(bad, pt, sizeof(bad));
	bad[64 * 3 + 1] = bad[64 * 3 + 1] == '0' ? '1' : '0';  /* off curve */
	snprintf(tmp, sizeof(tmp), "01 41 %s 02 04 00 00 00 01", bad);
	all &= install_hex(tmp) == 0x6A80;
	check(all, "INSTALL of a point not on P-256 (or not 04 X Y): 6A80");
	check(store_same(photo) && lock_meta_is(UIMKEY_LOCK_STATE_NONE, 0),
	    "...every refusal wrote nothing; still no issuer");
	photo = store_photo();
	check(install(&iss, LT_START) == 0x6985 &&
	    install(&rogue, 1) == 0x6985 && store_same(photo) &&
	    lock_meta_is(UIMKEY_LOCK_STATE_NONE, 0),
	    "INSTALL with the factory management key (anyone knows it), "
	    "authenticated: 6985, nothing written, no issuer");
	check(own_mgmt_key() == 0x9000,
	    "SET MANAGEMENT KEY to the card's own key (authentication kept)");
	snprintf(tmp, sizeof(tmp), "02 04 00 00 00 64 01 41 %s", pt);
	check(install_hex(tmp) == 0x9000,
	    "then INSTALL, counter first: 9000");
	check(lock_meta_is(UIMKEY_LOCK_STATE_UNLOCKED, LT_START) &&
	    pin_meta_is(UIMKEY_LOCK_STATE_UNLOCKED, LT_START),
	    "metadata 5A shows the issuer key and counter 100; PIN "
	    "metadata gains 11 05 01 00000064");
	photo = store_photo();
	check(install(&iss, 500) == 0x6985 && install(&rogue, 1) == 0x6985 &&
	    store_same(photo), "a second INSTALL (same or other key): 6985, "
	    "nothing written");
	uimkey_card_reset(&card);
	check(lock_meta_is(UIMKEY_LOCK_STATE_UNLOCKED, LT_START),
	    "the issuer key is there after a restart");

	fresh_card();
	check(admin_default() == 0x9000 && own_mgmt_key() == 0x9000,
	    "another factory card: its own management key set");
	uimkey_card_reset(&card);
	check(install(&iss, LT_START) == 0x6982 && admin_default() == 0x6A80,
	    "after a restart: INSTALL 6982; the factory key is gone (3DES: 6A80)");
	check(admin_own() == 0x9000 && install(&iss, LT_START) == 0x9000 &&
	    lock_meta_is(UIMKEY_LOCK_STATE_UNLOCKED, LT_START),
	    "authenticated with the card's own key, INSTALL: 9000");
}

/* Each malformed token: 6A80. */
static void
test_token_malformed(void)
{
	/* SS: the card's serial; C: counter 101; G: a signature of the
	 * right form (that does not verify). */
#define C "03 04 00 00 00 65"
#define G "04 08 30 06 02 01 01 02 01 01"
	static const char *bad[] = {
		"",
		"01 04 SS 02 01 01 " C,                         /* no sig */
		"01 04 SS 02 01 03 " C " " G,                   /* action 03 */
		"01 04 SS 02 01 00 " C " " G,                   /* action 00 */
		"01 03 00 00 01 02 01 01 " C " " G,             /* serial 3 */
		"01 04 SS 02 01 01 03 05 00 00 00 00 65 " G,    /* counter 5 */
		"01 04 SS 02 01 01 " C " 04 07 30 05 02 01 01 02 00", /* sig 7 */
		"01 04 SS 02 02 01 01 " C " " G,                /* action 2 */
		"01 04 SS 01 04 SS 02 01 01 " C " " G,          /* serial twice */
		"01 04 SS 02 01 01 " C " " G " 05 00",          /* tag 05 */
		"01 04 SS 02 01 01 " C " " G " 00",             /* a byte after */
		"01 04 SS 02 01 01 " C " 04 09 30 06 02 01 01 02 01 01", /* cut */
	};
#undef C
#undef G
	uint8_t d[TL_TOKEN_MAX + 80], a[TL_APDU_MAX + 80], *photo;
	char ser[16], hex[400];
	size_t i, n;
	const char *s;
	int all = 1;

	ready_card();
	snprintf(ser, sizeof(ser), "%08X", (unsigned)serial());
	photo = store_photo();
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *o = hex;
		for (s = bad[i]; *s != '\0'; s++) {
			if (s[0] == 'S' && s[1] == 'S') {
				o += sprintf(o, "%s", ser);
				s++;
			} else {
				*o++ = *s;
			}
		}
		*o = '\0';
		n = hex_parse(hex, d, sizeof(d));
		if (apply_data(d, n) != 0x6A80) {
			printf("# malformed token %zu: %04X\n", i, last_sw());
			all = 0;
		}
	}
	/* A signature longer than 72 bytes. */
	n = token_make(&iss, serial(), 1, LT_START + 1, d);
	d[16] = 73;
	memset(d + n, 0, 73 - (n - 17));
	all &= apply_data(d, 17 + 73) == 0x6A80;
	/* The template the malformed ones are made from is well formed: its
	 * signature is what fails. */
	snprintf(hex, sizeof(hex), "01 04 %s 02 01 01 03 04 00 00 00 65 04 08 "
	    "30 06 02 01 01 02 01 01", ser);
	n = hex_parse(hex, d, sizeof(d));
	check(apply_data(d, n) == 0x6982, "the malformed tokens' template, "
	    "well formed with a signature (1, 1) that does not verify: 6982");
	check(all, "malformed tokens (no data, missing / repeated / unknown "
	    "tag, action 00 or 03, wrong lengths, signature under 8 or over 72 "
	    "bytes, bytes after or a truncated TLV): 6A80");
	n = token_make(&iss, serial(), 1, LT_START + 1, d);
	token_apdu(d, n, a);
	a[2] = 0x01;
	all = send_raw(a, 5 + n) == 0x6A86;
	a[2] = 0x00;
	a[3] = 0x01;
	all &= send_raw(a, 5 + n) == 0x6A86;
	check(all, "APPLY with P1 or P2 not 00: 6A86");
	check(store_same(photo) && lock_meta_is(UIMKEY_LOCK_STATE_UNLOCKED,
	    LT_START), "...nothing written, the card is not locked");
}

/* The refusals of well-formed tokens, each with its own status word. */
static void
test_token_refusals(void)
{
	uint8_t d[TL_TOKEN_MAX], f[9], hash[32], sig[80], *photo;
	br_sha256_context h;
	size_t n;

	ready_card();
	photo = store_photo();
	check(apply_token(serial() + 1, UIMKEY_LOCK_ACTION_LOCK, LT_START + 1) ==
	    0x6A88, "a token for another serial: 6A88");
	n = token_make(&rogue, serial(), UIMKEY_LOCK_ACTION_LOCK, LT_START + 1,
	    d);
	check(apply_data(d, n) == 0x6982, "a token signed by another key: 6982");
	n = token_forge(&iss, serial(), UIMKEY_LOCK_ACTION_UNLOCK, LT_START + 5,
	    serial(), UIMKEY_LOCK_ACTION_LOCK, LT_START + 5, d);
	check(apply_data(d, n) == 0x6982,
	    "the issuer's signature of a lock passed off as an unlock: 6982");
	n = token_forge(&iss, serial(), UIMKEY_LOCK_ACTION_LOCK, LT_START + 9,
	    serial(), UIMKEY_LOCK_ACTION_LOCK, LT_START + 5, d);
	check(apply_data(d, n) == 0x6982,
	    "a signature of another counter: 6982");
	n = token_make(&iss, serial(), UIMKEY_LOCK_ACTION_LOCK, LT_START + 1, d);
	d[n - 1] ^= 0x01;
	check(apply_data(d, n) == 0x6982, "a signature with a byte changed: 6982");
	/* The same fields signed without the domain string. */
	tl_be32(f, serial());
	f[4] = UIMKEY_LOCK_ACTION_LOCK;
	tl_be32(f + 5, LT_START + 1);
	br_sha256_init(&h);
	br_sha256_update(&h, f, sizeof(f));
	br_sha256_out(&h, hash);
	n = token_forge(&iss, serial(), 1, LT_START + 1, 0, 0, 0, d);
	n -= d[16];
	d[16] = (uint8_t)br_ecdsa_i31_sign_asn1(br_ec_get_default(),
	    &br_sha256_vtable, hash, &iss.sk, sig);
	memcpy(d + 17, sig, d[16]);
	check(apply_data(d, 17 + d[16]) == 0x6982,
	    "the issuer's signature of the fields without the domain: 6982");
	check(apply_token(serial(), UIMKEY_LOCK_ACTION_LOCK, LT_START) == 0x6984,
	    "a token with the installed counter (not above it): 6984");
	check(apply_token(serial(), UIMKEY_LOCK_ACTION_LOCK, 7) == 0x6984,
	    "a token with a lower counter: 6984");
	check(store_same(photo) && lock_meta_is(UIMKEY_LOCK_STATE_UNLOCKED,
	    LT_START) && xchg("00 20 00 80", "63 C3"),
	    "...no refusal wrote anything; the card is not locked");
}

/* A token with the signature's high-S twin (r, n - s): as valid for
 * ECDSA, refused by the card like a foreign signature; the low-S one
 * applies. */
static void
test_high_s(void)
{
	uint8_t sig[80], d[TL_TOKEN_MAX], *photo;
	size_t sl, n;
	unsigned c, refused = 0;

	ready_card();
	photo = store_photo();
	for (c = LT_START + 1; c <= LT_START + 8; c++) {
		sl = token_sign_form(&iss, serial(), UIMKEY_LOCK_ACTION_LOCK, c,
		    1, sig);
		n = token_forge(&iss, serial(), UIMKEY_LOCK_ACTION_LOCK, c,
		    serial(), UIMKEY_LOCK_ACTION_LOCK, c, d);
		n -= d[16];
		d[16] = (uint8_t)sl;
		memcpy(d + 17, sig, sl);
		refused += apply_data(d, 17 + sl) == 0x6982;
	}
	check(refused == 8 && store_same(photo) &&
	    lock_meta_is(UIMKEY_LOCK_STATE_UNLOCKED, LT_START),
	    "8 lock tokens signed by the issuer with s > n/2 (high-S): 6982, "
	    "nothing written, not locked");
	check(apply_token(serial(), UIMKEY_LOCK_ACTION_LOCK, LT_START + 8) ==
	    0x9000 && lock_meta_is(UIMKEY_LOCK_STATE_LOCKED, LT_START + 8),
	    "the low-S twin of the last one: 9000, locked at 108");
	sl = token_sign_form(&iss, serial(), UIMKEY_LOCK_ACTION_UNLOCK,
	    LT_START + 9, 1, sig);
	n = token_forge(&iss, serial(), UIMKEY_LOCK_ACTION_UNLOCK, LT_START + 9,
	    serial(), UIMKEY_LOCK_ACTION_UNLOCK, LT_START + 9, d);
	n -= d[16];
	d[16] = (uint8_t)sl;
	memcpy(d + 17, sig, sl);
	check(apply_data(d, n + sl) == 0x6982 &&
	    lock_meta_is(UIMKEY_LOCK_STATE_LOCKED, LT_START + 8) &&
	    apply_token(serial(), UIMKEY_LOCK_ACTION_UNLOCK, LT_START + 9) ==
	    0x9000 && lock_meta_is(UIMKEY_LOCK_STATE_UNLOCKED, LT_START + 9),
	    "on the locked card: a high-S unlock 6982, its low-S twin unlocks");
}

/* Commands refused while locked: each 6283, nothing written. */
static const char *const gated[] = {
	"00 20 00 80 08 31 32 33 34 35 36 FF FF",               /* VERIFY */
	"00 20 00 80 08 39 39 39 39 39 39 FF FF",               /* wrong PIN */
	"00 20 00 80",                                          /* status */
	"00 20 FF 80",                                          /* logout */
	"00 24 00 80 10 31 32 33 34 35 36 FF FF 36 35 34 38 37 39 FF FF",
	"00 24 00 81 10 31 32 33 34 35 36 37 38 38 37 36 35 34 33 32 31",
	"00 2C 00 80 10 31 32 33 34 35 36 37 38 36 35 34 38 37 39 FF FF",
	"00 87 11 9A 26 7C 24 82 00 81 20 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C"
	    " 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C",
	"00 87 11 9E 26 7C 24 82 00 81 20 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C"
	    " 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C 5C",
	"00 87 03 9B 04 7C 02 80 00",                           /* witness */
	"00 87 03 9B 04 7C 02 81 00",                           /* challenge */
	"00 F9 9A 00",                                          /* ATTEST */
	"00 F9 F9 00",
	"00 47 00 9A 05 AC 03 80 01 11",                        /* GENERATE */
	"00 FE 11 9D 22 06 20 01 02 03 04 05 06 07 08 01 02 03 04 05 06 07 08"
	    " 01 02 03 04 05 06 07 08 01 02 03 04 05 06 07 08",  /* IMPORT */
	"00 F6 9D 9A",                                          /* MOVE */
	"00 F6 FF 9A",                                          /* DELETE */
	"00 DB 3F FF 0A 5C 03 5F C1 05 53 03 01 02 03",         /* PUT DATA */
	"00 FF FF FF 1B 03 9B 18 11 12 13 14 15 16 17 18 21 22 23 24 25 26 27"
	    " 28 31 32 33 34 35 36 37 38",                       /* SET MGMT */
	"00 FA 05 05",                                          /* SET RETRIES */
	"00 55 00 00 03 01 01 07",                              /* SET POLICY */
	"00 FB 00 00",                                          /* RESET */
	"00 57 00 00 00",                                       /* INSTALL */
	"00 87 11 99 04 7C 02 82 00",                           /* bad P2 too */
	"00 F9 00 00",
};

/* Locked: replayed, older, foreign tokens refused, nothing written; a
 * newer lock only raises the counter. */
static void
locked_tokens(void)
{
	uint8_t *photo;

	photo = store_photo();
	check(apply_token(serial(), UIMKEY_LOCK_ACTION_LOCK, LT_START + 1) ==
	    0x6984, "locked: the same lock token replayed: 6984");
	check(apply_token(serial(), UIMKEY_LOCK_ACTION_UNLOCK, LT_START + 1) ==
	    0x6984, "locked: an unlock with the same counter: 6984");
	check(apply_token(serial(), UIMKEY_LOCK_ACTION_UNLOCK, LT_START) ==
	    0x6984, "locked: an older unlock (rollback): 6984");
	{
		uint8_t d[TL_TOKEN_MAX];
		size_t n = token_make(&rogue, serial(),
		    UIMKEY_LOCK_ACTION_UNLOCK, LT_START + 50, d);
		check(apply_data(d, n) == 0x6982,
		    "locked: an unlock signed by another key: 6982");
	}
	check(apply_token(serial() ^ 1, UIMKEY_LOCK_ACTION_UNLOCK,
	    LT_START + 50) == 0x6A88,
	    "locked: an unlock for another serial: 6A88");
	check(store_same(photo) && lock_meta_is(UIMKEY_LOCK_STATE_LOCKED,
	    LT_START + 1), "...still locked at 101, nothing written");
	check(apply_token(serial(), UIMKEY_LOCK_ACTION_LOCK, LT_START + 2) ==
	    0x9000 && lock_meta_is(UIMKEY_LOCK_STATE_LOCKED, LT_START + 2),
	    "locked: a newer lock token only raises the counter (102)");
}

static void
test_locked(void)
{
	uint8_t ser[4], *photo;
	size_t i;
	int all = 1;

	ready_card();
	check(xchg("00 70 00 00 01", "01 90 00"), "logical channel 1 open");
	chan = 1;
	all = verify("123456") == 0x9000 && admin_own() == 0x9000;
	chan = 0;
	check(all && verify("123456") == 0x9000 && admin_own() == 0x9000 &&
	    uk_auth_kp_known(&card), "PIN verified (KP held) and management "
	    "key authenticated before the lock, on channels 0 and 1");
	check(apply_token(serial(), UIMKEY_LOCK_ACTION_LOCK, LT_START + 1) ==
	    0x9000, "a genuine lock token, counter 101, from anyone: 9000");
	check(uk_auth_pin(&card) == 0x6982 &&
	    uk_auth_admin(&card) == 0x6982 && !uk_auth_kp_known(&card) &&
	    !card.ch[1].auth.pin_ok && !card.ch[1].auth.mgmt_ok,
	    "the lock forgot the PIN verification and the management key, "
	    "on every channel, and emptied the KP cache");
	check(xchg("00 70 00 00 01", "02 90 00") &&
	    xchg("00 70 80 02", "90 00") && xchg("00 70 80 01", "90 00"),
	    "locked: MANAGE CHANNEL opens and closes");
	all = 1;
	check(lock_meta_is(UIMKEY_LOCK_STATE_LOCKED, LT_START + 1) &&
	    pin_meta_is(UIMKEY_LOCK_STATE_LOCKED, LT_START + 1),
	    "metadata 5A and PIN metadata (tag 11) show locked, counter 101");
	photo = store_photo();
	for (i = 0; i < sizeof(gated) / sizeof(gated[0]); i++)
		if (!xchg(gated[i], "62 83"))
			all = 0;
	check(all, "locked: VERIFY (also status and logout), CHANGE REFERENCE "
	    "(PIN, PUK), RESET RETRY COUNTER, GENERAL AUTHENTICATE (9A, 9E, 9B "
	    "witness and challenge), ATTEST, GENERATE, IMPORT, MOVE, DELETE, "
	    "PUT DATA, SET MANAGEMENT KEY, SET PIN RETRIES, SET PIN POLICY, "
	    "RESET, INSTALL ISSUER KEY: each 6283");
	check(xchg("10 DB 3F FF 03 5C 03 5F", "90 00") &&
	    xchg("00 DB 3F FF 07 C1 05 53 03 01 02 03", "62 83"),
	    "a chained PUT DATA: its last part is refused with 6283");
	check(store_same(photo), "...and not one byte was written");
	check(xchg("00 F7 00 80", META_PIN_PREFIX " 11 05 02 00 00 00 65 90 00")
	    && xchg("00 F7 00 81", META_PUK_FACTORY),
	    "PIN and PUK counters untouched: 3 of 3 each");
	photo = store_photo();
	check(sw_of("00 A4 04 00 05 A0 00 00 03 08") == 0x9000 &&
	    rsp_len == 0x27 + 2, "locked: SELECT answers");
	check(xchg("00 FD 00 00", "05 04 00 90 00"), "locked: GET VERSION");
	tl_be32(ser, serial());
	check(sw_of("00 F8 00 00") == 0x9000 && answer_is(ser, 4),
	    "locked: GET SERIAL");
	check(sw_of("00 CB 3F FF 03 5C 01 7E") == 0x9000 && rsp[0] == 0x7E,
	    "locked: GET DATA Discovery");
	check(sw_of("00 CB 3F FF 05 5C 03 5F C1 02") == 0x9000 &&
	    rsp[0] == 0x53, "locked: GET DATA CHUID");
	check(cert_9a_reads(), "locked: GET DATA of 9A's certificate, "
	    "through 61xx and GET RESPONSE");
	check(xchg("00 CB 3F FF 05 5C 03 5F C1 09", "69 82"),
	    "locked: GET DATA of Printed Information (PIN) is 6982");
	check(sw_of("00 F7 00 9A") == 0x9000 && sw_of("00 F7 00 9B") ==
	    0x9000 && sw_of("00 F7 00 F9") == 0x9000,
	    "locked: GET METADATA of 9A, 9B and F9");
	check(xchg("00 10 00 00", "6D 00"), "locked: an unknown INS is 6D00");
	check(store_same(photo), "...none of those wrote anything");

	locked_tokens();

	uimkey_card_power_off(&card);
	check(uimkey_card_init(&card, &spy->m.vtable, &rng.vtable,
	    test_device_default()) ==
	    UIMKEY_CARD_OK, "restart from the store");
	uimkey_card_power_on(&card);
	check(lock_meta_is(UIMKEY_LOCK_STATE_LOCKED, LT_START + 2) &&
	    xchg("00 20 00 80", "62 83"), "after the restart: still locked");

	check(apply_token(serial(), UIMKEY_LOCK_ACTION_UNLOCK, LT_START + 3) ==
	    0x9000, "an unlock token, counter 103: 9000");
	check(lock_meta_is(UIMKEY_LOCK_STATE_UNLOCKED, LT_START + 3) &&
	    pin_meta_is(UIMKEY_LOCK_STATE_UNLOCKED, LT_START + 3),
	    "metadata shows unlocked, counter 103");
	check(xchg("00 F7 00 81", META_PUK_FACTORY),
	    "PUK still 3 of 3 after the lock");
	check(sign_9a_ok(), "unlocked: VERIFY and a signature by the same 9A "
	    "key, checked against its public key from before the lock");
	check(cert_9a_reads(), "unlocked: 9A's certificate is intact");
	check(admin_own() == 0x9000 && xchg("00 F6 FF 9E", "6A 88"),
	    "unlocked: the management key and DELETE work again");
	check(apply_token(serial(), UIMKEY_LOCK_ACTION_LOCK, LT_START + 2) ==
	    0x6984 && apply_token(serial(), UIMKEY_LOCK_ACTION_LOCK,
	    LT_START + 1) == 0x6984 && lock_meta_is(UIMKEY_LOCK_STATE_UNLOCKED,
	    LT_START + 3), "the old lock tokens (101, 102) replayed: 6984");
	check(apply_token(serial(), UIMKEY_LOCK_ACTION_UNLOCK, LT_START + 4) ==
	    0x9000 && lock_meta_is(UIMKEY_LOCK_STATE_UNLOCKED, LT_START + 4),
	    "an unlock of an unlocked card only raises the counter");
}

int
main(void)
{
	test_fresh();
	test_install_refusals();
	test_token_malformed();
	test_token_refusals();
	test_high_s();
	test_locked();
	free(spy);
	return check_done();
}
