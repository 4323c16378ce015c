/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The PIV client's key slot functions against the card core in process:
 * GENERATE (EC and RSA, public key as SubjectPublicKeyInfo equal to the
 * metadata's), IMPORT of EC and RSA keys (known vectors; RSA 4096 goes
 * in chained parts), MOVE and DELETE, metadata of key slots, refusals of
 * the card (no management key, occupied or empty slots, bad keys) and
 * arguments refused before any APDU.  Every answer is scanned for the
 * imported private keys.
 */
#include <bearssl/bearssl.h>

#include "tests/unit/piv_fake.h"
#include "tests/unit/hex.h"
#include "tests/unit/key_vectors.h"

static uimkey_ctx_t *ctx;
static uimkey_dev_t *dev;

/* The imported keys, registered as secrets with the fake. */
static uint8_t p256_d[32], p256_q[65], p384_d[48], p384_q[97];
static uint8_t rsa_n[256], rsa_e[3] = { 1, 0, 1 };
static uint8_t r2[5][128], r4[5][256];
static uimkey_piv_rsa_key_t rsa2k, rsa4k;

static void
load_vectors(void)
{
	static const char *const r2hex[5] = { VEC_RSA_P, VEC_RSA_Q,
	    VEC_RSA_DP, VEC_RSA_DQ, VEC_RSA_IQ };
	static const char *const r4hex[5] = { VEC_RSA4K_P, VEC_RSA4K_Q,
	    VEC_RSA4K_DP, VEC_RSA4K_DQ, VEC_RSA4K_IQ };
	int i;

	hex_parse(VEC_P256_D, p256_d, sizeof(p256_d));
	hex_parse(VEC_P256_Q, p256_q, sizeof(p256_q));
	hex_parse(VEC_P384_D, p384_d, sizeof(p384_d));
	hex_parse(VEC_P384_Q, p384_q, sizeof(p384_q));
	hex_parse(VEC_RSA_N, rsa_n, sizeof(rsa_n));
	for (i = 0; i < 5; i++) {
		hex_parse(r2hex[i], r2[i], sizeof(r2[i]));
		hex_parse(r4hex[i], r4[i], sizeof(r4[i]));
	}
	rsa2k = (uimkey_piv_rsa_key_t){ r2[0], r2[1], r2[2], r2[3], r2[4],
	    128, 128, 128, 128, 128 };
	rsa4k = (uimkey_piv_rsa_key_t){ r4[0], r4[1], r4[2], r4[3], r4[4],
	    256, 256, 256, 256, 256 };
	pf_secret(p256_d, sizeof(p256_d));
	pf_secret(p384_d, sizeof(p384_d));
	for (i = 0; i < 5; i++) {
		pf_secret(r2[i], sizeof(r2[i]));
		pf_secret(r4[i], sizeof(r4[i]));
	}
}

static void
test_needs_admin(void)
{
	uint8_t spki[UIMKEY_PIV_SPKI_MAX];
	size_t len;

	check(uimkey_piv_generate(dev, 0x9A, UIMKEY_ALG_ECCP256, 0, 0, spki,
	    sizeof(spki), &len) == UIMKEY_ERR_SW_SECURITY,
	    "generate without the management key: SW_SECURITY");
	check(uimkey_piv_import_ec(dev, 0x9A, UIMKEY_ALG_ECCP256, p256_d, 32,
	    0, 0) == UIMKEY_ERR_SW_SECURITY,
	    "import without the management key: SW_SECURITY");
	check(uimkey_piv_delete_key(dev, 0x9A) == UIMKEY_ERR_SW_SECURITY &&
	    uimkey_piv_move_key(dev, 0x9A, 0x9C) == UIMKEY_ERR_SW_SECURITY,
	    "move and delete without the management key: SW_SECURITY");
	check(uimkey_piv_get_metadata(dev, 0x9A, &(uimkey_piv_meta_t){ 0 }) ==
	    UIMKEY_ERR_SW_NO_REF, "metadata of an empty slot: SW_NO_REF");
	check(uimkey_piv_auth_mgmt(dev, 0, pf_default_mgmt, 24) == UIMKEY_OK,
	    "management key authenticated");
}

/* Generate alg in slot; the SPKI parses to alg and equals the
 * metadata's; the policies and origin are as expected. */
static int
gen_check(uint8_t slot, uint8_t alg, uint8_t pin, uint8_t want_pin)
{
	uint8_t spki[UIMKEY_PIV_SPKI_MAX];
	uimkey_piv_meta_t m;
	uimkey_piv_pubkey_t pk;
	size_t len = 0;

	if (uimkey_piv_generate(dev, slot, alg, pin, 0, spki, sizeof(spki),
	    &len) != UIMKEY_OK || uimkey_piv_spki_parse(spki, len, &pk) !=
	    UIMKEY_OK || pk.alg != alg ||
	    uimkey_piv_get_metadata(dev, slot, &m) != UIMKEY_OK)
		return 0;
	if (alg == UIMKEY_ALG_RSA2048 && (pk.n_len != 256 || pk.e_len != 3 ||
	    memcmp(pk.e, rsa_e, 3) != 0))
		return 0;
	if (alg == UIMKEY_ALG_ECCP384 && pk.point_len != 97)
		return 0;
	return m.alg == alg && m.pin_policy == want_pin &&
	    m.touch_policy == UIMKEY_TOUCH_POLICY_NEVER &&
	    m.origin == UIMKEY_ORIGIN_GENERATED && m.is_default == -1 &&
	    m.tries_left == -1 && m.spki_len == len &&
	    memcmp(m.spki, spki, len) == 0;
}

static void
test_generate(void)
{
	size_t len = 99;

	check(gen_check(0x9A, UIMKEY_ALG_ECCP256, 0, UIMKEY_PIN_POLICY_ONCE),
	    "generate P-256 in 9A: SPKI = metadata's, default policy ONCE");
	check(gen_check(0x9C, UIMKEY_ALG_ECCP384, 0,
	    UIMKEY_PIN_POLICY_ALWAYS),
	    "generate P-384 in 9C: default policy ALWAYS");
	check(gen_check(0x9D, UIMKEY_ALG_ECCP256, UIMKEY_PIN_POLICY_NEVER,
	    UIMKEY_PIN_POLICY_NEVER), "generate with PIN policy NEVER");
	check(gen_check(0x9E, UIMKEY_ALG_RSA2048, UIMKEY_PIN_POLICY_ALWAYS,
	    UIMKEY_PIN_POLICY_ALWAYS),
	    "generate RSA-2048 in 9E: n of 256 bytes, e 65537, ALWAYS");
	check(uimkey_piv_generate(dev, 0x95, UIMKEY_ALG_ECCP256, 0, 0, NULL, 0,
	    &len) == UIMKEY_OK && len == 99,
	    "generate without asking for the public key");
	check(uimkey_piv_generate(dev, 0x95, UIMKEY_ALG_ECCP256, 0,
	    0x02, NULL, 0, NULL) == UIMKEY_ERR_SW_DATA,
	    "touch ALWAYS on a card without a sensor: the card says SW_DATA");
}

static void
test_import(void)
{
	static const uint8_t one = 1;
	static const uint8_t p256_g[] = { 0x04,
	    0x6B, 0x17, 0xD1, 0xF2, 0xE1, 0x2C, 0x42, 0x47, 0xF8, 0xBC, 0xE6,
	    0xE5, 0x63, 0xA4, 0x40, 0xF2, 0x77, 0x03, 0x7D, 0x81, 0x2D, 0xEB,
	    0x33, 0xA0, 0xF4, 0xA1, 0x39, 0x45, 0xD8, 0x98, 0xC2, 0x96 };
	static const uint8_t p256_order[32] = {
	    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF,
	    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17,
	    0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51 };
	uint8_t p0[129];
	uimkey_piv_meta_t m;
	uimkey_piv_pubkey_t pk;
	uimkey_piv_rsa_key_t k;
	unsigned chained;

	check(uimkey_piv_import_ec(dev, 0x9A, UIMKEY_ALG_ECCP256, p256_d, 32,
	    UIMKEY_PIN_POLICY_NEVER, 0) == UIMKEY_OK &&
	    uimkey_piv_get_metadata(dev, 0x9A, &m) == UIMKEY_OK &&
	    m.origin == UIMKEY_ORIGIN_IMPORTED &&
	    m.pin_policy == UIMKEY_PIN_POLICY_NEVER &&
	    uimkey_piv_spki_parse(m.spki, m.spki_len, &pk) == UIMKEY_OK &&
	    pk.point_len == 65 && memcmp(pk.point, p256_q, 65) == 0,
	    "import P-256 (RFC 6979 key) over 9A: imported, its public point");
	check(uimkey_piv_import_ec(dev, 0x9C, UIMKEY_ALG_ECCP384, p384_d, 48,
	    0, 0) == UIMKEY_OK &&
	    uimkey_piv_get_metadata(dev, 0x9C, &m) == UIMKEY_OK &&
	    uimkey_piv_spki_parse(m.spki, m.spki_len, &pk) == UIMKEY_OK &&
	    pk.alg == UIMKEY_ALG_ECCP384 && memcmp(pk.point, p384_q, 97) == 0,
	    "import P-384 over 9C: its public point");
	check(uimkey_piv_import_ec(dev, 0x83, UIMKEY_ALG_ECCP256, &one, 1, 0,
	    0) == UIMKEY_OK &&
	    uimkey_piv_get_metadata(dev, 0x83, &m) == UIMKEY_OK &&
	    uimkey_piv_spki_parse(m.spki, m.spki_len, &pk) == UIMKEY_OK &&
	    memcmp(pk.point, p256_g, sizeof(p256_g)) == 0,
	    "a 1-byte d (1) is padded: its public key is the generator");
	check(uimkey_piv_import_ec(dev, 0x83, UIMKEY_ALG_ECCP256, p256_order,
	    32, 0, 0) == UIMKEY_ERR_SW_DATA,
	    "d equal to the order: the card refuses it (SW_DATA)");

	check(uimkey_piv_import_rsa(dev, 0x9D, UIMKEY_ALG_RSA2048, &rsa2k, 0,
	    0) == UIMKEY_OK &&
	    uimkey_piv_get_metadata(dev, 0x9D, &m) == UIMKEY_OK &&
	    m.origin == UIMKEY_ORIGIN_IMPORTED &&
	    uimkey_piv_spki_parse(m.spki, m.spki_len, &pk) == UIMKEY_OK &&
	    pk.alg == UIMKEY_ALG_RSA2048 && pk.n_len == 256 &&
	    memcmp(pk.n, rsa_n, 256) == 0,
	    "import RSA-2048 over 9D: its modulus in the metadata");
	chained = pf->fc.io.wire.chained;
	check(uimkey_piv_import_rsa(dev, 0x84, UIMKEY_ALG_RSA4096, &rsa4k,
	    UIMKEY_PIN_POLICY_NEVER, UIMKEY_TOUCH_POLICY_NEVER) == UIMKEY_OK &&
	    uimkey_piv_get_metadata(dev, 0x84, &m) == UIMKEY_OK &&
	    m.alg == UIMKEY_ALG_RSA4096 && m.spki_len > 512,
	    "import RSA-4096 into 84");
	if (pf_ext(dev))
		check(pf->fc.io.wire.chained == chained &&
		    pf->fc.io.wire.longest >= 4 + 3 + 1306,
		    "the 1306 bytes of the RSA-4096 import went in one "
		    "extended APDU");
	else
		check(pf->fc.io.wire.chained - chained == 5,
		    "the 1306 bytes of the RSA-4096 import went in 5 chained "
		    "parts and a last one");
	k = rsa2k;
	p0[0] = 0;
	memcpy(p0 + 1, r2[0], 128);
	k.p = p0;
	k.p_len = 129;
	check(uimkey_piv_import_rsa(dev, 0x85, UIMKEY_ALG_RSA2048, &k, 0, 0) ==
	    UIMKEY_OK, "a leading zero on p is dropped, not refused");
	k.dq = r2[2];   /* dp where dq belongs */
	check(uimkey_piv_import_rsa(dev, 0x85, UIMKEY_ALG_RSA2048, &k, 0, 0) ==
	    UIMKEY_ERR_SW_DATA, "an inconsistent RSA key: the card refuses it");
	memset(p0, 0, sizeof(p0));
}

static void
test_move_delete(void)
{
	uimkey_piv_meta_t before, m;

	check(uimkey_piv_get_metadata(dev, 0x9A, &before) == UIMKEY_OK &&
	    uimkey_piv_move_key(dev, 0x9A, 0x86) == UIMKEY_OK,
	    "move 9A to 86");
	check(uimkey_piv_get_metadata(dev, 0x9A, &m) == UIMKEY_ERR_SW_NO_REF,
	    "9A is empty after the move");
	check(uimkey_piv_get_metadata(dev, 0x86, &m) == UIMKEY_OK &&
	    m.alg == before.alg && m.origin == before.origin &&
	    m.pin_policy == before.pin_policy && m.spki_len ==
	    before.spki_len && memcmp(m.spki, before.spki, m.spki_len) == 0,
	    "86 holds the same key, policies and origin");
	check(uimkey_piv_move_key(dev, 0x9C, 0x86) == UIMKEY_ERR_SW_CONDITIONS,
	    "moving onto a key: SW_CONDITIONS");
	check(uimkey_piv_move_key(dev, 0x9A, 0x87) == UIMKEY_ERR_SW_NO_REF,
	    "moving from an empty slot: SW_NO_REF");
	check(uimkey_piv_delete_key(dev, 0x86) == UIMKEY_OK &&
	    uimkey_piv_get_metadata(dev, 0x86, &m) == UIMKEY_ERR_SW_NO_REF,
	    "delete 86: empty after");
	check(uimkey_piv_delete_key(dev, 0x86) == UIMKEY_ERR_SW_NO_REF,
	    "deleting an empty slot: SW_NO_REF");
	check(uimkey_piv_get_metadata(dev, UIMKEY_SLOT_ATTEST, &m) ==
	    UIMKEY_OK && m.alg == UIMKEY_ALG_ECCP256 && m.spki_len == 91,
	    "metadata of F9, the attestation key");
}

static void
test_args(void)
{
	uint8_t spki[UIMKEY_PIV_SPKI_MAX], d[49] = { 1 };
	uimkey_piv_rsa_key_t k = rsa2k;
	uimkey_piv_meta_t m;
	unsigned apdus = pf->fc.io.wire.apdus;
	size_t len;

	check(uimkey_piv_generate(dev, 0x9B, UIMKEY_ALG_ECCP256, 0, 0, NULL, 0,
	    NULL) == UIMKEY_ERR_ARG && uimkey_piv_generate(dev, 0xF9,
	    UIMKEY_ALG_ECCP256, 0, 0, NULL, 0, NULL) == UIMKEY_ERR_ARG &&
	    uimkey_piv_generate(dev, 0x96, UIMKEY_ALG_ECCP256, 0, 0, NULL, 0,
	    NULL) == UIMKEY_ERR_ARG && uimkey_piv_generate(dev, 0x81,
	    UIMKEY_ALG_ECCP256, 0, 0, NULL, 0, NULL) == UIMKEY_ERR_ARG,
	    "generate into 9B, F9, 96, 81: ARG");
	check(uimkey_piv_generate(dev, 0x9A, UIMKEY_ALG_RSA1024, 0, 0, NULL, 0,
	    NULL) == UIMKEY_ERR_ARG && uimkey_piv_generate(dev, 0x9A,
	    UIMKEY_ALG_3DES, 0, 0, NULL, 0, NULL) == UIMKEY_ERR_ARG,
	    "generate RSA-1024 or 3DES: ARG");
	check(uimkey_piv_generate(dev, 0x9A, UIMKEY_ALG_ECCP256, 4, 0, NULL, 0,
	    NULL) == UIMKEY_ERR_ARG && uimkey_piv_generate(dev, 0x9A,
	    UIMKEY_ALG_ECCP256, 0, 4, NULL, 0, NULL) == UIMKEY_ERR_ARG,
	    "generate with PIN policy 4 or touch policy 4: ARG");
	check(uimkey_piv_generate(dev, 0x9A, UIMKEY_ALG_ECCP256, 0, 0, spki,
	    UIMKEY_PIV_SPKI_MAX - 1, &len) == UIMKEY_ERR_ARG &&
	    uimkey_piv_generate(dev, 0x9A, UIMKEY_ALG_ECCP256, 0, 0, spki,
	    sizeof(spki), NULL) == UIMKEY_ERR_ARG,
	    "generate with a short SPKI buffer or no length: ARG (no key lost)");
	check(uimkey_piv_import_ec(dev, 0x9A, UIMKEY_ALG_ECCP256, d, 0, 0, 0) ==
	    UIMKEY_ERR_ARG && uimkey_piv_import_ec(dev, 0x9A,
	    UIMKEY_ALG_ECCP256, d, 33, 0, 0) == UIMKEY_ERR_ARG &&
	    uimkey_piv_import_ec(dev, 0x9A, UIMKEY_ALG_ECCP384, d, 49, 0, 0) ==
	    UIMKEY_ERR_ARG && uimkey_piv_import_ec(dev, 0x9A,
	    UIMKEY_ALG_RSA2048, d, 32, 0, 0) == UIMKEY_ERR_ARG &&
	    uimkey_piv_import_ec(dev, 0x9A, UIMKEY_ALG_ECCP256, NULL, 32, 0,
	    0) == UIMKEY_ERR_ARG, "import EC: d of 0, 33, 49 bytes, RSA alg, "
	    "NULL: ARG");
	k.q_len = 129;
	check(uimkey_piv_import_rsa(dev, 0x9A, UIMKEY_ALG_RSA2048, &k, 0, 0) ==
	    UIMKEY_ERR_ARG, "import RSA: an element longer than half: ARG");
	k = rsa2k;
	k.qinv = NULL;
	check(uimkey_piv_import_rsa(dev, 0x9A, UIMKEY_ALG_RSA2048, &k, 0, 0) ==
	    UIMKEY_ERR_ARG && uimkey_piv_import_rsa(dev, 0x9A,
	    UIMKEY_ALG_ECCP256, &rsa2k, 0, 0) == UIMKEY_ERR_ARG &&
	    uimkey_piv_import_rsa(dev, 0x9A, UIMKEY_ALG_RSA2048, NULL, 0, 0) ==
	    UIMKEY_ERR_ARG, "import RSA: NULL element, EC alg, no key: ARG");
	k = rsa2k;
	memset(d, 0, sizeof(d));
	k.dp = d;
	k.dp_len = 49;
	check(uimkey_piv_import_rsa(dev, 0x9A, UIMKEY_ALG_RSA2048, &k, 0, 0) ==
	    UIMKEY_ERR_ARG, "import RSA: an element of zeros only: ARG");
	check(uimkey_piv_move_key(dev, 0x9A, 0x9A) == UIMKEY_ERR_ARG &&
	    uimkey_piv_move_key(dev, 0x9A, 0xF9) == UIMKEY_ERR_ARG &&
	    uimkey_piv_move_key(dev, 0xF9, 0x9A) == UIMKEY_ERR_ARG &&
	    uimkey_piv_move_key(dev, 0x9B, 0x9A) == UIMKEY_ERR_ARG &&
	    uimkey_piv_move_key(dev, 0x9A, 0xFF) == UIMKEY_ERR_ARG,
	    "move onto itself, to or from F9 or 9B, to FF: ARG");
	check(uimkey_piv_delete_key(dev, 0xF9) == UIMKEY_ERR_ARG &&
	    uimkey_piv_delete_key(dev, 0x9B) == UIMKEY_ERR_ARG &&
	    uimkey_piv_delete_key(NULL, 0x9A) == UIMKEY_ERR_ARG,
	    "delete F9, 9B, NULL device: ARG");
	check(uimkey_piv_get_metadata(dev, 0x00, &m) == UIMKEY_ERR_ARG &&
	    uimkey_piv_get_metadata(dev, 0x7F, &m) == UIMKEY_ERR_ARG &&
	    uimkey_piv_get_metadata(dev, 0x9A, NULL) == UIMKEY_ERR_ARG,
	    "metadata of 00, 7F, or into NULL: ARG");
	check(pf->fc.io.wire.apdus == apdus, "no APDU was sent for any refused argument");
}

static void
test_spki_parse(void)
{
	uimkey_piv_meta_t m;
	uimkey_piv_pubkey_t pk;
	uint8_t bad[UIMKEY_PIV_SPKI_MAX];

	check(uimkey_piv_get_metadata(dev, 0x9D, &m) == UIMKEY_OK, "9D read");
	memcpy(bad, m.spki, m.spki_len);
	check(uimkey_piv_spki_parse(bad, m.spki_len - 1, &pk) ==
	    UIMKEY_ERR_ARG && pk.alg == 0, "a truncated SPKI: ARG");
	bad[12] ^= 0x01;        /* inside the rsaEncryption OID */
	check(uimkey_piv_spki_parse(bad, m.spki_len, &pk) ==
	    UIMKEY_ERR_UNSUPPORTED, "another key type: UNSUPPORTED");
}

int
main(void)
{
	static const pf_part parts[] = { load_vectors, test_needs_admin,
	    test_generate, test_import, test_move_delete, test_args,
	    test_spki_parse };

	(void)hex_format;
	return PF_RUN(&ctx, &dev, parts);
}
