/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libuimkey's issuer lock against the card core in process (piv_fake.h):
 * the issuer's helpers (message, hash, token encode and decode) checked
 * against BearSSL and against tokens built independently (test_lock.h);
 * INSTALL (refused while the management key is the factory one), APPLY
 * and the lock state through the library, each refusal of the card mapped
 * to its own error; a locked card refusing the PIN, the
 * keys and RESET with UIMKEY_ERR_SW_LOCKED while a device still opens on
 * it; the same key signing after the unlock; arguments refused before
 * any APDU.
 */
#include <bearssl/bearssl.h>

#include "codec/ecdsa_low_s.h"
#include "tests/unit/piv_fake.h"
#include "tests/unit/test_lock.h"

#define START 100u

/* The card's own management key: the card binds an issuer only once
 * the factory key is replaced. */
static const uint8_t own_key[16] = { 0x6F, 0x77, 0x6E, 0x20, 0x6B, 0x65,
	0x79, 0x20, 0x6F, 0x66, 0x20, 0x74, 0x68, 0x65, 0x20, 0x31 };
static uimkey_ctx_t *ctx;
static uimkey_dev_t *dev;
static struct issuer iss, rogue;
static uint8_t spki[UIMKEY_PIV_SPKI_MAX];
static size_t spki_len;

static uint32_t
serial(void)
{
	uint32_t s = 0;

	uimkey_dev_serial(dev, &s);
	return s;
}

/* A token through the library's helpers, signed by is with BearSSL. */
static size_t
lib_token(const struct issuer *is, uint32_t ser, uint8_t action,
    uint32_t counter, uint8_t *out)
{
	uint8_t hash[32], sig[80];
	size_t sl, n = 0;

	if (uimkey_lock_token_hash(ser, action, counter, hash) != UIMKEY_OK)
		return 0;
	sl = br_ecdsa_i31_sign_asn1(br_ec_get_default(), &br_sha256_vtable,
	    hash, &is->sk, sig);
	if (uimkey_lock_token_encode(ser, action, counter, sig, sl, out,
	    UIMKEY_LOCK_TOKEN_MAX, &n) != UIMKEY_OK)
		return 0;
	return n;
}

static int
apply(const struct issuer *is, uint32_t ser, uint8_t action,
    uint32_t counter)
{
	uint8_t t[UIMKEY_LOCK_TOKEN_MAX];
	size_t n = lib_token(is, ser, action, counter, t);

	return n == 0 ? UIMKEY_ERR_INTERNAL :
	    uimkey_piv_apply_lock_token(dev, t, n);
}

static int
status_is(int installed, int locked, uint32_t counter)
{
	uimkey_piv_lock_info_t info;
	int r = uimkey_piv_lock_info(dev, &info);

	return r == UIMKEY_OK && info.installed == installed &&
	    info.locked == locked && info.counter == counter &&
	    (installed ? memcmp(info.issuer, iss.pk.q, 65) == 0 :
	    info.issuer[0] == 0);
}

/* VERIFY and a signature by 9A, checked with BearSSL against spki. */
static int
sign_ok(void)
{
	uint8_t hash[32], sig[UIMKEY_PIV_SIG_MAX];
	uimkey_piv_pubkey_t k;
	br_ec_public_key pk;
	size_t n;
	int tries;

	memset(hash, 0x3C, sizeof(hash));
	if (uimkey_piv_verify_pin(dev, "123456", &tries) != UIMKEY_OK ||
	    uimkey_piv_sign(dev, 0x9A, 0, hash, 32, sig, sizeof(sig), &n) !=
	    UIMKEY_OK || uimkey_piv_spki_parse(spki, spki_len, &k) != UIMKEY_OK)
		return 0;
	pk.curve = BR_EC_secp256r1;
	pk.q = (unsigned char *)(uintptr_t)k.point;
	pk.qlen = k.point_len;
	return br_ecdsa_i31_vrfy_asn1(br_ec_get_default(), hash, 32, &pk, sig,
	    n) == 1;
}

/*
 * Low-S: encode puts every signature in the form the card takes, and the
 * shared check (codec/ecdsa_low_s.h) tells the twins apart, against the
 * tests' own arithmetic (test_lock.h).
 */
static void
test_low_s(void)
{
	uint8_t hi[80], lo[80], t[UIMKEY_LOCK_TOKEN_MAX], u[80], bad[80];
	size_t hl, ll, n, k;
	unsigned c, highs = 0, enc_ok = 0, check_ok = 0;
	int high;

	for (c = 1; c <= 32; c++) {
		hl = token_sign_form(&iss, 7, 1, c, 1, hi);
		ll = token_sign_form(&iss, 7, 1, c, 0, lo);
		sig_form(hi, 1, u, &high);
		highs += (unsigned)high;
		enc_ok += uimkey_lock_token_encode(7, 1, c, hi, hl, t, sizeof(t),
		    &n) == UIMKEY_OK && n == 17 + ll && t[16] == ll &&
		    memcmp(t + 17, lo, ll) == 0;
		k = uk_ecdsa_p256_to_low_s(hi, hl, u, sizeof(u));
		check_ok += uk_ecdsa_p256_low_s(lo, ll) == 1 &&
		    uk_ecdsa_p256_low_s(hi, hl) == 0 && k == ll &&
		    memcmp(u, lo, ll) == 0 &&
		    uk_ecdsa_p256_to_low_s(lo, ll, u, sizeof(u)) == ll &&
		    memcmp(u, lo, ll) == 0;
	}
	check(highs == 32 && enc_ok == 32, "encode: 32 high-S signatures "
	    "(s > n/2) become their low-S twins (r, n - s) in the token");
	check(check_ok == 32, "the shared check: low-S yes, high-S no; "
	    "to_low_s gives the twin, and keeps a low-S signature");
	ll = token_sign_form(&iss, 7, 1, 1, 0, lo);
	memcpy(bad, lo, ll);
	bad[ll] = 0x00;
	bad[1]++;
	k = uk_ecdsa_p256_low_s(bad, ll + 1);             /* byte after */
	memcpy(bad, "\x30\x06\x02\x01\x01\x02\x01\x00", 8);  /* s = 0 */
	k |= (size_t)uk_ecdsa_p256_low_s(bad, 8);
	memcpy(bad, "\x30\x07\x02\x02\x00\x01\x02\x01\x01", 9);
	k |= (size_t)uk_ecdsa_p256_low_s(bad, 9);     /* a needless 00 */
	memcpy(bad, "\x30\x06\x02\x01\x81\x02\x01\x01", 8);
	k |= (size_t)uk_ecdsa_p256_low_s(bad, 8);     /* r negative */
	k |= (size_t)uk_ecdsa_p256_low_s(lo + 2, 64); /* raw-ish */
	k |= (size_t)uk_ecdsa_p256_low_s(NULL, 0);
	bad[0] = 0x30;
	bad[1] = 38;
	bad[2] = 0x02;
	bad[3] = 1;
	bad[4] = 1;
	bad[5] = 0x02;
	bad[6] = 33;
	bad[7] = 0x00;
	memcpy(bad + 8, tl_p256_n, 32);                       /* s = n */
	k |= uk_ecdsa_p256_to_low_s(bad, 40, u, sizeof(u));
	check(k == 0, "not low-S and no twin: bytes after, s = 0, a "
	    "needless 00, a negative r, not DER, s = n");
}

static void
test_helpers(void)
{
	uint8_t msg[UIMKEY_LOCK_MSG_LEN], hash[32], want[32], sig[80];
	uint8_t t[UIMKEY_LOCK_TOKEN_MAX + 16], u[TL_TOKEN_MAX];
	uint32_t s, c;
	uint8_t a;
	size_t n, m, sl;
	br_sha256_context h;

	check(uimkey_lock_token_build(0x01020304, 2, 0xA0B0C0D0, msg) ==
	    UIMKEY_OK && UIMKEY_LOCK_MSG_LEN == 29 &&
	    memcmp(msg, "uimkey lock token v1\x01\x02\x03\x04\x02\xA0\xB0\xC0\xD0",
	    29) == 0, "build: the 29-byte message, domain first");
	br_sha256_init(&h);
	br_sha256_update(&h, msg, sizeof(msg));
	br_sha256_out(&h, want);
	check(uimkey_lock_token_hash(0x01020304, 2, 0xA0B0C0D0, hash) ==
	    UIMKEY_OK && memcmp(hash, want, 32) == 0,
	    "hash: SHA-256 of that message");
	check(uimkey_lock_token_build(1, 0, 1, msg) == UIMKEY_ERR_ARG &&
	    uimkey_lock_token_build(1, 3, 1, msg) == UIMKEY_ERR_ARG &&
	    uimkey_lock_token_build(1, 1, 1, NULL) == UIMKEY_ERR_ARG &&
	    uimkey_lock_token_hash(1, 1, 1, NULL) == UIMKEY_ERR_ARG,
	    "build / hash: action not 01/02, or no buffer: ARG");
	n = lib_token(&iss, 80484525, UIMKEY_LOCK_ACTION_LOCK, 7, t);
	m = token_make(&iss, 80484525, UIMKEY_LOCK_ACTION_LOCK, 7, u);
	check(n > 0 && n == m && memcmp(t, u, n) == 0,
	    "encode: byte for byte the token the tests build on their own");
	check(uimkey_lock_token_decode(t, n, &s, &a, &c) == UIMKEY_OK &&
	    s == 80484525 && a == 1 && c == 7 &&
	    uimkey_lock_token_decode(t, n, NULL, NULL, NULL) == UIMKEY_OK,
	    "decode gives the fields back");
	sl = token_sign(&iss, 1, 1, 1, sig);
	check(uimkey_lock_token_encode(1, 1, 1, sig + 2, 64, t, sizeof(t), &n) ==
	    UIMKEY_ERR_ARG && uimkey_lock_token_encode(1, 1, 1, sig, 7, t,
	    sizeof(t), &n) == UIMKEY_ERR_ARG && uimkey_lock_token_encode(1, 3,
	    1, sig, sl, t, sizeof(t), &n) == UIMKEY_ERR_ARG &&
	    uimkey_lock_token_encode(1, 1, 1, sig, sl, t, 20, &n) ==
	    UIMKEY_ERR_RSP_TOO_LONG, "encode refuses a raw r||s, a short "
	    "signature, action 03 (ARG) and a small buffer (RSP_TOO_LONG)");
	test_low_s();
	n = lib_token(&iss, 5, 1, 9, t);
	check(uimkey_lock_token_decode(t, n - 1, &s, &a, &c) == UIMKEY_ERR_ARG &&
	    uimkey_lock_token_decode(t, 0, &s, &a, &c) == UIMKEY_ERR_ARG,
	    "decode refuses a truncated or empty token");
	t[8] = 0x03;
	check(uimkey_lock_token_decode(t, n, &s, &a, &c) == UIMKEY_ERR_ARG,
	    "decode refuses action 03");
	t[8] = 0x01;
	t[n] = 0x05;
	t[n + 1] = 0x00;
	check(uimkey_lock_token_decode(t, n + 2, &s, &a, &c) == UIMKEY_ERR_ARG,
	    "decode refuses an unknown tag after the token");
	memmove(t + 6, t, n);
	memcpy(t, t + 6, 6);
	check(uimkey_lock_token_decode(t, n + 6, &s, &a, &c) == UIMKEY_ERR_ARG,
	    "decode refuses a repeated tag");
	check(strcmp(uimkey_strerr(UIMKEY_ERR_SW_LOCKED), "unknown error") &&
	    strcmp(uimkey_strerr(UIMKEY_ERR_LOCK_STALE), "unknown error") &&
	    uimkey_sw_err(0x6283) == UIMKEY_ERR_SW_LOCKED,
	    "6283 maps to UIMKEY_ERR_SW_LOCKED; the new errors have names");
}

static void
test_install(void)
{
	uint8_t bad[65];
	unsigned before;

	check(status_is(0, 0, 0), "factory card: no issuer, not locked");
	check(apply(&iss, serial(), 1, 1) == UIMKEY_ERR_LOCK_NO_ISSUER,
	    "a token to a card without issuer: LOCK_NO_ISSUER");
	check(uimkey_piv_install_issuer_key(dev, iss.pk.q, START) ==
	    UIMKEY_ERR_SW_SECURITY, "install without the management key: "
	    "SW_SECURITY");
	check(uimkey_piv_auth_mgmt(dev, 0, pf_default_mgmt, 24) == UIMKEY_OK,
	    "management key");
	memcpy(bad, iss.pk.q, 65);
	bad[64] ^= 1;
	check(uimkey_piv_install_issuer_key(dev, bad, START) ==
	    UIMKEY_ERR_SW_DATA, "a point off the curve: SW_DATA (the card's)");
	before = pf->fc.io.wire.apdus;
	bad[0] = 0x02;
	check(uimkey_piv_install_issuer_key(dev, bad, START) == UIMKEY_ERR_ARG &&
	    uimkey_piv_install_issuer_key(dev, iss.pk.q, 0xFFFFFFFF) ==
	    UIMKEY_ERR_ARG && uimkey_piv_install_issuer_key(dev, NULL, 1) ==
	    UIMKEY_ERR_ARG && uimkey_piv_install_issuer_key(NULL, iss.pk.q,
	    1) == UIMKEY_ERR_ARG && pf->fc.io.wire.apdus == before,
	    "install: not 04 X Y, counter FFFFFFFF, NULLs: ARG, no APDU sent");
	check(uimkey_piv_install_issuer_key(dev, iss.pk.q, START) ==
	    UIMKEY_ERR_LOCK_DEFAULT_MGMT && status_is(0, 0, 0),
	    "install with the factory management key: LOCK_DEFAULT_MGMT, no "
	    "issuer");
	check(uimkey_piv_set_mgmt_key(dev, UIMKEY_ALG_AES128, own_key,
	    sizeof(own_key)) == UIMKEY_OK, "the card's own management key set");
	check(uimkey_piv_install_issuer_key(dev, iss.pk.q, START) == UIMKEY_OK,
	    "install the issuer key at counter 100");
	check(uimkey_piv_install_issuer_key(dev, rogue.pk.q, 1) ==
	    UIMKEY_ERR_LOCK_ISSUER_SET, "a second install: LOCK_ISSUER_SET");
	check(status_is(1, 0, START), "lock info: installed, unlocked, 100, "
	    "the issuer's point");
	check(uimkey_piv_generate(dev, 0x9A, UIMKEY_ALG_ECCP256, 0, 0, spki,
	    sizeof(spki), &spki_len) == UIMKEY_OK && sign_ok(),
	    "a P-256 key in 9A signs");
}

static void
test_apply(void)
{
	uint8_t t[UIMKEY_LOCK_TOKEN_MAX];
	uimkey_piv_meta_t m;
	int installed = -1, locked = -1, tries;
	uint32_t counter = 0;
	size_t n, len;
	unsigned before;

	check(apply(&iss, serial() + 1, 1, START + 1) ==
	    UIMKEY_ERR_LOCK_OTHER_CARD, "another card's token: LOCK_OTHER_CARD");
	check(apply(&rogue, serial(), 1, START + 1) == UIMKEY_ERR_LOCK_BAD_SIG,
	    "a token signed by another key: LOCK_BAD_SIG");
	check(apply(&iss, serial(), 1, START) == UIMKEY_ERR_LOCK_STALE,
	    "a token at the current counter: LOCK_STALE");
	n = lib_token(&iss, serial(), 1, START + 1, t);
	t[n - 1] ^= 0x40;
	check(uimkey_piv_apply_lock_token(dev, t, n) == UIMKEY_ERR_LOCK_BAD_SIG,
	    "a damaged signature: LOCK_BAD_SIG");
	t[8] = 0x07;
	check(uimkey_piv_apply_lock_token(dev, t, n) == UIMKEY_ERR_SW_DATA,
	    "a malformed token goes to the card, which says SW_DATA");
	before = pf->fc.io.wire.apdus;
	check(uimkey_piv_apply_lock_token(dev, t, 0) == UIMKEY_ERR_ARG &&
	    uimkey_piv_apply_lock_token(dev, NULL, 5) == UIMKEY_ERR_ARG &&
	    uimkey_piv_apply_lock_token(dev, t, UIMKEY_LOCK_TOKEN_MAX + 1) ==
	    UIMKEY_ERR_ARG && uimkey_piv_apply_lock_token(NULL, t, n) ==
	    UIMKEY_ERR_ARG && pf->fc.io.wire.apdus == before,
	    "apply: empty, NULL or too long: ARG, no APDU sent");
	check(status_is(1, 0, START), "...the card is still unlocked at 100");

	check(apply(&iss, serial(), UIMKEY_LOCK_ACTION_LOCK, START + 1) ==
	    UIMKEY_OK, "a lock token (101) delivered by the library: OK");
	check(uimkey_piv_lock_status(dev, &installed, &locked, &counter) ==
	    UIMKEY_OK && installed == 1 && locked == 1 && counter == START + 1 &&
	    uimkey_piv_lock_status(dev, NULL, NULL, NULL) == UIMKEY_OK,
	    "lock status: installed, locked, 101");
	check(uimkey_piv_verify_pin(dev, "123456", &tries) ==
	    UIMKEY_ERR_SW_LOCKED, "locked: VERIFY is SW_LOCKED");
	check(uimkey_piv_sign(dev, 0x9A, 0, t, 32, t, sizeof(t), &len) ==
	    UIMKEY_ERR_SW_LOCKED, "locked: a signature is SW_LOCKED");
	check(uimkey_piv_auth_mgmt(dev, 0, own_key, sizeof(own_key)) ==
	    UIMKEY_ERR_SW_LOCKED && uimkey_piv_reset(dev) ==
	    UIMKEY_ERR_SW_LOCKED, "locked: management key and RESET are "
	    "SW_LOCKED");
	check(uimkey_piv_get_metadata(dev, UIMKEY_REF_PIN, &m) ==
	    UIMKEY_OK && m.tries_left == 3 && m.tries_total == 3,
	    "locked: PIN metadata answers, 3 of 3 tries");
	check(uimkey_dev_close(dev) == UIMKEY_OK &&
	    uimkey_dev_open(dev, ctx, PF_READER) == UIMKEY_OK,
	    "locked: a device still opens on the card (SELECT, VERSION, SERIAL)");
	check(apply(&iss, serial(), UIMKEY_LOCK_ACTION_LOCK, START + 1) ==
	    UIMKEY_ERR_LOCK_STALE, "locked: the lock token replayed: LOCK_STALE");
	check(apply(&iss, serial(), UIMKEY_LOCK_ACTION_UNLOCK, START + 2) ==
	    UIMKEY_OK && status_is(1, 0, START + 2),
	    "an unlock token (102): unlocked");
	check(sign_ok(), "unlocked: the same 9A key signs again");
	check(apply(&iss, serial(), UIMKEY_LOCK_ACTION_UNLOCK, START + 2) ==
	    UIMKEY_ERR_LOCK_STALE, "the unlock replayed: LOCK_STALE");
	pf->no_metadata = 1;
	check(uimkey_piv_lock_status(dev, &installed, &locked, &counter) ==
	    UIMKEY_ERR_UNSUPPORTED, "a card without GET METADATA: UNSUPPORTED");
	pf->no_metadata = 0;
}

int
main(void)
{
	static const pf_part parts[] = { test_helpers, test_install,
	    test_apply };

	issuer_make(&iss, "uimkey test issuer");
	issuer_make(&rogue, "someone else");
	return PF_RUN(&ctx, &dev, parts);
}
