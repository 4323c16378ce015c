/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card management key (9B): mutual authentication, and setting a
 * new key.  The card encrypts a witness that we decrypt; we challenge it
 * in turn and check its answer, so a card that does not know the key is
 * caught (UIMKEY_ERR_BAD_RSP).  One block of 3DES or AES in ECB mode
 * (CBC over one block with a zero IV); key schedules, nonces and every
 * buffer that held the key are wiped.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <bearssl/bearssl_block.h>

#include "codec/bytes.h"
#include "codec/tlv.h"
#include "card/wire.h"
#include "piv_priv.h"

#define TAG_DYN_AUTH   0x7C
#define TAG_WITNESS    0x80
#define TAG_CHALLENGE  0x81
#define TAG_RESPONSE   0x82
#define BLOCK_MAX      16
/* SET MANAGEMENT KEY: P1 P2 FF FF (FE would ask for touch). */
#define SET_MGMT_P     0xFF

int
pivc_random(uint8_t *buf, size_t len)
{
	ssize_t n;
	int r = UIMKEY_OK;

	while (len > 0) {
		n = getrandom(buf, len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r = UIMKEY_ERR_INTERNAL;
			goto fail;
		}
		buf += n;
		len -= (size_t)n;
	}
fail:
	return r;
}

/* One block in place, encrypted (enc 1) or decrypted (enc 0). */
static void
cipher(uint8_t alg, const uint8_t *key, uint8_t *block, int enc)
{
	union {
		br_des_ct_cbcenc_keys de;
		br_des_ct_cbcdec_keys dd;
		br_aes_ct_cbcenc_keys ae;
		br_aes_ct_cbcdec_keys ad;
	} ks;
	uint8_t iv[BLOCK_MAX];
	size_t klen = uimkey_mgmt_key_len(alg);
	size_t blen = uimkey_mgmt_block_len(alg);

	memset(iv, 0, sizeof(iv));
	if (alg == UIMKEY_ALG_3DES && enc) {
		br_des_ct_cbcenc_init(&ks.de, key, klen);
		br_des_ct_cbcenc_run(&ks.de, iv, block, blen);
	} else if (alg == UIMKEY_ALG_3DES) {
		br_des_ct_cbcdec_init(&ks.dd, key, klen);
		br_des_ct_cbcdec_run(&ks.dd, iv, block, blen);
	} else if (enc) {
		br_aes_ct_cbcenc_init(&ks.ae, key, klen);
		br_aes_ct_cbcenc_run(&ks.ae, iv, block, blen);
	} else {
		br_aes_ct_cbcdec_init(&ks.ad, key, klen);
		br_aes_ct_cbcdec_run(&ks.ad, iv, block, blen);
	}
	explicit_bzero(&ks, sizeof(ks));
	explicit_bzero(iv, sizeof(iv));
}

/* The one item of 7C { tag b-bytes } in an answer of the card. */
static int
dyn_item(const uint8_t *rsp, size_t len, unsigned tag, size_t blen,
    const uint8_t **v)
{
	const uint8_t *inner;
	size_t ilen, vlen;

	return pivc_one_tlv(rsp, len, TAG_DYN_AUTH, &inner, &ilen) &&
	    pivc_one_tlv(inner, ilen, tag, v, &vlen) && vlen == blen;
}

/* The algorithm of the card's management key: GET METADATA 9B, 3DES
 * when the card has no metadata (YubiKeys before 5.3, other PIV cards). */
static int
mgmt_alg(uimkey_dev_t *dev, uint8_t *alg)
{
	uimkey_piv_meta_t meta;
	int r;

	r = uimkey_piv_get_metadata(dev, UIMKEY_SLOT_MGMT, &meta);
	if (r == UIMKEY_OK) {
		*alg = meta.alg;
		if (uimkey_mgmt_block_len(*alg) == 0)
			r = UIMKEY_ERR_BAD_RSP;
	} else if (r == UIMKEY_ERR_SW_INS || r == UIMKEY_ERR_SW_P1P2 ||
	    r == UIMKEY_ERR_SW_NO_REF || r == UIMKEY_ERR_SW_NOT_FOUND) {
		*alg = UIMKEY_ALG_3DES;
		r = UIMKEY_OK;
	}
	return r;
}

int
uimkey_piv_auth_mgmt(uimkey_dev_t *dev, uint8_t alg, const uint8_t *key,
    size_t key_len)
{
	static const uint8_t ask[] = { TAG_DYN_AUTH, 0x02, TAG_WITNESS, 0x00 };
	uint8_t cmd[4 + 2 * (2 + BLOCK_MAX)], rsp[64];
	uint8_t chal[BLOCK_MAX], want[BLOCK_MAX];
	const uint8_t *v;
	size_t blen, len, n;
	int r = UIMKEY_ERR_ARG, began = 0;

	if (dev == NULL || key == NULL ||
	    (alg != 0 && uimkey_mgmt_key_len(alg) != key_len) ||
	    (alg == 0 && key_len != 16 && key_len != 24 && key_len != 32))
		goto fail;
	if ((r = uimkey_dev_begin(dev)) != UIMKEY_OK)
		goto fail;
	began = 1;
	if (alg == 0 && (r = mgmt_alg(dev, &alg)) != UIMKEY_OK)
		goto fail;
	if (uimkey_mgmt_key_len(alg) != key_len) {
		r = UIMKEY_ERR_ARG;
		goto fail;
	}
	blen = uimkey_mgmt_block_len(alg);

	/* Step 1: the card's witness, encrypted. */
	r = pivc_cmd(dev, UIMKEY_INS_GEN_AUTH, alg, UIMKEY_SLOT_MGMT, ask,
	    sizeof(ask), rsp, sizeof(rsp), &len);
	if (r != UIMKEY_OK)
		goto fail;
	if (!dyn_item(rsp, len, TAG_WITNESS, blen, &v)) {
		r = UIMKEY_ERR_BAD_RSP;
		goto fail;
	}
	/* Step 2: the witness decrypted, and our challenge. */
	n = pivc_tl(cmd, TAG_DYN_AUTH, 2 * (2 + blen));
	n += pivc_tl(cmd + n, TAG_WITNESS, blen);
	memcpy(cmd + n, v, blen);
	cipher(alg, key, cmd + n, 0);
	n += blen;
	n += pivc_tl(cmd + n, TAG_CHALLENGE, blen);
	if ((r = pivc_random(chal, blen)) != UIMKEY_OK)
		goto fail;
	memcpy(cmd + n, chal, blen);
	n += blen;
	r = pivc_cmd(dev, UIMKEY_INS_GEN_AUTH, alg, UIMKEY_SLOT_MGMT, cmd,
	    n, rsp, sizeof(rsp), &len);
	if (r != UIMKEY_OK)
		goto fail;
	/* The card's proof: our challenge encrypted with the key. */
	memcpy(want, chal, blen);
	cipher(alg, key, want, 1);
	if (!dyn_item(rsp, len, TAG_RESPONSE, blen, &v) ||
	    !uk_ct_equal(v, want, blen))
		r = UIMKEY_ERR_BAD_RSP;
fail:
	explicit_bzero(cmd, sizeof(cmd));
	explicit_bzero(rsp, sizeof(rsp));
	explicit_bzero(chal, sizeof(chal));
	explicit_bzero(want, sizeof(want));
	if (began)
		uimkey_dev_end(dev);
	return r;
}

int
uimkey_piv_set_mgmt_key(uimkey_dev_t *dev, uint8_t alg, const uint8_t *key,
    size_t len)
{
	uint8_t d[3 + UIMKEY_MGMT_KEY_MAX];
	size_t rlen;
	int r = UIMKEY_ERR_ARG;

	if (dev == NULL || key == NULL || uimkey_mgmt_key_len(alg) == 0 ||
	    len != uimkey_mgmt_key_len(alg) ||
	    uimkey_mgmt_key_weak(alg, key))
		goto fail;
	d[0] = alg;
	d[1] = UIMKEY_SLOT_MGMT;
	d[2] = (uint8_t)len;
	memcpy(d + 3, key, len);
	r = pivc_cmd(dev, UIMKEY_INS_SET_MGMT, SET_MGMT_P, SET_MGMT_P, d,
	    3 + len, NULL, 0, &rlen);
fail:
	explicit_bzero(d, sizeof(d));
	return r;
}
