/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The KP cache (card/auth_state.h) apart from the security state:
 * - it lives through SELECT and logout (VERIFY FF), which end the PIN's
 *   verification, so a new program's first VERIFY runs no KDF; power-off
 *   and warm reset end it (KDF runs counted in card.kdf_runs);
 * - it opens nothing by itself: after SELECT or logout a key of policy
 *   once or always refuses until a VERIFY, and a wrong PIN through the
 *   cache spends a try, durably, without a KDF;
 * - a PIN blocked by wrong tries (VERIFY or CHANGE REFERENCE DATA)
 *   empties it, and the right PIN is then refused (6983) and opens no
 *   key; a right PIN at the last try keeps it, with no KDF;
 * - RESET RETRY COUNTER puts the new PIN's check in it (the old PIN is
 *   refused, the new one taken, neither runs the KDF), RESET empties it
 *   whatever it held (the factory PIN runs the KDF again), and a change
 *   of the PIN whose commit fails empties it.
 */
#include "tests/unit/key_helpers.h"

#include "card/auth/auth_kp.h"

#define SELECT_PIV "00 A4 04 00 09 A0 00 00 03 08 00 00 10 00"
#define LOGOUT     "00 20 FF 80"
#define PIN_STATUS "00 20 00 80"

static const uint8_t hash[32] = "uimkey KP cache: a hash to sign.";
static uint32_t kdf_mark;

/* PBKDF2 runs since the last mark (the card counts them since init). */
static uint32_t
kdf_runs(void)
{
	return card.kdf_runs - kdf_mark;
}

static void
power_cycle(void)
{
	uimkey_card_power_off(&card);
	uimkey_card_power_on(&card);
}

/* A signature with the P-256 key of slot: its status word. */
static uint16_t
sign(uint8_t slot)
{
	uint8_t sig[128];
	size_t n = 0;

	return key_op(UIMKEY_ALG_ECCP256, slot, 0x81, hash, sizeof(hash), sig,
	    &n);
}

/* A factory card with P-256 keys of policy once in 9A and always in 9C,
 * made with the management key alone, then powered anew: no KP held. */
static void
card_with_keys(void)
{
	fresh_card();
	check(admin_auth() && generate(0x9A, UIMKEY_ALG_ECCP256,
	    "AA 01 02") == UIMKEY_SW_OK && generate(0x9C, UIMKEY_ALG_ECCP256,
	    "AA 01 03") == UIMKEY_SW_OK, "keys of policy once (9A) and "
	    "always (9C)");
	power_cycle();
	kdf_mark = card.kdf_runs;
}

static void
test_lives(void)
{
	card_with_keys();
	check(!card.kp_cache.known && verify("123456") == UIMKEY_SW_OK &&
	    kdf_runs() == 1 && card.kp_cache.known,
	    "the first VERIFY after power-on runs the KDF once");
	check(sign(0x9C) == UIMKEY_SW_OK && sign(0x9A) == UIMKEY_SW_OK,
	    "both keys sign (9C right after the VERIFY)");
	check(sw_of(SELECT_PIV) == UIMKEY_SW_OK && card.kp_cache.known &&
	    !card.ch[0].auth.pin_ok, "SELECT (a new program): the PIN is no "
	    "longer verified, KP still held");
	check(sw_of(PIN_STATUS) == 0x63C3 && sign(0x9A) ==
	    UIMKEY_SW_SECURITY && sign(0x9C) == UIMKEY_SW_SECURITY,
	    "after SELECT: PIN not verified (63C3), neither key signs");
	check(verify("123456") == UIMKEY_SW_OK && kdf_runs() == 1 &&
	    sign(0x9C) == UIMKEY_SW_OK && sign(0x9A) == UIMKEY_SW_OK,
	    "its first VERIFY runs no KDF, and both keys sign");
	check(sw_of(LOGOUT) == UIMKEY_SW_OK && card.kp_cache.known &&
	    sw_of(PIN_STATUS) == 0x63C3 && sign(0x9A) == UIMKEY_SW_SECURITY,
	    "logout: the PIN is no longer verified, 9A refuses, KP held");
	check(verify("123456") == UIMKEY_SW_OK && kdf_runs() == 1 &&
	    sign(0x9A) == UIMKEY_SW_OK,
	    "the VERIFY after logout runs no KDF");
	power_cycle();
	check(!card.kp_cache.known && verify("123456") == UIMKEY_SW_OK &&
	    kdf_runs() == 2, "power-off empties it: the next VERIFY runs the "
	    "KDF");
	uimkey_card_reset(&card);
	check(!card.kp_cache.known && verify("123456") == UIMKEY_SW_OK &&
	    kdf_runs() == 3, "so does a warm reset");
}

static void
test_wrong_after_select(void)
{
	card_with_keys();
	check(verify("123456") == UIMKEY_SW_OK && sw_of(SELECT_PIV) ==
	    UIMKEY_SW_OK && kdf_runs() == 1, "VERIFY, then SELECT");
	check(verify("654321") == 0x63C2 && kdf_runs() == 1 &&
	    sign(0x9A) == UIMKEY_SW_SECURITY,
	    "a wrong PIN after SELECT: 63C2 without a KDF, no signature");
	power_cycle();
	check(sw_of(PIN_STATUS) == 0x63C2, "the try was spent in the store: "
	    "63C2 after a power cycle");
	check(verify("123456") == UIMKEY_SW_OK && sw_of(LOGOUT) ==
	    UIMKEY_SW_OK && sw_of(PIN_STATUS) == 0x63C3,
	    "the right PIN gives the tries back");
}

static void
test_blocked(void)
{
	card_with_keys();
	check(verify("123456") == UIMKEY_SW_OK && sw_of(SELECT_PIV) ==
	    UIMKEY_SW_OK, "VERIFY, then SELECT: KP held");
	check(verify("000000") == 0x63C2 && verify("000000") == 0x63C1 &&
	    card.kp_cache.known && verify("123456") == UIMKEY_SW_OK &&
	    card.kp_cache.known && kdf_runs() == 1,
	    "two wrong, then the right PIN at the last try: taken from the "
	    "cache, which stays");
	check(sw_of(LOGOUT) == UIMKEY_SW_OK && verify("000000") == 0x63C2 &&
	    verify("000000") == 0x63C1 && verify("000000") == 0x63C0 &&
	    kdf_runs() == 1, "three wrong after logout: blocked, no KDF");
	check(!card.kp_cache.known, "the blocked PIN emptied the KP cache");
	check(verify("123456") == UIMKEY_SW_AUTH_BLOCKED && kdf_runs() == 1 &&
	    !card.ch[0].auth.pin_ok, "the right PIN is refused: 6983");
	check(sign(0x9A) == UIMKEY_SW_SECURITY && sign(0x9C) ==
	    UIMKEY_SW_SECURITY, "and opens no key");
	check(change_ref(UIMKEY_REF_PIN, "123456", "582039") ==
	    UIMKEY_SW_AUTH_BLOCKED, "nor changes the PIN");

	card_with_keys();
	check(verify("123456") == UIMKEY_SW_OK && sw_of(SELECT_PIV) ==
	    UIMKEY_SW_OK, "again: VERIFY, SELECT");
	check(change_ref(UIMKEY_REF_PIN, "000000", "582039") == 0x63C2 &&
	    change_ref(UIMKEY_REF_PIN, "000000", "582039") == 0x63C1 &&
	    change_ref(UIMKEY_REF_PIN, "000000", "582039") == 0x63C0 &&
	    !card.kp_cache.known, "three CHANGE REFERENCE DATA with a wrong "
	    "PIN block it and empty the cache");
	check(verify("123456") == UIMKEY_SW_AUTH_BLOCKED &&
	    sign(0x9A) == UIMKEY_SW_SECURITY, "the right PIN: 6983, no key");
}

static void
test_reset_retry(void)
{
	card_with_keys();
	check(verify("123456") == UIMKEY_SW_OK && kdf_runs() == 1,
	    "VERIFY: KP held for the old PIN");
	check(reset_retry("12345678", "715243") == UIMKEY_SW_OK &&
	    kdf_runs() == 3 && card.kp_cache.known, "RESET RETRY COUNTER: "
	    "two KDF runs (the PUK's wrap, the new PIN's), KP held");
	check(sw_of(SELECT_PIV) == UIMKEY_SW_OK &&
	    verify("123456") == 0x63C2 && kdf_runs() == 3,
	    "after SELECT the old PIN is refused, without a KDF");
	check(verify("715243") == UIMKEY_SW_OK && kdf_runs() == 3 &&
	    sign(0x9A) == UIMKEY_SW_OK, "the new PIN is taken from the cache "
	    "and 9A signs");

	card_with_keys();
	while (verify("000000") != UIMKEY_SW_AUTH_BLOCKED)
		;
	check(!card.kp_cache.known && reset_retry("12345678", "715243") ==
	    UIMKEY_SW_OK && card.kp_cache.known,
	    "a blocked PIN reset with the PUK: the new PIN's check held");
	kdf_mark = card.kdf_runs;
	check(verify("715243") == UIMKEY_SW_OK && kdf_runs() == 0 &&
	    sign(0x9C) == UIMKEY_SW_OK, "the new PIN: no KDF, 9C signs");
}

static void
test_factory_reset(void)
{
	uint8_t old_kp[UK_KP_LEN], pin[UIMKEY_PIN_LEN];

	card_with_keys();
	check(verify("123456") == UIMKEY_SW_OK && card.kp_cache.known,
	    "VERIFY: KP held");
	memcpy(old_kp, card.kp_cache.kp, sizeof(old_kp));
	while (verify("000000") != UIMKEY_SW_AUTH_BLOCKED)
		;
	while (reset_retry("00000000", "715243") != UIMKEY_SW_AUTH_BLOCKED)
		;
	/* White box: whatever the cache held before RESET, here the old KP
	 * with the factory PIN's check, must not outlive it. */
	pin8("123456", pin);
	uk_kp_remember(&card, old_kp, pin);
	check(sw_of("00 FB 00 00") == UIMKEY_SW_OK && !card.kp_cache.known,
	    "RESET empties the KP cache");
	kdf_mark = card.kdf_runs;
	check(verify("123456") == UIMKEY_SW_OK && kdf_runs() == 1 &&
	    card.kp_cache.known && memcmp(card.kp_cache.kp, old_kp,
	    sizeof(old_kp)) != 0, "the factory PIN runs the KDF again and "
	    "gives the new KP");
	memset(old_kp, 0, sizeof(old_kp));
}

/* GET METADATA of the PIN or the PUK: its counter (06 02 max left)
 * says 3 2. */
static int
one_spent(uint8_t ref)
{
	size_t i;

	if (meta(ref) != UIMKEY_SW_OK)
		return 0;
	for (i = 0; i + 4 <= ans_len; i++)
		if (ans[i] == 0x06 && ans[i + 1] == 0x02 &&
		    ans[i + 2] == 0x03 && ans[i + 3] == 0x02)
			return 1;
	return 0;
}

/*
 * The command cmd run on a card whose KP cache holds the factory PIN's
 * check, with the sync of number j of the command failing, for each of
 * the syncs it makes.  Where the command's try was committed (the
 * counter of ref says one try spent) and a later commit failed (6581),
 * the cache must be empty.  Returns how many j were of that kind (0: none, so the
 * check proved nothing), or -1 when one left the cache held.
 */
static int
fail_after_try(uint16_t (*cmd)(void), uint8_t ref)
{
	unsigned long j, syncs;
	int found = 0, held = 0;

	fresh_card();
	if (verify("123456") != UIMKEY_SW_OK)
		return -1;
	syncs = store.sync_calls;
	if (cmd() != UIMKEY_SW_OK)
		return -1;
	syncs = store.sync_calls - syncs;
	for (j = 1; j <= syncs; j++) {
		fresh_card();
		if (verify("123456") != UIMKEY_SW_OK)
			return -1;
		store.fail_sync_at = store.sync_calls + j;
		if (cmd() == UIMKEY_SW_MEMORY_FAILURE && one_spent(ref)) {
			found++;
			held |= card.kp_cache.known;
		}
		store.fail_sync_at = 0;
	}
	return held ? -1 : found;
}

static uint16_t
change_pin(void)
{
	return change_ref(UIMKEY_REF_PIN, "123456", "582039");
}

static uint16_t
reset_pin(void)
{
	return reset_retry("12345678", "715243");
}

static void
test_commit_fails(void)
{
	check(fail_after_try(change_pin, UIMKEY_REF_PIN) > 0, "a PIN change whose commit "
	    "fails after its try's empties the KP cache");
	check(fail_after_try(reset_pin, UIMKEY_REF_PUK) > 0, "so does a RESET RETRY COUNTER "
	    "whose commit fails after its try's");
}

int
main(void)
{
	test_lives();
	test_wrong_after_select();
	test_blocked();
	test_reset_retry();
	test_factory_reset();
	test_commit_fails();
	return check_done();
}
