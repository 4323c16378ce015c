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
#include "uk/store.h"
#include "uk/slots.h"
#include "codec/tlv.h"
#include "codec/bytes.h"
#include "card/wire.h"
#include "codec/x509.h"

#define CERT_TAG          0x70
#define LEAF_EXT_COUNT    5
#define DER_ENUMERATED    0x0A
#define SERIAL_INT_MAX    6          /* 02 len and up to 4 bytes + 00 */
#define HEX_DIGITS        "0123456789abcdef"

static const uint8_t oid_fw[] = UIMKEY_OID_YK_FIRMWARE;
static const uint8_t oid_serial[] = UIMKEY_OID_YK_SERIAL;
static const uint8_t oid_policy[] = UIMKEY_OID_YK_POLICY;
static const uint8_t oid_origin[] = UIMKEY_OID_UIMKEY_ORIGIN;
static const uint8_t firmware[] = {
	UIMKEY_CARD_VERSION_MAJOR, UIMKEY_CARD_VERSION_MINOR,
	UIMKEY_CARD_VERSION_PATCH,
};

/* What the attestation says about the slot's key. */
typedef struct {
	uint8_t spki[UIMKEY_KEY_SPKI_MAX];
	size_t spki_len;
	uint8_t policy[2];           /* PIN policy, touch policy */
	uint8_t origin[3];           /* ENUMERATED origin */
	uint8_t serial[SERIAL_INT_MAX];
	size_t serial_len;
	uint8_t aki[UIMKEY_X509_EXT_VALUE_MAX];
	char cn[sizeof(UIMKEY_ATTEST_LEAF_CN) + 2];
} leaf_facts;

/* The slot's key: generated here, its public key and policies. */
static uint16_t
slot_facts(uimkey_card *card, int i, leaf_facts *f)
{
	uimkey_key key;
	uint16_t sw = UIMKEY_SW_OK;
	int r = uimkey_key_load(card, i, &key);

	if (r == UIMKEY_KEY_EMPTY)
		return UIMKEY_SW_REF_NOT_FOUND;
	if (r != UIMKEY_KEY_OK)
		return UIMKEY_SW_MEMORY_FAILURE;
	if (key.origin != UIMKEY_ORIGIN_GENERATED)
		sw = UIMKEY_SW_WRONG_DATA;
	f->spki_len = uimkey_key_spki(&key, f->spki, sizeof(f->spki));
	if (sw == UIMKEY_SW_OK && f->spki_len == 0)
		sw = UIMKEY_SW_NO_DIAG;
	f->policy[0] = key.pin_policy;
	f->policy[1] = key.touch_policy;
	f->origin[0] = DER_ENUMERATED;
	f->origin[1] = 1;
	f->origin[2] = key.origin;
	uimkey_key_wipe(&key);
	return sw;
}

static void
card_facts(uimkey_card *card, uint8_t slot_ref, leaf_facts *f)
{
	size_t n = sizeof(UIMKEY_ATTEST_LEAF_CN) - 1;
	uimkey_der w;

	uimkey_der_init(&w, f->serial, sizeof(f->serial));
	uimkey_der_small_uint(&w, card->serial);
	f->serial_len = uimkey_der_finish(&w);
	memcpy(f->cn, UIMKEY_ATTEST_LEAF_CN, n);
	f->cn[n] = HEX_DIGITS[slot_ref >> 4];
	f->cn[n + 1] = HEX_DIGITS[slot_ref & 0x0F];
}

/* The F9 certificate, from its object, taken apart. */
static uint16_t
root_parts(uimkey_card *card, uint8_t *buf, size_t cap,
    uimkey_x509_parts *parts)
{
	unsigned rec = uimkey_obj_rec_for_tag(UIMKEY_OBJ_ATTEST_CERT);
	size_t len = 0;
	uimkey_tlv cert;

	if (uimkey_rec_read(card, rec, buf, cap, &len) != UIMKEY_REC_OK ||
	    uimkey_tlv_find(buf, len, CERT_TAG, &cert) != 0 ||
	    uimkey_x509_cert_parts(cert.value, cert.len, parts) != 0)
		return UIMKEY_SW_CONDITIONS;
	return UIMKEY_SW_OK;
}

static void
set_ext(uimkey_x509_ext *e, const uint8_t *oid, size_t oid_len,
    const uint8_t *v, size_t len)
{
	e->oid = oid;
	e->oid_len = oid_len;
	e->critical = 0;
	e->value = v;
	e->value_len = len;
}

static size_t
leaf_tbs(leaf_facts *f, const uimkey_x509_parts *root,
    const uint8_t serial[UIMKEY_ATTEST_SERIAL_LEN], uint8_t *out, size_t cap)
{
	uint8_t id[UIMKEY_X509_KEY_ID_LEN];
	uimkey_x509_ext ext[LEAF_EXT_COUNT];
	uimkey_x509_tbs_in in;

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
	if (uimkey_x509_key_id(root->spki.der, root->spki.len, id) != 0)
		return 0;
	uimkey_x509_ext_aki(&ext[4], id, f->aki);
	memset(&in, 0, sizeof(in));
	in.ext = ext;
	in.ext_count = LEAF_EXT_COUNT;
	in.serial = serial;
	in.serial_len = UIMKEY_ATTEST_SERIAL_LEN;
	in.sig_alg = UIMKEY_X509_SIG_ECDSA_SHA256;
	in.issuer = root->subject;
	in.validity = root->validity;
	in.subject_cn = f->cn;
	in.subject_cn_len = sizeof(f->cn) - 1;
	in.spki.der = f->spki;
	in.spki.len = f->spki_len;
	return uimkey_x509_tbs(&in, out, cap);
}

/* Sign with the F9 key and answer the certificate. */
static uint16_t
sign_answer(uimkey_card *card, const uint8_t *tbs, size_t tbs_len,
    uint8_t *out, size_t cap)
{
	uimkey_key key;
	size_t n = 0;
	uint16_t sw = UIMKEY_SW_CONDITIONS;

	if (uimkey_key_load(card, uimkey_slot_index(UIMKEY_SLOT_ATTEST), &key) ==
	    UIMKEY_KEY_OK)
		n = uimkey_attest_sign(card, &key, tbs, tbs_len, out, cap);
	uimkey_key_wipe(&key);
	if (n > 0)
		sw = uimkey_rsp_put(&card->rsp, out, n) == 0 ? UIMKEY_SW_OK :
		    UIMKEY_SW_NO_DIAG;
	return sw;
}

uint16_t
uimkey_attest_cmd(uimkey_card *card, const uimkey_apdu *apdu)
{
	/* The F9 object, then (once the TBS is made) the answer. */
	uint8_t buf[UIMKEY_X509_CERT_MAX + 16], tbs[UIMKEY_X509_TBS_MAX];
	uint8_t serial[UIMKEY_ATTEST_SERIAL_LEN];
	uimkey_x509_parts root;
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
	uimkey_attest_serial(card, serial);
	n = leaf_tbs(&f, &root, serial, tbs, sizeof(tbs));
	if (n == 0)
		return UIMKEY_SW_NO_DIAG;
	return sign_answer(card, tbs, n, buf, sizeof(buf));
}
