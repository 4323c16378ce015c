/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card's side of secure messaging's key establishment (card/sm/):
 * GENERAL AUTHENTICATE 00 87 27 04 answered with a cryptogram the host
 * checks with its own ECDH and KDF, and a CVC for the card's key that
 * the attestation key signed, whose certificate the card shows as the
 * Secure Messaging Certificate Signer (5FC122).  The key is derived from
 * the device key: the same at every start, another on another device,
 * and never in an answer.  Bad requests change nothing.
 */
#include "card/sm/sm_int.h"
#include "uk/data.h"
#include "uk/result.h"
#include "codec/x509.h"
#include "tests/support/test_device.h"
#include "tests/unit/sm_host.h"

/* GET DATA of tag (3 bytes): its status word, the answer in ans. */
static uint16_t
get_data(uint32_t tag)
{
	uint8_t d[5] = { 0x5C, 0x03, (uint8_t)(tag >> 16), (uint8_t)(tag >> 8),
	    (uint8_t)tag };

	return xsend(UIMKEY_INS_GET_DATA, 0x3F, 0xFF, d, sizeof(d));
}

/* The P-256 point of the certificate in the answer of GET DATA 5FC122
 * (53 { 70 cert, ... }): 0 when found. */
static int
signer_point(uint8_t *q)
{
	const uint8_t *p = ans, *c;
	uk_x509_parts parts;
	uk_tlv o, cert;

	if (uk_tlv_next(&p, ans + ans_len, &o) != 0 || o.tag != 0x53)
		return -1;
	c = o.value;
	if (uk_tlv_next(&c, o.value + o.len, &cert) != 0 || cert.tag != 0x70 ||
	    uk_x509_cert_parts(cert.value, cert.len, &parts) != 0 ||
	    parts.spki.len < UK_CVC_POINT_LEN)
		return -1;
	memcpy(q, parts.spki.der + parts.spki.len - UK_CVC_POINT_LEN,
	    UK_CVC_POINT_LEN);
	return 0;
}

/* The GUID in the CHUID the card answers (tag 34). */
static int
chuid_guid(uint8_t *guid)
{
	const uint8_t *p = ans, *c;
	uk_tlv o, t;

	if (get_data(0x5FC102) != UIMKEY_SW_OK ||
	    uk_tlv_next(&p, ans + ans_len, &o) != 0)
		return -1;
	for (c = o.value; uk_tlv_next(&c, o.value + o.len, &t) == 0;)
		if (t.tag == 0x34 && t.len == UK_CVC_GUID_LEN) {
			memcpy(guid, t.value, t.len);
			return 0;
		}
	return -1;
}

static void
establish(void)
{
	uint8_t signer[UK_CVC_POINT_LEN], iin[UK_CVC_IIN_LEN];
	uint8_t guid[UK_CVC_GUID_LEN], d[32], q[UK_CVC_POINT_LEN];
	uint8_t f9obj[ANS_MAX];
	size_t f9len;
	struct sm_host h;

	card_fresh(7);
	check(uk_sm_scalar(&card, d) == UK_OK &&
	    br_ec_p256_m31.mulgen(q, d, sizeof(d), BR_EC_secp256r1) ==
	    sizeof(q), "the card's key-establishment key derives");
	/* Every answer from here on is scanned for it. */
	add_secret(d, sizeof(d));
	snapshot();
	check(sm_host_open(&h, "host one") == 0 && h.cryptogram_ok,
	    "key establishment: the card's AuthCryptogram is the host's");
	check(unchanged(), "...and it wrote nothing to the store");
	check(memcmp(h.v.point, q, sizeof(q)) == 0 &&
	    h.v.role == UK_CVC_ROLE_CARD,
	    "the CVC names the card's key, as the card's key");
	check(chuid_guid(guid) == 0 && h.v.subject_len == sizeof(guid) &&
	    memcmp(h.v.subject, guid, sizeof(guid)) == 0,
	    "its subject is the GUID of the card's CHUID");

	check(get_data(UK_OBJ_ATTEST_CERT) == UIMKEY_SW_OK,
	    "the attestation certificate reads");
	f9len = ans_len;
	memcpy(f9obj, ans, f9len);
	check(get_data(0x5FC122) == UIMKEY_SW_OK && ans_len == f9len &&
	    memcmp(ans, f9obj, f9len) == 0,
	    "5FC122 is the attestation certificate until one is stored");
	check(signer_point(signer) == 0 && uk_cvc_verify(&h.v, signer) == 1,
	    "the CVC verifies under the signer certificate's key");
	uk_cvc_iin(signer, iin);
	check(memcmp(h.v.iin, iin, sizeof(iin)) == 0,
	    "its IIN names that key");
	check(sm_host_open(&h, "host two") == 0 && h.cryptogram_ok,
	    "a second establishment works with another host key");
}

/* The same store on another start: the same key and CVC; another
 * device key: another key. */
static void
stable(void)
{
	struct sm_host a, b;
	struct test_device other;

	card_fresh(8);
	sm_host_open(&a, "host");
	uimkey_card_power_off(&card);
	check(card_start(&store.vtable, 9) == UIMKEY_CARD_OK &&
	    sm_host_open(&b, "host") == 0 && b.cryptogram_ok &&
	    a.cvc_len == b.cvc_len && memcmp(a.cvc, b.cvc, a.cvc_len) == 0,
	    "after a restart: the same CVC (RFC 6979 signature)");
	ram_memory_blank(&store, 1);
	test_device_init(&other, 0x5A, 0);
	check(uimkey_card_init(&card, &store.vtable, &rng.vtable,
	    &other.vtable) == UIMKEY_CARD_OK, "a card on another device");
	uimkey_card_power_on(&card);
	check(sm_host_open(&b, "host") == 0 && b.cryptogram_ok &&
	    memcmp(a.v.point, b.v.point, UK_CVC_POINT_LEN) != 0,
	    "another device key, another key-establishment key");
}

static void
refused(void)
{
	uint8_t d[32], q[UK_SM_POINT_LEN], out[ANS_MAX];
	size_t n;
	struct sm_host h;

	card_fresh(10);
	sm_host_ephemeral("bad host", d, q);
	snapshot();
	check(sm_host_ga04(0x11, q) == UIMKEY_SW_WRONG_P1P2,
	    "another algorithm than cipher suite 2: 6A86");
	q[10] ^= 1;
	check(sm_host_ga04(UIMKEY_ALG_SM_CS2, q) == UIMKEY_SW_WRONG_DATA,
	    "a host key off the curve: 6A80");
	q[10] ^= 1;
	q[0] = 0x03;
	check(sm_host_ga04(UIMKEY_ALG_SM_CS2, q) == UIMKEY_SW_WRONG_DATA,
	    "a compressed host key: 6A80");
	check(sendx(UIMKEY_INS_GEN_AUTH, UIMKEY_ALG_SM_CS2, UIMKEY_REF_SM,
	    "7C 02 82 00") == UIMKEY_SW_WRONG_DATA &&
	    sendx(UIMKEY_INS_GEN_AUTH, UIMKEY_ALG_SM_CS2, UIMKEY_REF_SM,
	    "") == UIMKEY_SW_WRONG_DATA, "no host part, or no data: 6A80");
	check(unchanged(), "...and none of them wrote anything");
	check(sm_host_open(&h, "good host") == 0 && h.cryptogram_ok &&
	    sm_host_cmd(&h, UIMKEY_INS_GEN_AUTH, UIMKEY_ALG_SM_CS2,
	    UIMKEY_REF_SM, NULL, 0, out, &n) == UIMKEY_SW_CONDITIONS,
	    "key establishment inside a session: 6985, protected");
	check(sm_host_cmd(&h, UIMKEY_INS_GET_VERSION, 0, 0, NULL, 0, out,
	    &n) == UIMKEY_SW_OK, "...and that session goes on");
}

int
main(void)
{
	establish();
	stable();
	refused();
	return check_done();
}
