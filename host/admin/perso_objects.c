/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PIV data objects of a profile (SP 800-73-4 part 1): the CHUID (table
 * 9), the CCC (table 8) and the printed information (table 13), written
 * as the card's generated ones are (docs/apdu.md), with the profile's
 * values; and random PINs.
 */
#define _DEFAULT_SOURCE
#include <string.h>

#include "admin/perso.h"

#define TAG_LRC 0xFE

/* The non-federal FASC-N yubico-piv-tool and the card use by default. */
static const uint8_t default_fascn[25] = {
	0xD4, 0xE7, 0x39, 0xDA, 0x73, 0x9C, 0xED, 0x39, 0xCE, 0x73, 0x9D, 0x83,
	0x68, 0x58, 0x21, 0x08, 0x42, 0x10, 0x84, 0x21, 0xC8, 0x42, 0x10, 0xC3,
	0xEB
};

struct out {
	uint8_t *p;
	size_t cap, len;
	int err;
};

static void
tlv(struct out *o, uint8_t tag, const void *v, size_t len)
{
	if (o->err || len > 127 || o->cap - o->len < 2 + len) {
		o->err = 1;
		return;
	}
	o->p[o->len++] = tag;
	o->p[o->len++] = (uint8_t)len;
	if (len > 0)
		memcpy(o->p + o->len, v, len);
	o->len += len;
}

static size_t
done(struct out *o)
{
	tlv(o, TAG_LRC, NULL, 0);
	return o->err ? 0 : o->len;
}

size_t
adm_perso_chuid(const struct adm_profile *p, uint32_t serial, uint8_t *buf, size_t cap)
{
	static const uint8_t guid_prefix[12] = { 'u', 'i', 'm', 'k', 'e', 'y',
		0x80, 0x00, 0x80, 0x00, 0x00, 0x00 };
	struct out o = { buf, cap, 0, 0 };
	uint8_t guid[16];
	int k;

	/* The card's GUID: "uimkey", a version-8 marker, the serial in BCD. */
	memcpy(guid, guid_prefix, sizeof(guid_prefix));
	for (k = 15; k >= 12; k--) {
		guid[k] = (uint8_t)(serial % 10 | (serial / 10 % 10) << 4);
		serial /= 100;
	}
	tlv(&o, 0x30, p->has_fascn ? p->fascn : default_fascn, 25);
	tlv(&o, 0x34, p->has_guid ? p->guid : guid, 16);
	tlv(&o, 0x35, p->expiry, 8);
	tlv(&o, 0x3E, NULL, 0);
	return done(&o);
}

size_t
adm_perso_ccc(const struct adm_profile *p, uint8_t *buf, size_t cap)
{
	static const uint8_t version[] = { 0x21 }, pkcs15[] = { 0x00 },
	    model[] = { 0x10 };
	static const uint8_t empty[] = { 0xF3, 0xF6, 0xF7, 0xFA, 0xFB, 0xFC,
		0xFD };
	struct out o = { buf, cap, 0, 0 };
	size_t k;

	tlv(&o, 0xF0, p->card_id, sizeof(p->card_id));
	tlv(&o, 0xF1, version, 1);
	tlv(&o, 0xF2, version, 1);
	tlv(&o, empty[0], NULL, 0);
	tlv(&o, 0xF4, pkcs15, 1);
	tlv(&o, 0xF5, model, 1);
	for (k = 1; k < sizeof(empty); k++)
		tlv(&o, empty[k], NULL, 0);
	return done(&o);
}

size_t
adm_perso_printed(const struct adm_profile *p, uint8_t *buf, size_t cap)
{
	struct out o = { buf, cap, 0, 0 };
	int k;

	for (k = 0; k < ADM_PRINTED_FIELDS; k++)
		if (p->printed[k][0] != '\0')
			tlv(&o, adm_printed_fields[k].tag, p->printed[k],
			    strlen(p->printed[k]));
	return done(&o);
}

int
adm_perso_random_pin(struct adm_secret *s)
{
	uint8_t b;
	size_t n;

	do {
		memset(s, 0, sizeof(*s));
		for (n = 0; n < 8;) {
			if (adm_random(&b, 1) != 0)
				return -1;
			if (b < 250)
				s->s[n++] = (char)('0' + b % 10);
		}
		s->len = 8;
	} while (uimkey_pin_trivial((const uint8_t *)s->s, s->len));
	explicit_bzero(&b, sizeof(b));
	return 0;
}
