/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The credentials record of store format 1 (uimkey before the store was
 * encrypted) made a record of today (auth_cred.h).  Format 1 kept the
 * PIN and the PUK themselves, so a new KP is wrapped under both at once
 * and held in the KP cache: the keys the upgrade stores next go under KP
 * directly, never sealed.  The old layout, read here only:
 *
 *   0   version (1)
 *   1   PIN, 8 bytes as it travels     9  PIN tries max   10 tries left
 *   11  PUK, 8 bytes                   19 PUK tries max   20 tries left
 *   21  management key algorithm       22 management key (32)
 *   54  flags   55  PIN minimum length   56  PIN policy rules
 *   57  end
 */
#include <string.h>

#include "auth_kp.h"
#include "uk/auth.h"
#include "uk/store.h"
#include "codec/bytes.h"
#include "card/wire.h"

#define V1_VERSION    1
#define V1_PIN        1
#define V1_PIN_MAX    9
#define V1_PIN_LEFT   10
#define V1_PUK        11
#define V1_PUK_MAX    19
#define V1_PUK_LEFT   20
#define V1_MGMT_ALG   21
#define V1_MGMT_KEY   22
#define V1_FLAGS      54
#define V1_PIN_MIN    55
#define V1_POLICY     56
#define V1_LEN        57

static int
tries_ok(uint8_t max, uint8_t left)
{
	return max >= 1 && max <= UIMKEY_TRIES_MAX && left <= max;
}

/* What a wrap cannot check: the rest is checked by loading the new
 * record back (uk_cred_load). */
static int
v1_valid(const uint8_t *r, size_t len)
{
	return len == V1_LEN && r[0] == V1_VERSION &&
	    tries_ok(r[V1_PIN_MAX], r[V1_PIN_LEFT]) &&
	    tries_ok(r[V1_PUK_MAX], r[V1_PUK_LEFT]);
}

static uint16_t
build(uimkey_card *card, const uint8_t *r, const uint8_t *kp,
    uk_cred *cred)
{
	if (uk_seal_public(kp, cred->seal_pub) != UK_OK)
		return UIMKEY_SW_MEMORY_FAILURE;
	cred->next_iterations = uk_cred_device_iterations(card);
	cred->pin.max = r[V1_PIN_MAX];
	cred->pin.left = r[V1_PIN_LEFT];
	cred->puk.max = r[V1_PUK_MAX];
	cred->puk.left = r[V1_PUK_LEFT];
	uk_wrap_set(card, cred, UIMKEY_REF_PIN, r + V1_PIN, kp);
	uk_wrap_set(card, cred, UIMKEY_REF_PUK, r + V1_PUK, kp);
	cred->mgmt_alg = r[V1_MGMT_ALG];
	memcpy(cred->mgmt_key, r + V1_MGMT_KEY, UIMKEY_MGMT_KEY_MAX);
	cred->flags |= r[V1_FLAGS] & UK_CRED_F_PIN_CHANGE;
	cred->pin_min = r[V1_PIN_MIN];
	cred->policy = r[V1_POLICY];
	uk_cred_update_mgmt_default(cred);
	return UIMKEY_SW_OK;
}

int
uk_auth_upgrade(uimkey_card *card, const uint8_t *rec, size_t len)
{
	uk_cred cred;
	uint8_t kp[UK_KP_LEN];
	int r = UK_ERR_CORRUPT;

	if (!v1_valid(rec, len))
		return r;
	memset(&cred, 0, sizeof(cred));
	br_hmac_drbg_generate(&card->drbg, kp, sizeof(kp));
	if (build(card, rec, kp, &cred) != UIMKEY_SW_OK)
		r = UK_ERR_CRYPTO;
	else if (uk_cred_commit(card, &cred) != UIMKEY_SW_OK)
		r = UK_ERR_IO;
	/* Read back, the new record meets every check a start makes. */
	else if (uk_cred_load(card, &cred) == UIMKEY_SW_OK) {
		uk_kp_remember(card, kp, rec + V1_PIN);
		r = UK_OK;
	}
	uk_cred_wipe(&cred);
	uk_wipe(kp, sizeof(kp));
	return r;
}
