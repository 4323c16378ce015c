/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Power cuts in whole commands, part 3: the key slots.  GENERATE P-256
 * and RSA-2048 over an imported key, IMPORT KEY (EC) over a generated
 * one, MOVE KEY and DELETE KEY, each cut at every one of its writes and
 * the card restarted on what landed.  Through its APDUs only: a slot
 * holds the old key or a whole new one (metadata consistent, and the key
 * signs or deciphers so that the metadata's public key checks it), a
 * moved key is in exactly one of its two slots, and a completed
 * GENERATE answered the public key that the metadata now shows.
 *
 * A key generated with the management key alone is sealed until its
 * first use after a VERIFY, which also stores it under KP: that
 * signature is cut at every write too, and the key must sign after the
 * reboot, twice (from the form the cut left, then from the other).
 *
 * P-256 commands run with all five tears in both models.  GENERATE
 * RSA-2048 makes a new key in every run, so it runs with the tears
 * NONE, HALF and WHOLE only (both models), and without the second cut
 * in the restart that the P-256 commands get (tears NONE, HALF, WHOLE);
 * set UIMKEY_PC_RSA_ALL=1 for all five tears.  Ends with
 * "# cut points total: N".
 */
#include "tests/unit/key_vectors.h"
#include "tests/unit/powercut_probe.h"

static uint8_t vec_q[65];               /* the imported key's point */
static struct keym old_9e;              /* the generated key IMPORT replaces */
static uint8_t gen_pub[PUB_MAX];        /* what a completed GENERATE said */
static size_t gen_pub_len;

static const int tears_rsa[] = { RAM_TEAR_NONE, RAM_TEAR_HALF, RAM_TEAR_WHOLE };
#define TEARS_RSA (sizeof(tears_rsa) / sizeof(tears_rsa[0]))

/* The imported test key, PIN policy NEVER. */
static int
is_vec(uint16_t sw, const struct keym *k)
{
	return sw == UIMKEY_SW_OK && k->alg == UIMKEY_ALG_ECCP256 &&
	    k->pin == UIMKEY_PIN_POLICY_NEVER && k->touch == 1 &&
	    k->origin == UIMKEY_ORIGIN_IMPORTED && pub_is_point(k, vec_q);
}

/* --- GENERATE --- */

static uint16_t
gen_run(uint8_t slot, uint8_t alg)
{
	const uint8_t *v;
	size_t n;
	uint16_t sw = generate(slot, alg, "AA 01 01");

	gen_pub_len = 0;
	if (sw == UIMKEY_SW_OK && tlv_find(ans, ans_len, 0x7F49, &v, &n) &&
	    n <= sizeof(gen_pub)) {
		memcpy(gen_pub, v, n);
		gen_pub_len = n;
	}
	return sw;
}

static uint16_t
run_gen_ec(void)
{
	return gen_run(0x9C, UIMKEY_ALG_ECCP256);
}

static uint16_t
run_gen_rsa(void)
{
	return gen_run(0x9D, UIMKEY_ALG_RSA2048);
}

/* The old imported key, or a new generated key of alg that works. */
static const char *
judge_gen(uint8_t slot, uint8_t alg, uint16_t sw)
{
	struct keym k;
	uint16_t m = key_meta(slot, &k);
	int is_new;

	if (is_vec(m, &k)) {
		if (sw == UIMKEY_SW_OK)
			return "answered 9000, the old key is in the slot";
		if (!key_works(slot, &k))
			return "the old key does not work";
		return NULL;
	}
	is_new = m == UIMKEY_SW_OK && k.alg == alg &&
	    k.origin == UIMKEY_ORIGIN_GENERATED &&
	    k.pin == UIMKEY_PIN_POLICY_NEVER && k.touch == 1;
	if (!is_new)
		return whyf("GET METADATA %04X: alg %02X, policies %02X %02X, "
		    "origin %02X: neither old nor new", m, k.alg, k.pin, k.touch,
		    k.origin);
	if (!key_works(slot, &k))
		return "the new key does not match its metadata's public key";
	if (sw == UIMKEY_SW_OK && (gen_pub_len != k.pub_len ||
	    memcmp(gen_pub, k.pub, k.pub_len) != 0))
		return "the public key answered is not the metadata's";
	return NULL;
}

static const char *
judge_gen_ec(uint16_t sw, int was_cut)
{
	(void)was_cut;
	return judge_gen(0x9C, UIMKEY_ALG_ECCP256, sw);
}

static const char *
judge_gen_rsa(uint16_t sw, int was_cut)
{
	(void)was_cut;
	return judge_gen(0x9D, UIMKEY_ALG_RSA2048, sw);
}

/* --- IMPORT KEY --- */

static uint16_t
run_import(void)
{
	return sendx(UIMKEY_INS_IMPORT_KEY, UIMKEY_ALG_ECCP256, 0x9E,
	    "06 20" VEC_P256_D " AA 01 01");
}

static const char *
judge_import(uint16_t sw, int was_cut)
{
	struct keym k;
	uint16_t m = key_meta(0x9E, &k);

	(void)was_cut;
	if (is_vec(m, &k)) {
		if (!key_works(0x9E, &k))
			return "the imported key does not work";
		return NULL;
	}
	if (m != UIMKEY_SW_OK || k.origin != UIMKEY_ORIGIN_GENERATED ||
	    k.pub_len != old_9e.pub_len ||
	    memcmp(k.pub, old_9e.pub, k.pub_len) != 0 || k.pin != old_9e.pin)
		return whyf("GET METADATA %04X, origin %02X: neither the old "
		    "key nor the imported one", m, k.origin);
	if (sw == UIMKEY_SW_OK)
		return "answered 9000, the old key is in the slot";
	if (!key_works(0x9E, &k))
		return "the old key does not work";
	return NULL;
}

/* --- the first use of a sealed key --- */

static struct keym sealed_9a;           /* generated sealed, policy once */
static int sealed_sig_ok;               /* the run's signature verified */

static void
setup_verify(void)
{
	if (!verify_pin())
		printf("# setup: the PIN does not verify\n");
}

static uint16_t
run_sign_sealed(void)
{
	static const uint8_t hash[32] = "uimkey power-cut: a sealed key";
	br_ec_public_key pk = { BR_EC_secp256r1, NULL, 65 };
	uint8_t q[65], sig[128];
	size_t n = 0;
	uint16_t sw = key_op(UIMKEY_ALG_ECCP256, 0x9A, 0x81, hash,
	    sizeof(hash), sig, &n);

	memcpy(q, sealed_9a.pub + 2, sizeof(q));
	pk.q = q;
	sealed_sig_ok = sw == UIMKEY_SW_OK && br_ecdsa_i31_vrfy_asn1(
	    &br_ec_p256_m31, hash, sizeof(hash), &pk, sig, n) == 1;
	return sw;
}

static const char *
judge_sign_sealed(uint16_t sw, int was_cut)
{
	struct keym k;
	int use;

	(void)was_cut;
	if (sw == UIMKEY_SW_OK && !sealed_sig_ok)
		return "answered 9000 with a signature that does not verify";
	if (key_meta(0x9A, &k) != UIMKEY_SW_OK ||
	    k.pin != UIMKEY_PIN_POLICY_ONCE || k.pub_len != sealed_9a.pub_len ||
	    memcmp(k.pub, sealed_9a.pub, k.pub_len) != 0)
		return "the metadata of 9A changed";
	for (use = 0; use < 2; use++)
		if (!verify_pin() || !key_works(0x9A, &k))
			return whyf("use %d after the reboot does not sign", use);
	return NULL;
}

static uint8_t *
sealed_image(const uint8_t *factory)
{
	int ok;

	image_boot(factory);
	ok = admin_auth() && generate(0x9A, UIMKEY_ALG_ECCP256,
	    "AA 01 02") == UIMKEY_SW_OK &&
	    key_meta(0x9A, &sealed_9a) == UIMKEY_SW_OK &&
	    pub_is_point(&sealed_9a, sealed_9a.pub + 2);
	check(ok, "setup: a key of policy once generated before any VERIFY");
	return image_take();
}

/* --- MOVE KEY, DELETE KEY --- */

static uint16_t
run_move(void)
{
	return xsend(UIMKEY_INS_MOVE_KEY, 0x82, 0x9A, NULL, 0);
}

static uint16_t
run_delete(void)
{
	return xsend(UIMKEY_INS_MOVE_KEY, 0xFF, 0x9A, NULL, 0);
}

/* The key in 9A and 82 empty (old), or the reverse (new). */
static const char *
judge_move(uint16_t sw, int was_cut)
{
	struct keym a, b;
	uint16_t sa = key_meta(0x9A, &a), sb = key_meta(0x82, &b);
	int in_a = is_vec(sa, &a), in_b = is_vec(sb, &b);

	(void)was_cut;
	if (in_a && in_b)
		return "the key is in both slots";
	if (in_a ? sb != UIMKEY_SW_REF_NOT_FOUND :
	    in_b ? sa != UIMKEY_SW_REF_NOT_FOUND : 1)
		return whyf("9A answers %04X (%s), 82 %04X (%s)", sa,
		    in_a ? "the key" : "not the key", sb,
		    in_b ? "the key" : "not the key");
	if (sw == UIMKEY_SW_OK && !in_b)
		return "answered 9000, the key is still in 9A";
	if (!key_works(in_a ? 0x9A : 0x82, in_a ? &a : &b))
		return "the moved key does not work";
	if (!admin_auth() || xsend(UIMKEY_INS_MOVE_KEY, in_a ? 0x82 : 0x9A, in_a ? 0x9A : 0x82,
	    NULL, 0) != UIMKEY_SW_OK)
		return "the key does not move on";
	return NULL;
}

static const char *
judge_delete(uint16_t sw, int was_cut)
{
	struct keym a;
	uint16_t sa = key_meta(0x9A, &a);

	(void)was_cut;
	if (is_vec(sa, &a)) {
		if (sw == UIMKEY_SW_OK)
			return "answered 9000, the key is still there";
		if (!key_works(0x9A, &a))
			return "the key does not work";
		return NULL;
	}
	if (sa != UIMKEY_SW_REF_NOT_FOUND)
		return whyf("9A answers %04X", sa);
	if (!admin_auth() ||
	    generate(0x9A, UIMKEY_ALG_ECCP256, "AA 01 01") != UIMKEY_SW_OK ||
	    key_meta(0x9A, &a) != UIMKEY_SW_OK || !key_works(0x9A, &a))
		return "the emptied slot takes no new key";
	return NULL;
}

/* The slots as the commands find them: the test key imported in 9A, 9C
 * and 9D, a generated key in 9E. */
static uint8_t *
keys_image(const uint8_t *factory)
{
	static const uint8_t slots[] = { 0x9A, 0x9C, 0x9D };
	struct keym k;
	size_t i;
	int ok;

	hex_parse(VEC_P256_Q, vec_q, sizeof(vec_q));
	image_boot(factory);
	ok = admin_auth();
	for (i = 0; i < sizeof(slots); i++)
		ok = ok && sendx(UIMKEY_INS_IMPORT_KEY, UIMKEY_ALG_ECCP256,
		    slots[i], "06 20" VEC_P256_D " AA 01 01") == UIMKEY_SW_OK &&
		    is_vec(key_meta(slots[i], &k), &k) && key_works(slots[i], &k);
	ok = ok && generate(0x9E, UIMKEY_ALG_ECCP256, "") == UIMKEY_SW_OK &&
	    key_meta(0x9E, &old_9e) == UIMKEY_SW_OK &&
	    key_works(0x9E, &old_9e) &&
	    key_meta(0x82, &k) == UIMKEY_SW_REF_NOT_FOUND;
	check(ok, "setup: the test key in 9A, 9C, 9D; a generated key in 9E");
	return image_take();
}

int
main(void)
{
	const char *all = getenv("UIMKEY_PC_RSA_ALL");
	uint8_t *factory, *keys, *sealed;
	unsigned long total = 0, twice = 0;
	double t0 = now_ms();

	factory = factory_image();
	keys = keys_image(factory);
	sealed = sealed_image(factory);
	{
		const struct pc_cmd cmds[] = {
			{ "GENERATE P-256 over a key", keys, setup_admin,
			    run_gen_ec, 0, judge_gen_ec },
			{ "IMPORT KEY P-256 over a key", keys, setup_admin,
			    run_import, 0, judge_import },
			{ "MOVE KEY", keys, setup_admin, run_move, 0,
			    judge_move },
			{ "DELETE KEY", keys, setup_admin, run_delete, 0,
			    judge_delete },
			{ "GENERAL AUTHENTICATE, a sealed key's first use",
			    sealed, setup_verify, run_sign_sealed, 0,
			    judge_sign_sealed },
		};
		const struct pc_cmd rsa = { "GENERATE RSA-2048 over a key",
		    keys, setup_admin, run_gen_rsa, 0, judge_gen_rsa };

		cut_all(cmds, sizeof(cmds) / sizeof(cmds[0]), 0, &total,
		    &twice);
		if (all != NULL && strcmp(all, "1") == 0)
			total += cut_command(&rsa, tears_all, TEARS_ALL);
		else
			total += cut_command(&rsa, tears_rsa, TEARS_RSA);
	}
	report_total(total, twice, t0);
	free(factory);
	free(keys);
	free(sealed);
	return check_done();
}
