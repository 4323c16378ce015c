/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The PIN layer at work (docs/design.md, "The PIN layer"):
 * - the KDF runs once per power-on: the first VERIFY opens the PIN's
 *   wrap, later ones (a key of policy always wants one per use) check the
 *   PIN against what KP keeps in RAM; power-off forgets it; a wrong PIN
 *   never costs more than one KDF run (counted in card.kdf_runs); what
 *   SELECT, logout and the PIN's changes do to it is test_pin_cache's;
 * - the keys under the PIN outlive a PIN change, RESET RETRY COUNTER
 *   (the PUK's wrap gives the same KP) and SET PIN RETRIES;
 * - a key generated with the management key alone is sealed, signs after
 *   a VERIFY, and its record moves under KP at that first use;
 * - MOVE KEY moves a key under the PIN with the management key alone;
 * - a record's header (policy, id) cannot be changed under its sealed
 *   private part, nor a private part moved under another key's header.
 */
#include "tests/unit/key_helpers.h"
#include "tests/unit/key_vectors.h"

#include "uk/keys.h"
#include "uk/store.h"

static uint8_t d256[32], q256[65], sig_want[80], h256[32];
static size_t sig_want_len;
static uint8_t body[256];

static void
load_vectors(void)
{
	hex_parse(VEC_P256_D, d256, sizeof(d256));
	hex_parse(VEC_P256_Q, q256, sizeof(q256));
	sig_want_len = hex_parse(VEC_P256_SIG, sig_want, sizeof(sig_want));
	sha(&br_sha256_vtable, "sample", h256);
	add_secret(d256, sizeof(d256));
}

/* IMPORT the RFC 6979 P-256 key into slot with PIN policy. */
static uint16_t
import_vec(uint8_t slot, uint8_t policy)
{
	size_t n = put_tlv(body, 0x06, d256, sizeof(d256));

	body[n++] = 0xAA;
	body[n++] = 0x01;
	body[n++] = policy;
	return xsend(UIMKEY_INS_IMPORT_KEY, UIMKEY_ALG_ECCP256, slot, body, n);
}

/* The imported key in slot signs "sample" as RFC 6979 says. */
static int
signs_vec(uint8_t slot)
{
	uint8_t sig[128];
	size_t n = 0;

	return key_op(UIMKEY_ALG_ECCP256, slot, 0x81, h256, sizeof(h256), sig,
	    &n) == UIMKEY_SW_OK && n == sig_want_len &&
	    memcmp(sig, sig_want, n) == 0;
}

/* A P-256 key in slot signs, checked with the metadata's public key. */
static int
signs_own(uint8_t slot)
{
	static const uint8_t hash[32] = "uimkey PIN layer: a hash to sign";
	br_ec_public_key pk = { BR_EC_secp256r1, NULL, 65 };
	uint8_t q[65], sig[128];
	size_t n = 0;

	if (meta(slot) != UIMKEY_SW_OK || ans_len < 79 || ans[12] != 0x86)
		return 0;
	memcpy(q, ans + 14, sizeof(q));
	pk.q = q;
	return key_op(UIMKEY_ALG_ECCP256, slot, 0x81, hash, sizeof(hash), sig,
	    &n) == UIMKEY_SW_OK && br_ecdsa_i31_vrfy_asn1(&br_ec_p256_m31,
	    hash, sizeof(hash), &pk, sig, n) == 1;
}

/* The record of slot (white box: the form at byte 4). */
static size_t
record(uint8_t slot, uint8_t *rec)
{
	size_t len = 0;

	if (uk_rec_read(&card, UK_REC_KEY(uimkey_slot_index(slot)), rec,
	    UK_REC_KEY_MAX, &len) != UK_OK)
		return 0;
	return len;
}

static uint8_t
form_of(uint8_t slot)
{
	uint8_t rec[UK_REC_KEY_MAX];

	return record(slot, rec) >= 5 ? rec[4] : 0xFF;
}

static void
power_cycle(void)
{
	uimkey_card_power_off(&card);
	uimkey_card_power_on(&card);
}

/* PBKDF2 runs since the last mark (the card counts them since init). */
static uint32_t kdf_mark;

static uint32_t
kdf_runs(void)
{
	return card.kdf_runs - kdf_mark;
}

static void
test_fast_path(void)
{
	unsigned i;
	int ok = 1;

	fresh_card();
	check(admin_auth() && import_vec(0x9C, UIMKEY_PIN_POLICY_ALWAYS) ==
	    UIMKEY_SW_OK, "an imported key of policy always in 9C");
	power_cycle();
	kdf_mark = card.kdf_runs;
	check(!card.kp_cache.known, "power-on: no KP");
	check(verify("111111") == 0x63C2 && kdf_runs() == 1,
	    "a wrong PIN with no KP held: one KDF run");
	check(verify("123456") == UIMKEY_SW_OK && kdf_runs() == 2 &&
	    card.kp_cache.known, "the first right VERIFY runs the KDF once");
	for (i = 0; i < 5; i++)
		ok = ok && signs_vec(0x9C) && verify("123456") == UIMKEY_SW_OK;
	check(ok && kdf_runs() == 2,
	    "five signatures of policy always, each after a VERIFY: no KDF");
	check(verify("111111") == 0x63C2 && kdf_runs() == 2,
	    "a wrong PIN with KP held: 63C2 without a KDF run");
	check(verify("123456") == UIMKEY_SW_OK && kdf_runs() == 2 &&
	    signs_vec(0x9C), "the right one again: no KDF, and it signs");
	power_cycle();
	check(!card.kp_cache.known && verify("123456") == UIMKEY_SW_OK &&
	    kdf_runs() == 3, "power-off forgets KP");
	check(change_ref(UIMKEY_REF_PIN, "123456", "582039") ==
	    UIMKEY_SW_OK && kdf_runs() == 4,
	    "CHANGE of the PIN with KP held: one KDF run (the new wrap)");
	check(verify("123456") == 0x63C2 && kdf_runs() == 4 &&
	    verify("582039") == UIMKEY_SW_OK && kdf_runs() == 4,
	    "the RAM check follows the new PIN: old refused, new taken");
	check(signs_vec(0x9C), "and the key signs after the change");
}

static void
test_keys_survive(void)
{
	fresh_card();
	check(admin_auth() && import_vec(0x9A, UIMKEY_PIN_POLICY_ONCE) ==
	    UIMKEY_SW_OK && form_of(0x9A) == UK_KEY_FORM_SEALED,
	    "9A: imported with the management key alone, sealed");
	check(verify_pin() && generate(0x9D, UIMKEY_ALG_ECCP256,
	    "AA 01 02") == UIMKEY_SW_OK &&
	    form_of(0x9D) == UK_KEY_FORM_KP,
	    "9D: generated after VERIFY, under KP");
	check(signs_vec(0x9A) && signs_own(0x9D), "both sign");
	power_cycle();
	check(change_ref(UIMKEY_REF_PIN, "123456", "582039") ==
	    UIMKEY_SW_OK, "the PIN changed (no VERIFY first)");
	power_cycle();
	check(verify("582039") == UIMKEY_SW_OK && signs_vec(0x9A) &&
	    signs_own(0x9D), "after a power cycle the new PIN opens both");
	check(change_ref(UIMKEY_REF_PUK, "12345678", "0BADF00D") ==
	    UIMKEY_SW_OK, "the PUK changed");
	power_cycle();
	while (verify("000000") != UIMKEY_SW_AUTH_BLOCKED)
		;
	check(verify("582039") == UIMKEY_SW_AUTH_BLOCKED, "the PIN blocked");
	check(reset_retry("0BADF00D", "715243") == UIMKEY_SW_OK,
	    "RESET RETRY COUNTER with the PUK");
	power_cycle();
	check(verify("715243") == UIMKEY_SW_OK && signs_vec(0x9A) &&
	    signs_own(0x9D), "the reset PIN opens both keys");
	check(admin_auth() && sw_of("00 FA 00 00") == 0x6A86 &&
	    sw_of("00 FA 05 06") == UIMKEY_SW_OK,
	    "SET PIN RETRIES 5 6 (PIN verified, KP held)");
	power_cycle();
	check(verify("123456") == UIMKEY_SW_OK && signs_vec(0x9A) &&
	    signs_own(0x9D), "the default PIN it set opens both keys");
	check(reset_retry("12345678", "240517") == UIMKEY_SW_OK &&
	    verify("240517") == UIMKEY_SW_OK && signs_vec(0x9A),
	    "and so does the default PUK it set");
}

static void
test_sealed_migrates(void)
{
	uint8_t before[UK_REC_KEY_MAX], after[UK_REC_KEY_MAX];
	size_t nb, na;

	fresh_card();
	check(admin_auth() && generate(0x9A, UIMKEY_ALG_ECCP256, "") ==
	    UIMKEY_SW_OK && form_of(0x9A) == UK_KEY_FORM_SEALED,
	    "GENERATE with the management key alone: sealed");
	check(meta(0x9A) == UIMKEY_SW_OK && ans[5] == UIMKEY_PIN_POLICY_ONCE,
	    "its metadata answers without the PIN");
	check(xsend(UIMKEY_INS_ATTEST, 0x9A, 0x00, NULL, 0) == UIMKEY_SW_OK,
	    "and it is attested without the PIN");
	nb = record(0x9A, before);
	check(key_op(UIMKEY_ALG_ECCP256, 0x9A, 0x81, h256, 32, body, &na) ==
	    UIMKEY_SW_SECURITY && form_of(0x9A) == UK_KEY_FORM_SEALED,
	    "no signature without the PIN, the record untouched");
	check(verify_pin() && signs_own(0x9A), "after VERIFY it signs");
	na = record(0x9A, after);
	check(form_of(0x9A) == UK_KEY_FORM_KP && na == nb - 65 &&
	    memcmp(before, after, 4) == 0 && memcmp(before + 5, after + 5,
	    16 + 65) == 0, "and its record moved under KP: same header, "
	    "id and public key, no sealing point");
	power_cycle();
	check(verify_pin() && signs_own(0x9A), "under KP it signs again");
}

static void
test_move(void)
{
	fresh_card();
	check(admin_auth() && import_vec(0x9A, UIMKEY_PIN_POLICY_ONCE) ==
	    UIMKEY_SW_OK && verify_pin() && import_vec(0x9C,
	    UIMKEY_PIN_POLICY_ALWAYS) == UIMKEY_SW_OK, "a sealed key in 9A, "
	    "one under KP in 9C");
	power_cycle();
	check(admin_auth() && sw_of("00 F6 82 9A") == UIMKEY_SW_OK &&
	    sw_of("00 F6 83 9C") == UIMKEY_SW_OK,
	    "MOVE KEY 9A to 82 and 9C to 83, management key only");
	check(meta(0x9A) == UIMKEY_SW_REF_NOT_FOUND &&
	    meta(0x9C) == UIMKEY_SW_REF_NOT_FOUND, "the sources are empty");
	check(verify_pin() && signs_vec(0x82), "the sealed key signs in 82");
	check(verify_pin() && signs_vec(0x83), "the key under KP in 83");
}

/* Put rec (len bytes) back as slot's record, a byte changed. */
static int
put_changed(uint8_t slot, uint8_t *rec, size_t len, size_t at, uint8_t v)
{
	rec[at] = v;
	return uk_rec_write(&card, UK_REC_KEY(uimkey_slot_index(slot)), rec,
	    len) == UK_OK;
}

static void
test_bound(void)
{
	uint8_t rec[UK_REC_KEY_MAX], other[UK_REC_KEY_MAX];
	size_t len, olen;

	fresh_card();
	check(admin_auth() && import_vec(0x9A, UIMKEY_PIN_POLICY_ALWAYS) ==
	    UIMKEY_SW_OK && import_vec(0x9C, UIMKEY_PIN_POLICY_ALWAYS) ==
	    UIMKEY_SW_OK, "two keys of policy always, sealed");
	len = record(0x9A, rec);
	check(put_changed(0x9A, rec, len, 1, UIMKEY_PIN_POLICY_ONCE) &&
	    verify_pin() && !signs_vec(0x9A) &&
	    last_sw() == UIMKEY_SW_MEMORY_FAILURE,
	    "its policy turned to once in the record: the key does not open "
	    "(6581)");
	rec[1] = UIMKEY_PIN_POLICY_ALWAYS;
	check(put_changed(0x9A, rec, len, 5, (uint8_t)(rec[5] ^ 1)) &&
	    verify_pin() && !signs_vec(0x9A), "its id changed: it does not "
	    "open");
	rec[5] ^= 1;
	olen = record(0x9C, other);
	/* 9C's header and public key (identical: the same key imported)
	 * with 9A's sealed private part: only the id tells them apart. */
	memcpy(other + olen - 125, rec + len - 125, 125);
	check(olen == len && uk_rec_write(&card, UK_REC_KEY(uimkey_slot_index(
	    0x9C)), other, olen) == UK_OK && verify_pin() &&
	    !signs_vec(0x9C), "9A's private part under 9C's header: it does "
	    "not open");
	check(put_changed(0x9A, rec, len, 5, rec[5]) && verify_pin() &&
	    signs_vec(0x9A), "9A put back as it was signs");
}

int
main(void)
{
	load_vectors();
	test_fast_path();
	test_keys_survive();
	test_sealed_migrates();
	test_move();
	test_bound();
	check(secrets.leaks == 0 && secrets.scanned > 0,
	    "no answer held a window of the imported scalar");
	return check_done();
}
