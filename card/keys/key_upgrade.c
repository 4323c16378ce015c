/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A key record of store format 1 (uimkey before the store was
 * encrypted), made a key record of today (key_record.c).  The old
 * layout, read here only:
 *
 *   off 0  algorithm     off 1  PIN policy   off 2  touch policy
 *   off 3  origin
 *   off 4  EC:  d (32 or 48 bytes), then the point 04 X Y
 *          RSA: n, e, p, q, dp, dq, iq, each a 2-byte big-endian length
 *          and that many bytes
 *
 * The key gets a new id and is stored as any key is: in the clear for
 * PIN policy never, under KP (when the caller holds it) or sealed to U.
 */
#include <string.h>

#include "key_alg.h"
#include "key_cmd.h"
#include "key_record.h"
#include "uk/keys.h"
#include "uk/store.h"
#include "card/wire.h"

#define V1_ALG        0
#define V1_PIN        1
#define V1_TOUCH      2
#define V1_ORIGIN     3
#define V1_BODY       4

static int
v1_ec(const uint8_t *body, size_t len, uk_key *key)
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

/* n e p q dp dq iq, each with a 2-byte length: as today's public
 * elements then private ones are (key_body.c). */
static int
v1_rsa(const uint8_t *body, size_t len, uk_key *key)
{
	size_t used = 0;

	if (uk_key_parse_public(body, len, key, &used) != UK_OK)
		return UK_ERR_CORRUPT;
	return uk_key_parse_private(body + used, len - used, key);
}

static int
v1_parse(const uint8_t *rec, size_t len, uk_key *key)
{
	if (len < V1_BODY || rec[V1_PIN] < UIMKEY_PIN_POLICY_NEVER ||
	    rec[V1_PIN] > UIMKEY_PIN_POLICY_ALWAYS ||
	    rec[V1_TOUCH] != UIMKEY_TOUCH_POLICY_NEVER ||
	    (rec[V1_ORIGIN] != UIMKEY_ORIGIN_GENERATED &&
	    rec[V1_ORIGIN] != UIMKEY_ORIGIN_IMPORTED))
		return UK_ERR_CORRUPT;
	key->alg = rec[V1_ALG];
	key->pin_policy = rec[V1_PIN];
	key->touch_policy = rec[V1_TOUCH];
	key->origin = rec[V1_ORIGIN];
	if (uimkey_alg_is_ec(key->alg))
		return v1_ec(rec + V1_BODY, len - V1_BODY, key);
	if (uimkey_alg_is_rsa(key->alg))
		return v1_rsa(rec + V1_BODY, len - V1_BODY, key);
	return UK_ERR_CORRUPT;
}

int
uk_key_upgrade(uimkey_card *card, int i, const uint8_t *rec, size_t len)
{
	uk_key key;
	int r;

	memset(&key, 0, sizeof(key));
	if ((r = v1_parse(rec, len, &key)) == UK_OK) {
		uk_key_link(&key);
		uk_key_new_id(card, &key);
		r = uk_key_commit(card, i, &key);
	}
	uk_key_wipe(&key);
	return r;
}
