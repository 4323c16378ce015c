/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The KP cache (card/auth_state.h): KP after a right PIN, and what the
 * card derives from it.  With KP the card keeps HMAC(KP, PIN): a later
 * VERIFY in the same power-on, by this program or the next one after its
 * SELECT, compares the PIN with that instead of running the KDF again (a
 * key of PIN policy "always" wants a VERIFY before every use).  The
 * check is authoritative while it is held, because KP is held only with
 * the check of the PIN whose wrap is in the store:
 * - a new PIN wrap (CHANGE REFERENCE DATA, RESET RETRY COUNTER, SET PIN
 *   RETRIES) replaces the check once it is committed, and empties the
 *   cache when its commit fails (the store may hold either wrap);
 * - a PIN with no try left empties it (uk_auth_try): the store says
 *   blocked, and only the commit of a right PIN's restored counter
 *   fills the cache again;
 * - RESET makes a new KP and empties it; power-off, warm reset and an
 *   issuer's lock empty it.
 */
#include <string.h>

#include <bearssl/bearssl_hash.h>
#include <bearssl/bearssl_hmac.h>

#include "uk/auth.h"
#include "auth_kp.h"
#include "codec/bytes.h"
#include "card/wire.h"

#define CHECK_LABEL  "uimkey PIN check"
#define KEY_LABEL    "uimkey key"

void
uk_kp_hmac(const uint8_t *key, size_t key_len, const char *label,
    const uint8_t *data, size_t len, uint8_t *out)
{
	br_hmac_key_context kc;
	br_hmac_context hc;

	br_hmac_key_init(&kc, &br_sha256_vtable, key, key_len);
	br_hmac_init(&hc, &kc, 0);
	br_hmac_update(&hc, label, strlen(label));
	br_hmac_update(&hc, data, len);
	br_hmac_out(&hc, out);
	uk_wipe(&kc, sizeof(kc));
	uk_wipe(&hc, sizeof(hc));
}

void
uk_kp_remember(uimkey_card *card, const uint8_t *kp, const uint8_t *pin)
{
	memcpy(card->kp_cache.kp, kp, UK_KP_LEN);
	uk_kp_hmac(kp, UK_KP_LEN, CHECK_LABEL, pin, UIMKEY_PIN_LEN,
	    card->kp_cache.pin_check);
	card->kp_cache.known = 1;
}

int
uk_kp_get(const uimkey_card *card, uint8_t *kp)
{
	if (!card->kp_cache.known)
		return 0;
	memcpy(kp, card->kp_cache.kp, UK_KP_LEN);
	return 1;
}

void
uk_auth_forget_kp(uimkey_card *card)
{
	uk_wipe(&card->kp_cache, sizeof(card->kp_cache));
}

int
uk_kp_check_pin(const uimkey_card *card, const uint8_t *value, uint8_t *kp)
{
	uint8_t mac[UK_PIN_CHECK_LEN];
	int ok;

	if (!card->kp_cache.known)
		return -1;
	uk_kp_hmac(card->kp_cache.kp, UK_KP_LEN, CHECK_LABEL, value,
	    UIMKEY_PIN_LEN, mac);
	ok = uk_ct_equal(mac, card->kp_cache.pin_check, sizeof(mac));
	if (ok)
		memcpy(kp, card->kp_cache.kp, UK_KP_LEN);
	uk_wipe(mac, sizeof(mac));
	return ok;
}

int
uk_auth_kp_known(const uimkey_card *card)
{
	return card->kp_cache.known;
}

int
uk_auth_kp_key(const uimkey_card *card, const uint8_t *id, uint8_t *out)
{
	if (!card->kp_cache.known) {
		uk_wipe(out, UK_AUTH_KEY_LEN);
		return UK_ERR_ARG;
	}
	uk_kp_hmac(card->kp_cache.kp, UK_KP_LEN, KEY_LABEL, id,
	    UK_AUTH_KEY_ID_LEN, out);
	return UK_OK;
}
