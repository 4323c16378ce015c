/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GET METADATA (Yubico INS F7) of the PIN, the PUK, the management key
 * and the key slots, read into uimkey_piv_meta_t.  Tags we do not know
 * (Yubico's biometric ones, say) are skipped; tags we know must have
 * their length.
 */
#define _DEFAULT_SOURCE
#include <string.h>

#include "codec/tlv.h"
#include "card/wire.h"
#include "piv_priv.h"

#define META_ALG         0x01
#define META_POLICY      0x02
#define META_ORIGIN      0x03
#define META_PUBLIC      0x04
#define META_DEFAULT     0x05
#define META_RETRIES     0x06
#define META_MUST_CHANGE 0x10   /* uimkey: the PIN must be changed first */

static int
meta_ref(uint8_t ref)
{
	return ref == UIMKEY_REF_PIN || ref == UIMKEY_REF_PUK ||
	    ref == UIMKEY_SLOT_MGMT || uimkey_slot_index(ref) >= 0;
}

/* Fill meta from the TLVs of the answer. */
static int
parse(const uint8_t *p, size_t len, uimkey_piv_meta_t *meta)
{
	const uint8_t *end = p + len, *pub = NULL;
	size_t pub_len = 0;
	uk_tlv t;
	int has_alg = 0, r = UIMKEY_ERR_BAD_RSP;

	while (p < end) {
		if (uk_tlv_next(&p, end, &t) != 0)
			goto fail;
		switch (t.tag) {
		case META_ALG:
			if (t.len != 1)
				goto fail;
			meta->alg = t.value[0];
			has_alg = 1;
			break;
		case META_POLICY:
			if (t.len != 2)
				goto fail;
			meta->pin_policy = t.value[0];
			meta->touch_policy = t.value[1];
			break;
		case META_ORIGIN:
			if (t.len != 1)
				goto fail;
			meta->origin = t.value[0];
			break;
		case META_PUBLIC:
			pub = t.value;
			pub_len = t.len;
			break;
		case META_DEFAULT:
			if (t.len != 1 || t.value[0] > 1)
				goto fail;
			meta->is_default = t.value[0];
			break;
		case META_RETRIES:
			if (t.len != 2)
				goto fail;
			meta->tries_total = t.value[0];
			meta->tries_left = t.value[1];
			break;
		case META_MUST_CHANGE:
			if (t.len != 1 || t.value[0] > 1)
				goto fail;
			meta->must_change = t.value[0];
			break;
		default:
			break;
		}
	}
	if (!has_alg)
		goto fail;
	r = UIMKEY_OK;
	/* A public key of an algorithm we do not know is left out. */
	if (pub != NULL && (uimkey_alg_is_ec(meta->alg) || uimkey_alg_is_rsa(meta->alg)))
		r = uimkey_piv_pub_to_spki(meta->alg, pub, pub_len, meta->spki,
		    sizeof(meta->spki), &meta->spki_len);
fail:
	return r;
}

int
uimkey_piv_get_metadata(uimkey_dev_t *dev, uint8_t ref,
    uimkey_piv_meta_t *meta)
{
	uint8_t rsp[PIVC_PUB_RSP_MAX];
	size_t len;
	int r = UIMKEY_ERR_ARG;

	if (dev == NULL || meta == NULL || !meta_ref(ref))
		goto fail;
	memset(meta, 0, sizeof(*meta));
	meta->is_default = -1;
	meta->tries_total = -1;
	meta->tries_left = -1;
	meta->must_change = -1;
	r = pivc_cmd(dev, UIMKEY_INS_GET_METADATA, 0x00, ref, NULL, 0, rsp,
	    sizeof(rsp), &len);
	if (r == UIMKEY_OK)
		r = parse(rsp, len, meta);
fail:
	explicit_bzero(rsp, sizeof(rsp));
	return r;
}

int
pivc_slot_alg(uimkey_dev_t *dev, uint8_t slot, uint8_t *alg)
{
	uimkey_piv_meta_t meta;
	int r;

	r = uimkey_piv_get_metadata(dev, slot, &meta);
	if (r == UIMKEY_OK)
		*alg = meta.alg;
	return r;
}
