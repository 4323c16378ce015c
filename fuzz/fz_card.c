/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The fuzz targets' card (fz_card.h): the tests' RAM memory with power
 * cuts and counter rng, snapshots built once through the card's own
 * commands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bearssl/bearssl.h>

#include "card/auth/auth_kp.h"
#include "codec/ecdsa_low_s.h"
#include "uk/keys.h"
#include "uk/store.h"
#include "card/piv_rules.h"
#include "card/wire.h"
#include "fuzz/fz_card.h"
#include "tests/support/card_fixture.h"
#include "tests/unit/key_vectors.h"

struct ram_memory fz_store;
struct test_rng fz_rng;
uimkey_card fz_card;

/* ---- power cuts ---- */

void
fz_arm_cut(unsigned long n, int tear)
{
	ram_memory_arm_cut(&fz_store, n, tear, RAM_PREFIX);
}

void
fz_reboot(void)
{
	ram_memory_reboot(&fz_store);
}

/* ---- snapshots ---- */

struct fz_snap {
	uint8_t pristine[UIMKEY_MEMORY_SIZE];
	uimkey_card card;
	struct test_rng rng;
	struct fz_secrets secrets;
	size_t used;                    /* last byte not erased, + 1 */
	int built;
};

static struct fz_snap *snaps[FZ_MODES];
static struct fz_snap *current;

static void
snap_take(enum fz_mode mode)
{
	struct fz_snap *sn = snaps[mode];

	memcpy(sn->pristine, fz_store.mem, UIMKEY_MEMORY_SIZE);
	memcpy(&sn->card, &fz_card, sizeof(fz_card));
	sn->rng = fz_rng;
	for (sn->used = UIMKEY_MEMORY_SIZE; sn->used > 0 &&
	    sn->pristine[sn->used - 1] == UIMKEY_MEMORY_ERASED; sn->used--)
		;
	fz_secrets_reset(&sn->secrets);
	fz_secrets_from_card(&sn->secrets);
	sn->built = 1;
}

/* Make the memory sn's pristine copy again, copying no more than can
 * differ: the last input's writes when it ran on sn, else everything
 * either state uses (both are erased above that). */
static void
restore(struct fz_snap *sn)
{
	size_t top;

	if (current == sn) {
		if (fz_store.hi > fz_store.lo)
			memcpy(fz_store.mem + fz_store.lo,
			    sn->pristine + fz_store.lo,
			    fz_store.hi - fz_store.lo);
	} else {
		top = current != NULL ? current->used : UIMKEY_MEMORY_SIZE;
		if (top < sn->used)
			top = sn->used;
		if (top < fz_store.hi)
			top = fz_store.hi;
		memcpy(fz_store.mem, sn->pristine, top);
	}
	ram_memory_clean(&fz_store);
	current = sn;
}

void
fz_start(enum fz_mode mode)
{
	struct fz_snap *sn = snaps[mode];

	if (sn == NULL || !sn->built)
		abort();
	restore(sn);
	fz_store.writes = 0;
	fz_store.syncs = 0;
	fz_store.fail_read = 0;
	ram_memory_disarm(&fz_store);
	fz_rng = sn->rng;
	memcpy(&fz_card, &sn->card, sizeof(fz_card));
}

size_t
fz_used(void)
{
	return current != NULL && current->used > 0 ? current->used : 1;
}

uint32_t
fz_serial(enum fz_mode mode)
{
	return snaps[mode] != NULL ? snaps[mode]->card.serial : 0;
}

const struct fz_secrets *
fz_mode_secrets(enum fz_mode mode)
{
	return &snaps[mode]->secrets;
}

/* ---- APDUs ---- */

size_t
fz_hex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1, v;

	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			v = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			v = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			v = *s - 'A' + 10;
		else
			continue;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n < cap)
			out[n] = (uint8_t)(hi << 4 | v);
		n++;
		hi = -1;
	}
	return n < cap ? n : cap;
}

uint16_t
fz_send(uint8_t ins, uint8_t p1, uint8_t p2, const uint8_t *data,
    size_t len, uint8_t *ans, size_t cap, size_t *ans_len)
{
	static uint8_t cmd[UIMKEY_CARD_CMD_MAX], r[UIMKEY_CARD_RSP_MAX];
	size_t n, dummy = 0;

	if (ans_len == NULL)
		ans_len = &dummy;
	*ans_len = 0;
	if (len > UIMKEY_CARD_CMD_DATA_MAX)
		return 0x6700;
	return tc_process_all(&fz_card, cmd, tc_ext_apdu(cmd, ins, p1, p2, data,
	    len), r, &n, ans, cap, ans_len);
}

uint16_t
fz_sendx(uint8_t ins, uint8_t p1, uint8_t p2, const char *hex, uint8_t *ans,
    size_t cap, size_t *ans_len)
{
	static uint8_t d[UIMKEY_CARD_CMD_DATA_MAX];

	return fz_send(ins, p1, p2, d, fz_hex(hex, d, sizeof(d)), ans, cap,
	    ans_len);
}

int
fz_verify_pin(void)
{
	return fz_sendx(UIMKEY_INS_VERIFY, 0x00, 0x80, "313233343536FFFF",
	    NULL, 0, NULL) == UIMKEY_SW_OK;
}

const uint8_t fz_mgmt_factory[24] = { 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4,
	5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8 };
const uint8_t fz_mgmt_perso[24] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
	12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24 };

int
fz_mgmt_auth(const uint8_t key[24])
{
	uint8_t d[12] = { 0x7C, 0x0A, 0x80, 0x08 }, iv[8], ans[64];
	br_des_ct_cbcdec_keys dec;
	size_t n;

	if (fz_sendx(UIMKEY_INS_GEN_AUTH, UIMKEY_ALG_3DES, 0x9B, "7C028000",
	    ans, sizeof(ans), &n) != UIMKEY_SW_OK || n != 12 ||
	    memcmp(ans, "\x7C\x0A\x80\x08", 4) != 0)
		return 0;
	memcpy(d + 4, ans + 4, 8);
	br_des_ct_cbcdec_init(&dec, key, 24);
	memset(iv, 0, sizeof(iv));
	br_des_ct_cbcdec_run(&dec, iv, d + 4, 8);
	return fz_send(UIMKEY_INS_GEN_AUTH, UIMKEY_ALG_3DES, 0x9B, d,
	    sizeof(d), NULL, 0, NULL) == UIMKEY_SW_OK;
}

/* ---- secrets ---- */

void
fz_secrets_reset(struct fz_secrets *x)
{
	x->n = 0;
	x->used = 0;
}

void
fz_secrets_add(struct fz_secrets *x, const uint8_t *s, size_t len)
{
	if (len < 16 || x->n == FZ_SECRETS_MAX ||
	    len > sizeof(x->buf) - x->used)
		return;
	memcpy(x->buf + x->used, s, len);
	x->s[x->n] = x->buf + x->used;
	x->len[x->n++] = len;
	x->used += len;
}

/* The private elements of a loaded key. */
static void
add_key(struct fz_secrets *x, const uk_key *k)
{
	if (uimkey_alg_is_ec(k->alg)) {
		fz_secrets_add(x, k->u.ec.d, k->u.ec.sk.xlen);
		return;
	}
	fz_secrets_add(x, k->u.rsa.p, k->u.rsa.sk.plen);
	fz_secrets_add(x, k->u.rsa.q, k->u.rsa.sk.qlen);
	fz_secrets_add(x, k->u.rsa.dp, k->u.rsa.sk.dplen);
	fz_secrets_add(x, k->u.rsa.dq, k->u.rsa.sk.dqlen);
	fz_secrets_add(x, k->u.rsa.iq, k->u.rsa.sk.iqlen);
}

/* KP into the card's RAM, white box, when the input left it elsewhere:
 * the snapshots' PIN and PUK are the factory ones, whose wraps open it
 * while the input did not change them. */
static void
kp_for_secrets(const uk_cred *cred)
{
	static const uint8_t pin[8] = { '1', '2', '3', '4', '5', '6', 0xFF,
	    0xFF };
	static const uint8_t puk[8] = { '1', '2', '3', '4', '5', '6', '7',
	    '8' };
	uint8_t kp[UK_KP_LEN];

	if (fz_card.kp_cache.known)
		return;
	if (uk_wrap_open(&fz_card, cred, UIMKEY_REF_PIN, pin, kp) ||
	    uk_wrap_open(&fz_card, cred, UIMKEY_REF_PUK, puk, kp))
		uk_kp_remember(&fz_card, kp, pin);
	memset(kp, 0, sizeof(kp));
}

void
fz_secrets_from_card(struct fz_secrets *x)
{
	static uk_key key;
	uimkey_channel saved[UK_CHANNELS];
	uint8_t saved_cur = fz_card.cur;
	uimkey_kp_cache saved_kp = fz_card.kp_cache;
	uint32_t saved_runs = fz_card.kdf_runs;
	uk_cred cred;
	int i;

	/* The card's volatile state is put back as it was at the end. */
	memcpy(saved, fz_card.ch, sizeof(saved));
	if (uk_cred_load(&fz_card, &cred) == UIMKEY_SW_OK) {
		kp_for_secrets(&cred);
		fz_secrets_add(x, cred.mgmt_key,
		    uimkey_mgmt_key_len(cred.mgmt_alg));
	}
	for (i = 0; i < UIMKEY_SLOT_COUNT; i++) {
		if (uk_key_load(&fz_card, i, &key) == UK_OK)
			add_key(x, &key);
		uk_key_wipe(&key);
	}
	uk_cred_wipe(&cred);
	memcpy(fz_card.ch, saved, sizeof(saved));
	fz_card.cur = saved_cur;
	fz_card.kp_cache = saved_kp;
	fz_card.kdf_runs = saved_runs;
}

static int
in(const uint8_t *hay, size_t n, const uint8_t *w, size_t k)
{
	size_t i;

	if (n < k)
		return 0;
	for (i = 0; i + k <= n; i++)
		if (hay[i] == w[0] && memcmp(hay + i, w, k) == 0)
			return 1;
	return 0;
}

int
fz_leaks(const struct fz_secrets *x, const uint8_t *hay, size_t n,
    const uint8_t *input, size_t input_len, size_t *which)
{
	size_t s, off, last;

	for (s = 0; s < x->n; s++) {
		last = x->len[s] - 16;
		for (off = 0;; off += 16) {
			if (off > last)
				off = last;
			if (in(hay, n, x->s[s] + off, 16) &&
			    !in(input, input_len, x->s[s] + off, 16)) {
				if (which != NULL)
					*which = s;
				return 1;
			}
			if (off == last)
				break;
		}
	}
	return 0;
}

/* ---- the issuer's lock tokens ---- */

size_t
fz_lock_token(uint32_t serial, uint8_t action, uint32_t counter,
    uint8_t *out, size_t cap)
{
	uint8_t msg[UIMKEY_LOCK_MSG_LEN], hash[32], d[32], sig[80];
	br_ec_private_key sk;
	br_sha256_context h;
	size_t n = 0, slen;

	fz_hex(VEC_P256_D, d, sizeof(d));
	memcpy(msg, UIMKEY_LOCK_DOMAIN, UIMKEY_LOCK_DOMAIN_LEN);
	msg[20] = (uint8_t)(serial >> 24);
	msg[21] = (uint8_t)(serial >> 16);
	msg[22] = (uint8_t)(serial >> 8);
	msg[23] = (uint8_t)serial;
	msg[24] = action;
	msg[25] = (uint8_t)(counter >> 24);
	msg[26] = (uint8_t)(counter >> 16);
	msg[27] = (uint8_t)(counter >> 8);
	msg[28] = (uint8_t)counter;
	br_sha256_init(&h);
	br_sha256_update(&h, msg, sizeof(msg));
	br_sha256_out(&h, hash);
	sk.curve = BR_EC_secp256r1;
	sk.x = d;
	sk.xlen = sizeof(d);
	slen = br_ecdsa_i31_sign_asn1(br_ec_get_default(), &br_sha256_vtable,
	    hash, &sk, sig);
	/* The card takes only the low-S form. */
	slen = slen == 0 ? 0 : uk_ecdsa_p256_to_low_s(sig, slen, sig,
	    sizeof(sig));
	if (slen == 0 || cap < 17 + 2 + slen)
		return 0;
	out[n++] = 0x01; out[n++] = 4;
	memcpy(out + n, msg + 20, 4); n += 4;
	out[n++] = 0x02; out[n++] = 1; out[n++] = action;
	out[n++] = 0x03; out[n++] = 4;
	memcpy(out + n, msg + 25, 4); n += 4;
	out[n++] = 0x04; out[n++] = (uint8_t)slen;
	memcpy(out + n, sig, slen);
	return n + slen;
}

/* ---- building the states ---- */

static int
ok(uint16_t sw, const char *what)
{
	if (sw != UIMKEY_SW_OK)
		fprintf(stderr, "fz_setup: %s: SW %04X\n", what, sw);
	return sw == UIMKEY_SW_OK;
}

static int
factory(uint8_t rng_first)
{
	current = NULL;
	ram_memory_blank(&fz_store, 0);
	return tc_start(&fz_card, &fz_store, &fz_rng, rng_first) ==
	    UIMKEY_CARD_OK ? 0 : -1;
}

/* IMPORT KEY of RSA-2048 from the test vectors. */
static uint16_t
import_rsa(uint8_t slot)
{
	static const char *const parts[5] = { VEC_RSA_P, VEC_RSA_Q,
		VEC_RSA_DP, VEC_RSA_DQ, VEC_RSA_IQ };
	uint8_t d[5 * (3 + 128)], v[256];
	size_t n = 0, k, i;

	for (i = 0; i < 5; i++) {
		k = fz_hex(parts[i], v, sizeof(v));
		d[n++] = (uint8_t)(i + 1);
		d[n++] = 0x81;
		d[n++] = (uint8_t)k;
		memcpy(d + n, v, k);
		n += k;
	}
	return fz_send(UIMKEY_INS_IMPORT_KEY, UIMKEY_ALG_RSA2048, slot, d, n,
	    NULL, 0, NULL);
}

/* A certificate object 70 {cert} 71 01 00 FE 00 under tag. */
static uint16_t
put_cert(const char *tag_hex, const uint8_t *cert, size_t len)
{
	static uint8_t d[4096];
	size_t n = 0, inner = 4 + len + 3 + 2;

	n = fz_hex(tag_hex, d, sizeof(d));
	d[n++] = 0x53;
	d[n++] = 0x82;
	d[n++] = (uint8_t)(inner >> 8);
	d[n++] = (uint8_t)inner;
	d[n++] = 0x70;
	d[n++] = 0x82;
	d[n++] = (uint8_t)(len >> 8);
	d[n++] = (uint8_t)len;
	memcpy(d + n, cert, len);
	n += len;
	memcpy(d + n, "\x71\x01\x00\xFE\x00", 5);
	n += 5;
	return fz_send(UIMKEY_INS_PUT_DATA, 0x3F, 0xFF, d, n, NULL, 0, NULL);
}

static int
personalize(void)
{
	static uint8_t ans[8192];
	uint8_t d[256];
	size_t n, k;
	int good = 1;

	good &= fz_mgmt_auth(fz_mgmt_factory);
	good &= ok(fz_sendx(UIMKEY_INS_GEN_KEY, 0x00, 0x9A, "AC03800111",
	    NULL, 0, NULL), "generate 9A");
	d[0] = 0x06;
	d[1] = 48;
	fz_hex(VEC_P384_D, d + 2, 48);
	good &= ok(fz_send(UIMKEY_INS_IMPORT_KEY, UIMKEY_ALG_ECCP384, 0x9C, d,
	    50, NULL, 0, NULL), "import 9C");
	good &= ok(import_rsa(0x9D), "import 9D");
	good &= ok(fz_sendx(UIMKEY_INS_GEN_KEY, 0x00, 0x9E, "AC03800111",
	    NULL, 0, NULL), "generate 9E");
	good &= ok(fz_sendx(UIMKEY_INS_GEN_KEY, 0x00, 0x82, "AC06800114AA0103",
	    NULL, 0, NULL), "generate 82");
	d[0] = 0x06;
	d[1] = 32;
	fz_hex(VEC_P256_D, d + 2, 32);
	memcpy(d + 34, "\xAA\x01\x01", 3);
	good &= ok(fz_send(UIMKEY_INS_IMPORT_KEY, UIMKEY_ALG_ECCP256, 0x83, d,
	    37, NULL, 0, NULL), "import 83");
	good &= ok(fz_sendx(UIMKEY_INS_GEN_KEY, 0x00, 0x84, "AC03800107",
	    NULL, 0, NULL), "generate 84 (RSA, fake keygen)");
	/* Certificates: 9A's attestation as its certificate, the F9
	 * certificate for 9C. */
	good &= ok(fz_send(UIMKEY_INS_ATTEST, 0x9A, 0x00, NULL, 0, ans,
	    sizeof(ans), &n), "attest 9A");
	good &= ok(put_cert("5C035FC105", ans, n), "put cert 9A");
	good &= ok(fz_sendx(UIMKEY_INS_GET_DATA, 0x3F, 0xFF, "5C035FFF01",
	    ans, sizeof(ans), &n), "get F9 cert");
	/* 53 82 LL 70 82 LL cert ...: take the certificate. */
	if (n > 8 && ans[0] == 0x53 && ans[4] == 0x70 && ans[5] == 0x82) {
		k = (size_t)ans[6] << 8 | ans[7];
		if (k <= n - 8)
			good &= ok(put_cert("5C035FC10A", ans + 8, k),
			    "put cert 9C");
	}
	good &= ok(fz_sendx(UIMKEY_INS_PUT_DATA, 0x3F, 0xFF,
	    "5C035FC109 53 0D 01 05 416C696365 02 04 4F726731",
	    NULL, 0, NULL), "put printed");
	good &= ok(fz_sendx(UIMKEY_INS_PUT_DATA, 0x3F, 0xFF,
	    "5C035FFF00 53 08 80 06 81 01 01 82 01 01", NULL, 0, NULL),
	    "put admin data");
	/* The card's own management key (authentication kept), then the
	 * issuer key: the RFC 6979 P-256 key, start counter 100. */
	d[0] = UIMKEY_ALG_3DES;
	d[1] = 0x9B;
	d[2] = 24;
	memcpy(d + 3, fz_mgmt_perso, 24);
	good &= ok(fz_send(UIMKEY_INS_SET_MGMT, 0xFF, 0xFF, d, 27, NULL, 0,
	    NULL), "set management key");
	n = 0;
	d[n++] = 0x01;
	d[n++] = 0x41;
	n += fz_hex(VEC_P256_Q, d + n, 65);
	memcpy(d + n, "\x02\x04\x00\x00\x00\x64", 6);
	n += 6;
	good &= ok(fz_send(UIMKEY_INS_INSTALL_ISSUER, 0x00, 0x00, d, n, NULL,
	    0, NULL), "install issuer key");
	return good ? 0 : -1;
}

int
fz_setup(void)
{
	uint8_t tok[128];
	size_t n;
	int m;

	for (m = 0; m < FZ_MODES; m++)
		if (snaps[m] == NULL && (snaps[m] = calloc(1, sizeof(**snaps))) ==
		    NULL)
			return -1;
	if (factory(7) != 0)
		return -1;
	snap_take(FZ_FACTORY7);
	if (factory(1) != 0)
		return -1;
	snap_take(FZ_FACTORY1);
	if (factory(7) != 0 || personalize() != 0)
		return -1;
	uimkey_card_reset(&fz_card);
	snap_take(FZ_PERSO);
	if (!fz_mgmt_auth(fz_mgmt_perso) || !fz_verify_pin())
		return -1;
	snap_take(FZ_PERSO_AUTH);
	/* Locked: a lock token with counter 101. */
	fz_start(FZ_PERSO);
	n = fz_lock_token(fz_card.serial, UIMKEY_LOCK_ACTION_LOCK, 101, tok,
	    sizeof(tok));
	if (n == 0 || !ok(fz_send(UIMKEY_INS_APPLY_LOCK, 0x00, 0x00, tok, n,
	    NULL, 0, NULL), "apply lock token"))
		return -1;
	uimkey_card_reset(&fz_card);
	snap_take(FZ_PERSO_LOCKED);
	/* The next start copies its state whole. */
	current = NULL;
	return 0;
}
