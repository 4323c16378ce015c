/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * KP wrapped under the PIN and under the PUK (layout: auth_cred.h).
 * KEK = PBKDF2-HMAC-SHA-256(value, salt, iterations); KP sealed under
 * KEK with ChaCha20-Poly1305, the reference, salt and iterations bound
 * as associated data.  Nothing but the tag says whether a value is
 * right, so a copy of the store tells a guesser no more than the card
 * does, and each guess costs the iterations.
 */
#include <string.h>

#include <bearssl/bearssl_block.h>

#include "auth_kp.h"
#include "auth_pbkdf2.h"
#include "codec/bytes.h"
#include "card/wire.h"

#define WRAP_LABEL      "uimkey KP wrap"
#define WRAP_LABEL_LEN  (sizeof(WRAP_LABEL) - 1)
#define WRAP_AAD_LEN    (WRAP_LABEL_LEN + 1 + UK_WRAP_SALT_LEN + 4)
#define KEK_LEN         32

static void
wrap_aad(const uk_secret *s, uint8_t ref, uint8_t *aad)
{
	memcpy(aad, WRAP_LABEL, WRAP_LABEL_LEN);
	aad[WRAP_LABEL_LEN] = ref;
	memcpy(aad + WRAP_LABEL_LEN + 1, s->salt, UK_WRAP_SALT_LEN);
	uk_put_be32(aad + WRAP_LABEL_LEN + 1 + UK_WRAP_SALT_LEN,
	    s->iterations);
}

static void
kek_of(uimkey_card *card, const uk_secret *s, const uint8_t *value,
    uint8_t *kek)
{
	card->kdf_runs++;
	uk_pbkdf2_sha256(value, UIMKEY_PIN_LEN, s->salt, UK_WRAP_SALT_LEN,
	    s->iterations, kek, KEK_LEN);
}

void
uk_wrap_set(uimkey_card *card, uk_cred *cred, uint8_t ref,
    const uint8_t *value, const uint8_t *kp)
{
	uk_secret *s = uk_cred_secret(cred, ref);
	uint8_t kek[KEK_LEN], aad[WRAP_AAD_LEN];
	const uint8_t *def = ref == UIMKEY_REF_PIN ? uk_cred_default_pin :
	    uk_cred_default_puk;
	uint8_t flag = ref == UIMKEY_REF_PIN ? UK_CRED_F_PIN_DEFAULT :
	    UK_CRED_F_PUK_DEFAULT;

	if (s == NULL)
		return;
	br_hmac_drbg_generate(&card->drbg, s->salt, sizeof(s->salt));
	br_hmac_drbg_generate(&card->drbg, s->nonce, sizeof(s->nonce));
	/* Never below the device's count, whatever the record asks: the
	 * record is only as trustworthy as the store key. */
	s->iterations = cred->next_iterations;
	if (s->iterations < uk_cred_device_iterations(card))
		s->iterations = uk_cred_device_iterations(card);
	kek_of(card, s, value, kek);
	wrap_aad(s, ref, aad);
	memcpy(s->kp, kp, UK_KP_LEN);
	br_poly1305_ctmul_run(kek, s->nonce, s->kp, UK_KP_LEN, aad,
	    sizeof(aad), s->tag, br_chacha20_ct_run, 1);
	cred->flags &= (uint8_t)~flag;
	if (uk_ct_equal(value, def, UIMKEY_PIN_LEN))
		cred->flags |= flag;
	uk_wipe(kek, sizeof(kek));
}

int
uk_wrap_open(uimkey_card *card, const uk_cred *cred, uint8_t ref,
    const uint8_t *value, uint8_t *kp)
{
	const uk_secret *s = ref == UIMKEY_REF_PIN ? &cred->pin : &cred->puk;
	uint8_t kek[KEK_LEN], aad[WRAP_AAD_LEN], tag[UK_WRAP_TAG_LEN];
	int ok;

	kek_of(card, s, value, kek);
	wrap_aad(s, ref, aad);
	memcpy(kp, s->kp, UK_KP_LEN);
	br_poly1305_ctmul_run(kek, s->nonce, kp, UK_KP_LEN, aad, sizeof(aad),
	    tag, br_chacha20_ct_run, 0);
	ok = uk_ct_equal(tag, s->tag, UK_WRAP_TAG_LEN);
	if (!ok)
		uk_wipe(kp, UK_KP_LEN);
	uk_wipe(kek, sizeof(kek));
	uk_wipe(tag, sizeof(tag));
	return ok;
}
