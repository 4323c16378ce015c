/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Power cuts in whole commands, part 1: the factory format of a blank
 * store (uimkey_card_init itself) and the PIN and PUK commands (VERIFY
 * wrong and right, CHANGE REFERENCE DATA of the PIN and the PUK, RESET
 * RETRY COUNTER).  Each is cut at every one of its writes, with all five
 * tears and both models of powercut.h; the card is restarted on what
 * landed and must start, then show the old or the new state through its
 * APDUs: one PIN (or PUK) value works, never both or none, and a counter
 * is never above what it was unless the right value was presented.
 * Then each PIN and PUK command again, with a second cut at each write
 * of the restart on what the first left (tears NONE, HALF, WHOLE).
 * Prints "# cut points <command>: N" and "# cut points total: N".  The
 * other commands are in test_powercut_admin.c, test_powercut_keys.c and
 * test_powercut_data.c.
 */
#include "tests/unit/powercut_probe.h"

/* --- the factory format of a blank store --- */

static uint16_t
run_format(void)
{
	return boot() == UIMKEY_CARD_OK ? UIMKEY_SW_OK :
	    UIMKEY_SW_MEMORY_FAILURE;
}

#define CERT_MAX 4096

/* What a factory card shows (serial aside); the F9 certificate object
 * is copied to cert. */
static const char *
factory_state(struct keym *f9, uint8_t *cert, size_t *cert_len)
{
	const uint8_t *v;
	struct pinm m;
	struct keym k;

	if (key_meta(0xF9, f9) != UIMKEY_SW_OK || f9->alg !=
	    UIMKEY_ALG_ECCP256 || f9->origin != UIMKEY_ORIGIN_GENERATED ||
	    f9->pin != 1 || f9->touch != 1 || !pub_is_point(f9, f9->pub + 2))
		return "no F9 key, or its metadata is not the factory's";
	if (get_obj(0x5FFF01, &v, cert_len) != UIMKEY_SW_OK ||
	    *cert_len < 8 || *cert_len > CERT_MAX || v[0] != 0x70 ||
	    !contains(v, *cert_len, f9->pub + 2, 65))
		return "no F9 certificate holding the F9 key";
	memcpy(cert, v, *cert_len);
	if (pin_meta(UIMKEY_REF_PIN, &m) != UIMKEY_SW_OK || m.def != 1 ||
	    m.max != 3 || m.left != 3 || m.must != 0)
		return "the PIN metadata is not the factory's";
	if (pin_meta(UIMKEY_REF_PUK, &m) != UIMKEY_SW_OK || m.def != 1 ||
	    m.max != 3 || m.left != 3)
		return "the PUK metadata is not the factory's";
	if (key_meta(0x9B, &k) != UIMKEY_SW_OK || k.alg != UIMKEY_ALG_3DES ||
	    k.origin != 1)
		return "the management key metadata is not the factory's";
	if (key_meta(0x9A, &k) != UIMKEY_SW_REF_NOT_FOUND)
		return "slot 9A is not empty";
	return NULL;
}

static const char *
judge_format(uint16_t sw, int was_cut)
{
	static uint8_t cert[CERT_MAX];
	struct keym f9, again;
	const uint8_t *v;
	size_t n, cert_len;
	uint8_t serial[4];
	const char *why;

	(void)sw;
	(void)was_cut;
	if (sendx(UIMKEY_INS_GET_SERIAL, 0, 0, "") != UIMKEY_SW_OK ||
	    ans_len != 4)
		return "GET SERIAL fails";
	memcpy(serial, ans, 4);
	if ((why = factory_state(&f9, cert, &cert_len)) != NULL)
		return why;
	if (verify("123456") != UIMKEY_SW_OK)
		return "the default PIN does not verify";
	if (!admin_auth())
		return "the default management key does not authenticate";
	if (generate(0x9A, UIMKEY_ALG_ECCP256, "") != UIMKEY_SW_OK)
		return "GENERATE in 9A fails";
	if (!attest_ok(0x9A, f9.pub + 2))
		return "ATTEST 9A does not give a certificate the F9 key signed";
	/* Another start, with another random source: a card that formats
	 * again would draw another serial. */
	if (boot_seed(SEED_OTHER) != UIMKEY_CARD_OK)
		return "the second start fails";
	if (sendx(UIMKEY_INS_GET_SERIAL, 0, 0, "") != UIMKEY_SW_OK ||
	    ans_len != 4 || memcmp(ans, serial, 4) != 0)
		return "the serial changed at the next start";
	if (key_meta(0xF9, &again) != UIMKEY_SW_OK ||
	    again.pub_len != f9.pub_len ||
	    memcmp(again.pub, f9.pub, f9.pub_len) != 0)
		return "the F9 key changed at the next start";
	if (get_obj(0x5FFF01, &v, &n) != UIMKEY_SW_OK || n != cert_len ||
	    memcmp(v, cert, n) != 0)
		return "the F9 certificate changed at the next start";
	if (key_meta(0x9A, &again) != UIMKEY_SW_OK)
		return "the key generated in 9A is gone at the next start";
	return NULL;
}

/* --- VERIFY --- */

/*
 * The PIN tries left after a command that started with 2: 2 (nothing
 * landed), 1 (the try spent) or, when may_restore, 3 (the right PIN put
 * the counter back to its maximum); as answered when 63Cx.
 */
static const char *
pin_left_in(uint16_t sw, int may_restore, struct pinm *m)
{
	if (pin_meta(UIMKEY_REF_PIN, m) != UIMKEY_SW_OK)
		return "GET METADATA 80 fails";
	if (m->max != 3)
		return whyf("the PIN maximum is %d, not 3", m->max);
	if (m->left != 2 && m->left != 1 && (!may_restore || m->left != 3))
		return whyf("PIN tries left %d, before 2", m->left);
	if ((sw & 0xFFF0) == UIMKEY_SW_WRONG_PIN && m->left != (sw & 0xF))
		return whyf("answered %04X, %d tries left", sw, m->left);
	return NULL;
}

static uint16_t
run_verify_wrong(void)
{
	return verify("111111");
}

/* After a VERIFY that started with 2 tries: the tries left as
 * pin_left_in() allows, 9000 only with the counter back at 3, and the
 * PIN still verifying. */
static const char *
judge_verify(uint16_t sw, int may_restore)
{
	struct pinm m;
	const char *why = pin_left_in(sw, may_restore, &m);

	if (why != NULL)
		return why;
	if (may_restore && sw == UIMKEY_SW_OK && m.left != 3)
		return "answered 9000, the counter was not put back";
	if (verify("123456") != UIMKEY_SW_OK)
		return "the PIN no longer verifies";
	return NULL;
}

/* A wrong PIN costs one try or none: 2 or 1 left, never 3. */
static const char *
judge_verify_wrong(uint16_t sw, int was_cut)
{
	(void)was_cut;
	return judge_verify(sw, 0);
}

static uint16_t
run_verify_right(void)
{
	return verify("123456");
}

/* Nothing landed (2 left), the try is spent (1), or the counter is back
 * at its maximum (3); 9000 only with 3. */
static const char *
judge_verify_right(uint16_t sw, int was_cut)
{
	(void)was_cut;
	return judge_verify(sw, 1);
}

/* --- CHANGE REFERENCE DATA --- */

static uint16_t
run_change_pin(void)
{
	return change_ref(UIMKEY_REF_PIN, "123456", "135790");
}

static uint16_t
run_change_pin_wrong(void)
{
	return change_ref(UIMKEY_REF_PIN, "111111", "135790");
}

/*
 * old 123456 with 2 or 1 tries left (default), or new 135790 with 3
 * (not default): exactly one of them verifies.  new_ok: the command
 * could have landed.
 */
static const char *
judge_pin_pair(uint16_t sw, int new_ok)
{
	struct pinm m;
	uint16_t vo, vn;

	if (pin_meta(UIMKEY_REF_PIN, &m) != UIMKEY_SW_OK || m.max != 3)
		return "GET METADATA 80 fails, or the maximum changed";
	if ((vo = verify("123456")) == UIMKEY_SW_OK) {
		if (m.def != 1 || (m.left != 2 && m.left != 1))
			return whyf("the old PIN works with %d tries left, "
			    "default %d", m.left, m.def);
		if ((sw & 0xFFF0) == UIMKEY_SW_WRONG_PIN && m.left != (sw & 0xF))
			return whyf("answered %04X, %d tries left", sw, m.left);
		if (sw == UIMKEY_SW_OK)
			return "answered 9000, the old PIN is still set";
		if ((vn = verify("135790")) != 0x63C2)
			return whyf("the old PIN works, the new gives %04X", vn);
		return NULL;
	}
	vn = verify("135790");
	if (!new_ok || vn != UIMKEY_SW_OK)
		return whyf("the old PIN gives %04X, the new %04X (%d tries "
		    "left before)", vo, vn, m.left);
	if (vo != 0x63C2 || m.left != 3 || m.def != 0)
		return whyf("the new PIN works, but %d tries were left, "
		    "default %d", m.left, m.def);
	return NULL;
}

static const char *
judge_change_pin(uint16_t sw, int was_cut)
{
	(void)was_cut;
	return judge_pin_pair(sw, 1);
}

static const char *
judge_change_pin_wrong(uint16_t sw, int was_cut)
{
	(void)was_cut;
	return judge_pin_pair(sw, 0);
}

static uint16_t
run_change_puk(void)
{
	return change_ref(UIMKEY_REF_PUK, "12345678", "11223344");
}

/* old 12345678 (2 or 1 left) or new 11223344 (3 left); the PIN alone. */
static const char *
judge_change_puk(uint16_t sw, int was_cut)
{
	struct pinm m, pin;
	uint16_t po, pn;

	(void)was_cut;
	if (pin_meta(UIMKEY_REF_PUK, &m) != UIMKEY_SW_OK || m.max != 3 ||
	    pin_meta(UIMKEY_REF_PIN, &pin) != UIMKEY_SW_OK)
		return "GET METADATA fails, or the PUK maximum changed";
	if (pin.left != 3 || pin.def != 1)
		return "the PIN changed";
	if ((po = puk_probe("12345678")) == UIMKEY_SW_OK) {
		if (m.def != 1 || (m.left != 2 && m.left != 1))
			return whyf("the old PUK works with %d tries left, "
			    "default %d", m.left, m.def);
		if (sw == UIMKEY_SW_OK)
			return "answered 9000, the old PUK is still set";
		if ((pn = puk_probe("11223344")) != 0x63C2)
			return whyf("the old PUK works, the new gives %04X", pn);
		return NULL;
	}
	if ((pn = puk_probe("11223344")) != UIMKEY_SW_OK)
		return whyf("the old PUK gives %04X, the new %04X", po, pn);
	if (po != 0x63C2 || m.left != 3 || m.def != 0)
		return whyf("the new PUK works, but %d tries were left, "
		    "default %d", m.left, m.def);
	return NULL;
}

/* --- RESET RETRY COUNTER --- */

static uint16_t
run_reset_retry(void)
{
	return reset_retry("12345678", "246813");
}

/* The PIN blocked with 2 or 1 PUK tries left, or the new PIN set with
 * both counters full. */
static const char *
judge_reset_retry(uint16_t sw, int was_cut)
{
	struct pinm pin, puk;
	uint16_t a, b = 0;

	(void)was_cut;
	if (pin_meta(UIMKEY_REF_PIN, &pin) != UIMKEY_SW_OK ||
	    pin_meta(UIMKEY_REF_PUK, &puk) != UIMKEY_SW_OK || pin.max != 3 ||
	    puk.max != 3)
		return "GET METADATA fails, or a maximum changed";
	if (pin.left == 0) {
		if (puk.left != 2 && puk.left != 1)
			return whyf("the PIN is blocked, %d PUK tries left",
			    puk.left);
		if (sw == UIMKEY_SW_OK)
			return "answered 9000, the PIN is still blocked";
		if (pin.def != 1 || (a = verify("123456")) != 0x6983 ||
		    (b = verify("246813")) != 0x6983)
			return "the blocked PIN is not the old one";
		if ((a = puk_probe("12345678")) != UIMKEY_SW_OK)
			return whyf("the PUK gives %04X", a);
		return NULL;
	}
	if (pin.left != 3 || puk.left != 3 || pin.def != 0)
		return whyf("PIN %d tries left (default %d), PUK %d: a mix",
		    pin.left, pin.def, puk.left);
	if ((a = verify("123456")) != 0x63C2 ||
	    (b = verify("246813")) != UIMKEY_SW_OK)
		return whyf("the old PIN gives %04X, the new %04X", a, b);
	return NULL;
}

int
main(void)
{
	uint8_t *factory, *pin2, *puk2, *blocked;
	double t0 = now_ms();
	int i;

	factory = factory_image();
	/* One wrong PIN: 2 tries left, so a try given back would show. */
	verify("999999");
	pin2 = image_take();
	image_boot(factory);
	check(change_ref(UIMKEY_REF_PUK, "00000000", "00000000") == 0x63C2,
	    "setup: a wrong PUK leaves 2 tries");
	puk2 = image_take();
	image_boot(factory);
	for (i = 0; i < 3; i++)
		verify("999999");
	check(reset_retry("00000000", "246813") == 0x63C2 &&
	    verify("123456") == 0x6983, "setup: the PIN blocked, 2 PUK tries");
	blocked = image_take();
	{
		const struct pc_cmd cmds[] = {
			{ "factory format of a blank store", NULL, NULL,
			    run_format, 0, judge_format },
			{ "VERIFY wrong PIN", pin2, NULL, run_verify_wrong,
			    0x63C1, judge_verify_wrong },
			{ "VERIFY right PIN", pin2, NULL, run_verify_right, 0,
			    judge_verify_right },
			{ "CHANGE REFERENCE DATA PIN", pin2, NULL,
			    run_change_pin, 0, judge_change_pin },
			{ "CHANGE REFERENCE DATA PIN, wrong old", pin2, NULL,
			    run_change_pin_wrong, 0x63C1,
			    judge_change_pin_wrong },
			{ "CHANGE REFERENCE DATA PUK", puk2, NULL,
			    run_change_puk, 0, judge_change_puk },
			{ "RESET RETRY COUNTER", blocked, NULL,
			    run_reset_retry, 0, judge_reset_retry },
		};

		/* Not the format cut again while restarting: its restart
		 * formats again from scratch, which the single cuts already
		 * cut at every write. */
		cut_all_report(cmds, sizeof(cmds) / sizeof(cmds[0]), 1, t0);
	}
	free(factory);
	free(pin2);
	free(puk2);
	free(blocked);
	return check_done();
}
