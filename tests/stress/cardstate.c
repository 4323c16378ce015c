/* SPDX-License-Identifier: BSD-2-Clause */
/* The card state the stress tests compare (cardstate.h). */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <string.h>

#include <bearssl/bearssl_hash.h>
#include <bearssl/bearssl_rsa.h>

#include "tests/stress/cardstate.h"

const uint8_t cs_slots[CS_NSLOTS] = { 0x9A, 0x9C, 0x9D, 0x82, 0x83 };
const char cs_factory_pin[] = "123456";
const char cs_factory_puk[] = "12345678";
const uint8_t cs_factory_mgmt[24] = {
	1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8,
};

int
cs_gone(int err)
{
	switch (err) {
	case UIMKEY_ERR_PCSC:
	case UIMKEY_ERR_NO_READER:
	case UIMKEY_ERR_NO_CARD:
	case UIMKEY_ERR_CARD_REMOVED:
	case UIMKEY_ERR_CARD_RESET:
	case UIMKEY_ERR_SHARING:
	case UIMKEY_ERR_TX:
	case UIMKEY_ERR_TIMEOUT:
	case UIMKEY_ERR_NOT_OPEN:
		return 1;
	default:
		return 0;
	}
}

static int
read_cred(uimkey_dev_t *dev, uint8_t ref, int *tries, int *total,
    int *is_default)
{
	uimkey_piv_meta_t m;
	int r;

	if ((r = uimkey_piv_get_metadata(dev, ref, &m)) != UIMKEY_OK)
		return r;
	*tries = m.tries_left;
	*total = m.tries_total;
	*is_default = m.is_default;
	return UIMKEY_OK;
}

static int
read_all(uimkey_dev_t *dev, struct cs_state *st)
{
	uimkey_piv_meta_t m;
	size_t i;
	int r, installed, locked;

	if ((r = read_cred(dev, UIMKEY_REF_PIN, &st->pin_tries,
	    &st->pin_total, &st->pin_default)) != UIMKEY_OK ||
	    (r = read_cred(dev, UIMKEY_REF_PUK, &st->puk_tries,
	    &st->puk_total, &st->puk_default)) != UIMKEY_OK)
		return r;
	if ((r = uimkey_piv_get_metadata(dev, UIMKEY_SLOT_MGMT, &m)) !=
	    UIMKEY_OK)
		return r;
	st->mgmt_alg = m.alg;
	st->mgmt_default = m.is_default;
	for (i = 0; i < CS_NSLOTS; i++) {
		r = uimkey_piv_get_metadata(dev, cs_slots[i], &m);
		if (r == UIMKEY_ERR_SW_NO_REF)
			continue;
		if (r != UIMKEY_OK)
			return r;
		st->keys[i].present = 1;
		st->keys[i].spki_len = m.spki_len;
		memcpy(st->keys[i].spki, m.spki, m.spki_len);
	}
	for (i = 0; i < CS_NSLOTS; i++) {
		r = uimkey_piv_read_cert(dev, cs_slots[i], st->certs[i].der,
		    sizeof(st->certs[i].der), &st->certs[i].len);
		if (r == UIMKEY_ERR_SW_NOT_FOUND) {
			st->certs[i].len = 0;
			continue;
		}
		if (r != UIMKEY_OK)
			return r;
		st->certs[i].present = 1;
	}
	if ((r = uimkey_piv_lock_status(dev, &installed, &locked,
	    &st->lock_counter)) != UIMKEY_OK)
		return r;
	st->lock_installed = installed;
	st->lock_locked = locked;
	return UIMKEY_OK;
}

int
cs_read(uimkey_dev_t *dev, struct cs_state *st)
{
	int r;

	memset(st, 0, sizeof(*st));
	if ((r = uimkey_dev_begin(dev)) != UIMKEY_OK)
		return r;
	r = read_all(dev, st);
	(void)uimkey_dev_end(dev);
	return r;
}

int
cs_key_eq(const struct cs_key *a, const struct cs_key *b)
{
	if (a->present != b->present)
		return 0;
	return !a->present || (a->spki_len == b->spki_len &&
	    memcmp(a->spki, b->spki, a->spki_len) == 0);
}

int
cs_cert_eq(const struct cs_cert *a, const struct cs_cert *b)
{
	if (a->present != b->present)
		return 0;
	return !a->present || (a->len == b->len &&
	    memcmp(a->der, b->der, a->len) == 0);
}

int
cs_diff(const struct cs_state *w, const struct cs_state *g, char *why,
    size_t n)
{
	size_t i;

#define DIFF_INT(f) \
	if (w->f != g->f) { \
		snprintf(why, n, #f ": want %ld, got %ld", (long)w->f, \
		    (long)g->f); \
		return 1; \
	}
	DIFF_INT(pin_tries)
	DIFF_INT(pin_total)
	DIFF_INT(pin_default)
	DIFF_INT(puk_tries)
	DIFF_INT(puk_total)
	DIFF_INT(puk_default)
	DIFF_INT(mgmt_alg)
	DIFF_INT(mgmt_default)
	DIFF_INT(lock_installed)
	DIFF_INT(lock_locked)
	DIFF_INT(lock_counter)
#undef DIFF_INT
	for (i = 0; i < CS_NSLOTS; i++) {
		if (!cs_key_eq(&w->keys[i], &g->keys[i])) {
			snprintf(why, n, "key %02X: want %s, got %s",
			    cs_slots[i], w->keys[i].present ? "a key" : "none",
			    g->keys[i].present ? (w->keys[i].present ?
			    "another key" : "a key") : "none");
			return 1;
		}
		if (!cs_cert_eq(&w->certs[i], &g->certs[i])) {
			snprintf(why, n, "certificate %02X: want %zu bytes "
			    "(%s), got %zu bytes (%s)", cs_slots[i],
			    w->certs[i].len, w->certs[i].present ? "present" :
			    "absent", g->certs[i].len, g->certs[i].present ?
			    "present" : "absent");
			return 1;
		}
	}
	return 0;
}

int
cs_spki_ok(const uint8_t *spki, size_t spki_len)
{
	uimkey_piv_pubkey_t pk;

	return uimkey_piv_spki_parse(spki, spki_len, &pk) == UIMKEY_OK &&
	    (pk.alg == UIMKEY_ALG_ECCP256 || pk.alg == UIMKEY_ALG_ECCP384) &&
	    pk.point_len > 0;
}

int
cs_verify(const uint8_t *spki, size_t spki_len, const uint8_t *hash,
    size_t hash_len, const uint8_t *sig, size_t sig_len)
{
	uimkey_piv_pubkey_t pk;
	br_ec_public_key ec;
	br_rsa_public_key rsa;
	uint8_t out[64];

	if (uimkey_piv_spki_parse(spki, spki_len, &pk) != UIMKEY_OK)
		return 0;
	if (pk.alg == UIMKEY_ALG_ECCP256 || pk.alg == UIMKEY_ALG_ECCP384) {
		ec.curve = pk.alg == UIMKEY_ALG_ECCP256 ? BR_EC_secp256r1 :
		    BR_EC_secp384r1;
		ec.q = (unsigned char *)(uintptr_t)pk.point;
		ec.qlen = pk.point_len;
		return br_ecdsa_i31_vrfy_asn1(br_ec_get_default(), hash,
		    hash_len, &ec, sig, sig_len) == 1;
	}
	if (pk.n_len == 0 || hash_len != 32)
		return 0;
	rsa.n = (unsigned char *)(uintptr_t)pk.n;
	rsa.nlen = pk.n_len;
	rsa.e = (unsigned char *)(uintptr_t)pk.e;
	rsa.elen = pk.e_len;
	if (br_rsa_i31_pkcs1_vrfy(sig, sig_len, BR_HASH_OID_SHA256, 32, &rsa,
	    out) != 1)
		return 0;
	return memcmp(out, hash, 32) == 0;
}

int
cs_issuer_init(struct cs_issuer *iss, const uint8_t seed[32])
{
	br_ec_public_key pk;
	uint8_t buf[BR_EC_KBUF_PUB_MAX_SIZE];

	memset(iss, 0, sizeof(*iss));
	memcpy(iss->x, seed, 32);
	iss->x[0] &= 0x7F;      /* below the group order */
	iss->x[31] |= 0x01;     /* and not zero */
	iss->sk.curve = BR_EC_secp256r1;
	iss->sk.x = iss->x;
	iss->sk.xlen = sizeof(iss->x);
	if (br_ec_compute_pub(br_ec_get_default(), &pk, buf, &iss->sk) !=
	    UIMKEY_LOCK_POINT_LEN)
		return -1;
	memcpy(iss->point, pk.q, UIMKEY_LOCK_POINT_LEN);
	return 0;
}

int
cs_issuer_token(const struct cs_issuer *iss, uint32_t serial,
    uint8_t action, uint32_t counter, uint8_t *out, size_t *len)
{
	uint8_t hash[32], sig[UIMKEY_LOCK_SIG_MAX];
	size_t n;
	int r;

	if ((r = uimkey_lock_token_hash(serial, action, counter, hash)) !=
	    UIMKEY_OK)
		return r;
	n = br_ecdsa_i31_sign_asn1(br_ec_get_default(), &br_sha256_vtable,
	    hash, &iss->sk, sig);
	if (n == 0)
		return UIMKEY_ERR_INTERNAL;
	return uimkey_lock_token_encode(serial, action, counter, sig, n, out,
	    UIMKEY_LOCK_TOKEN_MAX, len);
}

void
cs_fake_cert(uint8_t *der, size_t len, const uint8_t *rnd)
{
	size_t hdr, c;

	if (len <= 2 + 127)
		hdr = 2;
	else if (len <= 3 + 255)
		hdr = 3;
	else
		hdr = 4;
	c = len - hdr;
	der[0] = 0x30;
	if (hdr == 2) {
		der[1] = (uint8_t)c;
	} else if (hdr == 3) {
		der[1] = 0x81;
		der[2] = (uint8_t)c;
	} else {
		der[1] = 0x82;
		der[2] = (uint8_t)(c >> 8);
		der[3] = (uint8_t)c;
	}
	memcpy(der + hdr, rnd, c);
}
