/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ATTEST (Yubico, 00 F9 slot 00): a certificate, raw DER, saying that the
 * slot's key was generated on this card.  Issued by the F9 certificate
 * (its subject as issuer, its validity copied), signed by the F9 key with
 * ECDSA-SHA256, for the slot's public key, with Yubico's extensions
 * (1.3.6.1.4.1.41482.3.3 firmware, .7 serial, .8 PIN and touch policy)
 * and uimkey's origin extension.  Imported keys are not attested.
 */
#include <string.h>

#include "attest_int.h"
#include "codec/der.h"
#include "uk/data.h"
#include "codec/oid_uimkey.h"
#include "uk/rsp.h"
#include "uk/store.h"
#include "card/piv_rules.h"
#include "codec/tlv.h"
#include "codec/bytes.h"
#include "card/wire.h"
#include "codec/x509.h"

#define CERT_TAG          0x70
#define LEAF_EXT_COUNT    5
#define DER_ENUMERATED    0x0A
#define SERIAL_INT_MAX    6          /* 02 len and up to 4 bytes + 00 */
#define HEX_DIGITS        "0123456789abcdef"

static const uint8_t oid_fw[] = UK_OID_YK_FIRMWARE;
static const uint8_t oid_serial[] = UK_OID_YK_SERIAL;
static const uint8_t oid_policy[] = UK_OID_YK_POLICY;
static const uint8_t oid_origin[] = UK_OID_UIMKEY_ORIGIN;
static const uint8_t firmware[] = {
	UIMKEY_CARD_VERSION_MAJOR, UIMKEY_CARD_VERSION_MINOR,
	UIMKEY_CARD_VERSION_PATCH,
};

/* What the attestation says about the slot's key. */
typedef struct {
	uint8_t spki[UK_KEY_SPKI_MAX];
	size_t spki_len;
	uint8_t policy[2];           /* PIN policy, touch policy */
	uint8_t origin[3];           /* ENUMERATED origin */
	uint8_t serial[SERIAL_INT_MAX];
	size_t serial_len;
	uint8_t aki[UK_X509_EXT_VALUE_MAX];
	char cn[sizeof(UK_ATTEST_LEAF_CN) + 2];
} leaf_facts;

/* The slot's key: generated here, its public key and policies. */
static uint16_t
slot_facts(uimkey_card *card, int i, leaf_facts *f)
{
	uk_key key;
	uint16_t sw = UIMKEY_SW_OK;
	int r = uk_key_load_public(card, i, &key);

	if (r == UK_ERR_EMPTY)
		return UIMKEY_SW_REF_NOT_FOUND;
	if (r != UK_OK)
		return UIMKEY_SW_MEMORY_FAILURE;
	if (key.origin != UIMKEY_ORIGIN_GENERATED)
		sw = UIMKEY_SW_WRONG_DATA;
	f->spki_len = uk_key_spki(&key, f->spki, sizeof(f->spki));
	if (sw == UIMKEY_SW_OK && f->spki_len == 0)
		sw = UIMKEY_SW_NO_DIAG;
	f->policy[0] = key.pin_policy;
	f->policy[1] = key.touch_policy;
	f->origin[0] = DER_ENUMERATED;
	f->origin[1] = 1;
	f->origin[2] = key.origin;
	uk_key_wipe(&key);
	return sw;
}

static void
card_facts(uimkey_card *card, uint8_t slot_ref, leaf_facts *f)
{
	size_t n = sizeof(UK_ATTEST_LEAF_CN) - 1;
	uk_der w;

	uk_der_init(&w, f->serial, sizeof(f->serial));
	uk_der_small_uint(&w, card->serial);
	f->serial_len = uk_der_finish(&w);
	memcpy(f->cn, UK_ATTEST_LEAF_CN, n);
	f->cn[n] = HEX_DIGITS[slot_ref >> 4];
	f->cn[n + 1] = HEX_DIGITS[slot_ref & 0x0F];
}

/* The F9 certificate, from its object, taken apart. */
static uint16_t
root_parts(uimkey_card *card, uint8_t *buf, size_t cap,
    uk_x509_parts *parts)
{
	unsigned rec = uk_obj_rec_for_tag(UK_OBJ_ATTEST_CERT);
	size_t len = 0;
	uk_tlv cert;

	if (uk_rec_read(card, rec, buf, cap, &len) != UK_OK ||
	    uk_tlv_find(buf, len, CERT_TAG, &cert) != 0 ||
	    uk_x509_cert_parts(cert.value, cert.len, parts) != 0)
		return UIMKEY_SW_CONDITIONS;
	return UIMKEY_SW_OK;
}

static void
set_ext(uk_x509_ext *e, const uint8_t *oid, size_t oid_len,
    const uint8_t *v, size_t len)
{
	e->oid = oid;
	e->oid_len = oid_len;
	e->critical = 0;
	e->value = v;
	e->value_len = len;
}

static size_t
leaf_tbs(leaf_facts *f, const uk_x509_parts *root,
    const uint8_t serial[UK_ATTEST_SERIAL_LEN], uint8_t *out, size_t cap)
{
	uint8_t id[UK_X509_KEY_ID_LEN];
	uk_x509_ext ext[LEAF_EXT_COUNT];
	uk_x509_tbs_in in;

	/* Yubico's values are raw bytes in the extnValue, except the
	 * serial, a DER INTEGER; parsers rely on exactly that. */
	set_ext(&ext[0], oid_fw, sizeof(oid_fw), firmware, sizeof(firmware));
	set_ext(&ext[1], oid_serial, sizeof(oid_serial), f->serial,
	    f->serial_len);
	set_ext(&ext[2], oid_policy, sizeof(oid_policy), f->policy,
	    sizeof(f->policy));
	set_ext(&ext[3], oid_origin, sizeof(oid_origin), f->origin,
	    sizeof(f->origin));
	/* Names the F9 key, so that verifiers find the issuer by key too. */
	if (uk_x509_key_id(root->spki.der, root->spki.len, id) != 0)
		return 0;
	uk_x509_ext_aki(&ext[4], id, f->aki);
	memset(&in, 0, sizeof(in));
	in.ext = ext;
	in.ext_count = LEAF_EXT_COUNT;
	in.serial = serial;
	in.serial_len = UK_ATTEST_SERIAL_LEN;
	in.sig_alg = UK_X509_SIG_ECDSA_SHA256;
	in.issuer = root->subject;
	in.validity = root->validity;
	in.subject_cn = f->cn;
	in.subject_cn_len = sizeof(f->cn) - 1;
	in.spki.der = f->spki;
	in.spki.len = f->spki_len;
	return uk_x509_tbs(&in, out, cap);
}

/* Sign with the F9 key and answer the certificate. */
static uint16_t
sign_answer(uimkey_card *card, const uint8_t *tbs, size_t tbs_len,
    uint8_t *out, size_t cap)
{
	uk_key key;
	size_t n = 0;
	uint16_t sw = UIMKEY_SW_CONDITIONS;

	if (uk_key_load(card, uimkey_slot_index(UIMKEY_SLOT_ATTEST), &key) ==
	    UK_OK)
		n = uk_attest_sign(card, &key, tbs, tbs_len, out, cap);
	uk_key_wipe(&key);
	if (n > 0)
		sw = uk_rsp_put(&card->rsp, out, n) == UK_OK ? UIMKEY_SW_OK :
		    UIMKEY_SW_NO_DIAG;
	return sw;
}

uint16_t
uk_attest_cmd(uimkey_card *card, const uk_apdu *apdu)
{
	/* The F9 object, then (once the TBS is made) the answer. */
	uint8_t buf[UK_X509_CERT_MAX + 16], tbs[UK_X509_TBS_MAX];
	uint8_t serial[UK_ATTEST_SERIAL_LEN];
	uk_x509_parts root;
	leaf_facts f;
	size_t n;
	uint16_t sw;
	int i = uimkey_slot_index(apdu->p1);

	if (apdu->p2 != 0 || i < 0 || apdu->p1 == UIMKEY_SLOT_ATTEST)
		return UIMKEY_SW_WRONG_P1P2;
	if (apdu->lc != 0)
		return UIMKEY_SW_WRONG_LENGTH;
	memset(&f, 0, sizeof(f));
	if ((sw = slot_facts(card, i, &f)) != UIMKEY_SW_OK ||
	    (sw = root_parts(card, buf, sizeof(buf), &root)) != UIMKEY_SW_OK)
		return sw;
	card_facts(card, apdu->p1, &f);
	uk_attest_serial(card, serial);
	n = leaf_tbs(&f, &root, serial, tbs, sizeof(tbs));
	if (n == 0)
		return UIMKEY_SW_NO_DIAG;
	return sign_answer(card, tbs, n, buf, sizeof(buf));
}
