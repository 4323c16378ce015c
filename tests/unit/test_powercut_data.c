/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Power cuts in whole commands, part 4: PUT DATA.  A certificate object
 * of 3000 bytes over an old one and into an empty one, a delete, and a
 * 3072-byte object sent by command chaining (CLA 10 parts, the cut in
 * the final part: the parts before it only fill RAM).  Each is cut at
 * every one of its writes, with all five tears and both models of
 * powercut.h; after the restart GET DATA gives the old object or the new
 * one, byte for byte, the neighbour object is untouched, and a next PUT
 * DATA works.  Then each again with a second cut at each write of the
 * restart (tears NONE, HALF, WHOLE).  Ends with "# cut points total: N".
 */
#include "tests/unit/powercut_probe.h"

#define OLD_LEN    1500
#define NEW_LEN    3000
#define OTHER_LEN  1000
#define CHAIN_LEN  3072         /* the largest object */
#define PART_LEN   255          /* data of each CLA 10 part */

#define TAG_9A     0x5FC105u    /* what the commands write */
#define TAG_9E     0x5FC101u    /* absent at first */
#define TAG_9C     0x5FC10Au    /* the chain's target */

static uint8_t old_val[OLD_LEN], new_val[NEW_LEN], other_val[OTHER_LEN],
    chain_val[CHAIN_LEN];
static uint8_t chain_body[UIMKEY_CARD_CMD_DATA_MAX];
static size_t chain_len, chain_sent;

/* The object is val (len bytes), or absent when val is NULL. */
static int
obj_is(uint32_t tag, const uint8_t *val, size_t len)
{
	const uint8_t *v;
	size_t n;
	uint16_t sw = get_obj(tag, &v, &n);

	if (val == NULL)
		return sw == UIMKEY_SW_NOT_FOUND;
	return sw == UIMKEY_SW_OK && n == len && memcmp(v, val, n) == 0;
}

/*
 * tag holds old (old_len) or new (new_len); a NULL value is an absent
 * object.  The neighbour object is as it was, and a next PUT DATA of
 * tag sticks.
 */
static const char *
judge_obj(uint16_t sw, uint32_t tag, const uint8_t *old, size_t old_len,
    const uint8_t *new_value, size_t new_len)
{
	static const uint8_t next[] = "the next object";
	int is_old = obj_is(tag, old, old_len);
	int is_new = obj_is(tag, new_value, new_len);

	if (!is_old && !is_new) {
		const uint8_t *v;
		size_t n;
		uint16_t g = get_obj(tag, &v, &n);

		return whyf("GET DATA answers %04X with %zu bytes: neither "
		    "the old object nor the new", g, n);
	}
	if (sw == UIMKEY_SW_OK && !is_new)
		return "answered 9000, the old object is there";
	if (tag != TAG_9C && !obj_is(TAG_9C, other_val, sizeof(other_val)))
		return "the neighbour object changed";
	if (!obj_is(TAG_9A, tag == TAG_9A ? is_old ? old : new_value : old_val,
	    tag == TAG_9A ? is_old ? old_len : new_len : sizeof(old_val)))
		return "object 5FC105 changed";
	if (!admin_auth() || put_obj(tag, next, sizeof(next)) != UIMKEY_SW_OK ||
	    boot_seed(SEED_OTHER) != UIMKEY_CARD_OK ||
	    !obj_is(tag, next, sizeof(next)))
		return "a next PUT DATA does not stick";
	return NULL;
}

static uint16_t
run_put_over(void)
{
	return put_obj(TAG_9A, new_val, sizeof(new_val));
}

static const char *
judge_put_over(uint16_t sw, int was_cut)
{
	(void)was_cut;
	return judge_obj(sw, TAG_9A, old_val, sizeof(old_val), new_val,
	    sizeof(new_val));
}

static uint16_t
run_put_new(void)
{
	return put_obj(TAG_9E, new_val, sizeof(new_val));
}

static const char *
judge_put_new(uint16_t sw, int was_cut)
{
	(void)was_cut;
	return judge_obj(sw, TAG_9E, NULL, 0, new_val, sizeof(new_val));
}

static uint16_t
run_delete(void)
{
	return put_obj(TAG_9A, NULL, 0);
}

static const char *
judge_delete(uint16_t sw, int was_cut)
{
	(void)was_cut;
	return judge_obj(sw, TAG_9A, old_val, sizeof(old_val), NULL, 0);
}

/* --- the chain --- */

static uint16_t
chain_part(int last)
{
	uint8_t cmd[5 + PART_LEN];
	size_t n = chain_len - chain_sent;

	if (!last && n > PART_LEN)
		n = PART_LEN;
	cmd[0] = last ? UIMKEY_CLA_ISO : UIMKEY_CLA_CHAIN;
	cmd[1] = UIMKEY_INS_PUT_DATA;
	cmd[2] = 0x3F;
	cmd[3] = 0xFF;
	cmd[4] = (uint8_t)n;
	memcpy(cmd + 5, chain_body + chain_sent, n);
	chain_sent += n;
	ans_len = 0;
	return raw(cmd, 5 + n);
}

/* Every part but the last: RAM only, before the cut is armed. */
static void
setup_chain(void)
{
	setup_admin();
	chain_sent = 0;
	while (chain_len - chain_sent > PART_LEN)
		if (chain_part(0) != UIMKEY_SW_OK)
			printf("# setup: a chained part is refused\n");
}

static uint16_t
run_chain_last(void)
{
	return chain_part(1);
}

static const char *
judge_chain(uint16_t sw, int was_cut)
{
	(void)was_cut;
	return judge_obj(sw, TAG_9C, other_val, sizeof(other_val), chain_val,
	    sizeof(chain_val));
}

int
main(void)
{
	uint8_t *factory, *objs;
	double t0 = now_ms();

	pattern(old_val, sizeof(old_val), 1);
	pattern(new_val, sizeof(new_val), 2);
	pattern(other_val, sizeof(other_val), 3);
	pattern(chain_val, sizeof(chain_val), 4);
	chain_len = put_body(TAG_9C, chain_val, sizeof(chain_val), chain_body);
	factory = factory_image();
	check(admin_auth() && put_obj(TAG_9A, old_val, sizeof(old_val)) ==
	    UIMKEY_SW_OK && put_obj(TAG_9C, other_val, sizeof(other_val)) ==
	    UIMKEY_SW_OK && obj_is(TAG_9E, NULL, 0),
	    "setup: objects 5FC105 and 5FC10A stored, 5FC101 absent");
	objs = image_take();
	{
		const struct pc_cmd cmds[] = {
			{ "PUT DATA 3000 bytes over an object", objs,
			    setup_admin, run_put_over, 0, judge_put_over },
			{ "PUT DATA 3000 bytes into an absent object", objs,
			    setup_admin, run_put_new, 0, judge_put_new },
			{ "PUT DATA delete", objs, setup_admin, run_delete, 0,
			    judge_delete },
			{ "PUT DATA 3072 bytes chained, cut in the final part",
			    objs, setup_chain, run_chain_last, 0, judge_chain },
		};

		cut_all_report(cmds, sizeof(cmds) / sizeof(cmds[0]), 0, t0);
	}
	free(factory);
	free(objs);
	return check_done();
}
