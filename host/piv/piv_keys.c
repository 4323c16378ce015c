/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Key slots: GENERATE ASYMMETRIC KEY PAIR, IMPORT KEY (Yubico FE),
 * MOVE / DELETE KEY (Yubico F6), and the slot and algorithm facts the
 * other PIV files share.  Imported private key material is wiped from
 * the command buffer once sent.
 */
#define _DEFAULT_SOURCE
#include <string.h>

#include "card/wire.h"
#include "piv_priv.h"

#define TAG_TEMPLATE   0xAC
#define TAG_ALG        0x80
#define TAG_PIN_POL    0xAA
#define TAG_TOUCH_POL  0xAB
#define TAG_PUBLIC     0x7F49
#define TAG_EC_D       0x06
#define MOVE_DELETE    0xFF
#define RSA_ELEMENTS   5

size_t
pivc_policies(uint8_t *p, uint8_t pin_policy, uint8_t touch_policy, int *bad)
{
	size_t n = 0;

	/* Yubico's values: PIN never, once, always; touch never, always,
	 * cached.  0 is the slot's default and is left out. */
	*bad = pin_policy > UIMKEY_PIN_POLICY_ALWAYS || touch_policy > 0x03;
	if (*bad)
		goto fail;
	if (pin_policy != UIMKEY_PIN_POLICY_DEFAULT) {
		p[n++] = TAG_PIN_POL;
		p[n++] = 0x01;
		p[n++] = pin_policy;
	}
	if (touch_policy != UIMKEY_TOUCH_POLICY_DEFAULT) {
		p[n++] = TAG_TOUCH_POL;
		p[n++] = 0x01;
		p[n++] = touch_policy;
	}
fail:
	return n;
}

int
uimkey_piv_generate(uimkey_dev_t *dev, uint8_t slot, uint8_t alg,
    uint8_t pin_policy, uint8_t touch_policy, uint8_t *spki,
    size_t spki_cap, size_t *spki_len)
{
	uint8_t d[16], rsp[PIVC_PUB_RSP_MAX], spki_buf[UIMKEY_PIV_SPKI_MAX];
	const uint8_t *pub;
	size_t n, len, pub_len, got;
	int bad, r = UIMKEY_ERR_ARG;

	/* A new key cannot be taken back: refuse a buffer too small for
	 * its public key before generating it. */
	if (dev == NULL || !uimkey_slot_is_key(slot) ||
	    (!uimkey_alg_is_ec(alg) && !uimkey_alg_is_rsa(alg)) ||
	    (spki != NULL && (spki_cap < UIMKEY_PIV_SPKI_MAX ||
	    spki_len == NULL)))
		goto fail;
	n = pivc_policies(d + 5, pin_policy, touch_policy, &bad);
	if (bad)
		goto fail;
	d[0] = TAG_TEMPLATE;
	d[1] = (uint8_t)(3 + n);
	d[2] = TAG_ALG;
	d[3] = 0x01;
	d[4] = alg;
	r = pivc_cmd(dev, UIMKEY_INS_GEN_KEY, 0x00, slot, d, 5 + n, rsp,
	    sizeof(rsp), &len);
	if (r != UIMKEY_OK)
		goto fail;
	if (!pivc_one_tlv(rsp, len, TAG_PUBLIC, &pub, &pub_len)) {
		r = UIMKEY_ERR_BAD_RSP;
		goto fail;
	}
	r = uimkey_piv_pub_to_spki(alg, pub, pub_len, spki_buf,
	    sizeof(spki_buf), &got);
	if (r == UIMKEY_OK && spki != NULL) {
		memcpy(spki, spki_buf, got);
		*spki_len = got;
	}
fail:
	return r;
}

int
uimkey_piv_import_ec(uimkey_dev_t *dev, uint8_t slot, uint8_t alg,
    const uint8_t *dv, size_t d_len, uint8_t pin_policy,
    uint8_t touch_policy)
{
	uint8_t d[2 + 48 + 6];
	size_t n = 0, bytes = uimkey_alg_bytes(alg), len;
	int bad, r = UIMKEY_ERR_ARG;

	if (dev == NULL || !uimkey_slot_is_key(slot) ||
	    !uimkey_alg_is_ec(alg) || dv == NULL || d_len == 0 || d_len > bytes)
		goto fail;
	/* d as the curve's full length, leading zeros added. */
	d[n++] = TAG_EC_D;
	d[n++] = (uint8_t)bytes;
	memset(d + n, 0, bytes - d_len);
	memcpy(d + n + bytes - d_len, dv, d_len);
	n += bytes;
	n += pivc_policies(d + n, pin_policy, touch_policy, &bad);
	if (bad)
		goto fail;
	r = pivc_cmd(dev, UIMKEY_INS_IMPORT_KEY, alg, slot, d, n, NULL, 0,
	    &len);
fail:
	explicit_bzero(d, sizeof(d));
	return r;
}

int
uimkey_piv_import_rsa(uimkey_dev_t *dev, uint8_t slot, uint8_t alg,
    const uimkey_piv_rsa_key_t *key, uint8_t pin_policy,
    uint8_t touch_policy)
{
	uint8_t d[PIVC_CMD_MAX];
	const uint8_t *v[RSA_ELEMENTS];
	size_t l[RSA_ELEMENTS], half = uimkey_alg_bytes(alg) / 2, n = 0, len;
	unsigned i;
	int bad = 0, r = UIMKEY_ERR_ARG;

	if (dev == NULL || key == NULL || !uimkey_slot_is_key(slot) ||
	    !uimkey_alg_is_rsa(alg))
		goto fail;
	v[0] = key->p;    l[0] = key->p_len;
	v[1] = key->q;    l[1] = key->q_len;
	v[2] = key->dp;   l[2] = key->dp_len;
	v[3] = key->dq;   l[3] = key->dq_len;
	v[4] = key->qinv; l[4] = key->qinv_len;
	for (i = 0; i < RSA_ELEMENTS; i++) {
		if (v[i] == NULL)
			goto fail;
		/* Leading zeros dropped: the card counts what is left. */
		while (l[i] > 0 && v[i][0] == 0) {
			v[i]++;
			l[i]--;
		}
		if (l[i] == 0 || l[i] > half)
			goto fail;
		n += pivc_tl(d + n, i + 1, l[i]);
		memcpy(d + n, v[i], l[i]);
		n += l[i];
	}
	n += pivc_policies(d + n, pin_policy, touch_policy, &bad);
	if (bad)
		goto fail;
	r = pivc_cmd(dev, UIMKEY_INS_IMPORT_KEY, alg, slot, d, n, NULL, 0,
	    &len);
fail:
	explicit_bzero(d, sizeof(d));
	return r;
}

int
uimkey_piv_move_key(uimkey_dev_t *dev, uint8_t from, uint8_t to)
{
	size_t len;
	int r = UIMKEY_ERR_ARG;

	if (dev == NULL || !uimkey_slot_is_key(from) || !uimkey_slot_is_key(to) ||
	    from == to)
		goto fail;
	r = pivc_cmd(dev, UIMKEY_INS_MOVE_KEY, to, from, NULL, 0, NULL, 0,
	    &len);
fail:
	return r;
}

int
uimkey_piv_delete_key(uimkey_dev_t *dev, uint8_t slot)
{
	size_t len;
	int r = UIMKEY_ERR_ARG;

	if (dev == NULL || !uimkey_slot_is_key(slot))
		goto fail;
	r = pivc_cmd(dev, UIMKEY_INS_MOVE_KEY, MOVE_DELETE, slot, NULL, 0,
	    NULL, 0, &len);
fail:
	return r;
}
