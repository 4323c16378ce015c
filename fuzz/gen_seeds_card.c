/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gen_seeds' fuzz_card seeds: scenarios run on the card in process,
 * every APDU and event written in fuzz_card's input encoding.  The
 * answers are read as the scenarios go, so that what depends on them
 * (the mutual authentications' responses) is right for the card.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bearssl/bearssl.h>

#include "card/wire.h"
#include "fuzz/fz_card.h"
#include "fuzz/gen_seeds.h"
#include "tests/support/card_fixture.h"
#include "tests/support/test_device.h"
#include "tests/unit/key_vectors.h"

/* ------------------------------------------------------------------ */
/* fuzz_card: scenarios run on the card, every APDU recorded.          */

static uint8_t seed[256 * 1024];
static size_t seed_len;
static uint8_t ans[16384];
static size_t ans_len;

static void
begin(enum fz_mode mode, uint8_t cut, uint8_t tear)
{
	fz_start(mode);
	seed[0] = (uint8_t)(mode | tear << 3);
	seed[1] = cut;
	seed_len = 2;
	if (cut != 0)
		fz_arm_cut(cut, tear);
}

/* Send one APDU and record it; its data appended to ans. */
static uint16_t
rawrec(const uint8_t *c, size_t n)
{
	static uint8_t r[UIMKEY_CARD_RSP_MAX];
	size_t k;

	if (n < 0xFE) {
		seed[seed_len++] = (uint8_t)n;
	} else {
		seed[seed_len++] = 0xFF;
		seed[seed_len++] = (uint8_t)(n >> 8);
		seed[seed_len++] = (uint8_t)n;
	}
	memcpy(seed + seed_len, c, n);
	seed_len += n;
	k = uimkey_card_process(&fz_card, c, n, r);
	if (ans_len + k - 2 <= sizeof(ans)) {
		memcpy(ans + ans_len, r, k - 2);
		ans_len += k - 2;
	}
	return (uint16_t)(r[k - 2] << 8 | r[k - 1]);
}

/* Send one APDU, record it; the answer's data (GET RESPONSE followed
 * and recorded too) in ans. */
static uint16_t
apdu(const uint8_t *c, size_t n)
{
	static const uint8_t gr[5] = { 0x00, 0xC0, 0x00, 0x00, 0x00 };
	uint16_t sw;

	ans_len = 0;
	for (;;) {
		sw = rawrec(c, n);
		if ((sw & 0xFF00) != 0x6100)
			return sw;
		c = gr;
		n = sizeof(gr);
	}
}

static void
ev(uint8_t e)
{
	seed[seed_len++] = 0xFE;
	seed[seed_len++] = e;
	switch (e) {
	case 0: uimkey_card_power_on(&fz_card); break;
	case 1: uimkey_card_reset(&fz_card); break;
	case 2:
		fz_reboot();
		if (uimkey_card_init(&fz_card, &fz_store.vtable, &fz_rng.vtable,
	    test_device_default()) !=
		    UIMKEY_CARD_OK)
			abort();
		uimkey_card_power_on(&fz_card);
		break;
	default: uimkey_card_power_off(&fz_card); break;
	}
}

/* A short APDU (case 3/4, or the data in CLA 10 parts of 255 bytes). */
static uint16_t
cmd(uint8_t ins, uint8_t p1, uint8_t p2, const uint8_t *d, size_t n, int le)
{
	uint8_t a[4 + 1 + 255 + 1];
	size_t k, part;
	uint16_t sw;

	while (n > 255) {
		part = 255;
		a[0] = 0x10; a[1] = ins; a[2] = p1; a[3] = p2; a[4] = 255;
		memcpy(a + 5, d, part);
		if ((sw = apdu(a, 5 + part)) != 0x9000)
			return sw;
		d += part;
		n -= part;
	}
	a[0] = 0x00; a[1] = ins; a[2] = p1; a[3] = p2;
	k = 4;
	if (n > 0) {
		a[k++] = (uint8_t)n;
		memcpy(a + k, d, n);
		k += n;
	}
	if (le)
		a[k++] = 0x00;
	return apdu(a, k);
}

/* The same as one extended APDU. */
static uint16_t
xcmd(uint8_t ins, uint8_t p1, uint8_t p2, const uint8_t *d, size_t n)
{
	static uint8_t a[8192];

	return apdu(a, tc_ext_apdu(a, ins, p1, p2, d, n));
}

static uint16_t
hx(uint8_t ins, uint8_t p1, uint8_t p2, const char *hex)
{
	uint8_t d[4096];

	return cmd(ins, p1, p2, d, fz_hex(hex, d, sizeof(d)), 1);
}

static void
card_end(const char *name)
{
	gen_seeds_write("fuzz_card", name, seed, seed_len);
}

/* Mutual authentication with the key (3DES default, or AES). */
static int
auth(uint8_t alg, const uint8_t *key, size_t klen)
{
	uint8_t d[4 + 16 + 2 + 16] = { 0x7C, 0, 0x80, 0 }, iv[16];
	size_t b = alg == UIMKEY_ALG_3DES ? 8 : 16;

	if (hx(UIMKEY_INS_GEN_AUTH, alg, 0x9B, "7C028000") != 0x9000 ||
	    ans_len != 4 + b)
		return 0;
	memcpy(d + 4, ans + 4, b);
	memset(iv, 0, sizeof(iv));
	if (alg == UIMKEY_ALG_3DES) {
		br_des_ct_cbcdec_keys k;
		br_des_ct_cbcdec_init(&k, key, klen);
		br_des_ct_cbcdec_run(&k, iv, d + 4, b);
	} else {
		br_aes_ct_cbcdec_keys k;
		br_aes_ct_cbcdec_init(&k, key, klen);
		br_aes_ct_cbcdec_run(&k, iv, d + 4, b);
	}
	d[1] = (uint8_t)(2 + b);
	d[3] = (uint8_t)b;
	/* With our own challenge for the card: 81 b C. */
	d[1] = (uint8_t)(2 + b + 2 + b);
	d[4 + b] = 0x81;
	d[5 + b] = (uint8_t)b;
	memset(d + 6 + b, 0x42, b);
	return cmd(UIMKEY_INS_GEN_AUTH, alg, 0x9B, d, 6 + 2 * b, 1) == 0x9000;
}

static const uint8_t key3des[24] = { 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4,
	5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8 };

static void
verify(void)
{
	hx(UIMKEY_INS_VERIFY, 0x00, 0x80, "313233343536FFFF");
}

static void
sign(uint8_t alg, uint8_t slot)
{
	uint8_t d[600];
	size_t n, k = 0, in;

	in = alg == UIMKEY_ALG_ECCP256 ? 32 : alg == UIMKEY_ALG_ECCP384 ? 48 :
	    alg == UIMKEY_ALG_RSA2048 ? 256 : alg == UIMKEY_ALG_RSA3072 ? 384 :
	    512;
	n = 2 + 2 + (in < 128 ? 2 : in < 256 ? 3 : 4) + in;
	d[k++] = 0x7C;
	if (n - 2 < 128) {
		d[k++] = (uint8_t)(n - 2);
	} else if (n - 2 < 256) {
		d[k++] = 0x81; d[k++] = (uint8_t)(n - 2);
	} else {
		d[k++] = 0x82; d[k++] = (uint8_t)((n - 2) >> 8);
		d[k++] = (uint8_t)(n - 2);
	}
	d[k++] = 0x82; d[k++] = 0x00;
	d[k++] = 0x81;
	if (in < 128) {
		d[k++] = (uint8_t)in;
	} else if (in < 256) {
		d[k++] = 0x81; d[k++] = (uint8_t)in;
	} else {
		d[k++] = 0x82; d[k++] = (uint8_t)(in >> 8); d[k++] = (uint8_t)in;
	}
	memset(d + k, 0x33, in);
	d[k] = 0x00;            /* below any modulus */
	k += in;
	cmd(UIMKEY_INS_GEN_AUTH, alg, slot, d, k, 1);
}

static void
ecdh(uint8_t slot)
{
	uint8_t d[80] = { 0x7C, 0x47, 0x82, 0x00, 0x85, 0x41 };

	fz_hex(VEC_P256_Q, d + 6, 65);
	cmd(UIMKEY_INS_GEN_AUTH, UIMKEY_ALG_ECCP256, slot, d, 71, 1);
}

static void
import_rsa2048(uint8_t slot, int extended)
{
	static const char *const parts[5] = { VEC_RSA_P, VEC_RSA_Q,
		VEC_RSA_DP, VEC_RSA_DQ, VEC_RSA_IQ };
	uint8_t d[5 * 131 + 3], v[256];
	size_t n = 0, k, i;

	for (i = 0; i < 5; i++) {
		k = fz_hex(parts[i], v, sizeof(v));
		d[n++] = (uint8_t)(i + 1);
		d[n++] = 0x81;
		d[n++] = (uint8_t)k;
		memcpy(d + n, v, k);
		n += k;
	}
	memcpy(d + n, "\xAA\x01\x03", 3);
	n += 3;
	if (extended)
		xcmd(UIMKEY_INS_IMPORT_KEY, UIMKEY_ALG_RSA2048, slot, d, n);
	else
		cmd(UIMKEY_INS_IMPORT_KEY, UIMKEY_ALG_RSA2048, slot, d, n, 0);
}

static void
lock_token(uint8_t action, uint32_t counter, uint32_t serial)
{
	uint8_t tok[128];
	size_t n = fz_lock_token(serial, action, counter, tok, sizeof(tok));

	cmd(UIMKEY_INS_APPLY_LOCK, 0, 0, tok, n, 0);
}

void
gen_seeds_card(void)
{
	static const uint8_t meta_refs[] = { 0x80, 0x81, 0x9B, 0x5A, 0x9A, 0x9C,
		0x9D, 0x9E, 0x82, 0x83, 0x84, 0x85, 0xF9, 0x00 };
	static const char *const tags[] = { "7E", "5FC102", "5FC107",
		"5FC10C", "5FC105", "5FC10A", "5FC10B", "5FC101", "5FFF01",
		"5FC109", "5FC108", "5FFF00", "7F61", "5FC106", "5FC10D" };
	static const uint8_t gen_algs[] = { 0x11, 0x14, 0x07, 0x05, 0x16 };
	uint8_t d[4096], aes[32];
	char name[64], hex[64];
	uint32_t serial = fz_serial(FZ_PERSO);
	size_t i, k;
	int m, c;

	for (i = 0; i < sizeof(aes); i++)
		aes[i] = (uint8_t)(0xA0 + i);
	/* Metadata and data objects, every start state. */
	for (m = 0; m < FZ_MODES; m++) {
		begin((enum fz_mode)m, 0, 0);
		for (i = 0; i < sizeof(meta_refs); i++)
			cmd(UIMKEY_INS_GET_METADATA, 0, meta_refs[i], NULL, 0, 1);
		snprintf(name, sizeof(name), "meta-m%d", m);
		card_end(name);
		begin((enum fz_mode)m, 0, 0);
		for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
			snprintf(hex, sizeof(hex), "5C%02zX%s", strlen(tags[i]) / 2,
			    tags[i]);
			hx(UIMKEY_INS_GET_DATA, 0x3F, 0xFF, hex);
		}
		hx(UIMKEY_INS_GET_VERSION, 0, 0, "");
		hx(UIMKEY_INS_GET_SERIAL, 0, 0, "");
		hx(UIMKEY_INS_GET_CHALLENGE, 0, 0, "");
		snprintf(name, sizeof(name), "data-m%d", m);
		card_end(name);
	}
	/* Authentication from the factory state, then administration. */
	for (m = 0; m < 2; m++) {
		begin((enum fz_mode)m, 0, 0);
		auth(UIMKEY_ALG_3DES, key3des, 24);
		hx(UIMKEY_INS_GEN_KEY, 0, 0x9A, "AC03800111");
		hx(UIMKEY_INS_GEN_KEY, 0, 0x9C, "AC06800114AA0103");
		verify();
		sign(0x11, 0x9A);
		hx(UIMKEY_INS_ATTEST, 0x9A, 0, "");
		/* Refused: the factory management key. */
		d[0] = 0x01; d[1] = 0x41;
		fz_hex(VEC_P256_Q, d + 2, 65);
		memcpy(d + 67, "\x02\x04\x00\x00\x00\x10", 6);
		cmd(UIMKEY_INS_INSTALL_ISSUER, 0, 0, d, 73, 0);
		hx(UIMKEY_INS_SET_PIN_POLICY, 0, 0, "01010702010F");
		hx(UIMKEY_INS_SET_PIN_POLICY, 0, 0, "020102");
		snprintf(name, sizeof(name), "factory-admin-m%d", m);
		card_end(name);
		begin((enum fz_mode)m, 0, 0);
		auth(UIMKEY_ALG_3DES, key3des, 24);
		d[0] = UIMKEY_ALG_AES256; d[1] = 0x9B; d[2] = 32;
		memcpy(d + 3, aes, 32);
		cmd(UIMKEY_INS_SET_MGMT, 0xFF, 0xFF, d, 35, 0);
		auth(UIMKEY_ALG_AES256, aes, 32);
		/* Accepted: the card's own management key. */
		d[0] = 0x01; d[1] = 0x41;
		fz_hex(VEC_P256_Q, d + 2, 65);
		memcpy(d + 67, "\x02\x04\x00\x00\x00\x10", 6);
		cmd(UIMKEY_INS_INSTALL_ISSUER, 0, 0, d, 73, 0);
		hx(UIMKEY_INS_GEN_AUTH, UIMKEY_ALG_AES256, 0x9B, "7C028100");
		hx(UIMKEY_INS_GEN_AUTH, UIMKEY_ALG_AES256, 0x9B,
		    "7C1282100000000000000000000000000000000000");
		verify();
		hx(UIMKEY_INS_SET_RETRIES, 5, 4, "");
		snprintf(name, sizeof(name), "factory-mgmt-m%d", m);
		card_end(name);
	}
	/* Keys: every slot signs; ECDH; attestations. */
	begin(FZ_PERSO_AUTH, 0, 0);
	sign(0x11, 0x9A);
	verify();
	sign(0x14, 0x9C);
	sign(0x07, 0x9D);
	sign(0x11, 0x9E);
	verify();
	sign(0x14, 0x82);
	sign(0x11, 0x83);
	sign(0x07, 0x84);
	ecdh(0x9A);
	ecdh(0x83);
	for (i = 0; i < 6; i++)
		cmd(UIMKEY_INS_ATTEST, (uint8_t[]){ 0x9A, 0x9C, 0x9E, 0x82, 0x84,
		    0xF9 }[i], 0, NULL, 0, 1);
	card_end("perso-keys");
	/* Generation of every algorithm, attestation, use. */
	for (i = 0; i < sizeof(gen_algs); i++) {
		begin(FZ_PERSO_AUTH, 0, 0);
		snprintf(hex, sizeof(hex), "AC0380 01%02X", gen_algs[i]);
		hx(UIMKEY_INS_GEN_KEY, 0, 0x85, hex);
		hx(UIMKEY_INS_ATTEST, 0x85, 0, "");
		hx(UIMKEY_INS_GET_METADATA, 0, 0x85, "");
		sign(gen_algs[i], 0x85);
		snprintf(name, sizeof(name), "gen-%02x", gen_algs[i]);
		card_end(name);
	}
	/* Imports: EC (short), RSA in chained parts and extended. */
	begin(FZ_PERSO_AUTH, 0, 0);
	d[0] = 0x06; d[1] = 32;
	fz_hex(VEC_P256_D, d + 2, 32);
	cmd(UIMKEY_INS_IMPORT_KEY, UIMKEY_ALG_ECCP256, 0x86, d, 34, 0);
	d[0] = 0x06; d[1] = 48;
	fz_hex(VEC_P384_D, d + 2, 48);
	memcpy(d + 50, "\xAA\x01\x01\xAB\x01\x01", 6);
	cmd(UIMKEY_INS_IMPORT_KEY, UIMKEY_ALG_ECCP384, 0x87, d, 56, 0);
	import_rsa2048(0x88, 0);
	import_rsa2048(0x89, 1);
	verify();
	sign(0x07, 0x88);
	card_end("perso-import");
	/* Move and delete. */
	begin(FZ_PERSO_AUTH, 0, 0);
	hx(UIMKEY_INS_MOVE_KEY, 0x90, 0x9A, "");
	hx(UIMKEY_INS_MOVE_KEY, 0xFF, 0x9E, "");
	hx(UIMKEY_INS_MOVE_KEY, 0x9A, 0x90, "");
	hx(UIMKEY_INS_MOVE_KEY, 0x9D, 0x9C, "");
	hx(UIMKEY_INS_GET_METADATA, 0, 0x90, "");
	card_end("perso-move");
	/* Data objects: 3000 bytes chained, extended; read back in parts. */
	begin(FZ_PERSO_AUTH, 0, 0);
	k = 0;
	memcpy(d, "\x5C\x03\x5F\xC1\x0D\x53\x82\x0B\xB8", 9);
	k = 9;
	for (i = 0; i < 3000; i++)
		d[k++] = (uint8_t)i;
	cmd(UIMKEY_INS_PUT_DATA, 0x3F, 0xFF, d, k, 0);
	hx(UIMKEY_INS_GET_DATA, 0x3F, 0xFF, "5C035FC10D");
	memcpy(d, "\x5C\x03\x5F\xC1\x02\x53\x05\x30\x03\x01\x02\x03", 12);
	xcmd(UIMKEY_INS_PUT_DATA, 0x3F, 0xFF, d, 12);
	hx(UIMKEY_INS_PUT_DATA, 0x3F, 0xFF, "5C035FC10553 00");
	hx(UIMKEY_INS_PUT_DATA, 0x3F, 0xFF, "5C017E5300");
	hx(UIMKEY_INS_PUT_DATA, 0x3F, 0xFF, "5C027F615300");
	/* Read back with Le 10, then GET RESPONSE of 20 bytes twice. */
	rawrec((const uint8_t *)"\x00\xCB\x3F\xFF\x05\x5C\x03\x5F\xC1\x0D"
	    "\x10", 11);
	for (c = 0; c < 2; c++)
		rawrec((const uint8_t *)"\x00\xC0\x00\x00\x20", 5);
	card_end("perso-objects");
	/* Credentials: change, unblock, block, reset. */
	begin(FZ_PERSO_AUTH, 0, 0);
	hx(UIMKEY_INS_CHANGE_REF, 0, 0x80, "313233343536FFFF 3937353331FFFFFF");
	hx(UIMKEY_INS_CHANGE_REF, 0, 0x80, "3937353331FFFFFF 393735333132FFFF");
	hx(UIMKEY_INS_CHANGE_REF, 0, 0x81, "3132333435363738 3837363534333231");
	hx(UIMKEY_INS_RESET_RETRY, 0, 0x80, "3837363534333231 313233343536FFFF");
	hx(UIMKEY_INS_VERIFY, 0, 0x80, "");
	hx(UIMKEY_INS_VERIFY, 0xFF, 0x80, "");
	for (i = 0; i < 3; i++)
		hx(UIMKEY_INS_VERIFY, 0, 0x80, "3030303030303030");
	for (i = 0; i < 3; i++)
		hx(UIMKEY_INS_RESET_RETRY, 0, 0x80,
		    "3030303030303030 323436383130FFFF");
	hx(UIMKEY_INS_RESET, 0, 0, "");
	hx(UIMKEY_INS_GET_METADATA, 0, 0x9A, "");
	card_end("perso-reset");
	/* The issuer lock: lock, unlock, stale, other card, bad signature. */
	begin(FZ_PERSO, 0, 0);
	lock_token(UIMKEY_LOCK_ACTION_LOCK, 102, serial);
	hx(UIMKEY_INS_VERIFY, 0, 0x80, "313233343536FFFF");
	hx(UIMKEY_INS_GET_METADATA, 0, 0x5A, "");
	hx(UIMKEY_INS_GET_METADATA, 0, 0x80, "");
	lock_token(UIMKEY_LOCK_ACTION_UNLOCK, 102, serial);
	lock_token(UIMKEY_LOCK_ACTION_UNLOCK, 103, serial);
	lock_token(UIMKEY_LOCK_ACTION_LOCK, 104, serial + 1);
	verify();
	card_end("perso-lock");
	begin(FZ_PERSO_LOCKED, 0, 0);
	hx(UIMKEY_INS_VERIFY, 0, 0x80, "313233343536FFFF");
	hx(UIMKEY_INS_RESET, 0, 0, "");
	lock_token(UIMKEY_LOCK_ACTION_UNLOCK, 102, serial);
	verify();
	sign(0x11, 0x9A);
	card_end("locked-unlock");
	/* Power cuts in the middle of writes, then restarts. */
	for (c = 1; c <= 40; c += 13) {
		begin(FZ_PERSO_AUTH, (uint8_t)c, (uint8_t)(c % 5));
		hx(UIMKEY_INS_GEN_KEY, 0, 0x85, "AC03800111");
		import_rsa2048(0x86, 1);
		lock_token(UIMKEY_LOCK_ACTION_LOCK, 110, serial);
		ev(2);
		hx(UIMKEY_INS_GET_METADATA, 0, 0x85, "");
		hx(UIMKEY_INS_GET_METADATA, 0, 0x5A, "");
		snprintf(name, sizeof(name), "cut-%d", c);
		card_end(name);
	}
	/* Events, chaining abandoned, odd APDU forms. */
	begin(FZ_PERSO_AUTH, 0, 0);
	hx(UIMKEY_INS_GET_DATA, 0x3F, 0xFF, "5C035FC105");
	ev(1);
	verify();
	ev(3);
	hx(UIMKEY_INS_GET_VERSION, 0, 0, "");
	ev(0);
	apdu((const uint8_t *)"\x10\xDB\x3F\xFF\x03\x5C\x01\x7E", 8);
	apdu((const uint8_t *)"\x00\xDB\x3F\xFF\x02\x53\x00", 7);
	apdu((const uint8_t *)"\x10\xC0\x00\x00\x00", 5);
	apdu((const uint8_t *)"\x00\xA4\x04\x00\x09\xA0\x00\x00\x03\x08\x00\x00"
	    "\x10\x00\x00", 15);
	apdu((const uint8_t *)"\x00\xA4\x04\x00\x05\xA0\x00\x00\x03\x09", 10);
	apdu((const uint8_t *)"\x0C\xA4\x04\x00", 4);
	apdu((const uint8_t *)"\x00\xFD\x00\x00\x00\x00\x00", 7);
	ev(2);
	hx(UIMKEY_INS_GET_SERIAL, 0, 0, "");
	card_end("events");
	/* Faults: failing reads and random source, damage, a blank
	 * header.  Written as bytes (the generator does not simulate them;
	 * nothing after depends on an answer). */
	for (c = 0; c < 10; c++) {
		size_t used = 0x6000, off = used * (size_t)c / 10 + 0x20;
		begin(c < 5 ? FZ_PERSO_AUTH : FZ_FACTORY7, 0, 0);
		hx(UIMKEY_INS_GET_DATA, 0x3F, 0xFF, "5C035FC105");
		seed[seed_len++] = 0xFE; seed[seed_len++] = 0x04;
		seed[seed_len++] = (uint8_t)(off >> 16);
		seed[seed_len++] = (uint8_t)(off >> 8);
		seed[seed_len++] = (uint8_t)off;
		seed[seed_len++] = 0x01;
		seed[seed_len++] = 0xFE; seed[seed_len++] = 0x02;
		hx(UIMKEY_INS_GET_METADATA, 0, 0x9A, "");
		hx(UIMKEY_INS_GET_DATA, 0x3F, 0xFF, "5C035FC105");
		verify();
		snprintf(name, sizeof(name), "damage-%d", c);
		card_end(name);
	}
	begin(FZ_PERSO_AUTH, 0, 0);
	seed[seed_len++] = 0xFE; seed[seed_len++] = 0x05;
	verify();
	hx(UIMKEY_INS_GET_METADATA, 0, 0x9A, "");
	seed[seed_len++] = 0xFE; seed[seed_len++] = 0x02;
	seed[seed_len++] = 0xFE; seed[seed_len++] = 0x05;
	seed[seed_len++] = 0xFE; seed[seed_len++] = 0x02;
	seed[seed_len++] = 0xFE; seed[seed_len++] = 0x06;
	seed[seed_len++] = 0xFE; seed[seed_len++] = 0x01;
	hx(UIMKEY_INS_GEN_KEY, 0, 0x85, "AC03800111");
	seed[seed_len++] = 0xFE; seed[seed_len++] = 0x02;
	seed[seed_len++] = 0xFE; seed[seed_len++] = 0x06;
	seed[seed_len++] = 0xFE; seed[seed_len++] = 0x02;
	hx(UIMKEY_INS_GET_CHALLENGE, 0, 0, "");
	card_end("fail-read-rng");
	begin(FZ_PERSO, 0, 0);
	seed[seed_len++] = 0xFE; seed[seed_len++] = 0x07;
	hx(UIMKEY_INS_GET_SERIAL, 0, 0, "");
	hx(UIMKEY_INS_GET_DATA, 0x3F, 0xFF, "5C035FFF01");
	hx(UIMKEY_INS_GET_METADATA, 0, 0x5A, "");
	card_end("blank");
	begin(FZ_PERSO, 20, 2);
	seed[seed_len++] = 0xFE; seed[seed_len++] = 0x07;
	seed[seed_len++] = 0xFE; seed[seed_len++] = 0x02;
	hx(UIMKEY_INS_GET_SERIAL, 0, 0, "");
	card_end("blank-cut");
}
