/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Private key operations with GENERAL AUTHENTICATE:
 *   7C { 82 00, 81 data }    ECDSA of a hash, or RSA's raw private operation
 *   7C { 82 00, 85 point }   ECDH
 * and the answer 7C { 82 result }.  Results (deciphered values, shared
 * secrets) are wiped from the library's buffers once copied out.
 */
#define _DEFAULT_SOURCE
#include <string.h>

#include "codec/der.h"
#include "codec/der_read.h"
#include "card/wire.h"
#include "piv_priv.h"

#define TAG_DYN_AUTH   0x7C
#define TAG_RESPONSE   0x82
#define TAG_CHALLENGE  0x81
#define TAG_EXP        0x85
/* The longest ECDSA signature of the curve: 30 L 02 L 00 r 02 L 00 s
 * (under 128 bytes for P-384 too: short lengths). */
#define ECDSA_DER_MAX(bytes)  (2 + 2 * (2 + 1 + (bytes)))

/* The expected result length (EC: the most) for alg and tag. */
static size_t
result_max(uint8_t alg, unsigned tag)
{
	size_t b = uimkey_alg_bytes(alg);

	return uimkey_alg_is_rsa(alg) || tag == TAG_EXP ? b : ECDSA_DER_MAX(b);
}

/* 7C { 82 00, tag L in } into cmd: the input's length field is 1 to 3
 * bytes.  The length of it all. */
static size_t
build_ga(uint8_t *cmd, unsigned tag, const uint8_t *in, size_t in_len)
{
	size_t n;

	n = pivc_tl(cmd, TAG_DYN_AUTH, 2 + 1 + (in_len < 0x80 ? 1 :
	    in_len < 0x100 ? 2 : 3) + in_len);
	n += pivc_tl(cmd + n, TAG_RESPONSE, 0);
	n += pivc_tl(cmd + n, tag, in_len);
	memcpy(cmd + n, in, in_len);
	return n + in_len;
}

/* The answer 7C { 82 result } checked against alg and tag, the result
 * copied to out. */
static int
parse_ga(const uint8_t *rsp, size_t len, uint8_t alg, unsigned tag,
    uint8_t *out, size_t cap, size_t *out_len)
{
	const uint8_t *inner, *res;
	size_t ilen, rlen;

	if (!pivc_one_tlv(rsp, len, TAG_DYN_AUTH, &inner, &ilen) ||
	    !pivc_one_tlv(inner, ilen, TAG_RESPONSE, &res, &rlen) ||
	    rlen == 0 || rlen > result_max(alg, tag))
		return UIMKEY_ERR_BAD_RSP;
	/* RSA and ECDH give exactly their size; ECDSA one DER SEQUENCE. */
	if ((uimkey_alg_is_rsa(alg) || tag == TAG_EXP) ? rlen != result_max(alg,
	    tag) : uk_der_whole(res, rlen, UK_DER_SEQUENCE, NULL) != 0)
		return UIMKEY_ERR_BAD_RSP;
	if (rlen > cap)
		return UIMKEY_ERR_RSP_TOO_LONG;
	memcpy(out, res, rlen);
	*out_len = rlen;
	return UIMKEY_OK;
}

/*
 * One private key operation: input tag (81 or 85) with in, the result
 * into out.  in was checked against alg by the caller when alg is not 0;
 * with alg 0 the slot's algorithm is read first and check() runs then.
 * With alg given it is one command, and on the device's own channel one
 * exchange without a PC/SC transaction.
 */
static int
key_op(uimkey_dev_t *dev, uint8_t slot, uint8_t alg, unsigned tag,
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap,
    size_t *out_len, int (*check)(uint8_t, size_t, size_t))
{
	uint8_t cmd[16 + UIMKEY_PIV_SIG_MAX], rsp[16 + UIMKEY_PIV_SIG_MAX];
	size_t n = 0, len;
	int r, began = 0;

	if (alg == 0) {
		/* The algorithm read and used with nothing between. */
		if ((r = uimkey_dev_begin(dev)) != UIMKEY_OK)
			goto fail;
		began = 1;
		if ((r = pivc_slot_alg(dev, slot, &alg)) != UIMKEY_OK)
			goto fail;
		r = check(alg, in_len, cap) ? UIMKEY_OK : UIMKEY_ERR_ARG;
		if (r != UIMKEY_OK)
			goto fail;
	}
	n = build_ga(cmd, tag, in, in_len);
	r = pivc_cmd(dev, UIMKEY_INS_GEN_AUTH, alg, slot, cmd, n, rsp,
	    sizeof(rsp), &len);
	if (r == UIMKEY_OK)
		r = parse_ga(rsp, len, alg, tag, out, cap, out_len);
fail:
	explicit_bzero(cmd, sizeof(cmd));
	explicit_bzero(rsp, sizeof(rsp));
	if (began)
		uimkey_dev_end(dev);
	return r;
}

/* Sign: a hash for EC, one modulus for RSA; room for the result. */
static int
sign_ok(uint8_t alg, size_t in_len, size_t cap)
{
	int ok = 0;

	if (uimkey_alg_is_ec(alg))
		ok = in_len >= 1 && in_len <= UIMKEY_PIV_HASH_MAX &&
		    cap >= result_max(alg, TAG_CHALLENGE);
	else if (uimkey_alg_is_rsa(alg))
		ok = in_len == uimkey_alg_bytes(alg) && cap >= in_len;
	return ok;
}

/* ECDH: an uncompressed point of the curve, room for X. */
static int
ecdh_ok(uint8_t alg, size_t in_len, size_t cap)
{
	return uimkey_alg_is_ec(alg) && in_len == 1 + 2 * uimkey_alg_bytes(alg) &&
	    cap >= uimkey_alg_bytes(alg);
}

int
uimkey_piv_sign(uimkey_dev_t *dev, uint8_t slot, uint8_t alg,
    const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
    size_t *out_len)
{
	int r = UIMKEY_ERR_ARG;

	if (out_len != NULL)
		*out_len = 0;
	if (dev == NULL || !uimkey_slot_is_key(slot) || in == NULL ||
	    out == NULL || out_len == NULL || in_len == 0 ||
	    in_len > UIMKEY_PIV_SIG_MAX ||
	    (alg != 0 && !sign_ok(alg, in_len, out_cap)))
		goto fail;
	r = key_op(dev, slot, alg, TAG_CHALLENGE, in, in_len, out, out_cap,
	    out_len, sign_ok);
fail:
	return r;
}

int
uimkey_piv_ecdh(uimkey_dev_t *dev, uint8_t slot, uint8_t alg,
    const uint8_t *peer, size_t peer_len, uint8_t *secret,
    size_t secret_cap, size_t *secret_len)
{
	int r = UIMKEY_ERR_ARG;

	if (secret_len != NULL)
		*secret_len = 0;
	if (dev == NULL || !uimkey_slot_is_key(slot) || peer == NULL ||
	    secret == NULL || secret_len == NULL || peer_len == 0 ||
	    peer_len > 1 + 2 * UIMKEY_PIV_ECDH_MAX || peer[0] != 0x04 ||
	    (alg != 0 && !ecdh_ok(alg, peer_len, secret_cap)))
		goto fail;
	r = key_op(dev, slot, alg, TAG_EXP, peer, peer_len, secret,
	    secret_cap, secret_len, ecdh_ok);
fail:
	return r;
}

int
uimkey_piv_ec_once(uimkey_dev_t *dev, uint8_t slot, uint8_t alg, int ecdh,
    const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
    size_t *out_len)
{
	/* Header, Lc, 7C { 82 00, 85 point of P-384 }, Le: 111 bytes. */
	uint8_t apdu[5 + 4 + 2 + 2 + 1 + 2 * UIMKEY_PIV_ECDH_MAX + 1];
	uint8_t rsp[16 + UIMKEY_PIV_SIG_MAX];
	unsigned tag = ecdh ? TAG_EXP : TAG_CHALLENGE;
	size_t n, len;
	uint16_t sw;
	int r = UIMKEY_ERR_ARG;

	if (out_len != NULL)
		*out_len = 0;
	if (dev == NULL || !uimkey_slot_is_key(slot) || !uimkey_alg_is_ec(alg) ||
	    in == NULL || out == NULL || out_len == NULL ||
	    !(ecdh ? ecdh_ok(alg, in_len, out_cap) :
	    sign_ok(alg, in_len, out_cap)) || (ecdh && in[0] != 0x04))
		goto fail;
	n = build_ga(apdu + 5, tag, in, in_len);
	apdu[0] = UIMKEY_CLA_ISO;
	apdu[1] = UIMKEY_INS_GEN_AUTH;
	apdu[2] = alg;
	apdu[3] = slot;
	apdu[4] = (uint8_t)n;
	apdu[5 + n] = 0x00;
	r = uimkey_dev_transmit_once(dev, apdu, 5 + n + 1, rsp, sizeof(rsp),
	    &len, &sw);
	if (r == UIMKEY_OK && sw != UIMKEY_SW_OK)
		r = uimkey_sw_err(sw);
	if (r == UIMKEY_OK)
		r = parse_ga(rsp, len, alg, tag, out, out_cap, out_len);
fail:
	explicit_bzero(apdu, sizeof(apdu));
	explicit_bzero(rsp, sizeof(rsp));
	return r;
}
