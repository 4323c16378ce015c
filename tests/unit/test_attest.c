/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Attestation: the factory's F9 key and its self-signed CA certificate
 * (object 5FFF01), and ATTEST certificates checked by BearSSL's X.509
 * path validation with the F9 certificate as the trust anchor: issuer,
 * validity, key, Yubico extensions, uimkey's origin extension, random
 * serials; every OID arc in them at most 2^28 (what GnuTLS and
 * python-cryptography parse).  Refusals, and attestation surviving RESET.  With
 * UIMKEY_ATTEST_DIR set, the certificates are written there as DER for
 * an openssl check by hand.
 */
#include <stdlib.h>

#include "codec/oid_uimkey.h"
#include "codec/bytes.h"
#include "codec/x509.h"
#include "tests/unit/key_helpers.h"
#include "tests/unit/oid_walk.h"

#define DAY_2030  741594u        /* days since 0000-01-01 of 2030-06-01 */
#define DAY_2023  739037u        /* ... and of 2023-06-01 */

static uint8_t root[2048], root_obj[2100], ta_dn[256], ta_q[65];
static size_t root_len, root_obj_len, ta_dn_len;
static br_x509_trust_anchor ta;

static void
save(const char *name, const uint8_t *der, size_t len)
{
	const char *dir = getenv("UIMKEY_ATTEST_DIR");
	char path[512];
	FILE *f;

	if (dir == NULL)
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) != NULL) {
		fwrite(der, 1, len, f);
		fclose(f);
	}
}

static void
dn_append(void *ctx, const void *buf, size_t len)
{
	(void)ctx;
	if (ta_dn_len + len <= sizeof(ta_dn))
		memcpy(ta_dn + ta_dn_len, buf, len);
	ta_dn_len += len;
}

/*
 * Walk every OID of cert: each arc at most 2^28, and (with origin) the
 * origin extension's OID once, reading as the dotted text the header
 * documents, so its bytes and its text cannot drift apart.
 */
static void
check_oids(const uint8_t *cert, size_t len, int origin, const char *what)
{
	struct oid_walk w;
	char name[160];

	oid_walk(&w, cert, len, UK_OID_UIMKEY_ORIGIN_TEXT);
	snprintf(name, sizeof(name), "%s: %u OIDs, all well formed, largest "
	    "arc %lu <= 2^28", what, w.count, w.max_arc);
	check(w.count >= 5 && w.bad == 0 && w.over == 0, name);
	if (origin)
		check(w.found == 1, "the origin extension's OID is "
		    UK_OID_UIMKEY_ORIGIN_TEXT);
}

static uint16_t
get_root_object(void)
{
	return sendx(UIMKEY_INS_GET_DATA, 0x3F, 0xFF, "5C 03 5F FF 01");
}

/* The F9 certificate: object format, CA, key = F9's, self-signature. */
static void
test_root(void)
{
	br_x509_decoder_context dc;
	const br_x509_pkey *pk;
	uk_x509_parts parts;
	uk_x509_ext ext;
	uint8_t hash[32];
	static const uint8_t oid_ku[] = UK_OID_KEY_USAGE;
	static const uint8_t oid_bc[] = UK_OID_BASIC_CONSTRAINTS;
	char cn[64];
	br_sha256_context h;

	check(get_root_object() == UIMKEY_SW_OK && ans[0] == 0x53 &&
	    ans[1] == 0x82 && ans[4] == 0x70 && ans[5] == 0x82,
	    "GET DATA 5FFF01: 53 { 70 certificate ... }");
	root_len = (size_t)(ans[6] << 8 | ans[7]);
	memcpy(root, ans + 8, root_len);
	root_obj_len = ans_len;
	memcpy(root_obj, ans, ans_len);
	check(ans_len == 8 + root_len + 5 &&
	    memcmp(ans + 8 + root_len, "\x71\x01\x00\xFE\x00", 5) == 0,
	    "then 71 01 00 (not compressed) and FE 00");
	save("f9.der", root, root_len);
	br_x509_decoder_init(&dc, dn_append, NULL);
	br_x509_decoder_push(&dc, root, root_len);
	pk = br_x509_decoder_get_pkey(&dc);
	if (pk == NULL) {
		check(0, "BearSSL decodes the F9 certificate");
		return;
	}
	check(br_x509_decoder_isCA(&dc) &&
	    pk->key_type == BR_KEYTYPE_EC && pk->key.ec.qlen == 65,
	    "BearSSL decodes it: a CA with an EC P-256 key");
	memcpy(ta_q, pk->key.ec.q, 65);
	check(xsend(UIMKEY_INS_GET_METADATA, 0, 0xF9, NULL, 0) ==
	    UIMKEY_SW_OK && memcmp(ans + 14, ta_q, 65) == 0,
	    "its key is the F9 key of GET METADATA");
	snprintf(cn, sizeof(cn), "uimkey Attestation Root %08u",
	    (unsigned)uimkey_card_serial(&card));
	check(contains(root, root_len, (const uint8_t *)cn, strlen(cn)),
	    "subject CN: uimkey Attestation Root <serial>");
	check(uk_x509_cert_parts(root, root_len, &parts) == 0 &&
	    parts.issuer.len == parts.subject.len &&
	    memcmp(parts.issuer.der, parts.subject.der, parts.issuer.len) == 0,
	    "self-issued");
	br_sha256_init(&h);
	br_sha256_update(&h, parts.tbs.der, parts.tbs.len);
	br_sha256_out(&h, hash);
	check(br_ecdsa_i31_vrfy_asn1(&br_ec_all_m31, hash, 32, &pk->key.ec,
	    parts.sig.der, parts.sig.len) == 1,
	    "its ECDSA-SHA256 self-signature verifies");
	check(uk_x509_ext_find(&parts, oid_bc, sizeof(oid_bc), &ext) == 0 &&
	    ext.critical && uk_x509_ext_find(&parts, oid_ku, sizeof(oid_ku),
	    &ext) == 0 && ext.critical && ext.value_len == 4 &&
	    memcmp(ext.value, "\x03\x02\x02\x04", 4) == 0,
	    "basicConstraints and keyUsage keyCertSign, both critical");
	check(contains(root, root_len, (const uint8_t *)"\x18\x0F" "99991231235959Z",
	    17) && contains(root, root_len, (const uint8_t *)"\x17\x0D"
	    "240101000000Z", 15), "valid from 2024-01-01 to 9999-12-31");
	check_oids(root, root_len, 0, "every OID of the F9 certificate");
	ta.dn.data = ta_dn;
	ta.dn.len = ta_dn_len;
	ta.flags = BR_X509_TA_CA;
	ta.pkey.key_type = BR_KEYTYPE_EC;
	ta.pkey.key.ec.curve = BR_EC_secp256r1;
	ta.pkey.key.ec.q = ta_q;
	ta.pkey.key.ec.qlen = sizeof(ta_q);
}

/* BearSSL's path validation of cert under the F9 anchor at day. */
static int
chain_ok(const uint8_t *cert, size_t len, uint32_t day, br_x509_pkey *out,
    uint8_t *kbuf)
{
	br_x509_minimal_context xc;
	const br_x509_pkey *pk;
	unsigned err;

	br_x509_minimal_init(&xc, &br_sha256_vtable, &ta, 1);
	br_x509_minimal_set_hash(&xc, br_sha256_ID, &br_sha256_vtable);
	br_x509_minimal_set_ecdsa(&xc, &br_ec_all_m31, br_ecdsa_i31_vrfy_asn1);
	br_x509_minimal_set_rsa(&xc, br_rsa_i31_pkcs1_vrfy);
	br_x509_minimal_set_time(&xc, day, 0);
	xc.vtable->start_chain(&xc.vtable, NULL);
	xc.vtable->start_cert(&xc.vtable, (uint32_t)len);
	xc.vtable->append(&xc.vtable, cert, len);
	xc.vtable->end_cert(&xc.vtable);
	err = xc.vtable->end_chain(&xc.vtable);
	if (err != 0) {
		printf("# BearSSL X.509 validation: error %u\n", err);
		return 0;
	}
	pk = xc.vtable->get_pkey(&xc.vtable, NULL);
	*out = *pk;
	if (pk->key_type == BR_KEYTYPE_EC) {
		memcpy(kbuf, pk->key.ec.q, pk->key.ec.qlen);
		out->key.ec.q = kbuf;
	} else {
		memcpy(kbuf, pk->key.rsa.n, pk->key.rsa.nlen);
		out->key.rsa.n = kbuf;
	}
	return 1;
}

static uint16_t
attest(uint8_t slot)
{
	return xsend(UIMKEY_INS_ATTEST, slot, 0x00, NULL, 0);
}

static int
ext_is(const uk_x509_parts *p, const uint8_t *oid, size_t oid_len,
    const uint8_t *v, size_t len)
{
	uk_x509_ext e;

	return uk_x509_ext_find(p, oid, oid_len, &e) == 0 && !e.critical &&
	    e.value_len == len && memcmp(e.value, v, len) == 0;
}

/* Everything an attestation of slot must say, pub the key GENERATE
 * answered (EC point or RSA modulus). */
static void
check_attestation(uint8_t slot, const uint8_t *pub, size_t pub_len,
    const uint8_t policy[2], const char *file)
{
	static const uint8_t oid_fw[] = UK_OID_YK_FIRMWARE;
	static const uint8_t oid_sn[] = UK_OID_YK_SERIAL;
	static const uint8_t oid_pol[] = UK_OID_YK_POLICY;
	static const uint8_t oid_org[] = UK_OID_UIMKEY_ORIGIN;
	static uint8_t cert[2048], kbuf[512];
	uint8_t sn[6] = { 0x02, 0x04 };
	uk_x509_parts p, r;
	br_x509_pkey pk;
	char cn[40];
	size_t len;

	snapshot();
	check(attest(slot) == UIMKEY_SW_OK && ans[0] == 0x30 && unchanged(),
	    "ATTEST answers a raw DER certificate and writes nothing");
	len = ans_len;
	memcpy(cert, ans, len);
	save(file, cert, len);
	check(chain_ok(cert, len, DAY_2030, &pk, kbuf),
	    "BearSSL validates it under the F9 certificate");
	check((pk.key_type == BR_KEYTYPE_EC && pk.key.ec.qlen == pub_len &&
	    memcmp(pk.key.ec.q, pub, pub_len) == 0) ||
	    (pk.key_type == BR_KEYTYPE_RSA && pk.key.rsa.nlen == pub_len &&
	    memcmp(pk.key.rsa.n, pub, pub_len) == 0),
	    "its key is the slot's key");
	check(!chain_ok(cert, len, DAY_2023, &pk, kbuf),
	    "and it is not valid before the F9 certificate's notBefore");
	check(uk_x509_cert_parts(cert, len, &p) == 0 &&
	    uk_x509_cert_parts(root, root_len, &r) == 0 &&
	    p.sig_alg == UK_X509_SIG_ECDSA_SHA256 &&
	    p.issuer.len == r.subject.len &&
	    memcmp(p.issuer.der, r.subject.der, r.subject.len) == 0 &&
	    p.validity.len == r.validity.len &&
	    memcmp(p.validity.der, r.validity.der, r.validity.len) == 0,
	    "issuer and validity are the F9 certificate's");
	check(p.serial.len == 16 && (p.serial.der[0] & 0x80) == 0,
	    "serial: 16 bytes, positive");
	snprintf(cn, sizeof(cn), "uimkey PIV Attestation %02x", slot);
	check(contains(cert, len, (const uint8_t *)cn, strlen(cn)),
	    "subject CN: uimkey PIV Attestation <slot>");
	uk_put_be32(sn + 2, uimkey_card_serial(&card));
	check(ext_is(&p, oid_fw, sizeof(oid_fw), (const uint8_t *)"\x05\x04\x00",
	    3) && ext_is(&p, oid_sn, sizeof(oid_sn), sn, sizeof(sn)) &&
	    ext_is(&p, oid_pol, sizeof(oid_pol), policy, 2) &&
	    ext_is(&p, oid_org, sizeof(oid_org), (const uint8_t *)"\x0A\x01\x01",
	    3), "extensions: firmware 05 04 00, serial, policy, origin");
	check_oids(cert, len, 1, "every OID of the attestation");
}

static void
test_attest(void)
{
	static uint8_t q[97], n[256], serial1[16];
	uk_x509_parts p;

	check(admin_auth(), "management key authenticated");
	check(generate(0x9A, 0x11, "") == UIMKEY_SW_OK, "P-256 key in 9A");
	memcpy(q, ans + 5, 65);
	check_attestation(0x9A, q, 65, (const uint8_t *)"\x02\x01",
	    "attest-9a.der");
	check(uk_x509_cert_parts(ans, ans_len, &p) == 0,
	    "the attestation parses");
	memcpy(serial1, p.serial.der, 16);
	check(attest(0x9A) == UIMKEY_SW_OK &&
	    uk_x509_cert_parts(ans, ans_len, &p) == 0 &&
	    memcmp(serial1, p.serial.der, 16) != 0,
	    "a second attestation has another serial");
	check(generate(0x9C, 0x14, "") == UIMKEY_SW_OK, "P-384 key in 9C");
	memcpy(q, ans + 5, 97);
	check_attestation(0x9C, q, 97, (const uint8_t *)"\x03\x01",
	    "attest-9c.der");
	check(generate(0x9D, 0x07, "AA 01 01") == UIMKEY_SW_OK,
	    "RSA-2048 key in 9D, PIN policy NEVER");
	memcpy(n, ans + 9, 256);
	check_attestation(0x9D, n, 256, (const uint8_t *)"\x01\x01",
	    "attest-9d.der");
}

static void
at_refused(uint8_t p1, uint8_t p2, const char *data, uint16_t want,
    const char *name)
{
	check_refused(UIMKEY_INS_ATTEST, p1, p2, data, want, name);
}

static void
test_refusals(void)
{
	at_refused(0x9E, 0, "", UIMKEY_SW_REF_NOT_FOUND,
	    "ATTEST of an empty slot: 6A88");
	at_refused(0xF9, 0, "", UIMKEY_SW_WRONG_P1P2, "ATTEST of F9: 6A86");
	at_refused(0x01, 0, "", UIMKEY_SW_WRONG_P1P2,
	    "ATTEST of no key reference: 6A86");
	at_refused(0x9B, 0, "", UIMKEY_SW_WRONG_P1P2, "ATTEST of 9B: 6A86");
	at_refused(0x9A, 1, "", UIMKEY_SW_WRONG_P1P2, "ATTEST with P2 01: 6A86");
	at_refused(0x9A, 0, "00", UIMKEY_SW_WRONG_LENGTH,
	    "ATTEST with data: 6700");
}

/* Block the PIN and the PUK, then RESET. */
static void
test_reset(void)
{
	uint8_t q[65], kbuf[512];
	br_x509_pkey pk;
	int k;

	for (k = 0; k < 16 && sendx(UIMKEY_INS_VERIFY, 0, 0x80,
	    "39 39 39 39 39 39 FF FF") != UIMKEY_SW_AUTH_BLOCKED; k++)
		;
	for (k = 0; k < 16 && sendx(UIMKEY_INS_RESET_RETRY, 0, 0x80,
	    "39 39 39 39 39 39 39 39 32 37 31 38 32 38 FF FF") !=
	    UIMKEY_SW_AUTH_BLOCKED; k++)
		;
	check(xsend(UIMKEY_INS_RESET, 0, 0, NULL, 0) == UIMKEY_SW_OK,
	    "RESET with PIN and PUK blocked");
	check(xsend(UIMKEY_INS_GET_METADATA, 0, 0x9A, NULL, 0) ==
	    UIMKEY_SW_REF_NOT_FOUND, "the reset emptied 9A");
	check(xsend(UIMKEY_INS_GET_METADATA, 0, 0xF9, NULL, 0) == UIMKEY_SW_OK &&
	    memcmp(ans + 14, ta_q, 65) == 0, "the F9 key survived it");
	check(get_root_object() == UIMKEY_SW_OK && ans_len == root_obj_len &&
	    memcmp(ans, root_obj, ans_len) == 0,
	    "and so did the F9 certificate");
	check(admin_auth() && generate(0x9A, 0x11, "") == UIMKEY_SW_OK,
	    "a new key in 9A");
	memcpy(q, ans + 5, 65);
	check(attest(0x9A) == UIMKEY_SW_OK &&
	    chain_ok(ans, ans_len, DAY_2030, &pk, kbuf) &&
	    memcmp(pk.key.ec.q, q, 65) == 0,
	    "its attestation validates under the same F9 certificate");
}

int
main(void)
{
	fresh_card();
	test_root();
	test_attest();
	test_refusals();
	test_reset();
	return check_done();
}
