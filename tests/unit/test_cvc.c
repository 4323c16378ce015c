/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card-verifiable certificate (codec/cvc.c): the CVC of card 3 of
 * NIST's SD 33 test cards (as the OpenFIPS201 project recorded it) taken
 * apart and built again byte for byte; certificates signed here and
 * checked both by uk_cvc_verify and by OpenSSL; and certificates that
 * are not of the layout refused.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bearssl/bearssl_ec.h>
#include <bearssl/bearssl_hash.h>
#include <bearssl/bearssl_rand.h>

#include "codec/cvc.h"
#include "codec/sm_kdf.h"
#include "tests/support/check.h"
#include "tests/unit/hex.h"
#include "tests/unit/sd33_cvc.h"

#define NIST_BODY_LEN  117
#define NIST_SIG_LEN   71
#define PATH_MAX_LEN   96
#define CMD_MAX        512

static const char nist_iin[] = "3DA648B01A85BBDD";
static const char nist_guid[] = "45853470A4034844AE15C6495959FAD5";
static const char nist_point[] = "04"
    "C7C96F3157CC743936BDB25F2EFDC596080C16947CB06F146313F1CD44FF2DD8"
    "72F293EACD2B8B61080E5162CAB68A2C857E839D997C78C6684C9C5514025918";
/* SubjectPublicKeyInfo of a P-256 key, up to its point. */
static const char spki_head[] =
    "3059301306072A8648CE3D020106082A8648CE3D030107034200";

typedef struct {
	uint8_t d[32];
	uint8_t q[UK_CVC_POINT_LEN];
	br_ec_private_key sk;
} signer;

static void
signer_new(signer *s, const char *seed)
{
	br_hmac_drbg_context rng;
	br_ec_private_key sk;
	br_ec_public_key pk;
	uint8_t kbuf[BR_EC_KBUF_PRIV_MAX_SIZE];

	br_hmac_drbg_init(&rng, &br_sha256_vtable, seed, strlen(seed));
	br_ec_keygen(&rng.vtable, &br_ec_p256_m31, &sk, kbuf,
	    BR_EC_secp256r1);
	memcpy(s->d, sk.x, sizeof(s->d));
	s->sk.curve = BR_EC_secp256r1;
	s->sk.x = s->d;
	s->sk.xlen = sizeof(s->d);
	br_ec_compute_pub(&br_ec_p256_m31, &pk, s->q, &s->sk);
}

/* A card's CVC for point, signed by s: its length. */
static size_t
make_cvc(const signer *s, const uint8_t *point, uint8_t *out, size_t cap)
{
	uint8_t iin[UK_CVC_IIN_LEN], guid[UK_CVC_GUID_LEN], body[UK_CVC_BODY_MAX];
	uint8_t h[br_sha256_SIZE], sig[UK_CVC_SIG_MAX];
	br_sha256_context c;
	size_t n, m;

	uk_cvc_iin(s->q, iin);
	memset(guid, 0xA5, sizeof(guid));
	n = uk_cvc_body(iin, guid, point, body, sizeof(body));
	br_sha256_init(&c);
	br_sha256_update(&c, body, n);
	br_sha256_out(&c, h);
	m = br_ecdsa_i31_sign_asn1(&br_ec_p256_m31, &br_sha256_vtable, h,
	    &s->sk, sig);
	return uk_cvc_wrap(body, n, sig, m, out, cap);
}

static int
write_file(const char *dir, const char *name, const uint8_t *p, size_t n)
{
	char path[PATH_MAX_LEN];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL)
		return -1;
	ok = fwrite(p, 1, n, f) == n;
	return (fclose(f) == 0 && ok) ? 0 : -1;
}

/* What `openssl dgst -verify` says of c's signature under signer:
 * 1 verified, 0 refused, -1 openssl could not be asked. */
static int
openssl_verify(const uk_cvc *c, const uint8_t *signer_q)
{
	char dir[] = "/tmp/uimkey-cvc-XXXXXX", cmd[CMD_MAX], line[64];
	uint8_t spki[sizeof(spki_head) / 2 + UK_CVC_POINT_LEN];
	size_t head = hex_parse(spki_head, spki, sizeof(spki));
	FILE *f;
	int r = -1;

	if (mkdtemp(dir) == NULL)
		return -1;
	memcpy(spki + head, signer_q, UK_CVC_POINT_LEN);
	if (write_file(dir, "body", c->body, c->body_len) != 0 ||
	    write_file(dir, "sig", c->sig, c->sig_len) != 0 ||
	    write_file(dir, "pub", spki, head + UK_CVC_POINT_LEN) != 0)
		goto out;
	snprintf(cmd, sizeof(cmd), "openssl dgst -sha256 -keyform DER "
	    "-verify %s/pub -signature %s/sig %s/body 2>&1", dir, dir, dir);
	if ((f = popen(cmd, "r")) == NULL)
		goto out;
	if (fgets(line, sizeof(line), f) != NULL)
		r = strncmp(line, "Verified OK", 11) == 0;
	pclose(f);
out:
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		r = -1;
	return r;
}

static void
nist_card(void)
{
	uint8_t c[UK_CVC_MAX], body[UK_CVC_BODY_MAX], again[UK_CVC_MAX];
	uint8_t iin[UK_CVC_IIN_LEN], guid[UK_CVC_GUID_LEN];
	uint8_t point[UK_CVC_POINT_LEN], id[UK_SM_ID_LEN];
	size_t n = hex_parse(sd33_cvc, c, sizeof(c)), m;
	uk_cvc v;

	check(uk_cvc_parse(c, n, &v) == 0, "NIST SD 33 card 3's CVC parses");
	check(hex_same(v.iin, UK_CVC_IIN_LEN, nist_iin) &&
	    v.subject_len == UK_CVC_GUID_LEN &&
	    hex_same(v.subject, v.subject_len, nist_guid) &&
	    hex_same(v.point, UK_CVC_POINT_LEN, nist_point) &&
	    v.role == UK_CVC_ROLE_CARD,
	    "its IIN, GUID, point and role as recorded");
	check(v.body == c + 4 && v.body_len == NIST_BODY_LEN &&
	    v.sig_len == NIST_SIG_LEN && v.sig[0] == 0x30,
	    "its signed body (5F29 to 5F4C) and ECDSA-Sig-Value");
	uk_sm_id_icc(c, n, id);
	check(hex_same(id, sizeof(id), "6FD73A54D8A00ED1"),
	    "IDsICC over it is the one the card used");

	hex_parse(nist_iin, iin, sizeof(iin));
	hex_parse(nist_guid, guid, sizeof(guid));
	hex_parse(nist_point, point, sizeof(point));
	m = uk_cvc_body(iin, guid, point, body, sizeof(body));
	check(m == v.body_len && memcmp(body, v.body, m) == 0,
	    "uk_cvc_body builds the same body byte for byte");
	m = uk_cvc_wrap(body, m, v.sig, v.sig_len, again, sizeof(again));
	check(m == n && memcmp(again, c, n) == 0,
	    "uk_cvc_wrap builds the same certificate byte for byte");
	check(uk_cvc_wrap(body, v.body_len, v.sig, v.sig_len, again,
	    n - 1) == 0, "a certificate that does not fit is not written");
	check(uk_cvc_body(iin, guid, point, body, UK_CVC_BODY_MAX - 1) == 0,
	    "a body that may not fit is not written");
}

static void
signed_here(void)
{
	signer s, other;
	uint8_t card_q[UK_CVC_POINT_LEN], c[UK_CVC_MAX];
	size_t n;
	uk_cvc v;
	int o;

	signer_new(&s, "uimkey cvc signer");
	signer_new(&other, "uimkey cvc other signer");
	hex_parse(nist_point, card_q, sizeof(card_q));
	n = make_cvc(&s, card_q, c, sizeof(c));
	check(n > 0 && uk_cvc_parse(c, n, &v) == 0,
	    "a CVC signed here parses");
	check(uk_cvc_verify(&v, s.q) == 1, "it verifies under its signer");
	check(uk_cvc_verify(&v, other.q) == 0,
	    "it does not verify under another key");
	o = openssl_verify(&v, s.q);
	check(o == 1, "OpenSSL verifies its signature over its body");
	check(openssl_verify(&v, other.q) == 0,
	    "OpenSSL refuses it under another key");
	c[v.body - c + 20] ^= 1;        /* inside the GUID */
	check(uk_cvc_parse(c, n, &v) == 0 && uk_cvc_verify(&v, s.q) == 0,
	    "a changed body no longer verifies");
}

/* Edits of a good certificate that the parser must refuse. */
static void
refused(void)
{
	uint8_t good[UK_CVC_MAX], c[UK_CVC_MAX + 1];
	size_t n = hex_parse(sd33_cvc, good, sizeof(good)), i, cut = 0;
	uk_cvc v;
	static const struct {
		size_t at;      /* offset in the NIST CVC */
		uint8_t value;
		const char *what;
	} edit[] = {
		{ 7, 0x81, "profile 81" },
		{ 6, 0x02, "a two-byte profile" },
		{ 49, 0x08, "another curve's OID" },
		{ 52, 0x03, "a compressed point" },
		{ 119, 0x02, "a two-byte role" },
		{ 137, 0x03, "another signature algorithm's OID" },
		{ 140, 0x01, "unused bits in the signature's BIT STRING" },
		{ 141, 0x31, "a signature that is not a SEQUENCE" },
	};

	for (i = 0; i < sizeof(edit) / sizeof(edit[0]); i++) {
		memcpy(c, good, n);
		c[edit[i].at] = edit[i].value;
		checkf(uk_cvc_parse(c, n, &v) != 0 && v.body == NULL,
		    "refused: %s", edit[i].what);
	}
	for (i = 0; i < n; i++)
		cut += uk_cvc_parse(good, i, &v) != 0;
	check(cut == n, "every truncation of the certificate is refused");
	memcpy(c, good, n);
	c[n] = 0x00;
	check(uk_cvc_parse(c, n + 1, &v) != 0, "a byte after it is refused");
	check(uk_cvc_parse(good, n, &v) == 0, "the unedited one parses");
}

int
main(void)
{
	nist_card();
	signed_here();
	refused();
	return check_done();
}
