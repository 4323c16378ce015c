/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The attestation certificate of a personalized card.  The card makes its
 * attestation key (F9) at the factory and never makes another (GENERATE
 * on F9 is refused), so personalization does not make a new key: the
 * manufacturer CA certifies the EXISTING F9 public key.  The new F9
 * certificate keeps the card's subject (attestations copy it as their
 * issuer), so every attestation the card signs from then on chains to
 * the manufacturer root: attestation -> F9 certificate -> manufacturer CA.
 */
#define _DEFAULT_SOURCE
#include <string.h>
#include <time.h>

#include "codec/x509.h"
#include "admin/perso.h"

#define TBS_MAX  2048
#define EXT_COUNT 4

static const uint8_t oid_ski[] = UK_OID_SUBJECT_KEY_ID;

/* The CA's key identifier: its subjectKeyIdentifier, else computed. */
static int
ca_key_id(const uk_x509_parts *ca, uint8_t id[UK_X509_KEY_ID_LEN])
{
	uk_x509_ext e;

	if (uk_x509_ext_find(ca, oid_ski, sizeof(oid_ski), &e) == 0 &&
	    e.value_len == 2 + UK_X509_KEY_ID_LEN && e.value[0] == 0x04 &&
	    e.value[1] == UK_X509_KEY_ID_LEN) {
		memcpy(id, e.value + 2, UK_X509_KEY_ID_LEN);
		return 0;
	}
	return uk_x509_key_id(ca->spki.der, ca->spki.len, id);
}

static uk_x509_sig_alg
ca_sig_alg(const struct adm_skey *k)
{
	if (k->ec != NULL)
		return k->ec->curve == BR_EC_secp384r1 ?
		    UK_X509_SIG_ECDSA_SHA384 : UK_X509_SIG_ECDSA_SHA256;
	return UK_X509_SIG_RSA_SHA256;
}

int
adm_perso_ca_matches(const struct adm_skey *ca_key, const uint8_t *ca_cert,
    size_t ca_len)
{
	static const uint8_t msg[] = "uimkey personalize: CA key check";
	uint8_t sig[UIMKEY_PIV_SIG_MAX + 16];
	uk_x509_parts ca;
	uk_x509_sig_alg alg = ca_sig_alg(ca_key);
	size_t len;

	if (uk_x509_cert_parts(ca_cert, ca_len, &ca) != 0 ||
	    adm_skey_sign(ca_key, alg, msg, sizeof(msg), sig, sizeof(sig),
	    &len) != 0)
		return 0;
	return adm_sig_verify(ca.spki.der, ca.spki.len, alg, msg, sizeof(msg),
	    sig, len) == 0;
}

static void
to_date(time_t t, uk_x509_date *d)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	d->year = (uint16_t)(tm.tm_year + 1900);
	d->month = (uint8_t)(tm.tm_mon + 1);
	d->day = (uint8_t)tm.tm_mday;
	d->hour = (uint8_t)tm.tm_hour;
	d->minute = (uint8_t)tm.tm_min;
	d->second = (uint8_t)tm.tm_sec;
}

int
adm_perso_f9_cert(const struct adm_skey *ca_key, const uint8_t *ca_cert,
    size_t ca_len, const uint8_t *f9_cert, size_t f9_len,
    const uint8_t *f9_spki, size_t f9_spki_len, long validity_days,
    uint8_t *out, size_t cap, size_t *len)
{
	static const uk_x509_date forever = { 9999, 12, 31, 23, 59, 59 };
	uint8_t validity[UK_X509_VALIDITY_MAX], serial[16], tbs[TBS_MAX];
	uint8_t ski_id[UK_X509_KEY_ID_LEN], aki_id[UK_X509_KEY_ID_LEN];
	uint8_t ku[UK_X509_EXT_VALUE_MAX], ski[UK_X509_EXT_VALUE_MAX];
	uint8_t aki[UK_X509_EXT_VALUE_MAX], sig[UIMKEY_PIV_SIG_MAX + 16];
	uk_x509_parts ca, f9;
	uk_x509_ext ext[EXT_COUNT];
	uk_x509_tbs_in in;
	uk_x509_date from, until;
	size_t tbs_len, sig_len;
	time_t now = time(NULL);

	*len = 0;
	memset(&in, 0, sizeof(in));
	if (uk_x509_cert_parts(ca_cert, ca_len, &ca) != 0 ||
	    uk_x509_cert_parts(f9_cert, f9_len, &f9) != 0) {
		adm_err("personalize: a certificate cannot be read");
		return -1;
	}
	to_date(now, &from);
	if (validity_days > 0)
		to_date(now + (time_t)validity_days * 86400, &until);
	else
		until = forever;
	if (adm_random(serial, sizeof(serial)) != 0)
		return -1;
	serial[0] = (uint8_t)((serial[0] & 0x7F) | 0x40);
	if (ca_key_id(&ca, aki_id) != 0 ||
	    uk_x509_key_id(f9_spki, f9_spki_len, ski_id) != 0)
		goto bad;
	uk_x509_ext_ca(&ext[0]);
	if (uk_x509_ext_key_usage(&ext[1], UK_KU_KEY_CERT_SIGN, ku) != 0)
		goto bad;
	uk_x509_ext_ski(&ext[2], ski_id, ski);
	uk_x509_ext_aki(&ext[3], aki_id, aki);
	in.serial = serial;
	in.serial_len = sizeof(serial);
	in.sig_alg = ca_sig_alg(ca_key);
	in.issuer = ca.subject;
	in.validity.der = validity;
	in.validity.len = uk_x509_validity(&from, &until, validity,
	    sizeof(validity));
	in.subject = f9.subject;
	in.spki.der = f9_spki;
	in.spki.len = f9_spki_len;
	in.ext = ext;
	in.ext_count = EXT_COUNT;
	if (in.validity.len == 0 ||
	    (tbs_len = uk_x509_tbs(&in, tbs, sizeof(tbs))) == 0 ||
	    adm_skey_sign(ca_key, in.sig_alg, tbs, tbs_len, sig, sizeof(sig),
	    &sig_len) != 0 ||
	    (*len = uk_x509_wrap(tbs, tbs_len, in.sig_alg, sig, sig_len, out,
	    cap)) == 0)
		goto bad;
	if (uk_x509_cert_parts(out, *len, &f9) != 0 ||
	    adm_sig_verify(ca.spki.der, ca.spki.len, in.sig_alg, f9.tbs.der,
	    f9.tbs.len, f9.sig.der, f9.sig.len) != 0)
		goto bad;
	return 0;
bad:
	*len = 0;
	adm_err("personalize: cannot make the attestation certificate");
	return -1;
}
