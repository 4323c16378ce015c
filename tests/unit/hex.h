/* SPDX-License-Identifier: BSD-2-Clause */
/* Hex strings to bytes and back, for readable APDUs in tests. */
#ifndef UIMKEY_TEST_HEX_H
#define UIMKEY_TEST_HEX_H

#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Parse hex digits (spaces ignored) into out; returns the byte count. */
static size_t
hex_parse(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1, v;

	for (; *s != '\0'; s++) {
		if (isspace((unsigned char)*s))
			continue;
		v = isdigit((unsigned char)*s) ? *s - '0' :
		    tolower((unsigned char)*s) - 'a' + 10;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n < cap)
			out[n] = (uint8_t)(hi << 4 | v);
		n++;
		hi = -1;
	}
	return n;
}

static void
hex_format(const uint8_t *b, size_t len, char *out, size_t cap)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; i < len && 3 * i + 3 < cap; i++)
		snprintf(out + 3 * i, cap - 3 * i, "%02X ", b[i]);
	if (len > 0 && 3 * len <= cap)
		out[3 * len - 1] = '\0';
}

/* 1 when got[0..len) is the hex string want; else 0, with got shown as
 * a "# got" line (its first 200 bytes). */
static inline int
hex_same(const uint8_t *got, size_t len, const char *want)
{
	uint8_t w[1024];
	char text[3 * 200 + 1];

	if (hex_parse(want, w, sizeof(w)) == len && len <= sizeof(w) &&
	    memcmp(got, w, len) == 0)
		return 1;
	hex_format(got, len < 200 ? len : 200, text, sizeof(text));
	printf("# got %s\n", text);
	return 0;
}

#endif
