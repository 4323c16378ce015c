/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gen_seeds' seeds of the host side targets: libuimkey operation
 * scripts with the card's answers recorded (fuzz_host), PKCS#11
 * operation sequences (fuzz_p11_template), and requests signed on the
 * card with their attestation chains (fuzz_ra).
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bearssl/bearssl.h>

#include "codec/der.h"
#include "card/wire.h"
#include "codec/x509.h"
#include "fuzz/fz_card.h"
#include "fuzz/fz_host.h"
#include "fuzz/fz_io.h"
#include "fuzz/fz_p11.h"
#include "fuzz/gen_seeds.h"
#include "host/uimkey.h"
#include "tests/unit/key_vectors.h"

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
	fz_io_init(&io, 1);
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
	gen_seeds_write("fuzz_host", name, out, n);
}

void
gen_seeds_host(void)
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
	gen_seeds_write("fuzz_p11_template", name, pb, pl);
}

void
gen_seeds_p11(void)
{
	static const uint8_t p256[] = { 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE,
		0x3D, 0x03, 0x01, 0x07 };
	CK_ULONG classes[] = { CKO_PRIVATE_KEY, CKO_PUBLIC_KEY,
		CKO_CERTIFICATE, CKO_SECRET_KEY, CKO_DATA };
	static uint8_t ans[16384];
	uint8_t id, cert[2048], point[65];
	size_t i, n, ans_len = 0;
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
	uk_x509_csr_in in;
	uint8_t name[256], info[2048], hash[32], sig[512], em[512];
	size_t name_len, info_len, sig_len, n;
	br_sha256_context h;
	uk_x509_sig_alg alg;
	static const uint8_t di[] = { 0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60,
		0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04,
		0x20 };

	if (uimkey_piv_get_metadata(dev, slot, &meta) != UIMKEY_OK)
		return 0;
	name_len = uk_x509_name_cn(cn, strlen(cn), name, sizeof(name));
	memset(&in, 0, sizeof(in));
	in.subject.der = name;
	in.subject.len = name_len;
	in.spki.der = meta.spki;
	in.spki.len = meta.spki_len;
	if (chal != NULL) {
		in.challenge = chal;
		in.challenge_len = strlen(chal);
		in.challenge_tag = UK_DER_PRINTABLE;
	}
	info_len = uk_x509_csr_info(&in, info, sizeof(info));
	br_sha256_init(&h);
	br_sha256_update(&h, info, info_len);
	br_sha256_out(&h, hash);
	(void)uimkey_piv_verify_pin(dev, "123456", NULL);
	if (meta.alg == UIMKEY_ALG_ECCP256) {
		alg = UK_X509_SIG_ECDSA_SHA256;
		if (uimkey_piv_sign(dev, slot, meta.alg, hash, 32, sig,
		    sizeof(sig), &sig_len) != UIMKEY_OK)
			return 0;
	} else {
		alg = UK_X509_SIG_RSA_SHA256;
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
	return uk_x509_csr_wrap(info, info_len, alg, sig, sig_len, out, cap);
}

void
gen_seeds_ra(void)
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
	fz_io_init(&io, 1);
	if (uimkey_ctx_set_io(ctx, &fake_io_vtable, &io.fake) != UIMKEY_OK ||
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
		gen_seeds_write("fuzz_ra", name, b, k);
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
			gen_seeds_write("fuzz_ra", name, b, k);
		}
	}
}
