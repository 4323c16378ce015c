/* SPDX-License-Identifier: BSD-2-Clause */
/* The few certificate fields PKCS#11 exposes, found by a small DER walk
 * (the card's strict parser is not part of libuimkey's public API). */
#include "pkcs11/p11_obj.h"

/* One TLV at p (at most len bytes): its whole length in *tlv_len and
 * where its contents start in *hdr.  -1 when malformed. */
static int
der_tlv(const uint8_t *p, size_t len, uint8_t *tag, size_t *hdr,
    size_t *tlv_len)
{
	size_t n, l = 0, i;

	if (len < 2)
		return -1;
	*tag = p[0];
	if ((p[0] & 0x1F) == 0x1F)
		return -1;              /* multi-byte tags: not in X.509 */
	if (p[1] < 0x80) {
		l = p[1];
		n = 2;
	} else {
		i = p[1] & 0x7F;
		if (i == 0 || i > 3 || len < 2 + i)
			return -1;
		for (n = 0; n < i; n++)
			l = l << 8 | p[2 + n];
		n = 2 + i;
	}
	if (l > len - n)
		return -1;
	*hdr = n;
	*tlv_len = n + l;
	return 0;
}

int
p11_x509_fields(const uint8_t *der, size_t len,
    const uint8_t **serial, size_t *serial_len,
    const uint8_t **issuer, size_t *issuer_len,
    const uint8_t **subject, size_t *subject_len,
    const uint8_t **spki, size_t *spki_len)
{
	const uint8_t *p, *end;
	size_t hdr, tl;
	uint8_t tag;
	int field;

	/* Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { ... } } */
	if (der_tlv(der, len, &tag, &hdr, &tl) != 0 || tag != 0x30)
		return -1;
	p = der + hdr;
	if (der_tlv(p, tl - hdr, &tag, &hdr, &tl) != 0 || tag != 0x30)
		return -1;
	end = p + tl;
	p += hdr;
	if (p < end && *p == 0xA0) {            /* [0] version */
		if (der_tlv(p, (size_t)(end - p), &tag, &hdr, &tl) != 0)
			return -1;
		p += tl;
	}
	/* serial, signature, issuer, validity, subject, spki */
	for (field = 0; field < 6; field++) {
		/* The serial an INTEGER, the others SEQUENCEs: every
		 * output is set when this returns 0. */
		if (p >= end ||
		    der_tlv(p, (size_t)(end - p), &tag, &hdr, &tl) != 0 ||
		    tag != (field == 0 ? 0x02 : 0x30))
			return -1;
		if (field == 0) {
			*serial = p;
			*serial_len = tl;
		} else if (field == 2) {
			*issuer = p;
			*issuer_len = tl;
		} else if (field == 4) {
			*subject = p;
			*subject_len = tl;
		} else if (field == 5) {
			*spki = p;
			*spki_len = tl;
		}
		p += tl;
	}
	return 0;
}
