/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The PIV client's card administration against the card core in
 * process: SET PIN RETRIES (needs the management key and the PIN; PIN
 * and PUK back to their factory values), RESET (only with PIN and PUK
 * blocked; everything back to the factory state but the attestation key
 * and certificate), and arguments refused before any APDU.
 */
#include "tests/unit/piv_fake.h"

static uimkey_ctx_t *ctx;
static uimkey_dev_t *dev;

static const uint8_t aes[16] = "uimkey admin k16";

static void
test_retries(void)
{
	uimkey_piv_meta_t m;
	int tries, verified;

	check(uimkey_piv_set_retries(dev, 5, 4) == UIMKEY_ERR_SW_SECURITY,
	    "set retries with nothing proven: SW_SECURITY");
	check(uimkey_piv_auth_mgmt(dev, 0, pf_default_mgmt, 24) == UIMKEY_OK &&
	    uimkey_piv_set_retries(dev, 5, 4) == UIMKEY_ERR_SW_SECURITY,
	    "...with the management key but no PIN: SW_SECURITY");
	check(uimkey_piv_change_pin(dev, "123456", "24681357", &tries) ==
	    UIMKEY_OK && uimkey_piv_verify_pin(dev, "24681357", &tries) ==
	    UIMKEY_OK, "PIN changed and verified");
	check(uimkey_piv_set_retries(dev, 5, 4) == UIMKEY_OK,
	    "set retries: PIN 5, PUK 4");
	check(uimkey_piv_pin_status(dev, &verified, &tries) == UIMKEY_OK &&
	    verified == 0 && tries == 5,
	    "the PIN verification is forgotten; 5 tries");
	check(uimkey_piv_get_metadata(dev, UIMKEY_REF_PIN, &m) ==
	    UIMKEY_OK && m.tries_total == 5 && m.tries_left == 5 &&
	    m.is_default == 1, "PIN: 5 of 5, back to the factory value");
	check(uimkey_piv_get_metadata(dev, UIMKEY_REF_PUK, &m) ==
	    UIMKEY_OK && m.tries_total == 4 && m.tries_left == 4,
	    "PUK: 4 of 4");
	check(uimkey_piv_verify_pin(dev, "000000", &tries) ==
	    UIMKEY_ERR_SW_WRONG_PIN && tries == 4, "a wrong PIN: 4 left of 5");
	check(uimkey_piv_verify_pin(dev, "123456", &tries) == UIMKEY_OK,
	    "the factory PIN verifies again");
}

static void
test_reset(void)
{
	uimkey_piv_meta_t m;
	uint8_t spki[UIMKEY_PIV_SPKI_MAX], cert[2048];
	size_t n;
	int tries, i;

	check(uimkey_piv_reset(dev) == UIMKEY_ERR_SW_CONDITIONS,
	    "reset with PIN and PUK unblocked: SW_CONDITIONS");
	check(uimkey_piv_generate(dev, 0x9A, UIMKEY_ALG_ECCP256, 0, 0, spki,
	    sizeof(spki), &n) == UIMKEY_OK &&
	    uimkey_piv_attest(dev, 0x9A, cert, sizeof(cert), &n) == UIMKEY_OK &&
	    uimkey_piv_write_cert(dev, 0x9A, cert, n) == UIMKEY_OK &&
	    uimkey_piv_set_mgmt_key(dev, UIMKEY_ALG_AES128, aes, 16) ==
	    UIMKEY_OK, "a key, its certificate and an AES management key");
	for (i = 0; i < 5; i++)
		uimkey_piv_verify_pin(dev, "999999", &tries);
	check(tries == 0 && uimkey_piv_reset(dev) == UIMKEY_ERR_SW_CONDITIONS,
	    "PIN blocked, PUK not: SW_CONDITIONS");
	for (i = 0; i < 4; i++)
		uimkey_piv_unblock_pin(dev, "99999999", "24681357", &tries);
	check(tries == 0, "PUK blocked too");
	check(uimkey_piv_reset(dev) == UIMKEY_OK, "reset");
	check(uimkey_piv_put_data(dev, UIMKEY_PIV_OBJ_ADMIN, aes, 3) ==
	    UIMKEY_ERR_SW_SECURITY,
	    "the management key authentication did not survive the reset");
	check(uimkey_piv_get_metadata(dev, UIMKEY_REF_PIN, &m) ==
	    UIMKEY_OK && m.is_default == 1 && m.tries_total == 3 &&
	    m.tries_left == 3, "PIN: factory value, 3 of 3");
	check(uimkey_piv_get_metadata(dev, UIMKEY_SLOT_MGMT, &m) ==
	    UIMKEY_OK && m.alg == UIMKEY_ALG_3DES && m.is_default == 1 &&
	    uimkey_piv_auth_mgmt(dev, 0, pf_default_mgmt, 24) == UIMKEY_OK,
	    "management key: the factory 3DES key again");
	check(uimkey_piv_get_metadata(dev, 0x9A, &m) == UIMKEY_ERR_SW_NO_REF &&
	    uimkey_piv_read_cert(dev, 0x9A, cert, sizeof(cert), &n) ==
	    UIMKEY_ERR_SW_NOT_FOUND, "9A's key and certificate are gone");
	check(uimkey_piv_get_metadata(dev, UIMKEY_SLOT_ATTEST, &m) ==
	    UIMKEY_OK && uimkey_piv_read_cert(dev, UIMKEY_SLOT_ATTEST,
	    cert, sizeof(cert), &n) == UIMKEY_OK,
	    "the attestation key and its certificate stay");
	check(uimkey_piv_verify_pin(dev, "123456", &tries) == UIMKEY_OK,
	    "the factory PIN verifies");
}

static void
test_args(void)
{
	unsigned apdus = pf->fc.io.wire.apdus;

	check(uimkey_piv_set_retries(dev, 0, 3) == UIMKEY_ERR_ARG &&
	    uimkey_piv_set_retries(dev, 3, 0) == UIMKEY_ERR_ARG &&
	    uimkey_piv_set_retries(dev, 16, 3) == UIMKEY_ERR_ARG &&
	    uimkey_piv_set_retries(dev, 3, 16) == UIMKEY_ERR_ARG &&
	    uimkey_piv_set_retries(NULL, 3, 3) == UIMKEY_ERR_ARG,
	    "retries 0 or 16, NULL device: ARG");
	check(uimkey_piv_reset(NULL) == UIMKEY_ERR_ARG,
	    "reset of a NULL device: ARG");
	check(pf->fc.io.wire.apdus == apdus, "no APDU was sent for any refused argument");
	check(strcmp(uimkey_strerr(UIMKEY_ERR_SW_NO_REF), "unknown error") &&
	    strcmp(uimkey_strerr(UIMKEY_ERR_UNSUPPORTED), "unknown error") &&
	    strcmp(uimkey_strerr(UIMKEY_ERR_PIN_MUST_CHANGE),
	    "unknown error") && strcmp(uimkey_strerr(UIMKEY_ERR_PIN_POLICY),
	    "unknown error") && uimkey_sw_err(0x6A88) == UIMKEY_ERR_SW_NO_REF,
	    "the new error codes have names; 6A88 maps to SW_NO_REF");
}

/* GET CHALLENGE returns exactly the Ne asked for: 256 (Le 00), in a
 * short APDU on any channel. */
static void
test_random(void)
{
	static uint8_t a[600], b[600], zero[600];
	unsigned apdus = pf->fc.io.wire.apdus, begins = pf->fc.io.begins;

	check(uimkey_piv_random(dev, a, sizeof(a)) == UIMKEY_OK &&
	    pf->fc.io.wire.apdus - apdus == 3 &&
	    pf->fc.io.begins - begins == (pf_ext(dev) ? 0u : 1u) &&
	    pf->fc.io.wire.last_len == 5 &&
	    memcmp(pf->fc.io.wire.last + 1, "\x84\x00\x00\x00", 4) == 0,
	    "600 random bytes: three GET CHALLENGE of 256, each 00 84 00 00 00 "
	    "(in one transaction on channel 0, none on a channel of its own)");
	check(uimkey_piv_random(dev, b, sizeof(b)) == UIMKEY_OK &&
	    memcmp(a, b, sizeof(a)) != 0 && memcmp(a, zero, sizeof(a)) != 0,
	    "two draws differ, and are not zeros");
	check(uimkey_piv_random(dev, NULL, 0) == UIMKEY_OK &&
	    uimkey_piv_random(dev, NULL, 1) == UIMKEY_ERR_ARG,
	    "no bytes: nothing to do; a NULL buffer: ARG");
}

int
main(void)
{
	static const pf_part parts[] = { test_retries, test_reset, test_random,
	    test_args };

	return PF_RUN(&ctx, &dev, parts);
}
