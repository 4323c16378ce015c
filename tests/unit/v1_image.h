/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A store of format 1 laid out in RAM (old) as the uimkey before
 * encryption wrote it (card/engine/upgrade_v1_layout.h draws it), with a
 * journal when a test wants one, for the tests of uimkey_card_upgrade
 * (test_upgrade*.c); and the upgrade of old into the blank store.  The
 * places and the CRC-32 are the reader's own: what pins them to the
 * earlier card's are the stores it wrote (tests/integration/fixtures,
 * format1*.store.gz, upgraded by 55-upgrade-rsa.sh and the others).
 */
#ifndef UIMKEY_TEST_V1_IMAGE_H
#define UIMKEY_TEST_V1_IMAGE_H

#include "tests/unit/key_helpers.h"
#include "tests/unit/key_vectors.h"

#include "card/engine/upgrade_v1_layout.h"
#include "codec/bytes.h"
#include "uk/auth.h"
#include "uk/keys.h"

#define V1_EPOCH        2
#define V1_SERIAL       23456789u
#define V1_CRED_LEN     57

static struct ram_memory old;
static uint8_t d256[32], q256[65];
/* The journal being laid out: its entry bytes and count. */
static size_t v1_jused;
static uint32_t v1_jcount;
/* The RFC 6979 P-256 signature of SHA-256("sample") the key in 9A makes. */
static uint8_t sig_want[80], h256[32];
static size_t sig_want_len;

/* The key in 9A and the signature it must make, from the vectors. */
static inline void
v1_vectors(void)
{
	hex_parse(VEC_P256_D, d256, sizeof(d256));
	hex_parse(VEC_P256_Q, q256, sizeof(q256));
	sig_want_len = hex_parse(VEC_P256_SIG, sig_want, sizeof(sig_want));
	sha(&br_sha256_vtable, "sample", h256);
}

static inline int
signs_vec(void)
{
	uint8_t sig[128];
	size_t n = 0;

	return key_op(UIMKEY_ALG_ECCP256, 0x9A, 0x81, h256, sizeof(h256), sig,
	    &n) == UIMKEY_SW_OK && n == sig_want_len &&
	    memcmp(sig, sig_want, n) == 0;
}

/* A record's check value: CRC-32 of id, epoch, length, then content. */
static inline uint32_t
v1_crc(unsigned id, uint32_t epoch, const uint8_t *data, size_t len)
{
	uint8_t h[12];

	uk_put_be32(h, id);
	uk_put_be32(h + 4, epoch);
	uk_put_be32(h + 8, (uint32_t)len);
	return uk_v1_crc32(uk_v1_crc32(0, h, sizeof(h)), data, len);
}

static inline void
v1_put(unsigned id, uint32_t epoch, const uint8_t *data, size_t len)
{
	uint8_t *p = old.mem + uk_v1_off(id);

	uk_put_be32(p, id);
	uk_put_be32(p + 4, epoch);
	uk_put_be32(p + 8, (uint32_t)len);
	if (len > 0)
		memcpy(p + V1_HDR_LEN, data, len);
	uk_put_be32(p + 12, v1_crc(id, epoch, data, len));
}

/* The credentials: PIN pin with left of 3 tries, PUK 87654321, the
 * factory management key. */
static inline void
v1_cred(uint8_t *cred, const char *pin, uint8_t left)
{
	memset(cred, 0xFF, V1_CRED_LEN);
	cred[0] = 1;
	memcpy(cred + 1, pin, strlen(pin));
	cred[9] = 3;
	cred[10] = left;
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
}

/* A format-1 card: PIN 654321 with 2 of 3 tries left, PUK 87654321, the
 * factory management key, the RFC 6979 P-256 key in 9A under policy
 * once, and a data object an earlier reset emptied; no journal. */
static inline void
v1_image(void)
{
	uint8_t cred[V1_CRED_LEN], key[4 + 32 + 65], meta[4], obj[8];
	unsigned id;

	ram_memory_blank(&old, 0);
	memcpy(old.mem, "UIMK\001", 5);
	uk_put_be32(old.mem + 5, V1_SERIAL);
	uk_put_be32(meta, V1_EPOCH);
	v1_put(UK_REC_COUNT, V1_EPOCH, meta, sizeof(meta));
	for (id = 0; id < UK_REC_COUNT; id++)
		v1_put(id, V1_EPOCH, NULL, 0);
	v1_cred(cred, "654321", 2);
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
	v1_jused = 0;
	v1_jcount = 0;
}

/* Append a journal entry: tag, length, CRC-32, then body_len bytes. */
static inline void
v1_jentry(uint32_t kind, unsigned id, uint32_t len, uint32_t crc,
    const uint8_t *body, size_t body_len)
{
	uint8_t *p = old.mem + V1_JDATA_OFF + v1_jused;

	uk_put_be32(p, kind << 24 | id);
	uk_put_be32(p + 4, len);
	uk_put_be32(p + 8, crc);
	if (body_len > 0)
		memcpy(p + 12, body, body_len);
	v1_jused += 12 + body_len;
	v1_jcount++;
}

static inline void
v1_jput(unsigned id, const uint8_t *data, size_t len)
{
	v1_jentry(V1_JENT_PUT, id, (uint32_t)len, 0, data, len);
}

/* A stamp of id's home content with epoch, its check value computed. */
static inline void
v1_jstamp(unsigned id, uint32_t epoch)
{
	const uint8_t *p = old.mem + uk_v1_off(id);
	uint32_t len = (uint32_t)p[8] << 24 | (uint32_t)p[9] << 16 |
	    (uint32_t)p[10] << 8 | p[11];

	v1_jentry(V1_JENT_STAMP, id, len, v1_crc(id, epoch, p + V1_HDR_LEN, len),
	    NULL, 0);
}

/* The journal header: the commit point, the mark written last. */
static inline void
v1_jcommit(uint32_t epoch, uint32_t flags)
{
	uint8_t *p = old.mem + V1_JHDR_OFF;

	memcpy(p, "UJNL", 4);
	uk_put_be32(p + 4, epoch);
	uk_put_be32(p + 8, flags);
	uk_put_be32(p + 12, v1_jcount);
	uk_put_be32(p + 16, (uint32_t)v1_jused);
	uk_put_be32(p + 20, uk_v1_crc32(0, old.mem + V1_JDATA_OFF, v1_jused));
	uk_put_be32(p + 24, uk_v1_crc32(0, p, 24));
	memcpy(p + 28, "CMIT", 4);
}

static inline int
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
static inline void
refused_with(int want, const char *name)
{
	ram_memory_blank(&store, 1);
	check(upgrade() == want &&
	    uimkey_card_memory_format(&store.vtable) == 0, name);
}

#endif
