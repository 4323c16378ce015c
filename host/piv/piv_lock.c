/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The issuer lock, host side: INSTALL ISSUER KEY (uimkey INS 57), APPLY
 * LOCK TOKEN (INS 56), the lock state (GET METADATA 5A), and the issuer's
 * token helpers, which need no card.  docs/apdu.md, "Issuer lock".
 */
#define _DEFAULT_SOURCE
#include <string.h>

#include <bearssl/bearssl_hash.h>

#include "codec/ecdsa_low_s.h"
#include "codec/tlv.h"
#include "card/wire.h"
#include "piv_priv.h"

#define LOCK_FIELDS     4       /* token tags 01..04 */
#define SERIAL_LEN      4
#define ACTION_LEN      1
#define COUNTER_LEN     4
#define COUNTER_LAST    0xFFFFFFFFu
#define DER_SEQUENCE    0x30
#define INSTALL_LEN     (2 + UIMKEY_LOCK_POINT_LEN + 2 + COUNTER_LEN)
#define META_RSP_MAX    128
/* A token's TLV headers and fixed fields: all but the signature. */
#define TOKEN_HEAD_LEN  (2 + SERIAL_LEN + 2 + ACTION_LEN + 2 + COUNTER_LEN + 2)

static void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t
get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int
action_ok(uint8_t action)
{
	return action == UIMKEY_LOCK_ACTION_LOCK ||
	    action == UIMKEY_LOCK_ACTION_UNLOCK;
}

int
uimkey_lock_token_build(uint32_t serial, uint8_t action, uint32_t counter,
    uint8_t *msg)
{
	int r = UIMKEY_ERR_ARG;

	if (msg == NULL || !action_ok(action))
		goto fail;
	memcpy(msg, UIMKEY_LOCK_DOMAIN, UIMKEY_LOCK_DOMAIN_LEN);
	put_be32(msg + UIMKEY_LOCK_DOMAIN_LEN, serial);
	msg[UIMKEY_LOCK_DOMAIN_LEN + SERIAL_LEN] = action;
	put_be32(msg + UIMKEY_LOCK_DOMAIN_LEN + SERIAL_LEN + ACTION_LEN,
	    counter);
	r = UIMKEY_OK;
fail:
	return r;
}

int
uimkey_lock_token_hash(uint32_t serial, uint8_t action, uint32_t counter,
    uint8_t *hash)
{
	uint8_t msg[UIMKEY_LOCK_MSG_LEN];
	br_sha256_context h;
	int r = UIMKEY_ERR_ARG;

	if (hash == NULL ||
	    (r = uimkey_lock_token_build(serial, action, counter, msg)) !=
	    UIMKEY_OK)
		goto fail;
	br_sha256_init(&h);
	br_sha256_update(&h, msg, sizeof(msg));
	br_sha256_out(&h, hash);
fail:
	return r;
}

/* One DER SEQUENCE filling sig (short length: a P-256 signature's is
 * below 128): catches a raw r||s passed by mistake. */
static int
der_sig_ok(const uint8_t *sig, size_t len)
{
	return sig != NULL && len >= UIMKEY_LOCK_SIG_MIN &&
	    len <= UIMKEY_LOCK_SIG_MAX && sig[0] == DER_SEQUENCE &&
	    sig[1] == len - 2;
}

/* The signature goes in its low-S form (codec/ecdsa_low_s.h), the only
 * one the card takes: BearSSL, OpenSSL and PKCS#11 tokens give either. */
int
uimkey_lock_token_encode(uint32_t serial, uint8_t action, uint32_t counter,
    const uint8_t *der_sig, size_t der_sig_len, uint8_t *out, size_t out_cap,
    size_t *out_len)
{
	uint8_t sig[UK_ECDSA_P256_SIG_MAX];
	size_t n = 0, sig_len = 0;
	int r = UIMKEY_ERR_ARG;

	if (out == NULL || out_len == NULL || !action_ok(action) ||
	    !der_sig_ok(der_sig, der_sig_len) ||
	    (sig_len = uk_ecdsa_p256_to_low_s(der_sig, der_sig_len, sig,
	    sizeof(sig))) == 0)
		goto fail;
	r = UIMKEY_ERR_RSP_TOO_LONG;
	if (out_cap < TOKEN_HEAD_LEN + sig_len)
		goto fail;
	n += pivc_tl(out + n, UIMKEY_LOCK_TAG_SERIAL, SERIAL_LEN);
	put_be32(out + n, serial);
	n += SERIAL_LEN;
	n += pivc_tl(out + n, UIMKEY_LOCK_TAG_ACTION, ACTION_LEN);
	out[n++] = action;
	n += pivc_tl(out + n, UIMKEY_LOCK_TAG_COUNTER, COUNTER_LEN);
	put_be32(out + n, counter);
	n += COUNTER_LEN;
	n += pivc_tl(out + n, UIMKEY_LOCK_TAG_SIG, sig_len);
	memcpy(out + n, sig, sig_len);
	*out_len = n + sig_len;
	r = UIMKEY_OK;
fail:
	return r;
}

/* The length tag must have (the signature: a range). */
static int
field_ok(unsigned tag, size_t len)
{
	switch (tag) {
	case UIMKEY_LOCK_TAG_SERIAL:
		return len == SERIAL_LEN;
	case UIMKEY_LOCK_TAG_ACTION:
		return len == ACTION_LEN;
	case UIMKEY_LOCK_TAG_COUNTER:
		return len == COUNTER_LEN;
	case UIMKEY_LOCK_TAG_SIG:
		return len >= UIMKEY_LOCK_SIG_MIN && len <= UIMKEY_LOCK_SIG_MAX;
	default:
		return 0;
	}
}

int
uimkey_lock_token_decode(const uint8_t *token, size_t len, uint32_t *serial,
    uint8_t *action, uint32_t *counter)
{
	const uint8_t *v[LOCK_FIELDS] = { NULL };
	const uint8_t *p = token, *end = NULL;
	uk_tlv t;
	size_t i;
	int r = UIMKEY_ERR_ARG;

	if (token == NULL || len == 0 || len > UIMKEY_LOCK_TOKEN_MAX)
		goto fail;
	end = token + len;
	while (p < end) {
		if (uk_tlv_next(&p, end, &t) != 0 ||
		    !field_ok(t.tag, t.len) || v[t.tag - 1] != NULL)
			goto fail;
		v[t.tag - 1] = t.value;
	}
	for (i = 0; i < LOCK_FIELDS; i++)
		if (v[i] == NULL)
			goto fail;
	if (!action_ok(v[UIMKEY_LOCK_TAG_ACTION - 1][0]))
		goto fail;
	r = UIMKEY_OK;
	if (serial != NULL)
		*serial = get_be32(v[UIMKEY_LOCK_TAG_SERIAL - 1]);
	if (action != NULL)
		*action = v[UIMKEY_LOCK_TAG_ACTION - 1][0];
	if (counter != NULL)
		*counter = get_be32(v[UIMKEY_LOCK_TAG_COUNTER - 1]);
fail:
	return r;
}

int
uimkey_piv_install_issuer_key(uimkey_dev_t *dev, const uint8_t *point,
    uint32_t counter)
{
	uimkey_piv_lock_info_t info;
	uint8_t d[INSTALL_LEN];
	size_t n = 0, len;
	int r = UIMKEY_ERR_ARG;

	if (dev == NULL || point == NULL || point[0] != 0x04 ||
	    counter == COUNTER_LAST)
		goto fail;
	n += pivc_tl(d + n, UIMKEY_LOCK_TAG_ISSUER, UIMKEY_LOCK_POINT_LEN);
	memcpy(d + n, point, UIMKEY_LOCK_POINT_LEN);
	n += UIMKEY_LOCK_POINT_LEN;
	n += pivc_tl(d + n, UIMKEY_LOCK_TAG_START, COUNTER_LEN);
	put_be32(d + n, counter);
	n += COUNTER_LEN;
	r = pivc_cmd(dev, UIMKEY_INS_INSTALL_ISSUER, 0x00, 0x00, d, n, NULL, 0,
	    &len);
	/* 6985: an issuer is set already (the card checks that first), or
	 * the management key is still the factory one. */
	if (r == UIMKEY_ERR_SW_CONDITIONS)
		r = uimkey_piv_lock_info(dev, &info) == UIMKEY_OK &&
		    !info.installed ? UIMKEY_ERR_LOCK_DEFAULT_MGMT :
		    UIMKEY_ERR_LOCK_ISSUER_SET;
fail:
	return r;
}

/* The reasons the card gives for refusing a token. */
static int
apply_err(uint16_t sw)
{
	switch (sw) {
	case UIMKEY_SW_CONDITIONS:      return UIMKEY_ERR_LOCK_NO_ISSUER;
	case UIMKEY_SW_REF_NOT_FOUND:   return UIMKEY_ERR_LOCK_OTHER_CARD;
	case UIMKEY_SW_SECURITY:        return UIMKEY_ERR_LOCK_BAD_SIG;
	case UIMKEY_SW_REF_UNUSABLE:    return UIMKEY_ERR_LOCK_STALE;
	default:                        return uimkey_sw_err(sw);
	}
}

int
uimkey_piv_apply_lock_token(uimkey_dev_t *dev, const uint8_t *token,
    size_t len)
{
	size_t rlen;
	uint16_t sw;
	int r = UIMKEY_ERR_ARG;

	/* Malformed tokens go to the card too: its 6A80 is the verdict. */
	if (dev == NULL || token == NULL || len == 0 ||
	    len > UIMKEY_LOCK_TOKEN_MAX)
		goto fail;
	r = pivc_send(dev, UIMKEY_INS_APPLY_LOCK, 0x00, 0x00, token, len, NULL,
	    0, &rlen, &sw);
	if (r == UIMKEY_OK)
		r = apply_err(sw);
fail:
	return r;
}

/* Fill info from GET METADATA 5A's TLVs: the state, and with an issuer
 * key its counter and point; tags of others are skipped. */
static int
parse_info(const uint8_t *p, size_t len, uimkey_piv_lock_info_t *info)
{
	const uint8_t *end = p + len;
	int state = -1, have_counter = 0, have_issuer = 0;
	int r = UIMKEY_ERR_BAD_RSP;
	uk_tlv t;

	while (p < end) {
		if (uk_tlv_next(&p, end, &t) != 0)
			goto fail;
		if (t.tag == UIMKEY_LOCK_META_STATE && t.len == 1) {
			state = t.value[0];
		} else if (t.tag == UIMKEY_LOCK_META_COUNTER &&
		    t.len == COUNTER_LEN) {
			info->counter = get_be32(t.value);
			have_counter = 1;
		} else if (t.tag == UIMKEY_LOCK_META_ISSUER &&
		    t.len == UIMKEY_LOCK_POINT_LEN) {
			memcpy(info->issuer, t.value, UIMKEY_LOCK_POINT_LEN);
			have_issuer = 1;
		} else if (t.tag <= UIMKEY_LOCK_META_ISSUER) {
			goto fail;      /* ours, with a wrong length */
		}
	}
	if (state == UIMKEY_LOCK_STATE_NONE && !have_counter && !have_issuer) {
		r = UIMKEY_OK;
	} else if ((state == UIMKEY_LOCK_STATE_UNLOCKED ||
	    state == UIMKEY_LOCK_STATE_LOCKED) && have_counter && have_issuer) {
		info->installed = 1;
		info->locked = state == UIMKEY_LOCK_STATE_LOCKED;
		r = UIMKEY_OK;
	}
fail:
	return r;
}

int
uimkey_piv_lock_info(uimkey_dev_t *dev, uimkey_piv_lock_info_t *info)
{
	uint8_t rsp[META_RSP_MAX];
	size_t len;
	int r = UIMKEY_ERR_ARG;

	if (dev == NULL || info == NULL)
		goto fail;
	memset(info, 0, sizeof(*info));
	r = pivc_cmd(dev, UIMKEY_INS_GET_METADATA, 0x00, UIMKEY_REF_LOCK, NULL,
	    0, rsp, sizeof(rsp), &len);
	/* What a PIV card without the lock answers to a P2 it does not
	 * know (a YubiKey: 6A88 or 6A86; older cards: 6D00). */
	if (r == UIMKEY_ERR_SW_NO_REF || r == UIMKEY_ERR_SW_P1P2 ||
	    r == UIMKEY_ERR_SW_INS)
		r = UIMKEY_ERR_UNSUPPORTED;
	if (r == UIMKEY_OK)
		r = parse_info(rsp, len, info);
	if (r != UIMKEY_OK)
		memset(info, 0, sizeof(*info));
fail:
	return r;
}

int
uimkey_piv_lock_status(uimkey_dev_t *dev, int *installed, int *locked,
    uint32_t *counter)
{
	uimkey_piv_lock_info_t info;
	int r;

	if ((r = uimkey_piv_lock_info(dev, &info)) != UIMKEY_OK)
		goto fail;
	if (installed != NULL)
		*installed = info.installed;
	if (locked != NULL)
		*locked = info.locked;
	if (counter != NULL)
		*counter = info.counter;
fail:
	return r;
}
