/* SPDX-License-Identifier: BSD-2-Clause */
/* EC curves: OIDs, names, sizes. */
#include <string.h>

#include <bearssl.h>

#include "host/uimkey.h"
#include "pkcs11/p11_curve.h"

#define DER_OID              0x06
#define DER_NULL             0x05
#define DER_SEQUENCE         0x30
#define DER_PRINTABLE_STRING 0x13

static const uint8_t oid_p256[] = { DER_OID, 0x08, 0x2A, 0x86, 0x48, 0xCE,
	0x3D, 0x03, 0x01, 0x07 };
static const uint8_t oid_p384[] = { DER_OID, 0x05, 0x2B, 0x81, 0x04, 0x00,
	0x22 };
static const uint8_t oid_p521[] = { DER_OID, 0x05, 0x2B, 0x81, 0x04, 0x00,
	0x23 };

static const struct {
	uint8_t alg;
	const char *name;
} names[] = {
	{ UIMKEY_ALG_ECCP256, "prime256v1" }, { UIMKEY_ALG_ECCP256, "secp256r1" },
	{ UIMKEY_ALG_ECCP256, "P-256" }, { UIMKEY_ALG_ECCP256, "nistp256" },
	{ UIMKEY_ALG_ECCP384, "secp384r1" }, { UIMKEY_ALG_ECCP384, "P-384" },
	{ UIMKEY_ALG_ECCP384, "nistp384" }, { UIMKEY_ALG_ECCP384, "prime384v1" },
	{ P11_ALG_ECCP521, "secp521r1" }, { P11_ALG_ECCP521, "P-521" },
	{ P11_ALG_ECCP521, "nistp521" },
};

static int
same(const uint8_t *p, size_t len, const uint8_t *want, size_t want_len)
{
	return len == want_len && memcmp(p, want, len) == 0;
}

int
p11_curve_of_params(const uint8_t *p, size_t len)
{
	size_t i;

	if (p == NULL || len < 2)
		return -1;
	/* Explicit parameters: a curve the module does not name. */
	if (p[0] == DER_SEQUENCE)
		return 0;
	if (p[1] >= 0x80 || p[1] != len - 2)
		return -1;
	if (same(p, len, oid_p256, sizeof(oid_p256)))
		return UIMKEY_ALG_ECCP256;
	if (same(p, len, oid_p384, sizeof(oid_p384)))
		return UIMKEY_ALG_ECCP384;
	if (same(p, len, oid_p521, sizeof(oid_p521)))
		return P11_ALG_ECCP521;
	if (p[0] == DER_PRINTABLE_STRING) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strlen(names[i].name) == len - 2 &&
			    memcmp(names[i].name, p + 2, len - 2) == 0)
				return names[i].alg;
		return 0;
	}
	/* Another OID, or implicitlyCA (NULL). */
	if ((p[0] == DER_OID && len > 2) || (p[0] == DER_NULL && len == 2))
		return 0;
	return -1;
}

const uint8_t *
p11_curve_oid(uint8_t alg, size_t *len)
{
	switch (alg) {
	case UIMKEY_ALG_ECCP256:
		*len = sizeof(oid_p256);
		return oid_p256;
	case UIMKEY_ALG_ECCP384:
		*len = sizeof(oid_p384);
		return oid_p384;
	case P11_ALG_ECCP521:
		*len = sizeof(oid_p521);
		return oid_p521;
	default:
		*len = 0;
		return NULL;
	}
}

size_t
p11_curve_bytes(uint8_t alg)
{
	switch (alg) {
	case P11_ALG_ECCP521:    return P11_EC_COORD_MAX;
	default:                 return uimkey_alg_ec_bytes(alg);
	}
}

int
p11_curve_br_id(uint8_t alg)
{
	switch (alg) {
	case UIMKEY_ALG_ECCP256: return BR_EC_secp256r1;
	case UIMKEY_ALG_ECCP384: return BR_EC_secp384r1;
	case P11_ALG_ECCP521:    return BR_EC_secp521r1;
	default:                 return 0;
	}
}
