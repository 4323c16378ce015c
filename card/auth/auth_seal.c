/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sealing to KP while KP is not known.  The management key alone may
 * generate or import a key of PIN policy once or always, when no PIN
 * has opened KP: the key's private part is then sealed to U, a P-256
 * public key in the credentials record whose private scalar u is
 * derived from KP and stored nowhere.  Sealing makes an ephemeral key
 * pair (e, E) and keys the AEAD with ECDH(e, U); opening needs
 * ECDH(u, E), so KP.  The keys area keeps E beside the sealed bytes and
 * re-encrypts under KP at the key's first use after a VERIFY.
 */
#include <string.h>

#include <bearssl/bearssl_ec.h>

#include "uk/auth.h"
#include "auth_kp.h"
#include "codec/bytes.h"
#include "codec/ec_derive.h"
#include "card/wire.h"

#define SEAL_CURVE         BR_EC_secp256r1
#define SCALAR_LEN         32
#define SCALAR_LABEL       "uimkey seal scalar"
#define SEAL_KEY_LABEL     "uimkey seal key"
/* u: derived from KP (codec/ec_derive.h), so the same KP gives the same
 * u on any card and any BearSSL. */
static int
derive_u(const uint8_t *kp, uint8_t *u)
{
	return uk_p256_derive(kp, UK_KP_LEN, SCALAR_LABEL, u) == 0 ? UK_OK :
	    UK_ERR_CRYPTO;
}

int
uk_seal_public(const uint8_t *kp, uint8_t *point)
{
	uint8_t u[SCALAR_LEN];
	int r;

	if ((r = derive_u(kp, u)) == UK_OK &&
	    br_ec_get_default()->mulgen(point, u, sizeof(u), SEAL_CURVE) !=
	    UK_SEAL_POINT_LEN)
		r = UK_ERR_CRYPTO;
	uk_wipe(u, sizeof(u));
	return r;
}

/*
 * out: the AEAD key of the shared point x * z (its X) and the ephemeral
 * point, the same on both sides: (e, U) sealing, (u, E) opening.  z is
 * overwritten.  0 when z is not a point of the curve.
 */
static int
ecdh_key(uint8_t *z, const uint8_t *x, size_t xlen, const uint8_t *e_point,
    uint8_t *out)
{
	if (br_ec_get_default()->mul(z, UK_SEAL_POINT_LEN, x, xlen,
	    SEAL_CURVE) != 1)
		return 0;
	uk_kp_hmac(z + 1, SCALAR_LEN, SEAL_KEY_LABEL, e_point,
	    UK_AUTH_POINT_LEN, out);
	return 1;
}

int
uk_auth_seal_key(uimkey_card *card, uint8_t *e_point, uint8_t *out)
{
	const br_ec_impl *impl = br_ec_get_default();
	br_ec_private_key sk;
	uint8_t e[BR_EC_KBUF_PRIV_MAX_SIZE], z[UK_SEAL_POINT_LEN];
	uk_cred cred;
	int r = UK_ERR_IO;

	memset(&sk, 0, sizeof(sk));
	if (uk_cred_load(card, &cred) != UIMKEY_SW_OK)
		goto fail;
	r = UK_ERR_CRYPTO;
	memcpy(z, cred.seal_pub, sizeof(z));
	if (br_ec_keygen(&card->drbg.vtable, impl, &sk, e, SEAL_CURVE) !=
	    SCALAR_LEN || br_ec_compute_pub(impl, NULL, e_point, &sk) !=
	    UK_AUTH_POINT_LEN || !ecdh_key(z, sk.x, sk.xlen, e_point, out))
		goto fail;
	r = UK_OK;
fail:
	if (r != UK_OK)
		uk_wipe(out, UK_AUTH_KEY_LEN);
	uk_cred_wipe(&cred);
	uk_wipe(&sk, sizeof(sk));
	uk_wipe(e, sizeof(e));
	uk_wipe(z, sizeof(z));
	return r;
}

int
uk_auth_unseal_key(const uimkey_card *card, const uint8_t *e_point,
    uint8_t *out)
{
	uint8_t u[SCALAR_LEN], z[UK_SEAL_POINT_LEN];
	int r = UK_ERR_ARG;

	if (!card->kp_cache.known)
		goto fail;
	if ((r = derive_u(card->kp_cache.kp, u)) != UK_OK)
		goto fail;
	memcpy(z, e_point, sizeof(z));
	/* A point off the curve fails here: the record is not the card's. */
	r = UK_ERR_CORRUPT;
	if (!ecdh_key(z, u, sizeof(u), e_point, out))
		goto fail;
	r = UK_OK;
fail:
	if (r != UK_OK)
		uk_wipe(out, UK_AUTH_KEY_LEN);
	uk_wipe(u, sizeof(u));
	uk_wipe(z, sizeof(z));
	return r;
}
