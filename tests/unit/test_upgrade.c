/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey_card_upgrade: a store of format 1 (laid out here as the
 * uimkey before encryption wrote it) made a card of format 2.  The
 * serial, the PIN and PUK with their tries, and a key of PIN policy once
 * (now under KP: the PIN was known) come over; a record of an older
 * epoch (emptied by a reset) stays empty.  Refused, with nothing
 * written that makes the new store a card: a record whose CRC-32 fails,
 * a record of a later epoch, a committed transaction in the journal, a
 * store of another format, a target that is not blank.
 */
#include "tests/unit/key_helpers.h"
#include "tests/unit/key_vectors.h"

#include "uk/auth.h"
#include "uk/keys.h"
#include "uk/layout.h"
#include "uk/store.h"

/* Format 1's layout (card/engine/upgrade_v1.c draws it). */
#define V1_HDR          16
#define V1_META_OFF     64
#define V1_JHDR_OFF     96
#define V1_JDATA_LEN    (6656 + (16 + UK_REC_COUNT) * 12)
#define V1_RECS_OFF     (128 + V1_JDATA_LEN)
#define V1_KEYS_OFF     (V1_RECS_OFF + 2 * V1_HDR + 128 + 128)
#define V1_KEY_ROOM     (V1_HDR + 2560)
#define V1_OBJS_OFF     (V1_KEYS_OFF + UIMKEY_SLOT_COUNT * V1_KEY_ROOM)
#define V1_OBJ_ROOM     (V1_HDR + 3072)
#define V1_EPOCH        2
#define V1_SERIAL       23456789u
#define V1_CRED_LEN     57

static struct ram_memory old;
static uint8_t d256[32], q256[65], sig_want[80], h256[32];
static size_t sig_want_len;

static uint32_t
crc32(uint32_t crc, const uint8_t *p, size_t len)
{
	int k;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}

static void
be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static size_t
v1_off(unsigned id)
{
	if (id == UK_REC_COUNT)
		return V1_META_OFF;
	if (id >= UK_REC_OBJ0)
		return V1_OBJS_OFF + (id - UK_REC_OBJ0) * (size_t)V1_OBJ_ROOM;
	if (id >= UK_REC_KEY0)
		return V1_KEYS_OFF + (id - UK_REC_KEY0) * (size_t)V1_KEY_ROOM;
	return id == UK_REC_ISSUER ? V1_RECS_OFF + V1_HDR + 128 : V1_RECS_OFF;
}

static void
v1_put(unsigned id, uint32_t epoch, const uint8_t *data, size_t len)
{
	uint8_t *p = old.mem + v1_off(id);

	be32(p, id);
	be32(p + 4, epoch);
	be32(p + 8, (uint32_t)len);
	if (len > 0)
		memcpy(p + V1_HDR, data, len);
	be32(p + 12, crc32(crc32(0, p, 12), data, len));
}

/* A format-1 card: PIN 654321 with 2 of 3 tries left, PUK 87654321, the
 * factory management key, the RFC 6979 P-256 key in 9A under policy
 * once, and a data object an earlier reset emptied. */
static void
v1_image(void)
{
	uint8_t cred[V1_CRED_LEN], key[4 + 32 + 65], meta[4], obj[8];
	unsigned id;

	ram_memory_blank(&old, 0);
	memcpy(old.mem, "UIMK\001", 5);
	be32(old.mem + 5, V1_SERIAL);
	be32(meta, V1_EPOCH);
	v1_put(UK_REC_COUNT, V1_EPOCH, meta, sizeof(meta));
	for (id = 0; id < UK_REC_COUNT; id++)
		v1_put(id, V1_EPOCH, NULL, 0);
	memset(cred, 0xFF, sizeof(cred));
	cred[0] = 1;
	memcpy(cred + 1, "654321", 6);
	cred[9] = 3;
	cred[10] = 2;
	memcpy(cred + 11, "87654321", 8);
	cred[19] = 3;
	cred[20] = 3;
	cred[21] = UIMKEY_ALG_3DES;
	memset(cred + 22, 0, 32);
	hex_parse("010203040506070801020304050607080102030405060708",
	    cred + 22, 24);
	cred[54] = 0x04;
	cred[55] = 6;
	cred[56] = 0x02;
	v1_put(UK_REC_CRED, V1_EPOCH, cred, sizeof(cred));
	key[0] = UIMKEY_ALG_ECCP256;
	key[1] = UIMKEY_PIN_POLICY_ONCE;
	key[2] = UIMKEY_TOUCH_POLICY_NEVER;
	key[3] = UIMKEY_ORIGIN_IMPORTED;
	memcpy(key + 4, d256, 32);
	memcpy(key + 36, q256, 65);
	v1_put(UK_REC_KEY(uimkey_slot_index(0x9A)), V1_EPOCH, key,
	    sizeof(key));
	memset(obj, 0x53, sizeof(obj));
	v1_put(UK_REC_OBJ(0), V1_EPOCH - 1, obj, sizeof(obj));
}

static int
upgrade(void)
{
	int r;

	test_rng_init(&rng, 3);
	r = uimkey_card_upgrade(&card, &old.vtable, &store.vtable,
	    &rng.vtable, test_device_default());
	if (r == UIMKEY_CARD_OK)
		uimkey_card_power_on(&card);
	return r;
}

/* A refusal leaves the new store without a card header. */
static void
refused_with(int want, const char *name)
{
	ram_memory_blank(&store, 1);
	check(upgrade() == want &&
	    uimkey_card_memory_format(&store.vtable) == 0, name);
}

static int
signs_vec(void)
{
	uint8_t sig[128];
	size_t n = 0;

	return key_op(UIMKEY_ALG_ECCP256, 0x9A, 0x81, h256, sizeof(h256), sig,
	    &n) == UIMKEY_SW_OK && n == sig_want_len &&
	    memcmp(sig, sig_want, n) == 0;
}

static void
test_upgraded(void)
{
	uint8_t rec[UK_REC_KEY_MAX];
	size_t len = 1;

	v1_image();
	ram_memory_blank(&store, 1);
	check(upgrade() == UIMKEY_CARD_OK, "a format-1 store is upgraded");
	check(uimkey_card_serial(&card) == V1_SERIAL &&
	    uimkey_card_memory_format(&store.vtable) == UIMKEY_CARD_FORMAT,
	    "format 2, with the old serial");
	check(!uk_auth_kp_known(&card), "the KP cache is empty after it");
	check(uk_rec_read(&card, UK_REC_KEY(uimkey_slot_index(0x9A)), rec,
	    sizeof(rec), &len) == UK_OK && len > 5 &&
	    rec[4] == UK_KEY_FORM_KP,
	    "the key of policy once went under KP, not sealed");
	check(uk_rec_read(&card, UK_REC_OBJ(0), rec, sizeof(rec), &len) ==
	    UK_OK && len == 0, "a record of an older epoch stays empty");
	check(key_op(UIMKEY_ALG_ECCP256, 0x9A, 0x81, h256, sizeof(h256), rec,
	    &len) == UIMKEY_SW_SECURITY, "the key wants the PIN");
	check(verify("123456") == 0x63C1, "the factory PIN is wrong, and the "
	    "old tries left (2) counted down");
	check(verify("654321") == UIMKEY_SW_OK, "the old PIN is right");
	check(signs_vec(), "the old key signs as RFC 6979 says");
	check(reset_retry("87654321", "135790") == UIMKEY_SW_OK,
	    "the old PUK is right");
	check(verify("135790") == UIMKEY_SW_OK && signs_vec(),
	    "the key opens after the PUK set a new PIN");
}

static void
test_refused(void)
{
	uint8_t blob[8] = { 0 };

	v1_image();
	old.mem[V1_RECS_OFF + V1_HDR + 2] ^= 0x01;
	refused_with(UIMKEY_CARD_ERR_CORRUPT, "a CRC-32 that fails: refused");
	v1_image();
	v1_put(UK_REC_OBJ(1), V1_EPOCH + 1, blob, sizeof(blob));
	refused_with(UIMKEY_CARD_ERR_CORRUPT,
	    "a record of a later epoch than the store's: refused");
	v1_image();
	old.mem[V1_RECS_OFF + V1_HDR + 9] = 0;
	v1_put(UK_REC_CRED, V1_EPOCH, old.mem + V1_RECS_OFF + V1_HDR,
	    V1_CRED_LEN);
	refused_with(UIMKEY_CARD_ERR_CORRUPT,
	    "a credentials record no card wrote (no PIN tries): refused");
	v1_image();
	memcpy(old.mem + V1_JHDR_OFF, "UJNL", 4);
	memcpy(old.mem + V1_JHDR_OFF + 28, "CMIT", 4);
	refused_with(UIMKEY_CARD_ERR_BUSY,
	    "a committed transaction in the journal: refused as busy");
	memset(old.mem + V1_JHDR_OFF + 28, 0xFF, 4);
	ram_memory_blank(&store, 1);
	check(upgrade() == UIMKEY_CARD_OK,
	    "a torn journal header (no mark) was no commit: upgraded");
	memcpy(old.mem, store.mem, sizeof(old.mem));
	refused_with(UIMKEY_CARD_ERR_FORMAT, "a store of format 2: refused");
	v1_image();
	card_fresh(5);
	snapshot();
	check(upgrade() == UIMKEY_CARD_ERR_FORMAT && unchanged(),
	    "a target that holds a card: refused, left as it was");
}

int
main(void)
{
	hex_parse(VEC_P256_D, d256, sizeof(d256));
	hex_parse(VEC_P256_Q, q256, sizeof(q256));
	sig_want_len = hex_parse(VEC_P256_SIG, sig_want, sizeof(sig_want));
	sha(&br_sha256_vtable, "sample", h256);
	test_upgraded();
	test_refused();
	return check_done();
}
