/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The PIV client's PIN and PUK functions against the card core in
 * process: verify, status, logout, wrong PIN with tries left, blocking,
 * unblocking with the PUK, changing PIN and PUK, the card's PIN policy
 * and must-change mark, and arguments refused before any APDU.
 */
#include "tests/unit/piv_fake.h"

#include "card/auth/auth_cred.h"
#include "tests/support/test_device.h"
#include "uk/store.h"

static uimkey_ctx_t *ctx;
static uimkey_dev_t *dev;

static void
test_verify(void)
{
	int verified = -5, tries = -5;

	check(uimkey_piv_pin_status(dev, &verified, &tries) == UIMKEY_OK &&
	    verified == 0 && tries == 3,
	    "status of a fresh card: not verified, 3 tries");
	check(uimkey_piv_verify_pin(dev, "000000", &tries) ==
	    UIMKEY_ERR_SW_WRONG_PIN && tries == 2,
	    "a wrong PIN is WRONG_PIN with 2 tries left");
	check(uimkey_piv_verify_pin(dev, "123456", &tries) == UIMKEY_OK &&
	    tries == -1, "the right PIN verifies (tries not told: -1)");
	check(uimkey_piv_pin_status(dev, &verified, &tries) == UIMKEY_OK &&
	    verified == 1 && tries == -1, "status: verified");
	check(uimkey_piv_logout(dev) == UIMKEY_OK &&
	    uimkey_piv_pin_status(dev, &verified, &tries) == UIMKEY_OK &&
	    verified == 0 && tries == 3,
	    "logout forgets the verification; the right PIN gave the tries back");
	check(uimkey_piv_verify_pin(dev, "123456", NULL) == UIMKEY_OK,
	    "tries_left may be NULL");
	check(pf->fc.io.wire.last_len == 13 &&
	    pf->fc.io.wire.last[0] == pf_cla(dev) &&
	    memcmp(pf->fc.io.wire.last + 1, "\x20\x00\x80\x08" "123456\xFF\xFF",
	    12) == 0,
	    "VERIFY is 00 20 00 80 08 (the channel in its class) and the PIN "
	    "padded with FF");
}

static void
test_block_unblock(void)
{
	uimkey_piv_meta_t m;
	int verified, tries = -5;

	check(uimkey_piv_verify_pin(dev, "111111", &tries) ==
	    UIMKEY_ERR_SW_WRONG_PIN && tries == 2, "wrong PIN: 2 left");
	check(uimkey_piv_verify_pin(dev, "111111", &tries) ==
	    UIMKEY_ERR_SW_WRONG_PIN && tries == 1, "wrong PIN: 1 left");
	check(uimkey_piv_verify_pin(dev, "111111", &tries) ==
	    UIMKEY_ERR_SW_WRONG_PIN && tries == 0,
	    "the try that blocks is WRONG_PIN with 0 left (63C0)");
	check(uimkey_piv_verify_pin(dev, "123456", &tries) ==
	    UIMKEY_ERR_SW_BLOCKED && tries == 0,
	    "blocked: even the right PIN is BLOCKED, tries 0");
	check(uimkey_piv_pin_status(dev, &verified, &tries) == UIMKEY_OK &&
	    verified == 0 && tries == 0,
	    "status of a blocked PIN: not verified, 0 tries (not an error)");
	check(uimkey_piv_get_metadata(dev, UIMKEY_REF_PIN, &m) ==
	    UIMKEY_OK && m.tries_total == 3 && m.tries_left == 0,
	    "metadata of the blocked PIN: 3 total, 0 left");
	check(uimkey_piv_unblock_pin(dev, "87654321", "24681357", &tries) ==
	    UIMKEY_ERR_SW_WRONG_PIN && tries == 2,
	    "unblock with a wrong PUK: WRONG_PIN, 2 PUK tries left");
	check(uimkey_piv_unblock_pin(dev, "12345678", "111111", &tries) ==
	    UIMKEY_ERR_PIN_POLICY && tries == -1,
	    "unblock to a trivial PIN: PIN_POLICY");
	check(uimkey_piv_get_metadata(dev, UIMKEY_REF_PUK, &m) ==
	    UIMKEY_OK && m.tries_left == 2,
	    "... and the refused new PIN cost no PUK try");
	check(uimkey_piv_unblock_pin(dev, "12345678", "24681357", &tries) ==
	    UIMKEY_OK, "unblock with the right PUK and a new PIN");
	check(uimkey_piv_get_metadata(dev, UIMKEY_REF_PUK, &m) ==
	    UIMKEY_OK && m.tries_left == 3 && m.is_default == 1,
	    "the PUK's counter is back to 3");
	check(uimkey_piv_verify_pin(dev, "24681357", &tries) == UIMKEY_OK,
	    "the new PIN verifies");
}

static void
test_change(void)
{
	uimkey_piv_meta_t m;
	int tries = -5;

	check(uimkey_piv_change_pin(dev, "99999999", "13572468", &tries) ==
	    UIMKEY_ERR_SW_WRONG_PIN && tries == 2,
	    "change PIN with a wrong old PIN: 2 left");
	check(uimkey_piv_change_pin(dev, "24681357", "654321", &tries) ==
	    UIMKEY_ERR_PIN_POLICY, "change to a descending run: PIN_POLICY");
	check(uimkey_piv_change_pin(dev, "24681357", "123456", &tries) ==
	    UIMKEY_ERR_PIN_POLICY,
	    "change back to the factory 123456: refused by the factory policy");
	check(uimkey_piv_get_metadata(dev, UIMKEY_REF_PIN, &m) ==
	    UIMKEY_OK && m.alg == UIMKEY_ALG_PIN && m.is_default == 0 &&
	    m.tries_total == 3 && m.tries_left == 2 && m.must_change == 0 &&
	    m.spki_len == 0 && m.origin == 0,
	    "PIN metadata: not default, 3 total, 2 left, no mark, no key");
	check(uimkey_piv_change_pin(dev, "24681357", "a1b2c3d4", &tries) ==
	    UIMKEY_OK && uimkey_piv_get_metadata(dev, UIMKEY_REF_PIN, &m) ==
	    UIMKEY_OK && m.is_default == 0 && m.tries_left == 3,
	    "change to 8 characters: the counter is full again");
	check(uimkey_piv_verify_pin(dev, "a1b2c3d4", &tries) == UIMKEY_OK,
	    "the changed PIN verifies");
	check(uimkey_piv_change_puk(dev, "00000000", "11223344", &tries) ==
	    UIMKEY_ERR_SW_WRONG_PIN && tries == 2,
	    "change PUK with a wrong old PUK: 2 left");
	check(uimkey_piv_change_puk(dev, "12345678", "11223344", &tries) ==
	    UIMKEY_OK && uimkey_piv_get_metadata(dev, UIMKEY_REF_PUK, &m) ==
	    UIMKEY_OK && m.is_default == 0 && m.tries_left == 3,
	    "change PUK: no longer default, counter full");
	check(uimkey_piv_unblock_pin(dev, "11223344", "a1b2c3d4", &tries) ==
	    UIMKEY_OK, "the new PUK unblocks");
}

static void
test_policy(void)
{
	uimkey_piv_meta_t m;
	int tries;

	check(uimkey_piv_set_pin_policy(dev, 8, -1) == UIMKEY_ERR_SW_SECURITY,
	    "SET PIN POLICY without the management key: SW_SECURITY");
	check(uimkey_piv_auth_mgmt(dev, 0, pf_default_mgmt, 24) == UIMKEY_OK,
	    "management key authenticated");
	check(uimkey_piv_set_pin_policy(dev, 8, -1) == UIMKEY_OK,
	    "minimum length 8");
	check(uimkey_piv_change_pin(dev, "a1b2c3d4", "9a8b7c6", &tries) ==
	    UIMKEY_ERR_PIN_POLICY, "a 7-character PIN is refused now");
	check(uimkey_piv_set_pin_policy(dev, 0,
	    UIMKEY_PIV_PIN_RULE_DIGITS) == UIMKEY_OK &&
	    uimkey_piv_change_pin(dev, "a1b2c3d4", "x2468135", &tries) ==
	    UIMKEY_ERR_PIN_POLICY &&
	    uimkey_piv_change_pin(dev, "a1b2c3d4", "24681357", &tries) ==
	    UIMKEY_OK, "digits only: a letter refused, digits accepted");
	check(uimkey_piv_set_pin_policy(dev, 6,
	    UIMKEY_PIV_PIN_RULE_NO_TRIVIAL |
	    UIMKEY_PIV_PIN_RULE_CHANGE_FIRST) == UIMKEY_OK,
	    "both TLVs at once: length 6, no trivial, change first");
	check(uimkey_piv_get_metadata(dev, UIMKEY_REF_PIN, &m) ==
	    UIMKEY_OK && m.must_change == 1, "the PIN is marked must-change");
	check(uimkey_piv_verify_pin(dev, "24681357", &tries) ==
	    UIMKEY_ERR_PIN_MUST_CHANGE,
	    "the right but marked PIN: PIN_MUST_CHANGE");
	check(uimkey_piv_get_metadata(dev, UIMKEY_REF_PIN, &m) ==
	    UIMKEY_OK && m.tries_left == m.tries_total,
	    "...and the try was given back");
	check(uimkey_piv_change_pin(dev, "24681357", "24681357", &tries) ==
	    UIMKEY_ERR_PIN_POLICY, "the marked PIN must change to another");
	check(uimkey_piv_change_pin(dev, "24681357", "97531864", &tries) ==
	    UIMKEY_OK && uimkey_piv_verify_pin(dev, "97531864", &tries) ==
	    UIMKEY_OK, "after the change the PIN verifies");
	check(uimkey_piv_set_pin_policy(dev, 0, 0) == UIMKEY_OK,
	    "rules 0 turns every rule off");
	check(uimkey_piv_change_pin(dev, "97531864", "123456", &tries) ==
	    UIMKEY_OK && uimkey_piv_get_metadata(dev, UIMKEY_REF_PIN, &m) ==
	    UIMKEY_OK && m.is_default == 1,
	    "without rules the PIN may go back to 123456: default again");
}

/* The iterations of the PIN's wrap in the card's credentials record
 * (white box: docs/apdu.md, "The credentials record"). */
static uint32_t
pin_wrap_iterations(void)
{
	uint8_t rec[UK_REC_CRED_MAX];
	const uint8_t *p = rec + UK_CRED_OFF_PIN + UK_WRAP_OFF_ITER;
	size_t len = 0;

	if (uk_rec_read(&pf->fc.card, UK_REC_CRED, rec, sizeof(rec), &len) !=
	    UK_OK || len != UK_CRED_LEN)
		return 0;
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
test_kdf_iterations(void)
{
	int tries;

	/* SELECT: the management key of test_policy is forgotten. */
	check(uimkey_dev_select(dev) == UIMKEY_OK &&
	    uimkey_piv_set_kdf_iterations(dev, 5000) ==
	    UIMKEY_ERR_SW_SECURITY, "kdf iterations without the management "
	    "key: SW_SECURITY");
	check(uimkey_piv_auth_mgmt(dev, 0, pf_default_mgmt, 24) == UIMKEY_OK,
	    "management key authenticated");
	check(uimkey_piv_set_kdf_iterations(dev, TEST_DEVICE_KDF_ITERATIONS -
	    1) == UIMKEY_ERR_SW_DATA, "fewer than the device's own: SW_DATA");
	check(uimkey_piv_set_kdf_iterations(dev, 5000) == UIMKEY_OK &&
	    pf->fc.io.wire.last_len == 11 &&
	    pf->fc.io.wire.last[0] == pf_cla(dev) &&
	    memcmp(pf->fc.io.wire.last + 1,
	    "\x55\x00\x00\x06\x03\x04\x00\x00\x13\x88", 10) == 0,
	    "5000: 00 55 00 00 06 03 04 00 00 13 88");
	check(pin_wrap_iterations() == TEST_DEVICE_KDF_ITERATIONS,
	    "the PIN set before keeps its cost");
	check(uimkey_piv_change_pin(dev, "123456", "24681357", &tries) ==
	    UIMKEY_OK && pin_wrap_iterations() == 5000,
	    "the PIN changed after costs 5000 a guess");
	check(uimkey_piv_verify_pin(dev, "24681357", &tries) == UIMKEY_OK,
	    "and verifies");
}

static void
test_args(void)
{
	unsigned apdus = pf->fc.io.wire.apdus;
	int tries = -5, verified;
	char nine[] = "123456789", ff[] = "12345\xFF";

	check(uimkey_piv_verify_pin(dev, "12345", &tries) == UIMKEY_ERR_ARG &&
	    tries == -1, "a 5-character PIN: ARG, tries -1");
	check(uimkey_piv_verify_pin(dev, nine, &tries) == UIMKEY_ERR_ARG,
	    "a 9-character PIN: ARG");
	check(uimkey_piv_verify_pin(dev, ff, &tries) == UIMKEY_ERR_ARG,
	    "a PIN holding FF: ARG");
	check(uimkey_piv_verify_pin(dev, "", &tries) == UIMKEY_ERR_ARG &&
	    uimkey_piv_verify_pin(dev, NULL, &tries) == UIMKEY_ERR_ARG &&
	    uimkey_piv_verify_pin(NULL, "123456", &tries) == UIMKEY_ERR_ARG,
	    "empty or NULL PIN, NULL device: ARG");
	check(uimkey_piv_change_pin(dev, "123456", "12345", &tries) ==
	    UIMKEY_ERR_ARG && uimkey_piv_change_pin(dev, NULL, "123456",
	    &tries) == UIMKEY_ERR_ARG, "change PIN with a bad value: ARG");
	check(uimkey_piv_change_puk(dev, "1234567", nine, &tries) ==
	    UIMKEY_ERR_ARG, "change PUK to 9 characters: ARG");
	check(uimkey_piv_unblock_pin(dev, "12345678", "1", &tries) ==
	    UIMKEY_ERR_ARG, "unblock to a 1-character PIN: ARG");
	check(uimkey_piv_pin_status(dev, NULL, &tries) == UIMKEY_ERR_ARG &&
	    uimkey_piv_pin_status(dev, &verified, NULL) == UIMKEY_ERR_ARG &&
	    uimkey_piv_logout(NULL) == UIMKEY_ERR_ARG,
	    "status and logout with NULL: ARG");
	check(uimkey_piv_set_pin_policy(dev, 5, -1) == UIMKEY_ERR_ARG &&
	    uimkey_piv_set_pin_policy(dev, 9, -1) == UIMKEY_ERR_ARG &&
	    uimkey_piv_set_pin_policy(dev, 0, 8) == UIMKEY_ERR_ARG &&
	    uimkey_piv_set_pin_policy(dev, 0, -2) == UIMKEY_ERR_ARG &&
	    uimkey_piv_set_pin_policy(dev, 0, -1) == UIMKEY_ERR_ARG,
	    "PIN policy: length 5 or 9, unknown rule, nothing to set: ARG");
	check(uimkey_piv_set_kdf_iterations(dev, 0) == UIMKEY_ERR_ARG &&
	    uimkey_piv_set_kdf_iterations(dev,
	    UIMKEY_PIV_KDF_ITERATIONS_MAX + 1) == UIMKEY_ERR_ARG &&
	    uimkey_piv_set_kdf_iterations(NULL, 5000) == UIMKEY_ERR_ARG,
	    "kdf iterations 0, above the most, or no device: ARG");
	check(pf->fc.io.wire.apdus == apdus, "no APDU was sent for any refused argument");
}

static void
test_not_open(void)
{
	uimkey_dev_t *closed = uimkey_dev_new();
	int tries;

	check(uimkey_piv_verify_pin(closed, "123456", &tries) ==
	    UIMKEY_ERR_NOT_OPEN, "a device not open: NOT_OPEN");
	uimkey_dev_free(&closed);
}

int
main(void)
{
	static const pf_part parts[] = { test_verify, test_block_unblock,
	    test_change, test_policy, test_kdf_iterations, test_args,
	    test_not_open };

	return PF_RUN(&ctx, &dev, parts);
}
