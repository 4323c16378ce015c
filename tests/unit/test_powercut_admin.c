/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Power cuts in whole commands, part 2: what the management key allows
 * on the credentials (SET PIN RETRIES, SET MANAGEMENT KEY to AES and to
 * another 3DES key, SET PIN POLICY) and RESET of a card whose PIN and
 * PUK are blocked.  Each is cut at every one of its writes, with all five
 * tears and both models of powercut.h; the restarted card must show all
 * of the old state or all of the new, through its APDUs only, and the F9
 * key and certificate always.  Then each again with a second cut at
 * each write of the restart (tears NONE, HALF, WHOLE; RESET's judge
 * skips its attestation probes there, for time).  Ends with
 * "# cut points total: N".
 */
#include "tests/unit/key_vectors.h"
#include "tests/unit/powercut_probe.h"

#define OBJ_LEN 3000            /* the object RESET empties */

static const uint8_t aes_key[16] = {
	0x2B, 0x7E, 0x15, 0x16, 0x28, 0xAE, 0xD2, 0xA6,
	0xAB, 0xF7, 0x15, 0x88, 0x09, 0xCF, 0x4F, 0x3C,
};
static const uint8_t des_key[24] = {
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
	0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xF0, 0x01,
	0x13, 0x57, 0x9B, 0xDF, 0x24, 0x68, 0xAC, 0xE0,
};

/* What RESET must keep, and what it must empty (from the image). */
static uint8_t f9_point[65], f9_cert[4096], obj[OBJ_LEN], serial[4];
static size_t f9_cert_len;

static void
setup_admin_pin(void)
{
	setup_admin();
	if (verify("135790") != UIMKEY_SW_OK)
		printf("# setup: the PIN does not verify\n");
}

/* --- SET PIN RETRIES --- */

static uint16_t
run_set_retries(void)
{
	return xsend(UIMKEY_INS_SET_RETRIES, 5, 4, NULL, 0);
}

/* Old: PIN 135790 and PUK 11223344, 3 tries each; new: the defaults
 * with 5 and 4.  Never a mix. */
static const char *
judge_set_retries(uint16_t sw, int was_cut)
{
	struct pinm pin, puk;
	int is_old, is_new;

	(void)was_cut;
	if (pin_meta(UIMKEY_REF_PIN, &pin) != UIMKEY_SW_OK ||
	    pin_meta(UIMKEY_REF_PUK, &puk) != UIMKEY_SW_OK)
		return "GET METADATA fails";
	is_old = pin.max == 3 && pin.left == 3 && pin.def == 0 &&
	    puk.max == 3 && puk.left == 3 && puk.def == 0;
	is_new = pin.max == 5 && pin.left == 5 && pin.def == 1 &&
	    puk.max == 4 && puk.left == 4 && puk.def == 1;
	if (!is_old && !is_new)
		return whyf("PIN %d/%d default %d, PUK %d/%d default %d: a mix",
		    pin.left, pin.max, pin.def, puk.left, puk.max, puk.def);
	if (sw == UIMKEY_SW_OK && !is_new)
		return "answered 9000, the old retries are set";
	if (verify(is_new ? "123456" : "135790") != UIMKEY_SW_OK ||
	    puk_probe(is_new ? "12345678" : "11223344") != UIMKEY_SW_OK)
		return "the PIN or the PUK is not the one its metadata says";
	return NULL;
}

/* --- SET MANAGEMENT KEY --- */

static uint16_t
set_mgmt(uint8_t alg, const uint8_t *key, size_t len)
{
	uint8_t d[3 + 32];

	d[0] = alg;
	d[1] = 0x9B;
	d[2] = (uint8_t)len;
	memcpy(d + 3, key, len);
	return xsend(UIMKEY_INS_SET_MGMT, 0xFF, 0xFF, d, 3 + len);
}

static uint16_t
run_set_mgmt_aes(void)
{
	return set_mgmt(UIMKEY_ALG_AES128, aes_key, sizeof(aes_key));
}

static uint16_t
run_set_mgmt_des(void)
{
	return set_mgmt(UIMKEY_ALG_3DES, des_key, sizeof(des_key));
}

/* Exactly one of the old key and the new authenticates, and the
 * metadata names it. */
static const char *
judge_mgmt(uint16_t sw, uint8_t new_alg, const uint8_t *key)
{
	struct keym k;
	int old_ok, new_ok;

	if (key_meta(0x9B, &k) != UIMKEY_SW_OK)
		return "GET METADATA 9B fails";
	old_ok = admin_auth();
	new_ok = admin_with(new_alg, key);
	if (old_ok == new_ok)
		return whyf("the old key %s, the new %s", old_ok ? "works" :
		    "fails", new_ok ? "works" : "fails");
	if (old_ok && (k.alg != UIMKEY_ALG_3DES || k.origin != 1))
		return whyf("the old key works, the metadata says alg %02X "
		    "default %d", k.alg, k.origin);
	if (new_ok && (k.alg != new_alg || k.origin != 0))
		return whyf("the new key works, the metadata says alg %02X "
		    "default %d", k.alg, k.origin);
	if (sw == UIMKEY_SW_OK && !new_ok)
		return "answered 9000, the old key is set";
	return NULL;
}

static const char *
judge_mgmt_aes(uint16_t sw, int was_cut)
{
	(void)was_cut;
	return judge_mgmt(sw, UIMKEY_ALG_AES128, aes_key);
}

static const char *
judge_mgmt_des(uint16_t sw, int was_cut)
{
	(void)was_cut;
	return judge_mgmt(sw, UIMKEY_ALG_3DES, des_key);
}

/* --- SET PIN POLICY --- */

static uint16_t
run_set_policy(void)
{
	/* minimum 8; digits only, no trivial values, change first */
	return sendx(UIMKEY_INS_SET_PIN_POLICY, 0, 0, "01 01 08 02 01 07");
}

/* Old: the factory policy (a 7-byte PIN with letters is fine); new:
 * each rule holds, and the PIN must be changed.  Judged by what CHANGE
 * REFERENCE DATA refuses (a refusal costs no try). */
static const char *
judge_set_policy(uint16_t sw, int was_cut)
{
	struct pinm m;
	uint16_t a, b = 0, c;

	(void)was_cut;
	if (pin_meta(UIMKEY_REF_PIN, &m) != UIMKEY_SW_OK || m.left != 3)
		return "GET METADATA 80 fails";
	if (m.must == 0) {
		if (sw == UIMKEY_SW_OK)
			return "answered 9000, the PIN need not be changed";
		if ((a = verify("123456")) != UIMKEY_SW_OK ||
		    (b = change_ref(UIMKEY_REF_PIN, "123456", "1357ab2")) !=
		    UIMKEY_SW_OK)
			return whyf("not marked must-change, but VERIFY gives "
			    "%04X and a 7-byte PIN with letters %04X", a, b);
		return NULL;
	}
	if (m.must != 1)
		return whyf("must-change flag %d", m.must);
	if ((a = verify("123456")) != UIMKEY_SW_CONDITIONS)
		return whyf("marked must-change, VERIFY gives %04X", a);
	a = change_ref(UIMKEY_REF_PIN, "123456", "2468024");
	b = change_ref(UIMKEY_REF_PIN, "123456", "1357ab24");
	c = change_ref(UIMKEY_REF_PIN, "123456", "12345678");
	if (a != UIMKEY_SW_WRONG_DATA || b != UIMKEY_SW_WRONG_DATA ||
	    c != UIMKEY_SW_WRONG_DATA)
		return whyf("marked must-change, but 7 digits %04X, letters "
		    "%04X, a trivial PIN %04X", a, b, c);
	if ((a = change_ref(UIMKEY_REF_PIN, "123456", "13572468")) !=
	    UIMKEY_SW_OK || pin_meta(UIMKEY_REF_PIN, &m) != UIMKEY_SW_OK ||
	    m.must != 0 || (b = verify("13572468")) != UIMKEY_SW_OK)
		return whyf("a good PIN is not taken (%04X)", a);
	return NULL;
}

/* --- RESET --- */

static uint16_t
run_reset(void)
{
	return xsend(UIMKEY_INS_RESET, 0, 0, NULL, 0);
}

/* The F9 key, its certificate and the serial, as before. */
static const char *
reset_kept(void)
{
	struct keym f9;
	const uint8_t *v;
	size_t n;

	if (key_meta(0xF9, &f9) != UIMKEY_SW_OK || !pub_is_point(&f9, f9_point))
		return "the F9 key is not the one before";
	if (get_obj(0x5FFF01, &v, &n) != UIMKEY_SW_OK || n != f9_cert_len ||
	    memcmp(v, f9_cert, n) != 0)
		return "the F9 certificate is not the one before";
	if (sendx(UIMKEY_INS_GET_SERIAL, 0, 0, "") != UIMKEY_SW_OK ||
	    ans_len != 4 || memcmp(ans, serial, 4) != 0)
		return "the serial changed";
	return NULL;
}

/* Every part of the state, old (1), factory (2) or neither (0). */
struct reset_parts {
	int pin, puk, mgmt, k9a, k82, obj;
};

static int
part(int is_old, int is_new)
{
	return is_old ? 1 : is_new ? 2 : 0;
}

static void
reset_look(struct reset_parts *r)
{
	struct pinm pin, puk;
	struct keym k;
	const uint8_t *v;
	size_t n;
	uint16_t sw;

	memset(r, 0, sizeof(*r));
	if (pin_meta(UIMKEY_REF_PIN, &pin) == UIMKEY_SW_OK)
		r->pin = part(pin.left == 0 && pin.def == 0, pin.left == 3 &&
		    pin.max == 3 && pin.def == 1 && pin.must == 0);
	if (pin_meta(UIMKEY_REF_PUK, &puk) == UIMKEY_SW_OK)
		r->puk = part(puk.left == 0 && puk.def == 0, puk.left == 3 &&
		    puk.max == 3 && puk.def == 1);
	if (key_meta(0x9B, &k) == UIMKEY_SW_OK)
		r->mgmt = part(k.alg == UIMKEY_ALG_AES128 && k.origin == 0,
		    k.alg == UIMKEY_ALG_3DES && k.origin == 1);
	sw = key_meta(0x9A, &k);
	r->k9a = part(sw == UIMKEY_SW_OK && k.origin == UIMKEY_ORIGIN_IMPORTED,
	    sw == UIMKEY_SW_REF_NOT_FOUND);
	sw = key_meta(0x82, &k);
	r->k82 = part(sw == UIMKEY_SW_OK && k.origin == UIMKEY_ORIGIN_GENERATED,
	    sw == UIMKEY_SW_REF_NOT_FOUND);
	sw = get_obj(0x5FC105, &v, &n);
	r->obj = part(sw == UIMKEY_SW_OK && n == OBJ_LEN &&
	    memcmp(v, obj, n) == 0, sw == UIMKEY_SW_NOT_FOUND);
}

/* The old card works as before: PIN blocked, AES key, 82 attests. */
static const char *
reset_old_works(void)
{
	if (verify("13579024") != UIMKEY_SW_AUTH_BLOCKED)
		return "the old PIN is not blocked";
	if (!admin_with(UIMKEY_ALG_AES128, aes_key))
		return "the old management key does not authenticate";
	if (!restart_cuts && !attest_ok(0x82, f9_point))
		return "ATTEST 82 fails";
	return NULL;
}

/* The factory card works: default PIN and key, factory PIN policy, and
 * attestation of a new key. */
static const char *
reset_new_works(void)
{
	if (verify("123456") != UIMKEY_SW_OK)
		return "the default PIN does not verify";
	if (change_ref(UIMKEY_REF_PIN, "123456", "1357ab") != UIMKEY_SW_OK)
		return "the PIN policy is not the factory's";
	if (!admin_auth())
		return "the default management key does not authenticate";
	if (!restart_cuts && (generate(0x9E, UIMKEY_ALG_ECCP256, "") !=
	    UIMKEY_SW_OK || !attest_ok(0x9E, f9_point)))
		return "a new key does not attest";
	return NULL;
}

static const char *
judge_reset(uint16_t sw, int was_cut)
{
	struct reset_parts r;
	const char *why;
	int all;

	(void)was_cut;
	if ((why = reset_kept()) != NULL)
		return why;
	reset_look(&r);
	all = r.pin & r.puk & r.mgmt & r.k9a & r.k82 & r.obj;
	if (all == 0)
		return whyf("a mix (1 old, 2 factory, 0 neither): PIN %d, "
		    "PUK %d, 9B %d, key 9A %d, key 82 %d, object 5FC105 %d",
		    r.pin, r.puk, r.mgmt, r.k9a, r.k82, r.obj);
	if (sw == UIMKEY_SW_OK && all != 2)
		return "answered 9000, the old card is there";
	why = all == 2 ? reset_new_works() : reset_old_works();
	if (why == NULL)
		why = reset_kept();
	return why;
}

/* A card with everything RESET empties, then PIN and PUK blocked. */
static uint8_t *
reset_image(const uint8_t *factory)
{
	const uint8_t *v;
	struct keym f9;
	size_t n;
	int i, ok;

	image_boot(factory);
	pattern(obj, sizeof(obj), 105);
	ok = admin_auth() &&
	    sendx(UIMKEY_INS_IMPORT_KEY, UIMKEY_ALG_ECCP256, 0x9A,
	    "06 20" VEC_P256_D) == UIMKEY_SW_OK &&
	    generate(0x82, UIMKEY_ALG_ECCP256, "") == UIMKEY_SW_OK &&
	    put_obj(0x5FC105, obj, sizeof(obj)) == UIMKEY_SW_OK &&
	    sendx(UIMKEY_INS_SET_PIN_POLICY, 0, 0, "01 01 08 02 01 03") ==
	    UIMKEY_SW_OK &&
	    change_ref(UIMKEY_REF_PIN, "123456", "13579024") == UIMKEY_SW_OK &&
	    change_ref(UIMKEY_REF_PUK, "12345678", "11223344") ==
	    UIMKEY_SW_OK &&
	    set_mgmt(UIMKEY_ALG_AES128, aes_key, sizeof(aes_key)) ==
	    UIMKEY_SW_OK;
	for (i = 0; i < 3; i++) {
		verify("99999999");
		puk_probe("99999999");
	}
	ok = ok && key_meta(0xF9, &f9) == UIMKEY_SW_OK &&
	    pub_is_point(&f9, f9.pub + 2);
	memcpy(f9_point, f9.pub + 2, sizeof(f9_point));
	ok = ok && get_obj(0x5FFF01, &v, &n) == UIMKEY_SW_OK &&
	    n <= sizeof(f9_cert);
	if (ok) {
		memcpy(f9_cert, v, n);
		f9_cert_len = n;
	}
	ok = ok && sendx(UIMKEY_INS_GET_SERIAL, 0, 0, "") == UIMKEY_SW_OK &&
	    ans_len == 4;
	memcpy(serial, ans, 4);
	ok = ok && verify("13579024") == UIMKEY_SW_AUTH_BLOCKED &&
	    puk_probe("11223344") == UIMKEY_SW_AUTH_BLOCKED;
	check(ok, "setup: a card with keys, an object, changed credentials, "
	    "then the PIN and the PUK blocked");
	return image_take();
}

int
main(void)
{
	uint8_t *factory, *changed, *full;
	double t0 = now_ms();

	factory = factory_image();
	check(change_ref(UIMKEY_REF_PIN, "123456", "135790") == UIMKEY_SW_OK &&
	    change_ref(UIMKEY_REF_PUK, "12345678", "11223344") == UIMKEY_SW_OK,
	    "setup: PIN and PUK changed");
	changed = image_take();
	full = reset_image(factory);
	{
		const struct pc_cmd cmds[] = {
			{ "SET PIN RETRIES", changed, setup_admin_pin,
			    run_set_retries, 0, judge_set_retries },
			{ "SET MANAGEMENT KEY 3DES to AES-128", factory,
			    setup_admin, run_set_mgmt_aes, 0, judge_mgmt_aes },
			{ "SET MANAGEMENT KEY 3DES to 3DES", factory,
			    setup_admin, run_set_mgmt_des, 0, judge_mgmt_des },
			{ "SET PIN POLICY", factory, setup_admin,
			    run_set_policy, 0, judge_set_policy },
			{ "RESET with PIN and PUK blocked", full, NULL,
			    run_reset, 0, judge_reset },
		};

		cut_all_report(cmds, sizeof(cmds) / sizeof(cmds[0]), 0, t0);
	}
	free(factory);
	free(changed);
	free(full);
	return check_done();
}
