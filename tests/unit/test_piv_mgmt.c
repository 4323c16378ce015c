/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The PIV client's management key functions against the card core in
 * process: mutual authentication with the default 3DES key, the
 * algorithm read from metadata (and the 3DES fallback when a card has
 * none), new 3DES and AES-128/192/256 keys set and then used, wrong keys
 * and algorithms, weak 3DES keys refused before any APDU, random
 * challenges, and a lying card that does not know the key.
 */
#include "tests/unit/piv_fake.h"

static uimkey_ctx_t *ctx;
static uimkey_dev_t *dev;

/* The host's challenge (81) in the last step-2 command on the wire. */
static int
last_challenge(uint8_t *out, size_t blen)
{
	const uint8_t *d;
	size_t len, off = 2 + 2 + blen; /* 7C L, 80 L witness */

	if (!pf_last_data(&d, &len) || pf->fc.io.wire.last[1] != 0x87 ||
	    len < off + 2 + blen || d[off] != 0x81 || d[off + 1] != blen)
		return 0;
	memcpy(out, d + off + 2, blen);
	return 1;
}

static void
test_default(void)
{
	uimkey_piv_meta_t m;
	uint8_t c1[8], c2[8];
	unsigned apdus = pf->fc.io.wire.apdus;

	check(uimkey_piv_get_metadata(dev, UIMKEY_SLOT_MGMT, &m) ==
	    UIMKEY_OK && m.alg == UIMKEY_ALG_3DES && m.is_default == 1 &&
	    m.pin_policy == UIMKEY_PIN_POLICY_NEVER &&
	    m.touch_policy == UIMKEY_TOUCH_POLICY_NEVER &&
	    m.tries_total == -1 && m.must_change == -1,
	    "9B metadata: 3DES, default, never/never");
	apdus = pf->fc.io.wire.apdus;
	check(uimkey_piv_auth_mgmt(dev, 0, pf_default_mgmt, 24) == UIMKEY_OK,
	    "mutual authentication, alg from metadata: the default 3DES key");
	check(pf->fc.io.wire.apdus - apdus == 3,
	    "three APDUs: GET METADATA 9B, witness, answer and challenge");
	check(last_challenge(c1, 8), "the challenge went out in 81");
	apdus = pf->fc.io.wire.apdus;
	check(uimkey_piv_auth_mgmt(dev, UIMKEY_ALG_3DES, pf_default_mgmt, 24) ==
	    UIMKEY_OK && pf->fc.io.wire.apdus - apdus == 2,
	    "with the alg given: two APDUs, no metadata");
	check(last_challenge(c2, 8) && memcmp(c1, c2, 8) != 0,
	    "each authentication draws a new random challenge");
}

static void
test_wrong(void)
{
	uint8_t bad[24];

	memcpy(bad, pf_default_mgmt, 24);
	bad[23] ^= 0x10;
	check(uimkey_piv_auth_mgmt(dev, 0, bad, 24) == UIMKEY_ERR_SW_SECURITY,
	    "a wrong key: the card refuses our witness (SW_SECURITY)");
	check(uimkey_piv_set_mgmt_key(dev, UIMKEY_ALG_AES128,
	    (const uint8_t *)"0123456789abcdef", 16) == UIMKEY_ERR_SW_SECURITY,
	    "...and the failed answer dropped the authentication");
	check(uimkey_piv_auth_mgmt(dev, UIMKEY_ALG_AES192, pf_default_mgmt,
	    24) == UIMKEY_ERR_SW_DATA,
	    "the wrong algorithm for the card's key: SW_DATA");
}

/* Set a key of alg, then authenticate with it both ways; the old key no
 * longer works. */
static void
set_and_use(uint8_t alg, const uint8_t *key, size_t len,
    const uint8_t *old, size_t old_len, const char *name)
{
	uimkey_piv_meta_t m;
	char msg[128];

	snprintf(msg, sizeof(msg), "%s: set", name);
	check(uimkey_piv_set_mgmt_key(dev, alg, key, len) == UIMKEY_OK, msg);
	snprintf(msg, sizeof(msg), "%s: metadata shows it, not default", name);
	check(uimkey_piv_get_metadata(dev, UIMKEY_SLOT_MGMT, &m) ==
	    UIMKEY_OK && m.alg == alg && m.is_default == 0, msg);
	pf_card_reset();
	snprintf(msg, sizeof(msg), "%s: mutual authentication, alg 0", name);
	check(uimkey_piv_auth_mgmt(dev, 0, key, len) == UIMKEY_OK, msg);
	snprintf(msg, sizeof(msg), "%s: mutual authentication, alg given",
	    name);
	check(uimkey_piv_auth_mgmt(dev, alg, key, len) == UIMKEY_OK, msg);
	snprintf(msg, sizeof(msg), "%s: the old key is refused", name);
	check(uimkey_piv_auth_mgmt(dev, 0, old, old_len) != UIMKEY_OK, msg);
	check(uimkey_piv_auth_mgmt(dev, 0, key, len) == UIMKEY_OK,
	    "authenticated again for the next change");
}

static void
test_set_keys(void)
{
	static const uint8_t k3des[24] = {
		0x10, 0x32, 0x54, 0x76, 0x98, 0xBA, 0xDC, 0xFE,
		0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
		0xF1, 0xE0, 0xD3, 0xC2, 0xB5, 0xA4, 0x97, 0x86 };
	static const uint8_t k2key[24] = {
		0x10, 0x32, 0x54, 0x76, 0x98, 0xBA, 0xDC, 0xFE,
		0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
		0x10, 0x32, 0x54, 0x76, 0x98, 0xBA, 0xDC, 0xFE };
	static const uint8_t k128[16] = "uimkey AES-128 k";
	static const uint8_t k192[24] = "uimkey AES-192 key 24 by";
	static const uint8_t k256[32] = "uimkey AES-256 key of 32 bytes!!";
	const uint8_t *d;
	size_t len;

	/* No answer of the card may ever hold a management key. */
	pf_secret(pf_default_mgmt, 24);
	pf_secret(k3des, 24);
	pf_secret(k2key, 24);
	pf_secret(k128, 16);
	pf_secret(k192, 24);
	pf_secret(k256, 32);
	pf_card_reset();
	check(uimkey_piv_set_mgmt_key(dev, UIMKEY_ALG_3DES, k3des, 24) ==
	    UIMKEY_ERR_SW_SECURITY,
	    "set without authentication: SW_SECURITY");
	check(uimkey_piv_auth_mgmt(dev, 0, pf_default_mgmt, 24) == UIMKEY_OK,
	    "authenticated with the default key");
	set_and_use(UIMKEY_ALG_3DES, k3des, 24, pf_default_mgmt, 24, "3DES");
	set_and_use(UIMKEY_ALG_3DES, k2key, 24, k3des, 24, "two-key 3DES");
	set_and_use(UIMKEY_ALG_AES128, k128, 16, k2key, 24, "AES-128");
	set_and_use(UIMKEY_ALG_AES192, k192, 24, k128, 16, "AES-192");
	set_and_use(UIMKEY_ALG_AES256, k256, 32, k192, 24, "AES-256");
	check(pf_last_data(&d, &len) && len == 38 &&
	    pf->fc.io.wire.last[0] == pf_cla(dev) &&
	    memcmp(pf->fc.io.wire.last + 1, "\x87\x0C\x9B", 3) == 0 &&
	    memcmp(d, "\x7C\x24\x80\x10", 4) == 0,
	    "AES-256 steps carry 16-byte blocks: 7C { 80 16, 81 16 }");

	/* A card without GET METADATA: alg 0 means 3DES. */
	pf->no_metadata = 1;
	check(uimkey_piv_auth_mgmt(dev, 0, k256, 32) == UIMKEY_ERR_ARG,
	    "no metadata: alg 0 falls back to 3DES, and a 32-byte key is no "
	    "3DES key (ARG)");
	check(uimkey_piv_auth_mgmt(dev, 0, k192, 24) == UIMKEY_ERR_SW_DATA,
	    "no metadata: 3DES tried on an AES card is SW_DATA");
	check(uimkey_piv_auth_mgmt(dev, UIMKEY_ALG_AES256, k256, 32) ==
	    UIMKEY_OK, "no metadata: the alg given works");
	check(uimkey_piv_set_mgmt_key(dev, UIMKEY_ALG_3DES, k3des, 24) ==
	    UIMKEY_OK, "back to 3DES");
	check(uimkey_piv_auth_mgmt(dev, 0, k3des, 24) == UIMKEY_OK,
	    "no metadata: alg 0 authenticates a 3DES card (fallback)");
	pf->no_metadata = 0;
}

static void
test_liar(void)
{
	static const uint8_t k3des[24] = {
		0x10, 0x32, 0x54, 0x76, 0x98, 0xBA, 0xDC, 0xFE,
		0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
		0xF1, 0xE0, 0xD3, 0xC2, 0xB5, 0xA4, 0x97, 0x86 };

	pf->lie_82 = 1;
	check(uimkey_piv_auth_mgmt(dev, 0, k3des, 24) == UIMKEY_ERR_BAD_RSP,
	    "a card whose answer to our challenge is wrong: BAD_RSP");
	check(uimkey_piv_auth_mgmt(dev, UIMKEY_ALG_3DES, k3des, 24) ==
	    UIMKEY_ERR_BAD_RSP, "the same with the alg given");
	pf->lie_82 = 0;
	check(uimkey_piv_auth_mgmt(dev, 0, k3des, 24) == UIMKEY_OK,
	    "the honest card passes");
}

static void
test_args(void)
{
	static const uint8_t weak12[24] = {
		1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8,
		9, 10, 11, 12, 13, 14, 15, 16 };
	static const uint8_t weak23[24] = {
		9, 10, 11, 12, 13, 14, 15, 16, 1, 2, 3, 4, 5, 6, 7, 8,
		0, 3, 2, 5, 4, 7, 6, 9 };   /* K3 = K2 but for parity bits */
	uint8_t k[32] = { 0 };
	unsigned apdus = pf->fc.io.wire.apdus;

	check(uimkey_piv_auth_mgmt(NULL, 0, pf_default_mgmt, 24) ==
	    UIMKEY_ERR_ARG && uimkey_piv_auth_mgmt(dev, 0, NULL, 24) ==
	    UIMKEY_ERR_ARG, "NULL device or key: ARG");
	check(uimkey_piv_auth_mgmt(dev, UIMKEY_ALG_3DES, k, 16) ==
	    UIMKEY_ERR_ARG && uimkey_piv_auth_mgmt(dev, UIMKEY_ALG_AES128, k,
	    24) == UIMKEY_ERR_ARG && uimkey_piv_auth_mgmt(dev, 0, k, 20) ==
	    UIMKEY_ERR_ARG, "a key length that is not the alg's: ARG");
	check(uimkey_piv_auth_mgmt(dev, UIMKEY_ALG_ECCP256, k, 32) ==
	    UIMKEY_ERR_ARG, "a key pair alg is no management key alg: ARG");
	check(uimkey_piv_set_mgmt_key(dev, UIMKEY_ALG_3DES, pf_default_mgmt,
	    24) == UIMKEY_ERR_ARG, "the factory key (single DES) cannot be set");
	check(uimkey_piv_set_mgmt_key(dev, UIMKEY_ALG_3DES, weak12, 24) ==
	    UIMKEY_ERR_ARG && uimkey_piv_set_mgmt_key(dev, UIMKEY_ALG_3DES,
	    weak23, 24) == UIMKEY_ERR_ARG,
	    "3DES with K1 = K2, or K2 = K3 up to parity: ARG");
	check(uimkey_piv_set_mgmt_key(dev, UIMKEY_ALG_AES256, k, 24) ==
	    UIMKEY_ERR_ARG && uimkey_piv_set_mgmt_key(dev, 0x09, k, 16) ==
	    UIMKEY_ERR_ARG && uimkey_piv_set_mgmt_key(dev, UIMKEY_ALG_AES128,
	    NULL, 16) == UIMKEY_ERR_ARG,
	    "set: wrong length, unknown alg, NULL key: ARG");
	check(pf->fc.io.wire.apdus == apdus, "no APDU was sent for any refused argument");
}

int
main(void)
{
	static const pf_part parts[] = { test_default, test_wrong,
	    test_set_keys, test_liar, test_args };

	return PF_RUN(&ctx, &dev, parts);
}
