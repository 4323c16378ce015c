/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * KP in RAM after a correct PIN, and what the card derives from it.
 * With KP the card keeps HMAC(KP, PIN): a later VERIFY in the same
 * session compares the PIN with that instead of running the KDF again
 * (a key of PIN policy "always" wants a VERIFY before every use).  The
 * check is authoritative while it is held: KP is held only with the
 * check of the PIN whose wrap is in the store, and every change of that
 * wrap replaces or drops both.
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
	memcpy(card->auth.kp, kp, UK_KP_LEN);
	uk_kp_hmac(kp, UK_KP_LEN, CHECK_LABEL, pin, UIMKEY_PIN_LEN,
	    card->auth.pin_check);
	card->auth.kp_known = 1;
}

int
uk_kp_get(const uimkey_card *card, uint8_t *kp)
{
	if (!card->auth.kp_known)
		return 0;
	memcpy(kp, card->auth.kp, UK_KP_LEN);
	return 1;
}

void
uk_kp_forget(uimkey_card *card)
{
	card->auth.kp_known = 0;
	uk_wipe(card->auth.kp, sizeof(card->auth.kp));
	uk_wipe(card->auth.pin_check, sizeof(card->auth.pin_check));
}

int
uk_kp_check_pin(const uimkey_card *card, const uint8_t *value, uint8_t *kp)
{
	uint8_t mac[UK_PIN_CHECK_LEN];
	int ok;

	if (!card->auth.kp_known)
		return -1;
	uk_kp_hmac(card->auth.kp, UK_KP_LEN, CHECK_LABEL, value,
	    UIMKEY_PIN_LEN, mac);
	ok = uk_ct_equal(mac, card->auth.pin_check, sizeof(mac));
	if (ok)
		memcpy(kp, card->auth.kp, UK_KP_LEN);
	uk_wipe(mac, sizeof(mac));
	return ok;
}

int
uk_auth_kp_known(const uimkey_card *card)
{
	return card->auth.kp_known;
}

int
uk_auth_kp_key(const uimkey_card *card, const uint8_t *id, uint8_t *out)
{
	if (!card->auth.kp_known) {
		uk_wipe(out, UK_AUTH_KEY_LEN);
		return UK_ERR_ARG;
	}
	uk_kp_hmac(card->auth.kp, UK_KP_LEN, KEY_LABEL, id,
	    UK_AUTH_KEY_ID_LEN, out);
	return UK_OK;
}
