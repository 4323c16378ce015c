/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libuimkey's secure messaging (host/transport/dev_sm.c, dev_wire.c)
 * against the card core in process: the device sets up a session at
 * open on its own channel, the card's CVC checked; every command then
 * goes protected, so that neither the PIN nor the management key is on
 * the wire; an answer changed on the wire is refused and the next
 * command goes in a new session, never in the clear; a session the card
 * ended (another program's commands on the channel) or a reset is
 * recovered; a card whose key establishment is a lie is refused at
 * open; and UIMKEY_SECURE_MESSAGING=off turns it off.
 */
#define _DEFAULT_SOURCE
#include <stdlib.h>

#include <bearssl/bearssl_ec.h>
#include <bearssl/bearssl_hash.h>

#include "codec/cvc.h"
#include "tests/unit/piv_fake.h"

static const uint8_t pin8[8] = { '1', '2', '3', '4', '5', '6', 0xFF, 0xFF };
static const uint8_t mgmt[24] = {
	1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8,
};

/* What the wire carried and the lies to tell on it. */
static struct {
	unsigned cmds, plain, pin_seen, mgmt_seen;
	int flip_answer;        /* flip a byte of the next protected answer */
	int lie_ga04;           /* flip a byte of the cryptogram at open */
	int end_session;        /* answer the next protected command 6988 */
} w;

static int
seen_before(struct fake_io *io, const uint8_t *c, size_t clen, uint8_t *r,
    size_t *rlen)
{
	w.cmds++;
	if (clen > 1 && (c[0] & 0x0C) == 0 && (c[0] & 0x40) == 0)
		w.plain++;
	w.pin_seen += contains(c, clen, pin8, sizeof(pin8));
	w.mgmt_seen += contains(c, clen, mgmt, sizeof(mgmt));
	if (w.end_session && clen > 0 && (c[0] & 0x0C) == 0x0C) {
		w.end_session = 0;
		r[0] = 0x69;
		r[1] = 0x88;
		*rlen = 2;
		/* As the card would: the session is gone there too. */
		return UIMKEY_OK;
	}
	return pf_before(io, c, clen, r, rlen);
}

static void
lie_after(struct fake_io *io, const uint8_t *c, size_t clen, uint8_t *r,
    size_t rlen)
{
	if (w.flip_answer && clen > 0 && (c[0] & 0x0C) == 0x0C && rlen > 12) {
		w.flip_answer = 0;
		r[4] ^= 0x01;
	}
	if (w.lie_ga04 && clen > 3 && c[1] == UIMKEY_INS_GEN_AUTH &&
	    c[3] == UIMKEY_REF_SM && rlen > 30) {
		w.lie_ga04 = 0;
		r[25] ^= 0x01;  /* in the AuthCryptogram */
	}
	pf_after(io, c, clen, r, rlen);
}

static void
open_secure(uimkey_ctx_t **ctx, uimkey_dev_t **dev)
{
	pf_secure = 1;
	pf_hook_before = seen_before;
	pf_hook_after = lie_after;
	memset(&w, 0, sizeof(w));
	pf_open(ctx, dev, 0);
	/* The open's own commands (a channel, SELECT, the signer, the key
	 * establishment) go in the clear. */
	w.plain = 0;
}

static void
protected_use(void)
{
	uimkey_ctx_t *ctx;
	uimkey_dev_t *dev;
	const uint8_t *cvc;
	size_t cvc_len, n;
	uint8_t spki[UIMKEY_PIV_SPKI_MAX], hash[32], sig[80], rnd[300];
	uk_cvc v;
	int r;

	open_secure(&ctx, &dev);
	check(uimkey_dev_secure(dev, &cvc, &cvc_len) == 1 &&
	    uk_cvc_parse(cvc, cvc_len, &v) == 0,
	    "open on the card's own channel: a session, and the card's CVC");
	check(uimkey_piv_auth_mgmt(dev, 0, mgmt, sizeof(mgmt)) == UIMKEY_OK &&
	    uimkey_piv_generate(dev, 0x9A, UIMKEY_ALG_ECCP256, 0, 0, spki,
	    sizeof(spki), &n) == UIMKEY_OK, "the management key, a key made");
	memset(hash, 0x5A, sizeof(hash));
	check(uimkey_piv_verify_pin(dev, "123456", NULL) == UIMKEY_OK &&
	    uimkey_piv_sign(dev, 0x9A, UIMKEY_ALG_ECCP256, hash, sizeof(hash),
	    sig, sizeof(sig), &n) == UIMKEY_OK && n > 8,
	    "VERIFY and a signature, protected");
	r = uimkey_piv_random(dev, rnd, sizeof(rnd));
	checkf(r == UIMKEY_OK, "GET CHALLENGE, 300 bytes in two answers of "
	    "256 (%d)", r);
	check(w.pin_seen == 0 && w.mgmt_seen == 0 && w.cmds > 4,
	    "no command on the wire held the PIN or the management key");
	check(w.plain == 0, "...and every command went protected");
	uimkey_dev_free(&dev);
	uimkey_ctx_free(&ctx);
}

static void
lies(void)
{
	uimkey_ctx_t *ctx;
	uimkey_dev_t *dev;
	int r, verified, tries;

	open_secure(&ctx, &dev);
	w.flip_answer = 1;
	check(uimkey_piv_verify_pin(dev, "123456", NULL) == UIMKEY_ERR_SM,
	    "an answer changed on the wire: UIMKEY_ERR_SM");
	w.plain = 0;
	check(uimkey_piv_verify_pin(dev, "123456", NULL) == UIMKEY_OK &&
	    uimkey_dev_secure(dev, NULL, NULL) == 1 && w.pin_seen == 0,
	    "the next command goes in a new session, the PIN never in clear");
	w.end_session = 1;
	r = uimkey_piv_pin_status(dev, &verified, &tries);
	checkf(r == UIMKEY_OK && uimkey_dev_secure(dev, NULL, NULL) == 1,
	    "a session the card ended (6988): recovered, in a new one (%d)",
	    r);
	uimkey_dev_free(&dev);
	uimkey_ctx_free(&ctx);

	memset(&w, 0, sizeof(w));
	w.lie_ga04 = 1;
	check(pf_try_open(&ctx, &dev, 0) == UIMKEY_ERR_SM,
	    "a card whose cryptogram is not the host's: refused at open");
	uimkey_dev_free(&dev);
	uimkey_ctx_free(&ctx);
}

static void
switched_off(void)
{
	uimkey_ctx_t *ctx;
	uimkey_dev_t *dev;

	pf_secure = 0;
	pf_hook_before = NULL;
	pf_hook_after = NULL;
	pf_open(&ctx, &dev, 0);
	check(uimkey_dev_secure(dev, NULL, NULL) == 0,
	    "uimkey_dev_set_secure(dev, 0): no session");
	uimkey_dev_free(&dev);
	uimkey_ctx_free(&ctx);
	pf_secure = -1;
	setenv("UIMKEY_SECURE_MESSAGING", "off", 1);
	pf_open(&ctx, &dev, 0);
	check(uimkey_dev_secure(dev, NULL, NULL) == 0,
	    "UIMKEY_SECURE_MESSAGING=off: no session");
	uimkey_dev_free(&dev);
	uimkey_ctx_free(&ctx);
	unsetenv("UIMKEY_SECURE_MESSAGING");
	pf_open(&ctx, &dev, 0);
	check(uimkey_dev_secure(dev, NULL, NULL) == 1,
	    "without it: a session, the default");
	uimkey_dev_free(&dev);
	uimkey_ctx_free(&ctx);
}

int
main(void)
{
	protected_use();
	lies();
	switched_off();
	return check_done();
}
