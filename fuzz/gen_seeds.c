/*
 * gen_seeds OUTDIR: the generated seeds of the fuzz targets, made by
 * running the real card core in process (fz_card.c), so that the
 * management key authentications, signatures, lock tokens and
 * certificates in them are the real ones for the fuzzers' start states.
 * Writes OUTDIR/TARGET/gen-*; make fuzz-seeds merges them (with the
 * unit tests' recorded sessions) into fuzz/corpus/TARGET, keeping only
 * inputs that add coverage.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <bearssl/bearssl.h>

#include "card/der.h"
#include "card/wire.h"
#include "card/x509.h"
#include "fuzz/fz_card.h"
#include "fuzz/fz_host.h"
#include "fuzz/fz_io.h"
#include "fuzz/fz_p11.h"
#include "host/uimkey.h"
#include "tests/unit/key_vectors.h"

static const char *outdir;
static unsigned count;

static void
write_seed(const char *target, const char *name, const uint8_t *b, size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", outdir, target);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/gen-%s", outdir, target, name);
	if ((f = fopen(path, "wb")) == NULL || fwrite(b, 1, n, f) != n) {
		perror(path);
		exit(1);
	}
	fclose(f);
	count++;
}

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
		if (uimkey_card_init(&fz_card, &fz_store.vtable, &fz_rng.vtable) !=
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
	size_t k = 0;

	a[k++] = 0x00; a[k++] = ins; a[k++] = p1; a[k++] = p2; a[k++] = 0x00;
	if (n > 0) {
		a[k++] = (uint8_t)(n >> 8);
		a[k++] = (uint8_t)n;
		memcpy(a + k, d, n);
		k += n;
	}
	a[k++] = 0x00;
	a[k++] = 0x00;
	return apdu(a, k);
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
	write_seed("fuzz_card", name, seed, seed_len);
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

static void
card_seeds(void)
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

/* ------------------------------------------------------------------ */
/* fuzz_host: operation scripts against the real card, answers recorded */

static void
host_seed(enum fz_mode mode, const uint8_t *ops, size_t nops,
    const char *name)
{
	static uint8_t rec[512 * 1024];
	static uint8_t out[512 * 1024 + 80];
	struct fz_io io;
	size_t n = 0;

	fz_start(mode);
	memset(&io, 0, sizeof(io));
	io.use_card = 1;
	io.rec = rec;
	io.rec_cap = sizeof(rec);
	fz_random_next = 0x5A;
	fz_io_wrap_all = &io;
	fz_host_run(&io, 0, ops, nops);
	fz_io_wrap_all = NULL;
	out[n++] = 0;
	out[n++] = (uint8_t)nops;
	memcpy(out + n, ops, 2 * nops);
	n += 2 * nops;
	memcpy(out + n, rec, io.rec_len);
	n += io.rec_len;
	write_seed("fuzz_host", name, out, n);
}

static void
host_seeds(void)
{
	static const uint8_t args[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 0x13, 0x22,
		0x41, 0x83 };
	uint8_t ops[2 * FZ_HOST_OPS_MAX];
	char name[64];
	size_t k, a;

	for (k = 0; k < FZ_HOST_OPS; k++) {
		if (k == 23)
			continue;
		for (a = 0; a < sizeof(args); a++) {
			/* Authenticated first: the management key, the PIN. */
			ops[0] = 6; ops[1] = 0;
			ops[2] = 5; ops[3] = 0;
			ops[4] = (uint8_t)k; ops[5] = args[a];
			snprintf(name, sizeof(name), "op%02zu-%02x", k, args[a]);
			host_seed(FZ_PERSO, ops, 3, name);
		}
	}
	/* The PKCS#11 module reading the card. */
	for (a = 0; a < 8; a++) {
		ops[0] = 23; ops[1] = (uint8_t)a;
		snprintf(name, sizeof(name), "p11-tour-%zu", a);
		host_seed(FZ_PERSO, ops, 1, name);
	}
	ops[0] = 23; ops[1] = 0;
	host_seed(FZ_PERSO_LOCKED, ops, 1, "p11-tour-locked");
	host_seed(FZ_FACTORY7, ops, 1, "p11-tour-factory");
	/* A long mixed script. */
	{
		static const uint8_t mix[] = { 0, 0x80 - 0x80, 0, 3, 1, 0, 3, 2,
			3, 1, 4, 0, 5, 0, 8, 0, 8, 0x11, 9, 0, 2, 0, 11, 0, 6, 0, 7,
			0x10, 2, 8, 20, 3, 10, 40, 13, 0, 22, 0, 0, 11, 27, 1 };
		host_seed(FZ_PERSO, mix, sizeof(mix) / 2, "mix");
		host_seed(FZ_PERSO_LOCKED, mix, sizeof(mix) / 2, "mix-locked");
		host_seed(FZ_FACTORY7, mix, sizeof(mix) / 2, "mix-factory");
	}
}

/* ------------------------------------------------------------------ */
/* fuzz_p11_template: operations written out (fz_p11.h's encoding)     */

static uint8_t pb[8192];
static size_t pl;

static void
pu8(uint8_t b)
{
	pb[pl++] = b;
}

static void
pbytes(const void *b, size_t n)
{
	memcpy(pb + pl, b, n);
	pl += n;
}

static int
attr_index(CK_ATTRIBUTE_TYPE t)
{
	size_t i;

	for (i = 0; i < fz_attr_count; i++)
		if (fz_attr_types[i] == t)
			return (int)i;
	abort();
}

/* One attribute with a value. */
static void
pattr(CK_ATTRIBUTE_TYPE t, const void *v, size_t n)
{
	pu8((uint8_t)attr_index(t));
	if (n < 0x3F) {
		pu8((uint8_t)n);
	} else {
		pu8(0x3F);
		pu8((uint8_t)n);
	}
	pbytes(v, n);
}

static void
pulong(CK_ATTRIBUTE_TYPE t, CK_ULONG v)
{
	pattr(t, &v, sizeof(v));
}

static void
pbool(CK_ATTRIBUTE_TYPE t, CK_BBOOL v)
{
	pattr(t, &v, 1);
}

/* An attribute to read: a buffer of n bytes. */
static void
pout(CK_ATTRIBUTE_TYPE t, size_t n)
{
	pu8((uint8_t)attr_index(t));
	if (n < 0x3F) {
		pu8((uint8_t)n);
	} else {
		pu8(0x3F);
		pu8((uint8_t)n);
	}
}

static void
p11_end(const char *name)
{
	write_seed("fuzz_p11_template", name, pb, pl);
}

static void
p11_seeds(void)
{
	static const uint8_t p256[] = { 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE,
		0x3D, 0x03, 0x01, 0x07 };
	CK_ULONG classes[] = { CKO_PRIVATE_KEY, CKO_PUBLIC_KEY,
		CKO_CERTIFICATE, CKO_SECRET_KEY, CKO_DATA };
	uint8_t id, cert[2048], point[65];
	size_t i, n;
	int login;

	fz_hex(VEC_P256_Q, point, sizeof(point));
	/* The F9 certificate: something to C_CreateObject. */
	fz_start(FZ_PERSO);
	n = 0;
	if (fz_sendx(UIMKEY_INS_GET_DATA, 0x3F, 0xFF, "5C035FFF01", ans,
	    sizeof(ans), &ans_len) == 0x9000 && ans_len > 8)
		n = (size_t)ans[6] << 8 | ans[7];
	if (n > sizeof(cert) || n + 8 > ans_len)
		n = 0;
	memcpy(cert, ans + 8, n);

	for (login = 0; login < 4; login++) {
		/* Find by class, read attributes of what was found. */
		pl = 0;
		pu8((uint8_t)login);
		for (i = 0; i < 5; i++) {
			pu8(0);                         /* find */
			pu8(1);
			pulong(CKA_CLASS, classes[i]);
			pu8(8);
			pu8(1);                         /* get attributes */
			pu8((uint8_t)i);
			pu8(8);
			pout(CKA_CLASS, 8);
			pout(CKA_ID, 1);
			pout(CKA_LABEL, 64);
			pout(CKA_KEY_TYPE, 8);
			pout(CKA_VALUE, 0x3E);
			pout(CKA_EC_POINT, 0x3E);
			pout(CKA_MODULUS, 255);
			pout(CKA_SUBJECT, 0);
		}
		p11_end((char[]){ 'f', 'i', 'n', 'd', '-', (char)('0' + login),
		    0 });
	}
	/* Find by id, sign, decrypt, verify, derive. */
	pl = 0;
	pu8(1);
	for (id = 1; id <= 7; id++) {
		pu8(0);
		pu8(2);
		pulong(CKA_CLASS, CKO_PRIVATE_KEY);
		pattr(CKA_ID, &id, 1);
		pu8(1);
	}
	/* sign with handle 0 (9A ECDSA), 2 (9D RSA) */
	pu8(9); pu8(0); pu8(0); pu8(0); pu8(16); pu8(40);
	for (i = 0; i < 32; i++) pu8((uint8_t)i);
	pu8(9); pu8(5); pu8(0); pu8(2); pu8(16); pu8(100);
	for (i = 0; i < 32; i++) pu8((uint8_t)i);
	pu8(9); pu8(7); pu8(2); pu8(3); pu8(5); pu8(0); pu8(32); pu8(1);
	pu8(2); pu8(16); pu8(100);
	for (i = 0; i < 32; i++) pu8((uint8_t)i);
	pu8(10); pu8(10); pu8(3); pu8(2); pu8(1); pu8(1); pu8(3); pu8('a');
	pu8('b'); pu8('c'); pu8(0); pu8(2); pu8(128);
	for (i = 0; i < 256; i++) pu8((uint8_t)i);
	pu8(100);
	pu8(8); pu8(11); pu8(4); pu8(1); pu8(0); pu8(65); pbytes(point, 65);
	pu8(0);
	pu8(3);
	pulong(CKA_CLASS, CKO_SECRET_KEY);
	pulong(CKA_KEY_TYPE, CKK_GENERIC_SECRET);
	pbool(CKA_SENSITIVE, CK_FALSE);
	pu8(1); pu8(7); pu8(2); pout(CKA_VALUE, 32); pout(CKA_VALUE_LEN, 8);
	p11_end("use");
	/* As the SO: create a certificate, generate, destroy. */
	pl = 0;
	pu8(2);
	pu8(2);
	pu8(4);
	pulong(CKA_CLASS, CKO_CERTIFICATE);
	pulong(CKA_CERTIFICATE_TYPE, CKC_X_509);
	id = 5;
	pattr(CKA_ID, &id, 1);
	/* CKA_VALUE up to 255 bytes in this encoding: a cut certificate,
	 * and in the next seed the whole one through the raw form */
	pattr(CKA_VALUE, cert, n < 255 ? n : 255);
	pu8(3); pu8(12); pu8(0);
	pu8(2); pulong(CKA_TOKEN, 1); pattr(CKA_EC_PARAMS, p256, sizeof(p256));
	pu8(2); pattr(CKA_ID, (uint8_t[]){ 9 }, 1);
	pbool(CKA_ALWAYS_AUTHENTICATE, CK_TRUE);
	pu8(3); pu8(13); pu8(0);
	pu8(2); pulong(CKA_MODULUS_BITS, 2048);
	pattr(CKA_PUBLIC_EXPONENT, "\x01\x00\x01", 3);
	pu8(1); pattr(CKA_ID, (uint8_t[]){ 10 }, 1);
	pu8(0); pu8(1); pulong(CKA_CLASS, CKO_PRIVATE_KEY); pu8(8);
	pu8(6); pu8(0);
	pu8(6); pu8(1);
	pu8(7); pu8(2);
	pu8(4); pu8(0); pu8(1); pbool(CKA_LABEL, 1);
	pu8(5); pu8(0); pu8(0);
	pu8(12); pu8(16); pu8(0); pu8(1); pulong(CKA_VALUE_LEN, 16);
	pu8(13); pu8(0); pu8(0); pu8(0); pu8(4); pbytes("abcd", 4); pu8(0);
	p11_end("so");
	(void)cert;
}

/* ------------------------------------------------------------------ */
/* fuzz_ra: requests signed on the card, attestation chains            */

static size_t
item(uint8_t *out, const uint8_t *b, size_t n)
{
	return fz_item_put(out, 1 << 20, b, n);
}

static size_t
pem(const char *label, const uint8_t *der, size_t n, uint8_t *out)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t k = 0, i, col = 0;
	uint32_t v;

	k += (size_t)sprintf((char *)out, "-----BEGIN %s-----\n", label);
	for (i = 0; i < n; i += 3) {
		v = (uint32_t)der[i] << 16;
		if (i + 1 < n) v |= (uint32_t)der[i + 1] << 8;
		if (i + 2 < n) v |= der[i + 2];
		out[k++] = (uint8_t)b64[v >> 18 & 63];
		out[k++] = (uint8_t)b64[v >> 12 & 63];
		out[k++] = i + 1 < n ? (uint8_t)b64[v >> 6 & 63] : '=';
		out[k++] = i + 2 < n ? (uint8_t)b64[v & 63] : '=';
		if ((col += 4) == 64) {
			out[k++] = '\n';
			col = 0;
		}
	}
	if (col != 0)
		out[k++] = '\n';
	k += (size_t)sprintf((char *)out + k, "-----END %s-----\n", label);
	return k;
}

/* A CSR for the key in slot, signed on the card (libuimkey over the
 * in-process card). */
static size_t
csr_for(uimkey_dev_t *dev, uint8_t slot, const char *cn, const char *chal,
    uint8_t *out, size_t cap)
{
	uimkey_piv_meta_t meta;
	uimkey_x509_csr_in in;
	uint8_t name[256], info[2048], hash[32], sig[512], em[512];
	size_t name_len, info_len, sig_len, n;
	br_sha256_context h;
	uimkey_x509_sig_alg alg;
	static const uint8_t di[] = { 0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60,
		0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04,
		0x20 };

	if (uimkey_piv_get_metadata(dev, slot, &meta) != UIMKEY_OK)
		return 0;
	name_len = uimkey_x509_name_cn(cn, strlen(cn), name, sizeof(name));
	memset(&in, 0, sizeof(in));
	in.subject.der = name;
	in.subject.len = name_len;
	in.spki.der = meta.spki;
	in.spki.len = meta.spki_len;
	if (chal != NULL) {
		in.challenge = chal;
		in.challenge_len = strlen(chal);
		in.challenge_tag = UIMKEY_DER_PRINTABLE;
	}
	info_len = uimkey_x509_csr_info(&in, info, sizeof(info));
	br_sha256_init(&h);
	br_sha256_update(&h, info, info_len);
	br_sha256_out(&h, hash);
	(void)uimkey_piv_verify_pin(dev, "123456", NULL);
	if (meta.alg == UIMKEY_ALG_ECCP256) {
		alg = UIMKEY_X509_SIG_ECDSA_SHA256;
		if (uimkey_piv_sign(dev, slot, meta.alg, hash, 32, sig,
		    sizeof(sig), &sig_len) != UIMKEY_OK)
			return 0;
	} else {
		alg = UIMKEY_X509_SIG_RSA_SHA256;
		n = 256;
		memset(em, 0xFF, n);
		em[0] = 0x00;
		em[1] = 0x01;
		em[n - 52] = 0x00;
		memcpy(em + n - 51, di, sizeof(di));
		memcpy(em + n - 32, hash, 32);
		if (uimkey_piv_sign(dev, slot, meta.alg, em, n, sig, sizeof(sig),
		    &sig_len) != UIMKEY_OK)
			return 0;
	}
	return uimkey_x509_csr_wrap(info, info_len, alg, sig, sig_len, out, cap);
}

static void
ra_seeds(void)
{
	static uint8_t csr[3][4096], att[3][4096], f9[4096], b[64 * 1024];
	static uint8_t p1[16384], p2[16384], p3[16384];
	size_t csr_len[3], att_len[3], f9_len = 0, n, k, q1, q2, q3;
	static const uint8_t slots_[3] = { 0x9A, 0x84, 0x9D };
	struct fz_io io;
	uimkey_ctx_t *ctx = uimkey_ctx_new();
	uimkey_dev_t *dev = uimkey_dev_new();
	char name[64];
	int i, mode;

	fz_start(FZ_PERSO);
	memset(&io, 0, sizeof(io));
	io.use_card = 1;
	if (uimkey_ctx_set_io(ctx, &fz_io_vtable, &io) != UIMKEY_OK ||
	    uimkey_ctx_open(ctx) != UIMKEY_OK ||
	    uimkey_dev_open(dev, ctx, FZ_READER) != UIMKEY_OK)
		abort();
	for (i = 0; i < 3; i++) {
		csr_len[i] = csr_for(dev, slots_[i], i == 2 ? "RSA imported" :
		    "uimkey user", i == 0 ? "s3cret" : NULL, csr[i],
		    sizeof(csr[i]));
		att_len[i] = 0;
		(void)uimkey_piv_attest(dev, slots_[i], att[i], sizeof(att[i]),
		    &att_len[i]);
	}
	(void)uimkey_piv_read_cert(dev, 0xF9, f9, sizeof(f9), &f9_len);
	uimkey_dev_free(&dev);
	uimkey_ctx_free(&ctx);
	for (i = 0; i < 3; i++) {
		if (csr_len[i] == 0)
			abort();
		/* direct */
		k = 0;
		b[k++] = 0;
		k += item(b + k, csr[i], csr_len[i]);
		k += item(b + k, att[i], att_len[i]);
		k += item(b + k, f9, f9_len);
		snprintf(name, sizeof(name), "direct-%d", i);
		write_seed("fuzz_ra", name, b, k);
		/* the command, DER and PEM files, option sets */
		for (mode = 1; mode < 16; mode += 2) {
			k = 0;
			b[k++] = (uint8_t)mode;
			if (mode & 4) {
				q1 = pem("CERTIFICATE REQUEST", csr[i], csr_len[i], p1);
				q2 = pem("CERTIFICATE", att[i], att_len[i], p2);
				q3 = pem("CERTIFICATE", f9, f9_len, p3);
				memcpy(p2 + q2, p3, q3);
				k += item(b + k, p1, q1);
				k += item(b + k, p2, q2 + q3);
				k += item(b + k, p3, q3);
			} else {
				k += item(b + k, csr[i], csr_len[i]);
				k += item(b + k, att[i], att_len[i]);
				k += item(b + k, f9, f9_len);
			}
			k += item(b + k, (const uint8_t *)"s3cret\n", 7);
			n = strlen(mode & 8 ? "min-rsa=2048,curves=p256+p384" :
			    "curves=p384");
			k += item(b + k, (const uint8_t *)(mode & 8 ?
			    "min-rsa=2048,curves=p256+p384" : "curves=p384"), n);
			snprintf(name, sizeof(name), "cmd-%d-%d", i, mode);
			write_seed("fuzz_ra", name, b, k);
		}
	}
}

/* ------------------------------------------------------------------ */
/* fuzz_profile                                                         */

static void
profile_seeds(void)
{
	static const char *const p[] = {
		"{\"version\": 1, \"credentials\": {\"pin\": \"random\", "
		"\"puk\": \"random\", \"management_key\": {\"key\": \"random\"}, "
		"\"secrets_output\": \"out.txt\"}}",
		"{\n  \"version\": 1,\n  \"credentials\": {\n"
		"    \"pin\": {\"value\": \"246801\"},\n"
		"    \"puk\": {\"file\": \"puk.txt\"},\n"
		"    \"management_key\": {\"alg\": \"aes128\", \"key\": "
		"{\"file\": \"mgmt.hex\"}},\n"
		"    \"pin_retries\": 5, \"puk_retries\": 3\n  },\n"
		"  \"pin_policy\": {\"min_length\": 7, \"digits_only\": true, "
		"\"no_trivial\": false, \"change_first\": true},\n"
		"  \"objects\": {\"chuid\": {\"fascn\": \"D4E739DA739CED39CE739D"
		"836858210842108421C84210C3EB\", \"guid\": \"00112233445566778899"
		"AABBCCDDEEFF\", \"expiry\": \"20301231\"},\n"
		"    \"ccc\": {\"card_id\": \"A000000116FF0275696D6B65790000000000"
		"000000\"},\n"
		"    \"printed\": {\"name\": \"J\\u00e9r\\u00f4me \\ud83d\\ude00\", "
		"\"employee_affiliation\": \"Staff\", \"expiration_date\": "
		"\"2030DEC31\", \"agency_card_serial\": \"1234\", \"issuer_id\": "
		"\"uimkey\", \"organization_affiliation1\": \"Org\", "
		"\"organization_affiliation2\": \"Unit\"}},\n"
		"  \"slots\": {\"9a\": {\"generate\": \"p256\", \"pin_policy\": "
		"\"once\"}, \"9c\": {\"generate\": \"p384\", \"pin_policy\": "
		"\"always\"}, \"9d\": {\"generate\": \"rsa2048\"}, \"82\": "
		"{\"generate\": \"rsa4096\", \"pin_policy\": \"never\"}},\n"
		"  \"attestation\": {\"ca_key\": \"ca.key\", \"ca_cert\": "
		"\"ca.pem\", \"validity_days\": 365},\n"
		"  \"issuer\": {\"public_key\": \"issuer.pem\", \"counter\": "
		"4294967294}\n}\n",
		"{\"version\":1,\"credentials\":{\"pin\":{\"value\":\"12\\\"\\\\"
		"\\/\\b\\f\\n\\r\\t\"},\"puk\":{\"value\":\"12345678\"},"
		"\"management_key\":{\"alg\":\"3des\",\"key\":{\"value\":"
		"\"010203040506070801020304050607080102030405060708\"}}}}",
		"{\"version\": 1, \"credentials\": {\"pin\": {\"file\": "
		"\"pin.txt\"}, \"puk\": {\"file\": \"secret.txt\"}, "
		"\"management_key\": {\"alg\": \"aes192\", \"key\": {\"value\": "
		"\"00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44"
		":55:66:77\"}}}, \"slots\": {}, \"objects\": {}, \"pin_policy\": "
		"{}}",
		"{\"version\": 1, \"credentials\": {\"pin\": \"random\", \"puk\": "
		"\"random\", \"management_key\": {\"alg\": \"aes256\", \"key\": "
		"\"random\"}}, \"issuer\": {\"public_key\": \"../../etc/passwd\"}}",
		"[1, 2, {\"a\": [true, false, null]}]",
		"{\"version\": 2}",
	};
	char name[32];
	size_t i;

	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
		snprintf(name, sizeof(name), "%zu.json", i);
		write_seed("fuzz_profile", name, (const uint8_t *)p[i],
		    strlen(p[i]));
	}
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: gen_seeds OUTDIR\n");
		return 2;
	}
	outdir = argv[1];
	mkdir(outdir, 0755);
	if (fz_setup() != 0) {
		fprintf(stderr, "gen_seeds: cannot build the card states\n");
		return 1;
	}
	card_seeds();
	host_seeds();
	p11_seeds();
	ra_seeds();
	profile_seeds();
	printf("gen_seeds: %u seeds in %s\n", count, outdir);
	return 0;
}
