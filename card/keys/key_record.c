/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The key record of a slot (UK_REC_KEY(i)) and its byte layout:
 *
 *   off 0  algorithm (UIMKEY_ALG_*)
 *   off 1  PIN policy (NEVER/ONCE/ALWAYS, never 0: the default is
 *          resolved before storing)
 *   off 2  touch policy (always NEVER: no touch sensor)
 *   off 3  origin (UIMKEY_ORIGIN_GENERATED / _IMPORTED)
 *   off 4  key material
 *     EC:  d (scalar length L: 32 or 48), then the public point
 *          uncompressed (04 X Y, 1 + 2L bytes)
 *     RSA: n, e, p, q, dp, dq, iq, each as a 2-byte big-endian length
 *          followed by that many bytes (big-endian unsigned)
 *
 * An empty record is an empty slot.
 */
#include <string.h>

#include "key_alg.h"
#include "key_cmd.h"
#include "uk/keys.h"
#include "uk/store.h"
#include "codec/bytes.h"
#include "card/wire.h"

#define REC_ALG       0
#define REC_PIN       1
#define REC_TOUCH     2
#define REC_ORIGIN    3
#define REC_BODY      4
#define REC_FIELD_HDR 2          /* RSA field length prefix */
#define RSA_FIELDS    7

/* One RSA field: where it lives in the key and how long it may be. */
typedef struct {
	uint8_t *buf;
	size_t cap;
	size_t *len;
} rsa_field;

static void
rsa_fields(uk_key *key, rsa_field *f)
{
	f[0] = (rsa_field){ key->u.rsa.n, sizeof(key->u.rsa.n),
	    &key->u.rsa.pk.nlen };
	f[1] = (rsa_field){ key->u.rsa.e, sizeof(key->u.rsa.e),
	    &key->u.rsa.pk.elen };
	f[2] = (rsa_field){ key->u.rsa.p, sizeof(key->u.rsa.p),
	    &key->u.rsa.sk.plen };
	f[3] = (rsa_field){ key->u.rsa.q, sizeof(key->u.rsa.q),
	    &key->u.rsa.sk.qlen };
	f[4] = (rsa_field){ key->u.rsa.dp, sizeof(key->u.rsa.dp),
	    &key->u.rsa.sk.dplen };
	f[5] = (rsa_field){ key->u.rsa.dq, sizeof(key->u.rsa.dq),
	    &key->u.rsa.sk.dqlen };
	f[6] = (rsa_field){ key->u.rsa.iq, sizeof(key->u.rsa.iq),
	    &key->u.rsa.sk.iqlen };
}

void
uk_key_link(uk_key *key)
{
	if (uimkey_alg_is_ec(key->alg)) {
		key->u.ec.sk.curve = uk_alg_curve(key->alg);
		key->u.ec.sk.x = key->u.ec.d;
		return;
	}
	key->u.rsa.sk.n_bitlen = uimkey_alg_rsa_bits(key->alg);
	key->u.rsa.sk.p = key->u.rsa.p;
	key->u.rsa.sk.q = key->u.rsa.q;
	key->u.rsa.sk.dp = key->u.rsa.dp;
	key->u.rsa.sk.dq = key->u.rsa.dq;
	key->u.rsa.sk.iq = key->u.rsa.iq;
	key->u.rsa.pk.n = key->u.rsa.n;
	key->u.rsa.pk.e = key->u.rsa.e;
}

int
uk_key_take(uint8_t *dst, size_t cap, size_t *dst_len,
    const uint8_t *src, size_t len)
{
	/* BearSSL strips them the same way before it computes. */
	while (len > 0 && *src == 0) {
		src++;
		len--;
	}
	if (len == 0 || len > cap)
		return UK_ERR_ARG;
	memcpy(dst, src, len);
	*dst_len = len;
	return UK_OK;
}

void
uk_key_wipe(uk_key *key)
{
	uk_wipe(key, sizeof(*key));
}

static int
policies_valid(uint8_t pin, uint8_t touch, uint8_t origin)
{
	return pin >= UIMKEY_PIN_POLICY_NEVER &&
	    pin <= UIMKEY_PIN_POLICY_ALWAYS &&
	    touch == UIMKEY_TOUCH_POLICY_NEVER &&
	    (origin == UIMKEY_ORIGIN_GENERATED ||
	    origin == UIMKEY_ORIGIN_IMPORTED);
}

static int
parse_ec(const uint8_t *body, size_t len, uk_key *key)
{
	size_t l = uimkey_alg_ec_bytes(key->alg), qlen = 1 + 2 * l;

	if (len != l + qlen)
		return UK_ERR_CORRUPT;
	memcpy(key->u.ec.d, body, l);
	memcpy(key->u.ec.q, body + l, qlen);
	key->u.ec.sk.xlen = l;
	key->u.ec.q_len = qlen;
	return UK_OK;
}

static int
parse_rsa(const uint8_t *body, size_t len, uk_key *key)
{
	rsa_field f[RSA_FIELDS];
	size_t off = 0, n, k;

	rsa_fields(key, f);
	for (k = 0; k < RSA_FIELDS; k++) {
		if (len - off < REC_FIELD_HDR)
			return UK_ERR_CORRUPT;
		n = (size_t)body[off] << 8 | body[off + 1];
		off += REC_FIELD_HDR;
		if (n > f[k].cap || n > len - off)
			return UK_ERR_CORRUPT;
		memcpy(f[k].buf, body + off, n);
		*f[k].len = n;
		off += n;
	}
	if (off != len || key->u.rsa.pk.nlen * 8 !=
	    uimkey_alg_rsa_bits(key->alg))
		return UK_ERR_CORRUPT;
	return UK_OK;
}

static int
parse_record(const uint8_t *rec, size_t len, uk_key *key)
{
	if (len < REC_BODY ||
	    !policies_valid(rec[REC_PIN], rec[REC_TOUCH], rec[REC_ORIGIN]))
		return UK_ERR_CORRUPT;
	key->alg = rec[REC_ALG];
	key->pin_policy = rec[REC_PIN];
	key->touch_policy = rec[REC_TOUCH];
	key->origin = rec[REC_ORIGIN];
	if (uimkey_alg_is_ec(key->alg))
		return parse_ec(rec + REC_BODY, len - REC_BODY, key);
	if (uimkey_alg_is_rsa(key->alg))
		return parse_rsa(rec + REC_BODY, len - REC_BODY, key);
	return UK_ERR_CORRUPT;
}

int
uk_key_load(uimkey_card *card, int i, uk_key *key)
{
	uint8_t rec[UK_REC_KEY_MAX];
	size_t len = 0;
	int r = UK_ERR_ARG;

	memset(key, 0, sizeof(*key));
	if (i < 0 || i >= UIMKEY_SLOT_COUNT)
		goto fail;
	if ((r = uk_rec_read(card, UK_REC_KEY(i), rec, sizeof(rec), &len)) !=
	    UK_OK)
		goto fail;
	if (len == 0) {
		r = UK_ERR_EMPTY;
		goto fail;
	}
	r = parse_record(rec, len, key);
	if (r == UK_OK)
		uk_key_link(key);
fail:
	/* A record that failed its check may still have been read in. */
	uk_wipe(rec, sizeof(rec));
	if (r != UK_OK)
		uk_key_wipe(key);
	return r;
}

static size_t
put_rsa(const uk_key *key, uint8_t *body, size_t cap)
{
	const uint8_t *src[RSA_FIELDS] = {
		key->u.rsa.n, key->u.rsa.e, key->u.rsa.p, key->u.rsa.q,
		key->u.rsa.dp, key->u.rsa.dq, key->u.rsa.iq,
	};
	const size_t len[RSA_FIELDS] = {
		key->u.rsa.pk.nlen, key->u.rsa.pk.elen, key->u.rsa.sk.plen,
		key->u.rsa.sk.qlen, key->u.rsa.sk.dplen, key->u.rsa.sk.dqlen,
		key->u.rsa.sk.iqlen,
	};
	const size_t max[RSA_FIELDS] = {
		sizeof(key->u.rsa.n), sizeof(key->u.rsa.e),
		sizeof(key->u.rsa.p), sizeof(key->u.rsa.q),
		sizeof(key->u.rsa.dp), sizeof(key->u.rsa.dq),
		sizeof(key->u.rsa.iq),
	};
	size_t off = 0, k;

	for (k = 0; k < RSA_FIELDS; k++) {
		if (len[k] > max[k] || cap - off < REC_FIELD_HDR + len[k])
			return 0;
		body[off] = (uint8_t)(len[k] >> 8);
		body[off + 1] = (uint8_t)len[k];
		memcpy(body + off + REC_FIELD_HDR, src[k], len[k]);
		off += REC_FIELD_HDR + len[k];
	}
	return off;
}

static size_t
put_ec(const uk_key *key, uint8_t *body, size_t cap)
{
	size_t l = uimkey_alg_ec_bytes(key->alg);

	if (key->u.ec.sk.xlen != l || key->u.ec.q_len != 1 + 2 * l ||
	    cap < l + key->u.ec.q_len)
		return 0;
	memcpy(body, key->u.ec.d, l);
	memcpy(body + l, key->u.ec.q, key->u.ec.q_len);
	return l + key->u.ec.q_len;
}

/* The record of *key for slot i to the store by put: uk_txn_put (into
 * the open transaction) or uk_rec_write (in a transaction of its own). */
static int
store_key(uimkey_card *card, int i, const uk_key *key,
    int (*put)(uimkey_card *, unsigned, const void *, size_t))
{
	uint8_t rec[UK_REC_KEY_MAX];
	size_t n = 0;
	int r = UK_ERR_ARG;

	if (i < 0 || i >= UIMKEY_SLOT_COUNT || !policies_valid(key->pin_policy,
	    key->touch_policy, key->origin))
		goto fail;
	rec[REC_ALG] = key->alg;
	rec[REC_PIN] = key->pin_policy;
	rec[REC_TOUCH] = key->touch_policy;
	rec[REC_ORIGIN] = key->origin;
	if (uimkey_alg_is_ec(key->alg))
		n = put_ec(key, rec + REC_BODY, sizeof(rec) - REC_BODY);
	else if (uimkey_alg_is_rsa(key->alg))
		n = put_rsa(key, rec + REC_BODY, sizeof(rec) - REC_BODY);
	if (n == 0)
		goto fail;
	n += REC_BODY;
	r = put(card, UK_REC_KEY(i), rec, n);
fail:
	uk_wipe(rec, sizeof(rec));
	return r;
}

int
uk_key_put(uimkey_card *card, int i, const uk_key *key)
{
	return store_key(card, i, key, uk_txn_put);
}

int
uk_key_commit(uimkey_card *card, int i, const uk_key *key)
{
	return store_key(card, i, key, uk_rec_write);
}
