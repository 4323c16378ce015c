/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_host's operations (fz_host.h).  Output buffers are allocated at
 * exactly the capacity the call is told, so a write past it is caught.
 */
#include <stdlib.h>
#include <string.h>

#include "card/wire.h"
#include "fuzz/fz_host.h"
#include "fuzz/fz_p11.h"
#include "host/uimkey.h"

static const uint8_t refs[] = { 0x80, 0x81, 0x9B, 0x9A, 0x9C, 0x9D, 0x9E,
	0x82, 0x83, 0x84, 0x95, 0xF9, 0x5A, 0x00 };
static const uint8_t slots[] = { 0x9A, 0x9C, 0x9D, 0x9E, 0x82, 0x83, 0x84,
	0x95, 0xF9, 0x9B, 0x00 };
static const uint32_t tags[] = { 0x7E, 0x5FC102, 0x5FC107, 0x5FC10C,
	0x5FC109, 0x5FFF00, 0x5FFF01, 0x5FC105, 0x5FC10A, 0x7F61, 0x5FC106,
	0x5FC108, 0x5FFF10, 0x5FC10D, 0x00, 0x5FC101 };
static const uint8_t algs[] = { 0, UIMKEY_ALG_ECCP256, UIMKEY_ALG_ECCP384,
	UIMKEY_ALG_RSA2048, UIMKEY_ALG_RSA3072, UIMKEY_ALG_RSA4096,
	UIMKEY_ALG_3DES, 0x06 };
static const uint8_t mgmt_key[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4,
	5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
static const uint8_t p256_point[65] = { 0x04,
	0x60, 0xFE, 0xD4, 0xBA, 0x25, 0x5A, 0x9D, 0x31, 0xC9, 0x61, 0xEB, 0x74,
	0xC6, 0x35, 0x6D, 0x68, 0xC0, 0x49, 0xB8, 0x92, 0x3B, 0x61, 0xFA, 0x6C,
	0xE6, 0x69, 0x62, 0x2E, 0x60, 0xF2, 0x9F, 0xB6,
	0x79, 0x03, 0xFE, 0x10, 0x08, 0xB8, 0xBC, 0x99, 0xA4, 0x1A, 0xE9, 0xE9,
	0x56, 0x28, 0xBC, 0x64, 0xF2, 0xF1, 0xB2, 0x0C, 0x2D, 0x7E, 0x9F, 0x51,
	0x77, 0xA3, 0xC2, 0x94, 0xD4, 0x46, 0x22, 0x99 };

#define PICK(tab, i) ((tab)[(i) % (sizeof(tab) / sizeof((tab)[0]))])

/* A buffer of exactly n bytes (n may be 0). */
static uint8_t *
xbuf(size_t n)
{
	uint8_t *b = malloc(n);

	if (b == NULL && n != 0)
		abort();
	return b;
}

static void
op_parse(struct fz_io *io, uint8_t arg)
{
	uimkey_piv_pubkey_t pk;
	const uint8_t *b;
	size_t n, out_len;
	uint8_t *out;
	uint32_t serial, counter;
	uint8_t action, *copy;

	if (!fz_io_take(io, &b, &n))
		return;
	copy = xbuf(n);
	if (n > 0)
		memcpy(copy, b, n);
	out = xbuf(UIMKEY_PIV_SPKI_MAX);
	switch (arg % 3) {
	case 0:
		(void)uimkey_piv_pub_to_spki(PICK(algs, arg >> 2), copy, n, out,
		    UIMKEY_PIV_SPKI_MAX, &out_len);
		break;
	case 1:
		(void)uimkey_piv_spki_parse(copy, n, &pk);
		break;
	default:
		(void)uimkey_lock_token_decode(copy, n, &serial, &action,
		    &counter);
		break;
	}
	free(out);
	free(copy);
}

static void
op(struct fz_io *io, uimkey_ctx_t *ctx, uimkey_dev_t **devp, uint8_t o,
    uint8_t arg)
{
	uimkey_dev_t *dev = *devp;
	uimkey_piv_meta_t meta;
	uimkey_piv_lock_info_t li;
	uimkey_readers_t *rd;
	uint8_t *buf, in[512], ver[3], alg, action;
	size_t len = 0, cap;
	int verified, tries, installed, locked;
	uint32_t serial, counter;
	uint16_t sw;

	memset(in, 0x5A, sizeof(in));
	in[0] = 0x00;           /* RSA input below the modulus */
	switch (o % FZ_HOST_OPS) {
	case 0:
		(void)uimkey_piv_get_metadata(dev, PICK(refs, arg), &meta);
		break;
	case 1:
		cap = arg & 0x80 ? 64 : UIMKEY_PIV_CERT_MAX;
		buf = xbuf(cap);
		(void)uimkey_piv_read_cert(dev, PICK(slots, arg), buf, cap, &len);
		free(buf);
		break;
	case 2:
		cap = arg & 0x80 ? 100 : 4096;
		buf = xbuf(cap);
		(void)uimkey_piv_attest(dev, PICK(slots, arg), buf, cap, &len);
		free(buf);
		break;
	case 3:
		cap = arg & 0x80 ? 16 : UIMKEY_PIV_OBJ_MAX;
		buf = xbuf(cap);
		(void)uimkey_piv_get_data(dev, PICK(tags, arg), buf, cap, &len);
		free(buf);
		break;
	case 4:
		(void)uimkey_piv_pin_status(dev, &verified, &tries);
		break;
	case 5:
		(void)uimkey_piv_verify_pin(dev, arg & 1 ? "654321" : "123456",
		    &tries);
		break;
	case 6:
		switch (arg % 5) {
		case 0: (void)uimkey_piv_auth_mgmt(dev, 0, mgmt_key, 24); break;
		case 1: (void)uimkey_piv_auth_mgmt(dev, UIMKEY_ALG_3DES,
		    mgmt_key, 24); break;
		case 2: (void)uimkey_piv_auth_mgmt(dev, UIMKEY_ALG_AES128,
		    mgmt_key, 16); break;
		case 3: (void)uimkey_piv_auth_mgmt(dev, UIMKEY_ALG_AES192,
		    mgmt_key, 24); break;
		default: (void)uimkey_piv_auth_mgmt(dev, UIMKEY_ALG_AES256,
		    mgmt_key, 32); break;
		}
		break;
	case 7:
		buf = xbuf(UIMKEY_PIV_SPKI_MAX);
		(void)uimkey_piv_generate(dev, PICK(slots, arg),
		    PICK(algs, arg >> 4), (uint8_t)(arg >> 6),
		    UIMKEY_TOUCH_POLICY_DEFAULT, buf, UIMKEY_PIV_SPKI_MAX, &len);
		free(buf);
		break;
	case 8:
		alg = PICK(algs, arg >> 4);
		cap = alg == 0 || alg == UIMKEY_ALG_RSA4096 ? 512 :
		    alg == UIMKEY_ALG_RSA3072 ? 384 : alg == UIMKEY_ALG_RSA2048 ?
		    256 : alg == UIMKEY_ALG_ECCP384 ? 104 : 72;
		buf = xbuf(cap);
		(void)uimkey_piv_sign(dev, PICK(slots, arg), alg, in,
		    alg == 0 || alg == UIMKEY_ALG_ECCP256 ? 32 :
		    alg == UIMKEY_ALG_ECCP384 ? 48 : cap, buf, cap, &len);
		free(buf);
		break;
	case 9:
		buf = xbuf(48);
		(void)uimkey_piv_ecdh(dev, PICK(slots, arg), arg & 0x80 ?
		    UIMKEY_ALG_ECCP256 : 0, p256_point, sizeof(p256_point), buf,
		    48, &len);
		free(buf);
		break;
	case 10:
		cap = (size_t)arg * 3 + 1;
		buf = xbuf(cap);
		(void)uimkey_piv_random(dev, buf, cap);
		free(buf);
		break;
	case 11:
		(void)uimkey_piv_lock_info(dev, &li);
		break;
	case 12:
		(void)uimkey_piv_lock_status(dev, &installed, &locked, &counter);
		break;
	case 13: {
		static const uint8_t apdu[] = { 0x00, 0xCB, 0x3F, 0xFF, 0x05,
			0x5C, 0x03, 0x5F, 0xC1, 0x05, 0x00 };
		cap = arg & 0x80 ? (size_t)arg : UIMKEY_RSP_MAX;
		buf = xbuf(cap);
		(void)uimkey_dev_transmit(dev, apdu, arg & 1 ? 4 : sizeof(apdu),
		    buf, cap, &len, &sw);
		free(buf);
		break;
	}
	case 14:
		switch (arg % 3) {
		case 0: (void)uimkey_piv_change_pin(dev, "123456", "246801",
		    &tries); break;
		case 1: (void)uimkey_piv_unblock_pin(dev, "12345678", "246801",
		    &tries); break;
		default: (void)uimkey_piv_change_puk(dev, "12345678",
		    "87654321", &tries); break;
		}
		break;
	case 15:
		(void)uimkey_piv_set_mgmt_key(dev, UIMKEY_ALG_AES128,
		    mgmt_key + 8, 16);
		break;
	case 16:
		if (arg & 1) {
			(void)uimkey_piv_import_ec(dev, PICK(slots, arg >> 1),
			    UIMKEY_ALG_ECCP256, in + 1, 32, 0, 0);
		} else {
			uimkey_piv_rsa_key_t k = { in + 1, in + 1, in + 1, in + 1,
			    in + 1, 128, 128, 128, 128, 128 };
			(void)uimkey_piv_import_rsa(dev, PICK(slots, arg >> 1),
			    UIMKEY_ALG_RSA2048, &k, 0, 0);
		}
		break;
	case 17:
		switch (arg % 3) {
		case 0: (void)uimkey_piv_put_data(dev, PICK(tags, arg >> 2), in,
		    arg); break;
		case 1: (void)uimkey_piv_write_cert(dev, PICK(slots, arg >> 2),
		    in, 300); break;
		default: (void)uimkey_piv_delete_cert(dev,
		    PICK(slots, arg >> 2)); break;
		}
		break;
	case 18:
		switch (arg % 3) {
		case 0: (void)uimkey_piv_reset(dev); break;
		case 1: (void)uimkey_piv_set_retries(dev, 3, 3); break;
		default: (void)uimkey_piv_set_pin_policy(dev, 6 + arg % 3,
		    arg & 0x80 ? -1 : arg & 7); break;
		}
		break;
	case 19:
		if (arg & 1) {
			(void)uimkey_piv_install_issuer_key(dev, p256_point, 100);
		} else {
			uint8_t tok[UIMKEY_LOCK_TOKEN_MAX];
			size_t tlen;
			static const uint8_t sig[8] = { 0x30, 0x06, 0x02, 0x01, 0x01,
				0x02, 0x01, 0x01 };
			if (uimkey_lock_token_encode(0x01020304, 1 + (arg >> 7), 200,
			    sig, sizeof(sig), tok, sizeof(tok), &tlen) == UIMKEY_OK)
				(void)uimkey_piv_apply_lock_token(dev, tok, tlen);
		}
		break;
	case 20:
		if (arg & 1)
			(void)uimkey_piv_move_key(dev, PICK(slots, arg >> 1),
			    PICK(slots, arg >> 4));
		else
			(void)uimkey_piv_delete_key(dev, PICK(slots, arg >> 1));
		break;
	case 21:
		if ((rd = uimkey_readers_new()) != NULL) {
			if (uimkey_readers_scan(rd, ctx) == UIMKEY_OK &&
			    uimkey_readers_count(rd) > 0) {
				(void)uimkey_readers_name(rd, 0);
				(void)uimkey_readers_card_present(rd, 0);
			}
			uimkey_readers_free(&rd);
		}
		break;
	case 22:
		(void)uimkey_dev_close(dev);
		(void)uimkey_dev_open(dev, ctx, FZ_READER);
		break;
	case 23:
		fz_p11_tour(arg);
		break;
	case 24:
		(void)uimkey_piv_logout(dev);
		break;
	case 25:
		(void)uimkey_dev_version(dev, ver);
		(void)uimkey_dev_serial(dev, &serial);
		(void)uimkey_dev_is_uimkey(dev);
		(void)uimkey_dev_reader(dev);
		break;
	case 26:
		op_parse(io, arg);
		break;
	case 27: {
		/* One APDU without a transaction (61xx not followed). */
		static const uint8_t apdu[] = { 0x00, 0xF7, 0x00, 0x9A, 0x00 };
		cap = arg & 0x80 ? 8 : 1024;
		buf = xbuf(cap);
		(void)uimkey_dev_transmit_once(dev, apdu, sizeof(apdu), buf, cap,
		    &len, &sw);
		free(buf);
		break;
	}
	case 28:
		alg = arg & 1 ? UIMKEY_ALG_ECCP384 : UIMKEY_ALG_ECCP256;
		cap = arg & 0x80 ? 48 : 104;
		buf = xbuf(cap);
		if (arg & 2)
			(void)uimkey_piv_ec_once(dev, PICK(slots, arg >> 2), alg, 1,
			    p256_point, sizeof(p256_point), buf, cap, &len);
		else
			(void)uimkey_piv_ec_once(dev, PICK(slots, arg >> 2), alg, 0,
			    in, alg == UIMKEY_ALG_ECCP256 ? 32 : 48, buf, cap, &len);
		free(buf);
		break;
	default:
		(void)uimkey_dev_begin(dev);
		(void)uimkey_piv_get_metadata(dev, PICK(refs, arg), &meta);
		(void)uimkey_piv_lock_status(dev, &installed, &locked, &counter);
		(void)uimkey_dev_end(dev);
		(void)action;
		break;
	}
}

void
fz_host_run(struct fz_io *io, uint8_t flags, const uint8_t *ops, size_t nops)
{
	uimkey_ctx_t *ctx = uimkey_ctx_new();
	uimkey_dev_t *dev = uimkey_dev_new();
	uimkey_readers_t *rd = NULL;
	char reader[UIMKEY_READER_NAME_MAX + 1] = FZ_READER;
	const char *name;
	size_t i;

	if (ctx == NULL || dev == NULL)
		abort();
	if (uimkey_ctx_set_io(ctx, &fake_io_vtable, &io->fake) != UIMKEY_OK ||
	    uimkey_ctx_open(ctx) != UIMKEY_OK)
		abort();
	if ((flags & FZ_HF_READERS) && (rd = uimkey_readers_new()) != NULL) {
		if (uimkey_readers_scan(rd, ctx) == UIMKEY_OK &&
		    uimkey_readers_count(rd) > 0 &&
		    (name = uimkey_readers_name(rd, 0)) != NULL &&
		    strlen(name) <= UIMKEY_READER_NAME_MAX)
			memcpy(reader, name, strlen(name) + 1);
		uimkey_readers_free(&rd);
	}
	(void)uimkey_dev_open(dev, ctx, reader);
	for (i = 0; i < nops; i++)
		op(io, ctx, &dev, ops[2 * i], ops[2 * i + 1]);
	uimkey_dev_free(&dev);
	uimkey_ctx_free(&ctx);
}
