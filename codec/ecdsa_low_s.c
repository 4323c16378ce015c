/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Low-S ECDSA P-256 signatures (codec/ecdsa_low_s.h).  Signatures are
 * public: nothing here needs to run in constant time.
 */
#include <string.h>

#include "codec/ecdsa_low_s.h"

#define P256_LEN       32
#define DER_SEQUENCE   0x30
#define DER_INTEGER    0x02
#define DER_SHORT_MAX  0x7F

/* The order n of P-256, and n / 2 rounded down, big endian. */
static const uint8_t p256_n[P256_LEN] = {
	0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00,
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84,
	0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51,
};
static const uint8_t p256_half_n[P256_LEN] = {
	0x7F, 0xFF, 0xFF, 0xFF, 0x80, 0x00, 0x00, 0x00,
	0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	0xDE, 0x73, 0x7D, 0x56, 0xD3, 0x8B, 0xCF, 0x42,
	0x79, 0xDC, 0xE5, 0x61, 0x7E, 0x31, 0x92, 0xA8,
};

static int
is_zero(const uint8_t v[P256_LEN])
{
	uint8_t acc = 0;
	size_t i;

	for (i = 0; i < P256_LEN; i++)
		acc |= v[i];
	return acc == 0;
}

/* One strict DER INTEGER at *p, its value left-padded into v. */
static int
read_int(const uint8_t **p, const uint8_t *end, uint8_t v[P256_LEN])
{
	const uint8_t *c;
	size_t len;

	if (end - *p < 3 || (*p)[0] != DER_INTEGER)
		return -1;
	len = (*p)[1];
	c = *p + 2;
	if (len == 0 || len > (size_t)(end - c) || (c[0] & 0x80) != 0)
		return -1;
	*p = c + len;
	if (c[0] == 0x00 && len > 1) {
		if ((c[1] & 0x80) == 0)
			return -1;              /* a 00 that is not needed */
		c++;
		len--;
	}
	if (len > P256_LEN)
		return -1;
	memset(v, 0, P256_LEN - len);
	memcpy(v + P256_LEN - len, c, len);
	return 0;
}

static int
parse(const uint8_t *sig, size_t len, uint8_t r[P256_LEN],
    uint8_t s[P256_LEN])
{
	const uint8_t *p, *end;

	if (sig == NULL || len < 2 || len > UK_ECDSA_P256_SIG_MAX ||
	    sig[0] != DER_SEQUENCE || sig[1] != len - 2)
		return -1;
	p = sig + 2;
	end = sig + len;
	if (read_int(&p, end, r) != 0 || read_int(&p, end, s) != 0 || p != end)
		return -1;
	return 0;
}

/* A minimal positive INTEGER of the 32-byte value v at out. */
static size_t
put_int(uint8_t *out, const uint8_t v[P256_LEN])
{
	size_t skip = 0, len, n = 0;

	while (skip < P256_LEN - 1 && v[skip] == 0)
		skip++;
	len = P256_LEN - skip;
	out[n++] = DER_INTEGER;
	out[n++] = (uint8_t)(len + ((v[skip] & 0x80) != 0));
	if (v[skip] & 0x80)
		out[n++] = 0x00;
	memcpy(out + n, v + skip, len);
	return n + len;
}

int
uk_ecdsa_p256_low_s(const uint8_t *sig, size_t len)
{
	uint8_t r[P256_LEN], s[P256_LEN];

	if (parse(sig, len, r, s) != 0 || is_zero(s))
		return 0;
	return memcmp(s, p256_half_n, P256_LEN) <= 0;
}

size_t
uk_ecdsa_p256_to_low_s(const uint8_t *sig, size_t len, uint8_t *out,
    size_t cap)
{
	uint8_t r[P256_LEN], s[P256_LEN], t[UK_ECDSA_P256_SIG_MAX];
	unsigned borrow = 0, d;
	size_t n = 2, i;

	if (parse(sig, len, r, s) != 0 || is_zero(s) ||
	    memcmp(s, p256_n, P256_LEN) >= 0)
		return 0;
	if (memcmp(s, p256_half_n, P256_LEN) > 0) {
		for (i = P256_LEN; i-- > 0;) {
			d = (unsigned)p256_n[i] - s[i] - borrow;
			s[i] = (uint8_t)d;
			borrow = (d >> 8) & 1;
		}
	}
	n += put_int(t + n, r);
	n += put_int(t + n, s);
	if (n > cap || n - 2 > DER_SHORT_MAX)
		return 0;
	t[0] = DER_SEQUENCE;
	t[1] = (uint8_t)(n - 2);
	memcpy(out, t, n);
	return n;
}
