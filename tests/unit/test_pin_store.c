/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The PIN layer seen from a copy of the store.  After a PIN and a PUK
 * of known values are set and known keys imported under PIN policy
 * once and always (sealed while KP is unknown, and under KP after a
 * VERIFY), the image holds none of: the PIN, the PUK, KP, the private
 * elements of those keys.  Nor does it hold what the store's encryption
 * alone hides (under the device key): the private elements of a key of
 * policy never and the management key, which the decrypted records do
 * hold in the clear.
 *
 * Then a guesser's view: with the store image and the device key (the
 * test device's; read through the store's own uk_rec_read, as one who
 * holds both can), the PIN's wrap in the credentials record is opened by
 * PBKDF2 of the right PIN at the stored iterations, by a wrong PIN or
 * one iteration fewer not: each guess costs the iterations, no less.
 * Last, SET PIN POLICY's iterations (tag 03) and where they apply.
 */
#include "tests/unit/key_helpers.h"
#include "tests/unit/key_vectors.h"

#include "card/auth/auth_cred.h"
#include "card/auth/auth_pbkdf2.h"
#include "uk/store.h"

#define HALF           128
#define WIN            16       /* a secret shows by any 16 bytes */
#define GUESS_ITER     1000u    /* the guessing card's device cost */
#define WRAP_LABEL     "uimkey KP wrap"

static uint8_t d256[32], d384[48];
static uint8_t rp[HALF], rq[HALF], rdp[HALF], rdq[HALF], riq[HALF];
static uint8_t body[1024];
static struct test_device dev;

static void
load_vectors(void)
{
	hex_parse(VEC_P256_D, d256, sizeof(d256));
	hex_parse(VEC_P384_D, d384, sizeof(d384));
	hex_parse(VEC_RSA_P, rp, HALF);
	hex_parse(VEC_RSA_Q, rq, HALF);
	hex_parse(VEC_RSA_DP, rdp, HALF);
	hex_parse(VEC_RSA_DQ, rdq, HALF);
	hex_parse(VEC_RSA_IQ, riq, HALF);
}

/* A factory card on a blank store whose device gives iterations. */
static void
card_with_cost(uint32_t iterations)
{
	test_device_init(&dev, 0x5D, 0);
	dev.iterations = iterations;
	ram_memory_blank(&store, 1);
	test_rng_init(&rng, 11);
	check(uimkey_card_init(&card, &store.vtable, &rng.vtable,
	    &dev.vtable) == UIMKEY_CARD_OK, "a card formats");
	uimkey_card_power_on(&card);
}

static uint16_t
import_ec(uint8_t alg, uint8_t slot, const uint8_t *d, size_t len,
    uint8_t policy)
{
	size_t n = put_tlv(body, 0x06, d, len);

	body[n++] = 0xAA;
	body[n++] = 0x01;
	body[n++] = policy;
	return xsend(UIMKEY_INS_IMPORT_KEY, alg, slot, body, n);
}

static uint16_t
import_rsa(uint8_t slot, uint8_t policy)
{
	size_t n = 0;

	n += put_tlv(body + n, 0x01, rp, HALF);
	n += put_tlv(body + n, 0x02, rq, HALF);
	n += put_tlv(body + n, 0x03, rdp, HALF);
	n += put_tlv(body + n, 0x04, rdq, HALF);
	n += put_tlv(body + n, 0x05, riq, HALF);
	body[n++] = 0xAA;
	body[n++] = 0x01;
	body[n++] = policy;
	return xsend(UIMKEY_INS_IMPORT_KEY, UIMKEY_ALG_RSA2048, slot, body, n);
}

/* Any WIN bytes of s (len bytes) in the memory as read or as durable. */
static int
in_image(const uint8_t *s, size_t len)
{
	size_t o, k = len < WIN ? len : WIN;

	for (o = 0; o + k <= len; o += k > 1 ? k / 2 : 1)
		if (contains(store.mem, sizeof(store.mem), s + o, k) ||
		    contains(store.durable, sizeof(store.durable), s + o, k))
			return 1;
	return 0;
}

static uint8_t
record_form(uint8_t slot)
{
	uint8_t rec[UK_REC_KEY_MAX];
	size_t len = 0;

	if (uk_rec_read(&card, UK_REC_KEY(uimkey_slot_index(slot)), rec,
	    sizeof(rec), &len) != UK_OK || len < 5)
		return 0xFF;
	return rec[4];
}

/* The record id as uk_rec_read gives it holds s whole. */
static int
record_holds(unsigned id, const uint8_t *s, size_t len)
{
	static uint8_t rec[UK_REC_KEY_MAX];
	size_t n = 0;
	int found;

	if (uk_rec_read(&card, id, rec, sizeof(rec), &n) != UK_OK)
		return 0;
	found = contains(rec, n, s, len);
	memset(rec, 0, sizeof(rec));
	return found;
}

static void
test_pin_store_image(void)
{
	uint8_t pin[8], puk[8], kp[UK_KP_LEN];

	card_with_cost(2);
	pin8("58203917", pin);
	pin8("0BADF00D", puk);
	check(admin_auth(), "management key");
	/* KP unknown: sealed to the card's sealing key. */
	check(import_ec(UIMKEY_ALG_ECCP256, 0x9A, d256, 32, 2) ==
	    UIMKEY_SW_OK && record_form(0x9A) == 2,
	    "P-256 of policy once imported before any VERIFY: sealed");
	check(import_rsa(0x9C, 3) == UIMKEY_SW_OK && record_form(0x9C) == 2,
	    "RSA-2048 of policy always imported: sealed");
	check(import_ec(UIMKEY_ALG_ECCP384, 0x9E, d384, 48, 1) ==
	    UIMKEY_SW_OK && record_form(0x9E) == 0,
	    "P-384 of policy never: left to the store");
	check(change_ref(UIMKEY_REF_PIN, "123456", "58203917") ==
	    UIMKEY_SW_OK && change_ref(UIMKEY_REF_PUK, "12345678",
	    "0BADF00D") == UIMKEY_SW_OK, "PIN and PUK set");
	check(verify("58203917") == UIMKEY_SW_OK && card.kp_cache.known,
	    "VERIFY: KP in RAM");
	memcpy(kp, card.kp_cache.kp, sizeof(kp));
	/* KP known: straight under KP. */
	check(import_ec(UIMKEY_ALG_ECCP256, 0x82, d256, 32, 3) ==
	    UIMKEY_SW_OK && record_form(0x82) == 1,
	    "P-256 of policy always imported after VERIFY: under KP");
	check(import_rsa(0x83, 2) == UIMKEY_SW_OK && record_form(0x83) == 1,
	    "RSA-2048 of policy once imported after VERIFY: under KP");
	check(!in_image(pin, 8) && !in_image((const uint8_t *)"58203917", 8),
	    "the store image holds no PIN");
	check(!in_image(puk, 8), "the store image holds no PUK");
	check(!in_image(uk_cred_default_pin, 8) &&
	    !in_image(uk_cred_default_puk, 8),
	    "nor the factory PIN and PUK it started with");
	check(!in_image(kp, sizeof(kp)), "the store image holds no KP");
	check(!in_image(d256, sizeof(d256)),
	    "no byte window of the P-256 scalar (sealed and under KP)");
	check(!in_image(rp, HALF) && !in_image(rq, HALF) &&
	    !in_image(rdp, HALF) && !in_image(rdq, HALF) &&
	    !in_image(riq, HALF),
	    "no byte window of RSA p, q, dp, dq, qinv (sealed and under KP)");
	check(record_holds(UK_REC_KEY(uimkey_slot_index(0x9E)), d384,
	    sizeof(d384)) && !in_image(d384, sizeof(d384)),
	    "the P-384 scalar of policy never: clear in its record as read, "
	    "in no byte window of the store image");
	check(record_holds(UK_REC_CRED, default_mgmt, sizeof(default_mgmt)) &&
	    !in_image(default_mgmt, sizeof(default_mgmt)),
	    "the management key: clear in the credentials record as read, in "
	    "no byte window of the store image");
	/* The scan finds what is there: a window put in a copy. */
	memcpy(store.mem + 5000, rdq + 40, WIN);
	check(in_image(rdq, HALF), "control: a window of dq put in is found");
	uimkey_card_power_off(&card);
}

/* The PIN's wrap as the credentials record lays it out. */
struct wrap {
	uint8_t salt[UK_WRAP_SALT_LEN], nonce[UK_WRAP_NONCE_LEN];
	uint8_t ct[UK_KP_LEN], tag[UK_WRAP_TAG_LEN];
	uint32_t iter;
};

static int
read_pin_wrap(struct wrap *w, uint32_t *next)
{
	uint8_t rec[UK_REC_CRED_MAX];
	const uint8_t *p = rec + UK_CRED_OFF_PIN;
	size_t len = 0;

	if (uk_rec_read(&card, UK_REC_CRED, rec, sizeof(rec), &len) != UK_OK ||
	    len != UK_CRED_LEN || rec[0] != UK_CRED_VERSION)
		return 0;
	memcpy(w->salt, p + UK_WRAP_OFF_SALT, sizeof(w->salt));
	memcpy(w->nonce, p + UK_WRAP_OFF_NONCE, sizeof(w->nonce));
	memcpy(w->ct, p + UK_WRAP_OFF_KP, sizeof(w->ct));
	memcpy(w->tag, p + UK_WRAP_OFF_TAG, sizeof(w->tag));
	w->iter = (uint32_t)p[UK_WRAP_OFF_ITER] << 24 |
	    (uint32_t)p[UK_WRAP_OFF_ITER + 1] << 16 |
	    (uint32_t)p[UK_WRAP_OFF_ITER + 2] << 8 | p[UK_WRAP_OFF_ITER + 3];
	if (next != NULL)
		*next = (uint32_t)rec[UK_CRED_OFF_NEXT_ITER] << 24 |
		    (uint32_t)rec[UK_CRED_OFF_NEXT_ITER + 1] << 16 |
		    (uint32_t)rec[UK_CRED_OFF_NEXT_ITER + 2] << 8 |
		    rec[UK_CRED_OFF_NEXT_ITER + 3];
	return 1;
}

/* A guess, as an attacker runs it from the documented layout: 1 and KP
 * in kp when the wrap opens. */
static int
guess(const struct wrap *w, const char *pin, uint32_t iter, uint8_t *kp)
{
	uint8_t v[8], kek[32], aad[sizeof(WRAP_LABEL) - 1 + 1 + 16 + 4];
	uint8_t tag[16];
	size_t l = sizeof(WRAP_LABEL) - 1;

	pin8(pin, v);
	uk_pbkdf2_sha256(v, 8, w->salt, sizeof(w->salt), iter, kek,
	    sizeof(kek));
	memcpy(aad, WRAP_LABEL, l);
	aad[l] = UIMKEY_REF_PIN;
	memcpy(aad + l + 1, w->salt, 16);
	aad[l + 17] = (uint8_t)(w->iter >> 24);
	aad[l + 18] = (uint8_t)(w->iter >> 16);
	aad[l + 19] = (uint8_t)(w->iter >> 8);
	aad[l + 20] = (uint8_t)w->iter;
	memcpy(kp, w->ct, UK_KP_LEN);
	br_poly1305_ctmul_run(kek, w->nonce, kp, UK_KP_LEN, aad, sizeof(aad),
	    tag, br_chacha20_ct_run, 0);
	return memcmp(tag, w->tag, sizeof(tag)) == 0;
}

static void
test_offline_guess(void)
{
	uint8_t kp[UK_KP_LEN];
	struct wrap w;
	uint32_t next = 0;

	card_with_cost(GUESS_ITER);
	check(change_ref(UIMKEY_REF_PIN, "123456", "58203917") ==
	    UIMKEY_SW_OK && verify("58203917") == UIMKEY_SW_OK,
	    "a card of device cost 1000 with PIN 58203917, verified");
	check(read_pin_wrap(&w, &next) && w.iter == GUESS_ITER &&
	    next == GUESS_ITER,
	    "its PIN wrap and new wraps cost the device's 1000 iterations");
	check(!guess(&w, "11111111", w.iter, kp),
	    "a wrong PIN at the stored iterations does not open KP");
	check(!guess(&w, "123456", w.iter, kp),
	    "nor the factory PIN");
	check(!guess(&w, "58203917", w.iter - 1, kp),
	    "the right PIN at one iteration fewer does not open KP");
	check(guess(&w, "58203917", w.iter, kp) &&
	    memcmp(kp, card.kp_cache.kp, UK_KP_LEN) == 0,
	    "the right PIN at the stored iterations opens KP, the card's");
	uimkey_card_power_off(&card);
}

static uint16_t
set_policy(const char *hex)
{
	return sendx(UIMKEY_INS_SET_PIN_POLICY, 0, 0, hex);
}

static void
test_iterations_tag(void)
{
	struct wrap w;
	uint32_t next = 0;

	card_with_cost(GUESS_ITER);
	snapshot();
	check(set_policy("03 04 00 00 4E 20") == UIMKEY_SW_SECURITY &&
	    unchanged(), "tag 03 without the management key: 6982");
	check(admin_auth(), "management key");
	check(set_policy("03 04 00 00 03 E7") == UIMKEY_SW_WRONG_DATA &&
	    unchanged(), "999, below the device's 1000: 6A80, nothing written");
	check(set_policy("03 04 00 98 96 81") == UIMKEY_SW_WRONG_DATA &&
	    unchanged(), "10000001, above the most: 6A80");
	check(set_policy("03 03 00 4E 20") == UIMKEY_SW_WRONG_DATA &&
	    set_policy("03 04 00 00 4E 20 03 04 00 00 4E 20") ==
	    UIMKEY_SW_WRONG_DATA && unchanged(),
	    "tag 03 of 3 bytes, or twice: 6A80");
	check(set_policy("01 01 07 03 04 00 00 07 D0") == UIMKEY_SW_OK &&
	    read_pin_wrap(&w, &next) && next == 2000 && w.iter == GUESS_ITER,
	    "2000 set with a minimum length: the PIN's wrap keeps 1000");
	check(change_ref(UIMKEY_REF_PIN, "123456", "5820391") ==
	    UIMKEY_SW_OK && read_pin_wrap(&w, NULL) && w.iter == 2000,
	    "the changed PIN's wrap costs 2000");
	check(verify("5820391") == UIMKEY_SW_OK, "and verifies");
	uimkey_card_power_off(&card);
}

/* A store whose credentials ask for fewer iterations than the device
 * now gives (a device raised since, or a record planted by one who holds
 * the store key): a new wrap costs the device's. */
static void
test_device_floor(void)
{
	struct wrap w;
	uint32_t next = 0;

	card_with_cost(GUESS_ITER);
	check(read_pin_wrap(&w, &next) && next == GUESS_ITER,
	    "a store made at 1000 iterations asks 1000 of new wraps");
	uimkey_card_power_off(&card);
	dev.iterations = 3 * GUESS_ITER;
	check(uimkey_card_init(&card, &store.vtable, &rng.vtable,
	    &dev.vtable) == UIMKEY_CARD_OK, "started on a device of 3000");
	uimkey_card_power_on(&card);
	check(change_ref(UIMKEY_REF_PIN, "123456", "77331100") ==
	    UIMKEY_SW_OK && read_pin_wrap(&w, &next) && next == GUESS_ITER &&
	    w.iter == 3 * GUESS_ITER,
	    "the changed PIN's wrap costs the device's 3000, not the 1000 "
	    "the record asks");
	check(verify("77331100") == UIMKEY_SW_OK, "and verifies");
	uimkey_card_power_off(&card);
}

int
main(void)
{
	load_vectors();
	test_pin_store_image();
	test_offline_guess();
	test_iterations_tag();
	test_device_floor();
	return check_done();
}
