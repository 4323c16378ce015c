/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PEM (RFC 7468): written by our own small Base64 encoder, read by
 * BearSSL's br_pem_decoder.  Decoded bytes may be private keys, so every
 * buffer is wiped before it is freed.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bearssl/bearssl_pem.h>

#include "admin/io.h"

#define PEM_LINE       64         /* characters of Base64 per line */
#define OBJECT_MAX     (64 * 1024)
#define FILE_MAX       (1024 * 1024)

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *
adm_pem_encode(const char *label, const uint8_t *der, size_t len)
{
	size_t chars = (len + 2) / 3 * 4, cap, n = 0, i, col = 0;
	uint32_t v;
	char *out;

	cap = chars + chars / PEM_LINE + 2 + 2 * (strlen(label) + 32);
	if ((out = malloc(cap)) == NULL)
		return NULL;
	n += (size_t)snprintf(out, cap, "-----BEGIN %s-----\n", label);
	for (i = 0; i < len; i += 3) {
		v = (uint32_t)der[i] << 16;
		if (i + 1 < len)
			v |= (uint32_t)der[i + 1] << 8;
		if (i + 2 < len)
			v |= der[i + 2];
		out[n++] = b64[v >> 18 & 63];
		out[n++] = b64[v >> 12 & 63];
		out[n++] = i + 1 < len ? b64[v >> 6 & 63] : '=';
		out[n++] = i + 2 < len ? b64[v & 63] : '=';
		if ((col += 4) == PEM_LINE) {
			out[n++] = '\n';
			col = 0;
		}
	}
	if (col != 0)
		out[n++] = '\n';
	snprintf(out + n, cap - n, "-----END %s-----\n", label);
	return out;
}

int
adm_is_pem(const uint8_t *buf, size_t len)
{
	static const char begin[] = "-----BEGIN ";
	size_t i;

	/* Leading text is allowed (openssl x509 -text output, comments). */
	for (i = 0; i + sizeof(begin) - 1 <= len; i++)
		if (memcmp(buf + i, begin, sizeof(begin) - 1) == 0)
			return 1;
	return 0;
}

struct acc {
	uint8_t *buf;
	size_t len;
	int overflow;
};

static void
append(void *ctx, const void *src, size_t len)
{
	struct acc *a = ctx;

	if (a->overflow || len > OBJECT_MAX - a->len) {
		a->overflow = 1;
		return;
	}
	memcpy(a->buf + a->len, src, len);
	a->len += len;
}

int
adm_pem_each(const uint8_t *buf, size_t len,
    int (*fn)(void *arg, const char *label, const uint8_t *der, size_t len),
    void *arg)
{
	br_pem_decoder_context pc;
	char label[sizeof(pc.name)];
	struct acc acc = { NULL, 0, 0 };
	size_t n, count = 0;
	int in_obj = 0, last = 0, r = -1;

	if ((acc.buf = malloc(OBJECT_MAX)) == NULL)
		return -1;
	br_pem_decoder_init(&pc);
	/* A last "\n" lets an END line without one end the object. */
	while (len > 0 || !last) {
		if (len == 0) {
			buf = (const uint8_t *)"\n";
			len = 1;
			last = 1;
		}
		n = br_pem_decoder_push(&pc, buf, len);
		buf += n;
		len -= n;
		switch (br_pem_decoder_event(&pc)) {
		case BR_PEM_BEGIN_OBJ:
			snprintf(label, sizeof(label), "%s", br_pem_decoder_name(&pc));
			acc.len = 0;
			acc.overflow = 0;
			br_pem_decoder_setdest(&pc, append, &acc);
			in_obj = 1;
			break;
		case BR_PEM_END_OBJ:
			if (!in_obj || acc.overflow)
				goto fail;
			in_obj = 0;
			count++;
			if ((r = fn(arg, label, acc.buf, acc.len)) != 0)
				goto fail;
			r = -1;
			break;
		case BR_PEM_ERROR:
			goto fail;
		default:
			break;
		}
	}
	r = in_obj ? -1 : count == 0 ? -2 : 0;
fail:
	explicit_bzero(&pc, sizeof(pc));
	adm_free_secret(acc.buf, OBJECT_MAX);
	return r;
}

struct want {
	const char *label;
	uint8_t *der;
	size_t len;
	int found;
};

static int
take_first(void *arg, const char *label, const uint8_t *der, size_t len)
{
	struct want *w = arg;

	if (w->label != NULL && strcmp(label, w->label) != 0)
		return 0;
	if ((w->der = malloc(len)) == NULL)
		return 1;
	memcpy(w->der, der, len);
	w->len = len;
	w->found = 1;
	return 2;
}

int
adm_object_read(const char *path, const char *label, uint8_t **der,
    size_t *len)
{
	struct want w = { label, NULL, 0, 0 };
	uint8_t *buf = NULL;
	size_t n;
	int r = -1, e;

	*der = NULL;
	*len = 0;
	if (adm_read_file(path, FILE_MAX, &buf, &n) != 0)
		return -1;
	if (!adm_is_pem(buf, n)) {
		/* DER: the whole file. */
		*der = buf;
		*len = n;
		return 0;
	}
	e = adm_pem_each(buf, n, take_first, &w);
	if (w.found) {
		*der = w.der;
		*len = w.len;
		r = 0;
	} else if (e == 1) {
		adm_err("out of memory");
	} else if (e == -1) {
		adm_err("'%s': malformed PEM", path);
	} else {
		adm_err("'%s' holds no %s", path, label ? label : "PEM object");
	}
	adm_free_secret(buf, n);
	return r;
}
