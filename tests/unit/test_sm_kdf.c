/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Secure messaging's key establishment (codec/sm_kdf.c) against a real
 * card: the values of one session with card 3 of NIST's SD 33 test
 * cards (cipher suite 2), as recorded by the OpenFIPS201 project's
 * tests.  The host's ephemeral key, the card's CVC and its answer give
 * the shared secret (BearSSL's ECDH here), IDsICC, the KDF's OtherInfo,
 * the four session keys and the AuthCryptogram the card sent.
 */
#include <stdio.h>
#include <string.h>

#include <bearssl/bearssl_ec.h>

#include "codec/cvc.h"
#include "codec/sm_kdf.h"
#include "tests/support/check.h"
#include "tests/unit/hex.h"
#include "tests/unit/sd33_cvc.h"

#define SCALAR_LEN   32

static const char host_d[] =
    "4331FA6D3F1A2835C012F365D144DBF83C77439E1C3A7F7855FD4F320962BB50";
static const char host_q[] = "04"
    "FE7BDA707EC566A7928BDD31DEF02DAF55760FC32C76FD5C8194186865FF6C92"
    "F4EA36CB045885C33990EF77655ACD02C0DD8A6BC489AE6B88115FD707E57B6E";
static const char n_icc[] = "519C38385979BE44C8A30CE9AD4555C2";
static const char want_z[] =
    "C7352CD7D14B65D61995CBBE42BEA7A7CA7DC472FE82F871AEFBCE2894C56D79";
static const char want_id_icc[] = "6FD73A54D8A00ED1";
static const char want_info[] =
    "0409090909080000000000000000010010FE7BDA707EC566A7928BDD31DEF02D"
    "AF086FD73A54D8A00ED110519C38385979BE44C8A30CE9AD4555C20100";
static const char want_keys[] =
    "33E2C480B6601A7BCB2D3BB8AA4274FB" "086B12633DA5C48CF04231DBB3861557"
    "A3C833BA17EDC6CE9D6B298BCA3BDA04" "C5948946B6B9B357FB1D359A9CD18AD3";
static const char want_cryptogram[] = "2F96D2315AE0CFA60F76C6E4CDF425EF";

int
main(void)
{
	uint8_t d[SCALAR_LEN], point[UK_SM_POINT_LEN], c[UK_CVC_MAX];
	uint8_t info[UK_SM_OTHERINFO_LEN], crypt[UK_SM_CRYPTOGRAM_LEN];
	uint8_t all[4 * UK_SM_KEY_LEN];
	const br_ec_impl *ec = &br_ec_p256_m31;
	size_t clen = hex_parse(sd33_cvc, c, sizeof(c));
	uk_sm_setup s;
	uk_sm_keys k, k2;
	uk_cvc v;

	memset(&s, 0, sizeof(s));
	hex_parse(host_q, s.qe_h, sizeof(s.qe_h));
	hex_parse(n_icc, s.n_icc, sizeof(s.n_icc));

	/* The host's side of the ECDH: its scalar times the card's key. */
	hex_parse(host_d, d, sizeof(d));
	check(uk_cvc_parse(c, clen, &v) == 0, "the card's CVC parses");
	memcpy(point, v.point, sizeof(point));
	check(ec->mul(point, sizeof(point), d, sizeof(d), BR_EC_secp256r1) == 1 &&
	    hex_same(point + 1, UK_SM_Z_LEN, want_z),
	    "ECDH of the host's scalar and the card's key gives the card's Z");

	uk_sm_id_icc(c, clen, s.id_icc);
	check(hex_same(s.id_icc, UK_SM_ID_LEN, want_id_icc),
	    "IDsICC: the first 8 bytes of SHA-256 over the CVC");
	uk_sm_other_info(&s, info);
	check(hex_same(info, sizeof(info), want_info),
	    "OtherInfo: algorithm 09x4, IDsH, CBH, T16(QeH.x), IDsICC, N_ICC, CBICC");

	uk_sm_derive(point + 1, &s, &k);
	memcpy(all, k.cfrm, UK_SM_KEY_LEN);
	memcpy(all + UK_SM_KEY_LEN, k.mac, UK_SM_KEY_LEN);
	memcpy(all + 2 * UK_SM_KEY_LEN, k.enc, UK_SM_KEY_LEN);
	memcpy(all + 3 * UK_SM_KEY_LEN, k.rmac, UK_SM_KEY_LEN);
	check(hex_same(all, sizeof(all), want_keys),
	    "SK_CFRM, SK_MAC, SK_ENC, SK_RMAC as the card derived them");

	uk_sm_cryptogram(k.cfrm, &s, crypt);
	check(hex_same(crypt, sizeof(crypt), want_cryptogram),
	    "the AuthCryptogram the card sent");

	/* Every input counts: another nonce, host identifier or control
	 * byte gives other keys. */
	s.n_icc[15] ^= 1;
	uk_sm_derive(point + 1, &s, &k2);
	check(memcmp(&k, &k2, sizeof(k)) != 0, "another N_ICC, other keys");
	s.n_icc[15] ^= 1;
	s.id_h[0] ^= 1;
	uk_sm_derive(point + 1, &s, &k2);
	check(memcmp(&k, &k2, sizeof(k)) != 0, "another IDsH, other keys");
	s.id_h[0] ^= 1;
	s.cb_icc = 1;
	uk_sm_derive(point + 1, &s, &k2);
	check(memcmp(&k, &k2, sizeof(k)) != 0, "another CBICC, other keys");
	return check_done();
}
