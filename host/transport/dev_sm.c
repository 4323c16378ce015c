/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Secure messaging on the device's own channel (SP 800-73-4 part 2,
 * cipher suite 2): set up right after the application is selected, when
 * the card offers it; from then on every command of the channel goes
 * protected (dev_wire.c).  The card must prove that it holds the key its
 * CVC names, and the CVC must verify under the certificate the card
 * shows as its Secure Messaging Certificate Signer (5FC122); a card that
 * offers secure messaging and fails either is refused (UIMKEY_ERR_SM).
 * docs/design.md, "Secure messaging on the host".
 */
#define _DEFAULT_SOURCE
#include <string.h>
#include <sys/random.h>

#include <bearssl/bearssl_ec.h>
#include <bearssl/bearssl_hash.h>
#include <bearssl/bearssl_rand.h>

#include "codec/bytes.h"
#include "codec/cvc.h"
#include "codec/sm_kdf.h"
#include "codec/tlv.h"
#include "codec/x509.h"
#include "card/wire.h"
#include "dev_priv.h"

#define TAG_APT         0x61u
#define TAG_ALGS        0xACu
#define TAG_ALG_ID      0x80u
#define TAG_OBJECT      0x53u
#define TAG_CERT        0x70u
#define TAG_TEMPLATE    0x7Cu
#define TAG_HOST        0x81u
#define TAG_RESPONSE    0x82u
#define SEED_LEN        32
#define SCALAR_LEN      32
/* 7C 4E 81 4A CB_H IDsH Q_eH 82 00 */
#define GA_DATA_LEN     (4 + 1 + UK_SM_ID_LEN + UK_SM_POINT_LEN + 2)
/* The card's answer: 7C, 82, CB_ICC, N_ICC, cryptogram, CVC. */
#define GA_RSP_MAX      (8 + 1 + UK_SM_NONCE_LEN + UK_SM_CRYPTOGRAM_LEN + \
                         UK_CVC_MAX)
#define SIGNER_MAX      3200

/* A P-256 SubjectPublicKeyInfo up to its point. */
static const uint8_t spki_p256[] = {
	0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D,
	0x02, 0x01, 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01,
	0x07, 0x03, 0x42, 0x00,
};

int
pivc_dev_sm_offered(const uint8_t *fci, size_t len)
{
	const uint8_t *p;
	uk_tlv apt, algs, t;

	if (uk_tlv_find(fci, len, TAG_APT, &apt) != 0 ||
	    uk_tlv_find(apt.value, apt.len, TAG_ALGS, &algs) != 0)
		return 0;
	for (p = algs.value; uk_tlv_next(&p, algs.value + algs.len, &t) == 0;)
		if (t.tag == TAG_ALG_ID && t.len == 1 &&
		    t.value[0] == UIMKEY_ALG_SM_CS2)
			return 1;
	return 0;
}

void
pivc_dev_sm_end(uimkey_dev_t *dev)
{
	uk_sm_end(&dev->sm);
	dev->sm_on = 0;
}

void
pivc_dev_sm_forget(uimkey_dev_t *dev)
{
	pivc_dev_sm_end(dev);
	dev->sm_need = 0;
}

/* The P-256 point of the certificate in 5FC122, read in the clear. */
static int
signer_point(uimkey_dev_t *dev, uint8_t *q)
{
	static const uint8_t get[] = { UIMKEY_CLA_ISO, UIMKEY_INS_GET_DATA,
	    0x3F, 0xFF, 0x05, 0x5C, 0x03, 0x5F, 0xC1, 0x22, 0x00 };
	uint8_t obj[SIGNER_MAX];
	uk_x509_parts parts;
	uk_tlv o, cert;
	size_t n;
	uint16_t sw;
	int r;

	r = pivc_dev_exchange(dev, get, sizeof(get), 1, obj, sizeof(obj), &n,
	    &sw);
	if (r != UIMKEY_OK)
		return r;
	if (sw != UIMKEY_SW_OK || uk_tlv_find(obj, n, TAG_OBJECT, &o) != 0 ||
	    uk_tlv_find(o.value, o.len, TAG_CERT, &cert) != 0 ||
	    uk_x509_cert_parts(cert.value, cert.len, &parts) != 0 ||
	    parts.spki.len != sizeof(spki_p256) + UK_CVC_POINT_LEN ||
	    memcmp(parts.spki.der, spki_p256, sizeof(spki_p256)) != 0)
		return UIMKEY_ERR_SM;
	memcpy(q, parts.spki.der + sizeof(spki_p256), UK_CVC_POINT_LEN);
	return UIMKEY_OK;
}

/* An ephemeral P-256 key from the system's random source. */
static int
ephemeral(uint8_t *d, uint8_t *q)
{
	uint8_t seed[SEED_LEN], kbuf[BR_EC_KBUF_PRIV_MAX_SIZE];
	br_hmac_drbg_context rng;
	br_ec_private_key sk;
	br_ec_public_key pk;
	int r = UIMKEY_ERR_INTERNAL;

	if (getrandom(seed, sizeof(seed), 0) != (ssize_t)sizeof(seed))
		goto fail;
	br_hmac_drbg_init(&rng, &br_sha256_vtable, seed, sizeof(seed));
	if (br_ec_keygen(&rng.vtable, &br_ec_p256_m31, &sk, kbuf,
	    BR_EC_secp256r1) != SCALAR_LEN)
		goto fail;
	memcpy(d, sk.x, SCALAR_LEN);
	if (br_ec_compute_pub(&br_ec_p256_m31, &pk, q, &sk) !=
	    UK_SM_POINT_LEN)
		goto fail;
	r = UIMKEY_OK;
fail:
	explicit_bzero(seed, sizeof(seed));
	explicit_bzero(kbuf, sizeof(kbuf));
	explicit_bzero(&rng, sizeof(rng));
	return r;
}

/* GENERAL AUTHENTICATE 00 87 27 04 with our key; the 82 object's value
 * of the answer into rsp, its length. */
static int
key_establishment(uimkey_dev_t *dev, const uk_sm_setup *su, uint8_t *rsp,
    size_t *len)
{
	uint8_t apdu[5 + GA_DATA_LEN + 1], ans[GA_RSP_MAX];
	uk_tlv t, r;
	size_t n;
	uint16_t sw;
	int err;

	memcpy(apdu, (const uint8_t[]){ UIMKEY_CLA_ISO, UIMKEY_INS_GEN_AUTH,
	    UIMKEY_ALG_SM_CS2, UIMKEY_REF_SM, GA_DATA_LEN, TAG_TEMPLATE,
	    GA_DATA_LEN - 2, TAG_HOST, 1 + UK_SM_ID_LEN + UK_SM_POINT_LEN,
	    0x00 }, 10);
	memcpy(apdu + 10, su->id_h, UK_SM_ID_LEN);
	memcpy(apdu + 10 + UK_SM_ID_LEN, su->qe_h, UK_SM_POINT_LEN);
	memcpy(apdu + sizeof(apdu) - 3, (const uint8_t[]){ TAG_RESPONSE, 0x00,
	    0x00 }, 3);
	err = pivc_dev_exchange(dev, apdu, sizeof(apdu), 1, ans, sizeof(ans),
	    &n, &sw);
	if (err != UIMKEY_OK)
		return err;
	if (sw != UIMKEY_SW_OK || uk_tlv_find(ans, n, TAG_TEMPLATE, &t) != 0 ||
	    uk_tlv_find(t.value, t.len, TAG_RESPONSE, &r) != 0 ||
	    r.len <= 1 + UK_SM_NONCE_LEN + UK_SM_CRYPTOGRAM_LEN)
		return UIMKEY_ERR_SM;
	memcpy(rsp, r.value, r.len);
	*len = r.len;
	return UIMKEY_OK;
}

/*
 * The card's answer checked: its CVC verifies under the signer's key
 * and names it; our key times the CVC's gives the keys whose
 * confirmation is the card's cryptogram.  The session's keys into *k.
 */
static int
check_card(uimkey_dev_t *dev, const uint8_t *d, uk_sm_setup *su,
    const uint8_t *r, size_t len, const uint8_t *signer, uk_sm_keys *k)
{
	const uint8_t *cvc = r + 1 + UK_SM_NONCE_LEN + UK_SM_CRYPTOGRAM_LEN;
	size_t cvc_len = len - (size_t)(cvc - r);
	uint8_t iin[UK_CVC_IIN_LEN], z[UK_SM_POINT_LEN];
	uint8_t crypt[UK_SM_CRYPTOGRAM_LEN];
	uk_cvc v;
	int err = UIMKEY_ERR_SM;

	su->cb_icc = r[0];
	memcpy(su->n_icc, r + 1, UK_SM_NONCE_LEN);
	if (cvc_len > sizeof(dev->sm_cvc) ||
	    uk_cvc_parse(cvc, cvc_len, &v) != 0 || !uk_cvc_verify(&v, signer))
		goto fail;
	uk_cvc_iin(signer, iin);
	memcpy(z, v.point, sizeof(z));
	if (memcmp(iin, v.iin, sizeof(iin)) != 0 ||
	    br_ec_p256_m31.mul(z, sizeof(z), d, SCALAR_LEN,
	    BR_EC_secp256r1) != 1)
		goto fail;
	uk_sm_id_icc(cvc, cvc_len, su->id_icc);
	uk_sm_derive(z + 1, su, k);
	uk_sm_cryptogram(k->cfrm, su, crypt);
	if (!uk_ct_equal(crypt, r + 1 + UK_SM_NONCE_LEN, sizeof(crypt)))
		goto fail;
	memcpy(dev->sm_cvc, cvc, cvc_len);
	dev->sm_cvc_len = cvc_len;
	err = UIMKEY_OK;
fail:
	explicit_bzero(z, sizeof(z));
	return err;
}

int
pivc_dev_sm_open(uimkey_dev_t *dev)
{
	uint8_t d[SCALAR_LEN], signer[UK_CVC_POINT_LEN], r[GA_RSP_MAX];
	uk_sm_setup su;
	uk_sm_keys k;
	size_t n;
	int err;

	pivc_dev_sm_end(dev);
	memset(&su, 0, sizeof(su));
	dev->sm_opening = 1;
	if ((err = signer_point(dev, signer)) == UIMKEY_OK &&
	    (err = ephemeral(d, su.qe_h)) == UIMKEY_OK &&
	    (err = key_establishment(dev, &su, r, &n)) == UIMKEY_OK &&
	    (err = check_card(dev, d, &su, r, n, signer, &k)) == UIMKEY_OK) {
		uk_sm_start(&dev->sm, &k);
		dev->sm_on = 1;
		dev->sm_need = 1;
	}
	dev->sm_opening = 0;
	explicit_bzero(d, sizeof(d));
	explicit_bzero(&k, sizeof(k));
	return err;
}
