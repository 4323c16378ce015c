/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The key record of a slot (UK_REC_KEY(i)) and its byte layout:
 *
 *   off 0   algorithm (UIMKEY_ALG_*)
 *   off 1   PIN policy (NEVER/ONCE/ALWAYS, never 0: the default is
 *           resolved before storing)
 *   off 2   touch policy (always NEVER: no touch sensor)
 *   off 3   origin (UIMKEY_ORIGIN_GENERATED / _IMPORTED)
 *   off 4   form (UK_KEY_FORM_*): CLEAR for PIN policy never, KP or
 *           SEALED for once and always
 *   off 5   id, 16 random bytes given when the key is made
 *   off 21  public elements (key_body.c)
 *   then    the private part:
 *     CLEAR   the private elements (key_body.c)
 *     KP      nonce (12), the private elements encrypted, tag (16)
 *     SEALED  ephemeral point (65), nonce (12), the private elements
 *             encrypted, tag (16)
 *   (key_protect.c; the associated data is the record up to the
 *   private part).
 *
 * An empty record is an empty slot.  Nothing in a record names its
 * slot, so MOVE KEY moves it as it is, with the management key alone.
 */
#include <string.h>

#include "key_alg.h"
#include "key_cmd.h"
#include "key_record.h"
#include "uk/auth.h"
#include "uk/store.h"
#include "codec/bytes.h"
#include "card/wire.h"

#define REC_ALG       0
#define REC_PIN       1
#define REC_TOUCH     2
#define REC_ORIGIN    3
#define REC_FORM      4
#define REC_ID        5
#define REC_PUBLIC    (REC_ID + UK_KEY_ID_LEN)

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
uk_key_new_id(uimkey_card *card, uk_key *key)
{
	br_hmac_drbg_generate(&card->drbg, key->id, sizeof(key->id));
}

void
uk_key_wipe(uk_key *key)
{
	uk_wipe(key, sizeof(*key));
}

/* The form goes with the PIN policy: a key the PIN guards is never
 * stored without the PIN layer, one it does not guard never needs it. */
static int
header_valid(uint8_t pin, uint8_t touch, uint8_t origin, uint8_t form)
{
	int form_ok = pin == UIMKEY_PIN_POLICY_NEVER ?
	    form == UK_KEY_FORM_CLEAR :
	    form == UK_KEY_FORM_KP || form == UK_KEY_FORM_SEALED;

	return pin >= UIMKEY_PIN_POLICY_NEVER &&
	    pin <= UIMKEY_PIN_POLICY_ALWAYS && form_ok &&
	    touch == UIMKEY_TOUCH_POLICY_NEVER &&
	    (origin == UIMKEY_ORIGIN_GENERATED ||
	    origin == UIMKEY_ORIGIN_IMPORTED);
}

/* The header and public elements: UK_OK and *priv_off (where the
 * private part starts), or UK_ERR_CORRUPT. */
static int
parse_head(const uint8_t *rec, size_t len, uk_key *key, size_t *priv_off)
{
	size_t used = 0;

	if (len < REC_PUBLIC || !header_valid(rec[REC_PIN], rec[REC_TOUCH],
	    rec[REC_ORIGIN], rec[REC_FORM]))
		return UK_ERR_CORRUPT;
	key->alg = rec[REC_ALG];
	key->pin_policy = rec[REC_PIN];
	key->touch_policy = rec[REC_TOUCH];
	key->origin = rec[REC_ORIGIN];
	key->form = rec[REC_FORM];
	memcpy(key->id, rec + REC_ID, UK_KEY_ID_LEN);
	if (!uimkey_alg_is_ec(key->alg) && !uimkey_alg_is_rsa(key->alg))
		return UK_ERR_CORRUPT;
	if (uk_key_parse_public(rec + REC_PUBLIC, len - REC_PUBLIC, key,
	    &used) != UK_OK)
		return UK_ERR_CORRUPT;
	*priv_off = REC_PUBLIC + used;
	if (len - *priv_off < uk_key_form_head(key->form) +
	    uk_key_form_tail(key->form) + 1)
		return UK_ERR_CORRUPT;
	return UK_OK;
}

/* The private part at rec + off (to the end, len): opened in place and
 * read into *key. */
static int
parse_private(uimkey_card *card, uint8_t *rec, size_t len, size_t off,
    uk_key *key)
{
	size_t head = uk_key_form_head(key->form);
	size_t tail = uk_key_form_tail(key->form);
	size_t n = len - off - head - tail;
	int r;

	if ((r = uk_key_unprotect(card, key->form, key->id, rec, off,
	    rec + off, rec + off + head, n, rec + len - tail)) != UK_OK)
		return r;
	return uk_key_parse_private(rec + off + head, n, key);
}

static int
load(uimkey_card *card, int i, uk_key *key, int with_private)
{
	uint8_t rec[UK_REC_KEY_MAX];
	size_t len = 0, off = 0;
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
	if ((r = parse_head(rec, len, key, &off)) == UK_OK && with_private)
		r = parse_private(card, rec, len, off, key);
	if (r == UK_OK)
		uk_key_link(key);
fail:
	/* The record held the private part, perhaps opened in place. */
	uk_wipe(rec, sizeof(rec));
	if (r != UK_OK)
		uk_key_wipe(key);
	return r;
}

int
uk_key_load_public(uimkey_card *card, int i, uk_key *key)
{
	return load(card, i, key, 0);
}

int
uk_key_load(uimkey_card *card, int i, uk_key *key)
{
	return load(card, i, key, 1);
}

static uint8_t
form_for(const uimkey_card *card, const uk_key *key)
{
	if (key->pin_policy == UIMKEY_PIN_POLICY_NEVER)
		return UK_KEY_FORM_CLEAR;
	return uk_auth_kp_known(card) ? UK_KEY_FORM_KP : UK_KEY_FORM_SEALED;
}

/* The whole record of *key into rec (UK_REC_KEY_MAX bytes): its length,
 * 0 when the key cannot be stored. */
static size_t
build(uimkey_card *card, const uk_key *key, uint8_t *rec)
{
	uint8_t form = form_for(card, key);
	size_t head = uk_key_form_head(form), tail = uk_key_form_tail(form);
	size_t off, n;

	if (!header_valid(key->pin_policy, key->touch_policy, key->origin,
	    form))
		return 0;
	rec[REC_ALG] = key->alg;
	rec[REC_PIN] = key->pin_policy;
	rec[REC_TOUCH] = key->touch_policy;
	rec[REC_ORIGIN] = key->origin;
	rec[REC_FORM] = form;
	memcpy(rec + REC_ID, key->id, UK_KEY_ID_LEN);
	n = uk_key_body_public(key, rec + REC_PUBLIC,
	    UK_REC_KEY_MAX - REC_PUBLIC);
	if (n == 0)
		return 0;
	off = REC_PUBLIC + n;
	if (UK_REC_KEY_MAX - off < head + tail)
		return 0;
	n = uk_key_body_private(key, rec + off + head,
	    UK_REC_KEY_MAX - off - head - tail);
	if (n == 0 || uk_key_protect(card, form, key->id, rec, off, rec + off,
	    rec + off + head, n, rec + off + head + n) != UK_OK)
		return 0;
	return off + head + n + tail;
}

/* The record of *key for slot i to the store by put: uk_txn_put (into
 * the open transaction) or uk_rec_write (in a transaction of its own). */
static int
store_key(uimkey_card *card, int i, const uk_key *key,
    int (*put)(uimkey_card *, unsigned, const void *, size_t))
{
	uint8_t rec[UK_REC_KEY_MAX];
	size_t n;
	int r = UK_ERR_ARG;

	if (i >= 0 && i < UIMKEY_SLOT_COUNT &&
	    (n = build(card, key, rec)) != 0)
		r = put(card, UK_REC_KEY(i), rec, n);
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
