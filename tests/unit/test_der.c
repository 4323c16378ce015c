/* SPDX-License-Identifier: BSD-2-Clause */
/* The DER writer (codec/der.h) and strict reader (codec/der_read.h):
 * exact bytes for lengths, nesting, INTEGERs, OIDs, sorted SETs, and the
 * errors that must stick. */
#include <stdio.h>
#include <string.h>

#include "codec/der.h"
#include "codec/der_read.h"
#include "tests/support/check.h"
#include "tests/unit/hex.h"

#define BIG        70000
#define GUARD      0xA5
#define GUARD_LEN  16

static uint8_t out[BIG + 64 + GUARD_LEN];
static uint8_t want[BIG + 64];
static uint8_t content[BIG];

/* 1 when the writer's result equals the hex string. */
static int
same(uk_der *w, const char *hex)
{
	size_t wlen = hex_parse(hex, want, sizeof(want));
	size_t n = uk_der_finish(w);
	char got[512];

	if (n == wlen && memcmp(out, want, n) == 0)
		return 1;
	hex_format(out, n, got, sizeof(got));
	printf("# got  %s\n# want %s\n", got, hex);
	return 0;
}

static void
pattern(size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		content[i] = (uint8_t)(i * 7 + 1);
}

/* An OCTET STRING of n pattern bytes, written whole (put) and as an
 * opened value filled afterwards (close moves it). */
static void
check_len(size_t n, const char *hdr_hex)
{
	uint8_t hdr[8];
	size_t hl = hex_parse(hdr_hex, hdr, sizeof(hdr));
	char name[96];
	uk_der w;
	int ok;

	pattern(n);
	uk_der_init(&w, out, sizeof(out));
	uk_der_put(&w, UK_DER_OCTET_STRING, content, n);
	ok = uk_der_finish(&w) == hl + n && memcmp(out, hdr, hl) == 0 &&
	    memcmp(out + hl, content, n) == 0;
	snprintf(name, sizeof(name), "put: %zu bytes of contents -> %s", n,
	    hdr_hex);
	check(ok, name);

	memset(out, 0, sizeof(out));
	uk_der_init(&w, out, sizeof(out));
	uk_der_open(&w, UK_DER_OCTET_STRING);
	uk_der_raw(&w, content, n);
	uk_der_close(&w);
	ok = uk_der_finish(&w) == hl + n && memcmp(out, hdr, hl) == 0 &&
	    memcmp(out + hl, content, n) == 0;
	snprintf(name, sizeof(name), "open/close: %zu bytes -> %s", n,
	    hdr_hex);
	check(ok, name);
}

static void
test_lengths(void)
{
	check_len(0, "04 00");
	check_len(1, "04 01");
	check_len(127, "04 7F");
	check_len(128, "04 81 80");
	check_len(255, "04 81 FF");
	check_len(256, "04 82 01 00");
	check_len(65535, "04 82 FF FF");
	check_len(65536, "04 83 01 00 00");
	check(uk_der_len_size(0x7F) == 1 && uk_der_len_size(0x80) == 2 &&
	    uk_der_len_size(0xFFFFFF) == 4 &&
	    uk_der_len_size(0x1000000) == 5, "length field sizes");
}

/* Three levels, each close needing more length bytes than reserved. */
static void
test_nested(void)
{
	uk_der w;
	size_t n;

	pattern(200);
	uk_der_init(&w, out, sizeof(out));
	uk_der_open(&w, UK_DER_SEQUENCE);
	uk_der_open(&w, UK_DER_CONTEXT(3));
	uk_der_open(&w, UK_DER_OCTET_STRING);
	uk_der_raw(&w, content, 200);
	uk_der_close(&w);
	uk_der_put(&w, UK_DER_NULL, NULL, 0);
	uk_der_close(&w);
	uk_der_small_uint(&w, 5);
	uk_der_close(&w);
	n = uk_der_finish(&w);
	/* 30 81 D3 | A3 81 CD | 04 81 C8 <200> | 05 00 | 02 01 05 */
	check(n == 3 + 3 + 3 + 200 + 2 + 3 &&
	    memcmp(out, "\x30\x81\xD3\xA3\x81\xCD\x04\x81\xC8", 9) == 0 &&
	    memcmp(out + 9, content, 200) == 0 &&
	    memcmp(out + 209, "\x05\x00\x02\x01\x05", 5) == 0,
	    "nested closes move contents right, exact bytes");

	/* The outer one grows to long form only because the inner did. */
	pattern(124);
	uk_der_init(&w, out, sizeof(out));
	uk_der_open(&w, UK_DER_SEQUENCE);
	uk_der_open(&w, UK_DER_OCTET_STRING);
	uk_der_raw(&w, content, 124);
	uk_der_close(&w);
	uk_der_close(&w);
	check(uk_der_finish(&w) == 128 &&
	    memcmp(out, "\x30\x7E\x04\x7C", 4) == 0, "126 inside stays short");
	pattern(126);
	uk_der_init(&w, out, sizeof(out));
	uk_der_open(&w, UK_DER_SEQUENCE);
	uk_der_open(&w, UK_DER_OCTET_STRING);
	uk_der_raw(&w, content, 126);
	uk_der_close(&w);
	uk_der_close(&w);
	check(uk_der_finish(&w) == 131 &&
	    memcmp(out, "\x30\x81\x80\x04\x7E", 5) == 0 &&
	    memcmp(out + 5, content, 126) == 0, "128 inside goes long");

	uk_der_init(&w, out, sizeof(out));
	uk_der_open(&w, UK_DER_BIT_STRING);
	uk_der_open(&w, UK_DER_SEQUENCE);
	uk_der_close(&w);
	uk_der_close(&w);
	check(same(&w, "03 03 00 30 00"), "BIT STRING wrapper starts with 00");

	uk_der_init(&w, out, sizeof(out));
	uk_der_open(&w, UK_DER_SEQUENCE);
	uk_der_close(&w);
	check(same(&w, "30 00"), "empty SEQUENCE");
}

static void
check_uint(const char *mag_hex, const char *want_hex)
{
	uint8_t mag[32];
	size_t n = hex_parse(mag_hex, mag, sizeof(mag));
	char name[96];
	uk_der w;

	uk_der_init(&w, out, sizeof(out));
	uk_der_uint(&w, mag, n);
	snprintf(name, sizeof(name), "INTEGER [%s] -> %s", mag_hex, want_hex);
	check(same(&w, want_hex), name);
}

static void
check_small(uint32_t v, const char *want_hex)
{
	char name[64];
	uk_der w;

	uk_der_init(&w, out, sizeof(out));
	uk_der_small_uint(&w, v);
	snprintf(name, sizeof(name), "small INTEGER %lu -> %s",
	    (unsigned long)v, want_hex);
	check(same(&w, want_hex), name);
}

static void
test_integers(void)
{
	check_uint("", "02 01 00");
	check_uint("00", "02 01 00");
	check_uint("00 00 00", "02 01 00");
	check_uint("7F", "02 01 7F");
	check_uint("80", "02 02 00 80");
	check_uint("00 00 01", "02 01 01");
	check_uint("00 80", "02 02 00 80");
	check_uint("00 7F FF", "02 02 7F FF");
	check_uint("FF FF", "02 03 00 FF FF");
	check_small(0, "02 01 00");
	check_small(127, "02 01 7F");
	check_small(128, "02 02 00 80");
	check_small(256, "02 02 01 00");
	check_small(0xFFFFFFFFu, "02 05 00 FF FF FF FF");
}

static void
test_primitives(void)
{
	static const uint8_t ecdsa_sha256[] = {
		0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02
	};
	uk_der w;

	uk_der_init(&w, out, sizeof(out));
	uk_der_oid(&w, ecdsa_sha256, sizeof(ecdsa_sha256));
	check(same(&w, "06 08 2A 86 48 CE 3D 04 03 02"), "OID");
	uk_der_init(&w, out, sizeof(out));
	uk_der_put(&w, UK_DER_NULL, NULL, 0);
	uk_der_put(&w, UK_DER_BOOLEAN, "\xFF", 1);
	uk_der_put(&w, UK_DER_UTF8_STRING, "ab", 2);
	uk_der_raw(&w, "\x30\x00", 2);
	check(same(&w, "05 00 01 01 FF 0C 02 61 62 30 00"),
	    "NULL, BOOLEAN, UTF8String, raw");
}

/* SET OF: elements put in DER order, shorter ones padded with zeros. */
static void
test_sorted(void)
{
	uk_der w;

	uk_der_init(&w, out, sizeof(out));
	uk_der_open(&w, UK_DER_SET);
	uk_der_small_uint(&w, 3);
	uk_der_put(&w, UK_DER_OCTET_STRING, "\x01\x02", 2);
	uk_der_small_uint(&w, 0x100);
	uk_der_small_uint(&w, 1);
	uk_der_put(&w, UK_DER_NULL, NULL, 0);
	uk_der_close_sorted(&w);
	check(same(&w, "31 10 02 01 01 02 01 03 02 02 01 00 04 02 01 02 05 00"),
	    "SET OF sorted in place");

	uk_der_init(&w, out, sizeof(out));
	uk_der_open(&w, UK_DER_SET);
	uk_der_raw(&w, "\x04\x02\x01\x00", 4);
	uk_der_raw(&w, "\x04\x01\x01", 3);
	uk_der_close_sorted(&w);
	check(same(&w, "31 07 04 01 01 04 02 01 00"),
	    "SET OF: length byte decides first");

	uk_der_init(&w, out, sizeof(out));
	uk_der_open(&w, UK_DER_SET);
	uk_der_close_sorted(&w);
	check(same(&w, "31 00"), "empty sorted SET");

	uk_der_init(&w, out, sizeof(out));
	uk_der_open(&w, UK_DER_SET);
	uk_der_raw(&w, "\x04\x05\x01", 3);
	uk_der_close_sorted(&w);
	check(uk_der_finish(&w) == 0 && w.err == UK_DER_ERR_VALUE,
	    "sorted SET of a broken element fails");
}

/* Output never goes past cap, and the error sticks. */
static void
test_room(void)
{
	uk_der w;
	size_t cap, need = 131, n;
	int ok = 1;

	pattern(126);
	for (cap = 0; cap <= need; cap++) {
		memset(out, GUARD, sizeof(out));
		uk_der_init(&w, out, cap);
		uk_der_open(&w, UK_DER_SEQUENCE);
		uk_der_open(&w, UK_DER_OCTET_STRING);
		uk_der_raw(&w, content, 126);
		uk_der_close(&w);
		uk_der_close(&w);
		n = uk_der_finish(&w);
		if (cap < need)
			ok &= n == 0 && w.err == UK_DER_ERR_ROOM;
		else
			ok &= n == need;
		ok &= out[cap] == GUARD;
	}
	check(ok, "every cap below the size fails with ERR_ROOM, "
	    "none writes past cap, the exact cap works");

	/* Fits in short form at open time, not once the length grows. */
	pattern(128);
	uk_der_init(&w, out, 2 + 128);
	uk_der_open(&w, UK_DER_OCTET_STRING);
	uk_der_raw(&w, content, 128);
	uk_der_close(&w);
	check(uk_der_finish(&w) == 0 && w.err == UK_DER_ERR_ROOM,
	    "no room for the long length at close");

	uk_der_init(&w, out, 3);
	uk_der_put(&w, UK_DER_OCTET_STRING, "abc", 3);
	uk_der_put(&w, UK_DER_NULL, NULL, 0);
	check(w.len == 2 && uk_der_finish(&w) == 0 &&
	    w.err == UK_DER_ERR_ROOM,
	    "after overflow nothing more is written, finish says 0");
}

static void
test_nesting(void)
{
	uk_der w;
	unsigned i;

	uk_der_init(&w, out, sizeof(out));
	uk_der_close(&w);
	uk_der_put(&w, UK_DER_NULL, NULL, 0);
	check(uk_der_finish(&w) == 0 && w.err == UK_DER_ERR_NESTING &&
	    w.len == 0, "close without open fails and sticks");

	uk_der_init(&w, out, sizeof(out));
	uk_der_open(&w, UK_DER_SEQUENCE);
	uk_der_open(&w, UK_DER_SEQUENCE);
	uk_der_close(&w);
	check(uk_der_finish(&w) == 0 && w.err == UK_DER_ERR_NESTING,
	    "finish with a value open fails");

	uk_der_init(&w, out, sizeof(out));
	for (i = 0; i < UK_DER_DEPTH_MAX; i++)
		uk_der_open(&w, UK_DER_SEQUENCE);
	for (i = 0; i < UK_DER_DEPTH_MAX; i++)
		uk_der_close(&w);
	check(uk_der_finish(&w) == 2 * UK_DER_DEPTH_MAX,
	    "UK_DER_DEPTH_MAX levels work");
	uk_der_init(&w, out, sizeof(out));
	for (i = 0; i <= UK_DER_DEPTH_MAX; i++)
		uk_der_open(&w, UK_DER_SEQUENCE);
	check(uk_der_finish(&w) == 0 && w.err == UK_DER_ERR_NESTING,
	    "one level more fails");
}

static int
reads(const char *hex, unsigned tag, size_t want_len)
{
	uint8_t b[300];
	size_t n = hex_parse(hex, b, sizeof(b));
	uk_tlv t;

	if (uk_der_whole(b, n, tag, &t) != 0)
		return 0;
	return t.len == want_len && t.tag == tag;
}

static void
test_reader(void)
{
	uint8_t b[300];
	const uint8_t *p;
	uk_tlv t;

	check(reads("30 00", 0x30, 0), "reader: empty SEQUENCE");
	check(reads("04 02 01 02", 0x04, 2), "reader: short form");
	memset(b, 0, sizeof(b));
	b[0] = 0x04;
	b[1] = 0x81;
	b[2] = 0x80;
	check(uk_der_whole(b, 131, 0x04, &t) == 0 && t.len == 128,
	    "reader: long form");
	check(!reads("04 81 02 01 02", 0x04, 2), "reader: non-minimal 81 02 refused");
	b[1] = 0x82;
	b[2] = 0x00;
	b[3] = 0x80;
	check(uk_der_whole(b, 132, 0x04, &t) != 0,
	    "reader: non-minimal 82 00 80 refused");
	check(!reads("30 80 00 00", 0x30, 0), "reader: indefinite length refused");
	check(!reads("04 03 01 02", 0x04, 3), "reader: length past the end refused");
	check(!reads("04 01 01 00", 0x04, 1), "reader: trailing byte refused by whole");
	check(!reads("04 01 01", 0x30, 1), "reader: other tag refused");
	check(!reads("1F 81 01 00", 0x1F81, 0), "reader: multi-byte tag refused");
	check(!reads("", 0x30, 0), "reader: nothing refused");
	hex_parse("02 01 05 04 00", b, sizeof(b));
	p = b;
	check(uk_der_expect(&p, b + 5, 0x04, &t) != 0 && p == b,
	    "reader: expect with the wrong tag does not advance");
	check(uk_der_next(&p, b + 5, &t) == 0 && p == b + 3 &&
	    uk_der_expect(&p, b + 5, 0x04, &t) == 0 && p == b + 5,
	    "reader: next and expect advance");
}

int
main(void)
{
	test_lengths();
	test_nested();
	test_integers();
	test_primitives();
	test_sorted();
	test_room();
	test_nesting();
	test_reader();
	return check_done();
}
