/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Helpers of the issuer lock's unit tests (test_lock*.c, test_piv_lock.c):
 * an issuer EC P-256 key made with BearSSL from a fixed seed, lock tokens
 * built and signed on the test's side (independently of the card's and
 * the host library's code; low-S, or on demand high-S), and the INSTALL
 * ISSUER KEY data.
 */
#ifndef UIMKEY_TEST_LOCK_H
#define UIMKEY_TEST_LOCK_H

#include <stdint.h>
#include <string.h>

#include <bearssl/bearssl.h>

#include "card/wire.h"

#define TL_TOKEN_MAX   (6 + 3 + 6 + 2 + 72)
#define TL_APDU_MAX    (5 + TL_TOKEN_MAX)

struct issuer {
	br_ec_private_key sk;
	br_ec_public_key pk;
	uint8_t kbuf[BR_EC_KBUF_PRIV_MAX_SIZE];
	uint8_t pbuf[BR_EC_KBUF_PUB_MAX_SIZE];
};

/* A P-256 key drawn from a DRBG seeded with seed: the same seed, the
 * same key. */
static inline void
issuer_make(struct issuer *is, const char *seed)
{
	br_hmac_drbg_context d;

	memset(is, 0, sizeof(*is));
	br_hmac_drbg_init(&d, &br_sha256_vtable, seed, strlen(seed));
	br_ec_keygen(&d.vtable, br_ec_get_default(), &is->sk, is->kbuf,
	    BR_EC_secp256r1);
	br_ec_compute_pub(br_ec_get_default(), &is->pk, is->pbuf, &is->sk);
}

static inline void
tl_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* The order n of P-256, big endian. */
static const uint8_t tl_p256_n[32] = {
	0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00,
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84,
	0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51,
};

/* A minimal positive DER INTEGER of the 32-byte v at out: its length. */
static inline size_t
tl_der_int(uint8_t *out, const uint8_t *v)
{
	size_t k = 0, n = 0;

	while (k < 31 && v[k] == 0)
		k++;
	out[n++] = 0x02;
	out[n++] = (uint8_t)(32 - k + (v[k] >> 7));
	if (v[k] & 0x80)
		out[n++] = 0x00;
	memcpy(out + n, v + k, 32 - k);
	return n + 32 - k;
}

/* An INTEGER's contents (len bytes, maybe a leading 00) as 32 bytes. */
static inline void
tl_int32(const uint8_t *v, size_t len, uint8_t *out)
{
	if (len > 32) {
		v += len - 32;
		len = 32;
	}
	memset(out, 0, 32);
	memcpy(out + 32 - len, v, len);
}

/*
 * The DER signature sig (as BearSSL makes it) taken apart: r and s as 32
 * bytes, and t = n - s; *high when s > n - s, i.e. s > n/2.  Then out
 * gets the signature with s (want_high == *high) or t in its place, so
 * that the tests can make both twins of one signature.  Its length.
 * Written apart from codec/ecdsa_low_s.c, which it checks.
 */
static inline size_t
sig_form(const uint8_t *sig, int want_high, uint8_t *out, int *high)
{
	uint8_t r[32], sv[32], t[32];
	size_t rl = sig[3], sl = sig[5 + rl], n = 2, i;
	unsigned d, borrow = 0;

	tl_int32(sig + 4, rl, r);
	tl_int32(sig + 6 + rl, sl, sv);
	for (i = 32; i-- > 0;) {
		d = (unsigned)tl_p256_n[i] - sv[i] - borrow;
		t[i] = (uint8_t)d;
		borrow = (d >> 8) & 1;
	}
	*high = memcmp(sv, t, 32) > 0;
	n += tl_der_int(out + n, r);
	n += tl_der_int(out + n, want_high == *high ? sv : t);
	out[0] = 0x30;
	out[1] = (uint8_t)(n - 2);
	return n;
}

/* ECDSA (DER) by is over SHA-256("uimkey lock token v1" || serial ||
 * action || counter), with s above n/2 when high, else below (the card
 * takes only the latter); returns its length. */
static inline size_t
token_sign_form(const struct issuer *is, uint32_t serial, uint8_t action,
    uint32_t counter, int high, uint8_t *sig)
{
	uint8_t f[9], hash[32], raw[80];
	br_sha256_context h;
	int was_high;

	tl_be32(f, serial);
	f[4] = action;
	tl_be32(f + 5, counter);
	br_sha256_init(&h);
	br_sha256_update(&h, "uimkey lock token v1", 20);
	br_sha256_update(&h, f, sizeof(f));
	br_sha256_out(&h, hash);
	if (br_ecdsa_i31_sign_asn1(br_ec_get_default(), &br_sha256_vtable,
	    hash, &is->sk, raw) == 0)
		return 0;
	return sig_form(raw, high, sig, &was_high);
}

/* The low-S signature: what a genuine issuer sends. */
static inline size_t
token_sign(const struct issuer *is, uint32_t serial, uint8_t action,
    uint32_t counter, uint8_t *sig)
{
	return token_sign_form(is, serial, action, counter, 0, sig);
}

/* The token's TLVs with a signature over (serial, action, counter) as
 * signed (s_*) that may differ from those written; returns its length. */
static inline size_t
token_forge(const struct issuer *is, uint32_t serial, uint8_t action,
    uint32_t counter, uint32_t s_serial, uint8_t s_action,
    uint32_t s_counter, uint8_t *out)
{
	uint8_t sig[80];
	size_t sl = token_sign(is, s_serial, s_action, s_counter, sig), n = 0;

	out[n++] = 0x01;
	out[n++] = 4;
	tl_be32(out + n, serial);
	n += 4;
	out[n++] = 0x02;
	out[n++] = 1;
	out[n++] = action;
	out[n++] = 0x03;
	out[n++] = 4;
	tl_be32(out + n, counter);
	n += 4;
	out[n++] = 0x04;
	out[n++] = (uint8_t)sl;
	memcpy(out + n, sig, sl);
	return n + sl;
}

/* A genuine token. */
static inline size_t
token_make(const struct issuer *is, uint32_t serial, uint8_t action,
    uint32_t counter, uint8_t *out)
{
	return token_forge(is, serial, action, counter, serial, action,
	    counter, out);
}

/* The APDU 00 56 00 00 Lc data; returns its length. */
static inline size_t
token_apdu(const uint8_t *data, size_t len, uint8_t *apdu)
{
	apdu[0] = 0x00;
	apdu[1] = UIMKEY_INS_APPLY_LOCK;
	apdu[2] = 0x00;
	apdu[3] = 0x00;
	apdu[4] = (uint8_t)len;
	memcpy(apdu + 5, data, len);
	return 5 + len;
}

/* INSTALL ISSUER KEY: 00 57 00 00 Lc 01 41 point 02 04 counter. */
static inline size_t
install_apdu(const uint8_t *point, uint32_t counter, uint8_t *apdu)
{
	size_t n = 0;

	apdu[n++] = 0x00;
	apdu[n++] = UIMKEY_INS_INSTALL_ISSUER;
	apdu[n++] = 0x00;
	apdu[n++] = 0x00;
	apdu[n++] = 2 + 65 + 2 + 4;
	apdu[n++] = 0x01;
	apdu[n++] = 65;
	memcpy(apdu + n, point, 65);
	n += 65;
	apdu[n++] = 0x02;
	apdu[n++] = 4;
	tl_be32(apdu + n, counter);
	return n + 4;
}

#endif
