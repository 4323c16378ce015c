/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The factory's attestation root: an EC P-256 key generated in slot F9
 * and a self-signed CA certificate for it, stored as object 5FFF01 in
 * the PIV certificate format (70 cert, 71 00, FE).  The card has no
 * clock, so the validity is fixed: 2024-01-01 to 9999-12-31 (RFC 5280's
 * "no well-defined expiration").  Attestations copy it.
 */
#include <string.h>

#include "attest_int.h"
#include "uk/data.h"
#include "uk/store.h"
#include "card/piv_rules.h"
#include "codec/bytes.h"
#include "card/wire.h"
#include "codec/x509.h"

#define SERIAL_DIGITS     8
#define CERT_TAG          0x70
#define CERT_INFO_TAG     0x71
#define CERT_LRC_TAG      0xFE
/* Room around the certificate in its object: 70 82 xx xx, 71 01 00,
 * FE 00. */
#define OBJ_CERT_OFF      4
#define OBJ_OVERHEAD      9
#define ROOT_EXT_COUNT    3

static const uk_x509_date root_from = { 2024, 1, 1, 0, 0, 0 };
static const uk_x509_date root_until = { 9999, 12, 31, 23, 59, 59 };

/* "uimkey Attestation Root " and the serial in decimal. */
static size_t
root_cn(uint32_t serial, char *cn)
{
	size_t n = sizeof(UK_ATTEST_ROOT_CN) - 1, k;

	memcpy(cn, UK_ATTEST_ROOT_CN, n);
	for (k = SERIAL_DIGITS; k-- > 0;) {
		cn[n + k] = (char)('0' + serial % 10);
		serial /= 10;
	}
	return n + SERIAL_DIGITS;
}

/* The self-signed certificate of key, into out. */
static size_t
root_cert(uimkey_card *card, const uk_key *key, uint8_t *out,
    size_t cap)
{
	char cn[UK_X509_CN_MAX];
	uint8_t name[UK_X509_NAME_CN_MAX], validity[UK_X509_VALIDITY_MAX];
	uint8_t spki[UK_KEY_SPKI_MAX], serial[UK_ATTEST_SERIAL_LEN];
	uint8_t ku[UK_X509_EXT_VALUE_MAX], ski[UK_X509_EXT_VALUE_MAX];
	uint8_t id[UK_X509_KEY_ID_LEN], tbs[UK_X509_TBS_MAX];
	uk_x509_ext ext[ROOT_EXT_COUNT];
	uk_x509_tbs_in in;
	size_t n;

	memset(&in, 0, sizeof(in));
	n = root_cn(card->serial, cn);
	in.issuer.len = uk_x509_name_cn(cn, n, name, sizeof(name));
	in.issuer.der = name;
	in.subject = in.issuer;
	in.validity.len = uk_x509_validity(&root_from, &root_until,
	    validity, sizeof(validity));
	in.validity.der = validity;
	in.spki.len = uk_key_spki(key, spki, sizeof(spki));
	in.spki.der = spki;
	if (in.issuer.len == 0 || in.validity.len == 0 || in.spki.len == 0 ||
	    uk_x509_key_id(spki, in.spki.len, id) != 0)
		return 0;
	uk_attest_serial(card, serial);
	in.serial = serial;
	in.serial_len = sizeof(serial);
	in.sig_alg = UK_X509_SIG_ECDSA_SHA256;
	uk_x509_ext_ca(&ext[0]);
	if (uk_x509_ext_key_usage(&ext[1], UK_KU_KEY_CERT_SIGN, ku) != 0)
		return 0;
	uk_x509_ext_ski(&ext[2], id, ski);
	in.ext = ext;
	in.ext_count = ROOT_EXT_COUNT;
	n = uk_x509_tbs(&in, tbs, sizeof(tbs));
	if (n == 0)
		return 0;
	return uk_attest_sign(card, key, tbs, n, out, cap);
}

/*
 * The certificate object's value around the len-byte certificate
 * already at obj + OBJ_CERT_OFF: 70 cert, 71 00 (not compressed), FE
 * (empty LRC), as PIV clients write it.
 */
static size_t
cert_object(uint8_t *obj, size_t len)
{
	size_t off = OBJ_CERT_OFF + len;

	obj[0] = CERT_TAG;
	obj[1] = 0x82;
	obj[2] = (uint8_t)(len >> 8);
	obj[3] = (uint8_t)len;
	obj[off++] = CERT_INFO_TAG;
	obj[off++] = 1;
	obj[off++] = 0;
	obj[off++] = CERT_LRC_TAG;
	obj[off++] = 0;
	return off;
}

uint16_t
uk_attest_factory(uimkey_card *card)
{
	uint8_t obj[UK_X509_CERT_MAX + OBJ_OVERHEAD];
	uk_key key;
	unsigned rec = uk_obj_rec_for_tag(UK_OBJ_ATTEST_CERT);
	size_t n;
	uint16_t sw = UIMKEY_SW_MEMORY_FAILURE;

	if (uk_key_generate(card, UIMKEY_ALG_ECCP256, &key) != UK_OK)
		return sw;
	/* It signs attestations only, never for the host: no PIN. */
	key.pin_policy = UIMKEY_PIN_POLICY_NEVER;
	/* The certificate is made in its place inside the object. */
	n = root_cert(card, &key, obj + OBJ_CERT_OFF, UK_X509_CERT_MAX);
	n = n == 0 ? 0 : cert_object(obj, n);
	if (n != 0 && rec < UK_REC_COUNT &&
	    uk_key_put(card, uimkey_slot_index(UIMKEY_SLOT_ATTEST), &key) ==
	    UK_OK &&
	    uk_txn_put(card, rec, obj, n) == UK_OK)
		sw = UIMKEY_SW_OK;
	uk_key_wipe(&key);
	return sw;
}
