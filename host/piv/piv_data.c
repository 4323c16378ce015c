/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Data objects: GET DATA and PUT DATA (SP 800-73-4 3.1.2, 3.3.2), and
 * the certificate objects of the key slots, laid out as PIV has them:
 *   70 {certificate} 71 {CertInfo: 01 = gzip} FE {error detection}
 * A compressed certificate is refused (UIMKEY_ERR_UNSUPPORTED): the card
 * never makes one and we do not inflate.  Object buffers are wiped: an
 * object may hold anything (Yubico keeps a management key in PRINTED).
 */
#define _DEFAULT_SOURCE
#include <string.h>

#include "codec/der.h"
#include "codec/der_read.h"
#include "codec/tlv.h"
#include "card/wire.h"
#include "piv_priv.h"

#define TAG_LIST       0x5C
#define TAG_DATA       0x53
#define TAG_BIT_GROUP  0x7F61
#define TAG_CERT       0x70
#define TAG_CERT_INFO  0x71
#define TAG_LRC        0xFE
#define CERT_INFO_GZIP 0x01
#define OBJ_TAG_MAX    0xFFFFFFu

/* 5C {tag}: the tag in its 1 to 3 bytes. */
static size_t
tag_list(uint8_t *p, uint32_t tag)
{
	size_t n = tag > 0xFFFF ? 3 : tag > 0xFF ? 2 : 1, i;

	p[0] = TAG_LIST;
	p[1] = (uint8_t)n;
	for (i = 0; i < n; i++)
		p[2 + i] = (uint8_t)(tag >> (8 * (n - 1 - i)));
	return 2 + n;
}

/* The tag the card wraps an object's value in. */
static unsigned
wrap_tag(uint32_t tag)
{
	return tag == UIMKEY_PIV_OBJ_DISCOVERY || tag == TAG_BIT_GROUP ?
	    tag : TAG_DATA;
}

int
uimkey_piv_get_data(uimkey_dev_t *dev, uint32_t tag, uint8_t *out,
    size_t out_cap, size_t *out_len)
{
	uint8_t d[5], rsp[PIVC_RSP_MAX];
	const uint8_t *v;
	size_t len, vlen;
	int r = UIMKEY_ERR_ARG;

	if (out_len != NULL)
		*out_len = 0;
	if (dev == NULL || tag == 0 || tag > OBJ_TAG_MAX ||
	    (out == NULL && out_cap != 0) || out_len == NULL)
		goto fail;
	r = pivc_cmd(dev, UIMKEY_INS_GET_DATA, 0x3F, 0xFF, d, tag_list(d, tag),
	    rsp, sizeof(rsp), &len);
	if (r != UIMKEY_OK)
		goto fail;
	if (!pivc_one_tlv(rsp, len, wrap_tag(tag), &v, &vlen)) {
		r = UIMKEY_ERR_BAD_RSP;
		goto fail;
	}
	if (vlen > out_cap) {
		r = UIMKEY_ERR_RSP_TOO_LONG;
		goto fail;
	}
	if (vlen > 0)
		memcpy(out, v, vlen);
	*out_len = vlen;
fail:
	explicit_bzero(rsp, sizeof(rsp));
	return r;
}

int
uimkey_piv_put_data(uimkey_dev_t *dev, uint32_t tag, const uint8_t *data,
    size_t len)
{
	uint8_t d[PIVC_CMD_MAX];
	size_t n, rlen;
	int r = UIMKEY_ERR_ARG;

	if (dev == NULL || tag == 0 || tag > OBJ_TAG_MAX ||
	    (data == NULL && len != 0) || len > UIMKEY_PIV_OBJ_MAX)
		goto fail;
	n = tag_list(d, tag);
	n += pivc_tl(d + n, TAG_DATA, len);
	if (len > 0)
		memcpy(d + n, data, len);
	n += len;
	r = pivc_cmd(dev, UIMKEY_INS_PUT_DATA, 0x3F, 0xFF, d, n, NULL, 0,
	    &rlen);
fail:
	explicit_bzero(d, sizeof(d));
	return r;
}

uint32_t
uimkey_piv_cert_tag(uint8_t slot)
{
	return uimkey_slot_cert_tag(slot);
}

/* The certificate inside a certificate object's value. */
static int
unwrap_cert(const uint8_t *obj, size_t len, const uint8_t **cert,
    size_t *cert_len)
{
	const uint8_t *p = obj, *end = obj + len;
	uk_tlv t;
	int has_cert = 0, gzip = 0, r = UIMKEY_ERR_BAD_RSP;

	while (p < end) {
		if (uk_tlv_next(&p, end, &t) != 0 ||
		    (t.tag == TAG_CERT && has_cert))
			goto fail;
		if (t.tag == TAG_CERT) {
			has_cert = 1;
			*cert = t.value;
			*cert_len = t.len;
		} else if (t.tag == TAG_CERT_INFO && t.len > 0) {
			gzip = (t.value[0] & CERT_INFO_GZIP) != 0;
		}
	}
	if (!has_cert)
		goto fail;
	if (gzip) {
		r = UIMKEY_ERR_UNSUPPORTED;
		goto fail;
	}
	if (uk_der_whole(*cert, *cert_len, UK_DER_SEQUENCE, NULL) == 0)
		r = UIMKEY_OK;
fail:
	return r;
}

int
uimkey_piv_read_cert(uimkey_dev_t *dev, uint8_t slot, uint8_t *der,
    size_t der_cap, size_t *der_len)
{
	uint8_t obj[UIMKEY_PIV_OBJ_MAX];
	const uint8_t *cert = NULL;
	size_t len, cert_len = 0;
	uint32_t tag = uimkey_piv_cert_tag(slot);
	int r = UIMKEY_ERR_ARG;

	if (der_len != NULL)
		*der_len = 0;
	if (dev == NULL || tag == 0 || der == NULL || der_len == NULL)
		goto fail;
	r = uimkey_piv_get_data(dev, tag, obj, sizeof(obj), &len);
	if (r == UIMKEY_ERR_RSP_TOO_LONG)
		r = UIMKEY_ERR_BAD_RSP;         /* no certificate object is */
	if (r != UIMKEY_OK)
		goto fail;
	if ((r = unwrap_cert(obj, len, &cert, &cert_len)) != UIMKEY_OK)
		goto fail;
	if (cert_len > der_cap) {
		r = UIMKEY_ERR_RSP_TOO_LONG;
		goto fail;
	}
	memcpy(der, cert, cert_len);
	*der_len = cert_len;
fail:
	explicit_bzero(obj, sizeof(obj));
	return r;
}

int
uimkey_piv_write_cert(uimkey_dev_t *dev, uint8_t slot, const uint8_t *der,
    size_t der_len)
{
	static const uint8_t tail[] = { TAG_CERT_INFO, 0x01, 0x00, TAG_LRC,
	    0x00 };
	uint8_t obj[UIMKEY_PIV_OBJ_MAX];
	uint32_t tag = uimkey_piv_cert_tag(slot);
	size_t n;
	int r = UIMKEY_ERR_ARG;

	if (dev == NULL || tag == 0 || der == NULL ||
	    der_len > UIMKEY_PIV_CERT_MAX ||
	    uk_der_whole(der, der_len, UK_DER_SEQUENCE, NULL) != 0)
		goto fail;
	n = pivc_tl(obj, TAG_CERT, der_len);
	memcpy(obj + n, der, der_len);
	n += der_len;
	memcpy(obj + n, tail, sizeof(tail));
	n += sizeof(tail);
	r = uimkey_piv_put_data(dev, tag, obj, n);
fail:
	explicit_bzero(obj, sizeof(obj));
	return r;
}

int
uimkey_piv_delete_cert(uimkey_dev_t *dev, uint8_t slot)
{
	uint32_t tag = uimkey_piv_cert_tag(slot);
	int r = UIMKEY_ERR_ARG;

	if (dev == NULL || tag == 0)
		goto fail;
	r = uimkey_piv_put_data(dev, tag, NULL, 0);
fail:
	return r;
}
